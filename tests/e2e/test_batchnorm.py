"""The batch norm lab in Chromium: moving γ widens the after-BN histogram; tabs render; URL keeps γ."""
import pytest

from tests.e2e.conftest import open_page, plot, settle, wait_charts

pytestmark = pytest.mark.browser

# weighted std of the after-BN bars of feature 0 (trace 1 of the first chart), read from the drawn plot
AFTER_STD = """el => {
  const t = el._fullData[1], x = Array.from(t.x), y = Array.from(t.y);
  const n = y.reduce((a, b) => a + b, 0), m = x.reduce((a, v, i) => a + v * y[i], 0) / n;
  return Math.sqrt(x.reduce((a, v, i) => a + (v - m) ** 2 * y[i], 0) / n);
}"""


@pytest.mark.parametrize("lang,label", [("en", "γ (scale)"), ("ko", "γ (스케일)")])
def test_moving_gamma_moves_the_after_bn_histogram(page, server_url, lang, label):
    open_page(page, f"{server_url}/batchnorm?lang={lang}")
    wait_charts(page, 1)
    before = plot(page).evaluate(AFTER_STD)
    assert abs(before - 1) < 0.1
    thumb = page.get_by_test_id("stSlider").filter(has_text=label).get_by_role("slider")
    thumb.focus()
    for _ in range(10):                      # step 0.1: γ 1.0 -> 2.0
        page.keyboard.press("ArrowRight")
    settle(page)
    page.wait_for_function(f"() => {{ const el = document.querySelector(\"[data-testid='stPlotlyChart'] "
                           f".js-plotly-plot\"); return ({AFTER_STD})(el) > 1.5; }}", timeout=30000)
    after = plot(page).evaluate(AFTER_STD)
    assert abs(after - 2) < 0.15
    assert "bn_gamma=2" in page.url
    tabs = page.get_by_role("tab")           # γ survives a visit to another (lazily run) tab
    tabs.nth(3).click()
    settle(page)
    tabs.nth(0).click()
    settle(page)
    wait_charts(page, 1)
    assert abs(plot(page).evaluate(AFTER_STD) - 2) < 0.15
    assert page.get_by_test_id("stException").count() == 0


def test_every_tab_renders_its_charts(page, server_url):
    open_page(page, f"{server_url}/batchnorm?lang=en&bn_batch=1")
    tabs = page.get_by_role("tab")
    assert tabs.count() == 6                  # the five sections and Ioffe & Szegedy's Figure 1 (tests/e2e/test_papers.py)
    charts = page.locator("[data-testid='stPlotlyChart'] .js-plotly-plot")
    for i, n in enumerate((1, 3, 3, 1, 1)):
        tabs.nth(i).click()
        settle(page)
        wait_charts(page, n)
        assert charts.count() == n, i            # only the open tab runs
        if i == 1:
            assert charts.nth(2).evaluate("el => el.data.map(t => t.name)") == ["BN off", "BN on"]
            assert "bn_tab=" in page.url
        if i == 2:                                # batch size 1 is explained, charts still finite
            assert page.get_by_test_id("stAlert").count() >= 1
        if i == 4:                                # a learning rate that only trains with BN
            assert charts.nth(0).evaluate("el => el.data.filter(t => t.meta.startsWith('bn_')).map(t => t.name)") \
                == ["BN off", "BN on"]
    assert page.get_by_test_id("stException").count() == 0
