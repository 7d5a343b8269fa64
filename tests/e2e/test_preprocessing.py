"""The preprocessing lab in Chromium: rotating the cloud changes its covariance; refitting on X_train fixes val."""
import pytest

from tests.e2e.conftest import open_page, plot, settle, wait_charts

pytestmark = pytest.mark.browser

CHART = "[data-testid='stPlotlyChart'] .js-plotly-plot"
TITLES = "el => el.layout.annotations.map(a => a.text)"
# mean of the x coordinates of trace i, read from the drawn plot
MEAN_X = "(el, i) => { const x = Array.from(el._fullData[i].x); return x.reduce((a, b) => a + b, 0) / x.length; }"


@pytest.mark.parametrize("lang,label", [("en", "Rotation (degrees)"), ("ko", "회전 (도)")])
def test_rotating_the_cloud_changes_its_covariance(page, server_url, lang, label):
    open_page(page, f"{server_url}/preprocessing?lang={lang}")
    wait_charts(page, 1)
    before = plot(page).evaluate(TITLES)
    assert any("[[1.00, 0.00], [0.00, 1.00]]" in s for s in before)      # whitened: Σ = I
    thumb = page.get_by_test_id("stSlider").filter(has_text=label).get_by_role("slider")
    thumb.focus()
    for _ in range(6):                        # step 5°: 30° -> 0°
        page.keyboard.press("ArrowLeft")
    settle(page)
    page.wait_for_function(f"() => document.querySelector(\"{CHART}\").layout.annotations[0].text"
                           ".indexOf('4.06') < 0", timeout=30000)        # Σ's off-diagonal 4.06 is gone
    after = plot(page).evaluate(TITLES)
    assert after != before
    assert "pp_angle=0" in page.url
    assert page.get_by_test_id("stException").count() == 0


def test_refitting_on_train_fixes_val_and_every_tab_renders(page, server_url):
    open_page(page, f"{server_url}/preprocessing?lang=en")
    tabs = page.get_by_role("tab")
    assert tabs.count() == 4
    tabs.nth(1).click()
    settle(page)
    wait_charts(page, 1)
    wrong = plot(page).evaluate(MEAN_X, 4)
    right = plot(page).evaluate(MEAN_X, 2)
    assert abs(wrong) < 1e-9 and abs(right) > 1e-3              # fitted on val: val's mean is exactly 0
    page.get_by_test_id("stRadio").filter(has_text="Fit the statistics on").get_by_text("X_train", exact=True).click()
    settle(page)
    page.wait_for_function(f"() => Math.abs(({MEAN_X})(document.querySelector(\"{CHART}\"), 4)) > 1e-3",
                           timeout=30000)
    assert abs(plot(page).evaluate(MEAN_X, 4) - right) < 1e-9
    assert "pp_fit=X_train" in page.url
    charts = page.locator(CHART)
    for i, n in ((2, 2), (3, 1), (0, 1)):
        tabs.nth(i).click()
        settle(page)
        wait_charts(page, n)
        assert charts.count() == n, i            # only the open tab runs
    assert page.get_by_test_id("stException").count() == 0
