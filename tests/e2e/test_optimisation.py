"""The optimisation lesson in Chromium: the race plays in the browser (Plotly frames, no server round trip) and its
paths move; moving κ changes SGD's path; every tab renders its charts, with axe-core clean in both languages and
every series told apart by more than colour."""
import pytest

from tests.e2e.conftest import open_page, plot, settle, wait_charts
from tests.e2e.test_accessibility import WCAG_AA, series_clashes
from ui.i18n import tr

pytestmark = pytest.mark.browser

# read from the drawn plot (_fullData: Plotly 7 sends arrays base64-encoded, decoded there)
PATH_LEN = "el => el._fullData.filter(t => t.meta === 'sgd_momentum')[0].x.length"
SGD_END = "el => { const t = el._fullData.filter(t => t.meta === 'sgd')[0]; return [t.x[t.x.length - 1], t.x.length]; }"
CHARTS = (2, 2, 2, 1, 1, 2, 2)


def test_the_race_plays_and_its_paths_move(page, server_url):
    open_page(page, f"{server_url}/optimisation?lang=en&op_tab={tr('en')('optimisation.t2.title')}")
    wait_charts(page, 2)
    race = plot(page, "op_race_paths")
    full = race.evaluate(PATH_LEN)
    assert full > 100                                  # the whole race is drawn before playing
    race.locator(".updatemenu-button").first.click()   # ▶ Play
    page.wait_for_function(f"() => {{ const el = document.querySelector('.st-key-op_race_paths .js-plotly-plot');"
                           f" const n = ({PATH_LEN})(el); return n > 2 && n < {full}; }}", timeout=10000)
    early = race.evaluate(PATH_LEN)
    page.wait_for_function(f"() => ({PATH_LEN})(document.querySelector('.st-key-op_race_paths .js-plotly-plot'))"
                           f" > {early}", timeout=10000)
    later = race.evaluate(PATH_LEN)
    assert early < later <= full                       # the paths grow, frame by frame
    race.locator(".updatemenu-button").nth(1).click()  # ❚❚ Pause
    page.wait_for_timeout(400)
    paused = race.evaluate(PATH_LEN)
    page.wait_for_timeout(600)
    assert race.evaluate(PATH_LEN) == paused
    assert page.get_by_test_id("stApp").get_attribute("data-test-script-state") == "notRunning"   # no rerun
    assert page.get_by_test_id("stException").count() == 0


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_moving_kappa_changes_sgds_path(page, server_url, lang):
    open_page(page, f"{server_url}/optimisation?lang={lang}")
    wait_charts(page, 2)
    x_end, n = plot(page, "op_problem_paths").evaluate(SGD_END)
    assert n == 101 and x_end < -1                     # κ = 100: 100 steps leave SGD far along the valley
    thumb = page.get_by_test_id("stSlider").filter(has_text=tr(lang)("optimisation.c.kappa")).get_by_role("slider")
    thumb.first.focus()
    for _ in range(4):                                 # 100 -> 30 -> 10 -> 3 -> 1
        page.keyboard.press("ArrowLeft")
    settle(page)
    page.wait_for_function("() => { const el = document.querySelector('.st-key-op_problem_paths .js-plotly-plot');"
                           " const t = el._fullData.filter(t => t.meta === 'sgd')[0];"
                           " return Math.abs(t.x[t.x.length - 1]) < 0.01; }", timeout=30000)
    assert "op_kappa=1" in page.url
    assert page.get_by_test_id("stException").count() == 0


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_tab_renders_and_axe_is_clean(page, server_url, lang):
    from axe_playwright_python.base import AXE_SCRIPT

    open_page(page, f"{server_url}/optimisation?lang={lang}")
    tabs = page.get_by_role("tab")
    assert tabs.count() == 7
    charts = page.locator("[data-testid='stPlotlyChart'] .js-plotly-plot")
    bad = []
    for i, n in enumerate(CHARTS):
        tabs.nth(i).click()
        settle(page)
        wait_charts(page, n)
        assert charts.count() == n, i
        page.wait_for_timeout(300)                     # ui.a11y's observer fixes the DOM after a render
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.evaluate(AXE_SCRIPT)
        found = page.evaluate("opts => axe.run(document, opts)", {"runOnly": {"type": "tag", "values": WCAG_AA},
                                                                  "resultTypes": ["violations"]})["violations"]
        bad += [(i, v["id"], v["nodes"][0]["target"]) for v in found if v["impact"] in ("serious", "critical")]
        for k in range(n):
            box = page.locator("[data-testid='stPlotlyChart']").nth(k)
            assert len(box.get_attribute("aria-label") or "") > 40, (i, k)      # the alt text with its numbers
            traces = charts.nth(k).evaluate(
                "el => el.data.map(t => ({type: t.type || 'scatter', mode: t.mode || '', x: t.xaxis || 'x',"
                " y: t.yaxis || 'y', legend: t.showlegend !== false, group: t.legendgroup || '',"
                " color: (t.line && t.line.color) || (t.marker && typeof t.marker.color === 'string' &&"
                " t.marker.color) || null, dash: (t.line && t.line.dash) || 'solid',"
                " symbol: (t.marker && t.marker.symbol) || 'circle', pattern: '', fill: t.fill || ''}))")
            assert not series_clashes(traces), (i, k)
    assert not bad, bad
    assert page.get_by_test_id("stException").count() == 0
