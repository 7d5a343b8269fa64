"""The gradient-checks lesson in Chromium: switching float32 off removes its curves and the URL keeps it; every tab
renders; a prediction in the bug finder shows the errors; axe-core finds nothing serious on any tab (en, ko,
the presenter view)."""
import json

import pytest

from tests.e2e.conftest import open_page, plot, settle, wait_charts

pytestmark = pytest.mark.browser

CURVES = "el => el.data.filter(t => t.mode === 'lines+markers').length"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.mark.parametrize("lang,label", [("en", "Show float32"), ("ko", "float32 보기")])
def test_float32_toggle_changes_the_chart(page, server_url, lang, label):
    open_page(page, f"{server_url}/gradcheck?lang={lang}")
    wait_charts(page, 1)
    assert plot(page, "gc_fig_h").evaluate(CURVES) == 4
    before = plot(page, "gc_fig_h").evaluate("el => el.getAttribute('aria-label') || el.closest("
                                              "\"[data-testid='stPlotlyChart']\").getAttribute('aria-label')")
    page.get_by_test_id("stCheckbox").filter(has_text=label).locator("label").first.click()
    settle(page)
    page.wait_for_function("() => { const el = document.querySelector(\".st-key-gc_fig_h .js-plotly-plot\"); "
                           "return el && el.data.filter(t => t.mode === 'lines+markers').length === 2; }",
                           timeout=30000)
    assert "gc_f32=false" in page.url
    after = plot(page, "gc_fig_h").evaluate("el => el.closest(\"[data-testid='stPlotlyChart']\")"
                                            ".getAttribute('aria-label')")
    assert "float32" not in after and after != before
    assert page.get_by_test_id("stException").count() == 0


def test_every_tab_renders_and_the_bug_finder_waits_for_a_prediction(page, server_url):
    open_page(page, f"{server_url}/gradcheck?lang=en")
    tabs = page.get_by_role("tab")
    assert tabs.count() == 4
    charts = page.locator("[data-testid='stPlotlyChart'] .js-plotly-plot")
    for i, n in enumerate((1, 2, 3, 0)):
        tabs.nth(i).click()
        settle(page)
        if n:
            wait_charts(page, n)
        assert charts.count() == n, i
    page.get_by_role("radiogroup").locator("label").filter(has_text="W1, b1").first.click()   # the default bug
    settle(page)
    wait_charts(page, 1)
    assert page.get_by_test_id("stAlertContentSuccess").count() == 1
    bars = plot(page, "gc_fig_bug").evaluate("el => el.data[0].x")
    assert list(bars) == ["W1", "b1", "W2", "b2"]
    assert "gc_guess=" in page.url
    assert page.get_by_test_id("stException").count() == 0


def _axe(page) -> list:
    from axe_playwright_python.base import AXE_SCRIPT

    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    opts = {"runOnly": {"type": "tag", "values": WCAG_AA}, "resultTypes": ["violations"]}
    found = page.evaluate(f"axe.run(document, {json.dumps(opts)})")["violations"]
    return [(v["id"], " ".join(map(str, n["target"]))) for v in found if v["impact"] in ("serious", "critical")
            for n in v["nodes"]]


@pytest.mark.parametrize("query", ["lang=en", "lang=ko", "lang=en&present=1"])
def test_axe_clean_on_every_tab(page, server_url, query):
    open_page(page, f"{server_url}/gradcheck?{query}&gc_show=true")
    tabs = page.get_by_role("tab")
    bad = []
    for i in range(tabs.count()):
        tabs.nth(i).click()
        settle(page)
        page.wait_for_timeout(300)                       # ui.a11y's observer fixes the DOM after a render
        bad += [(i, *v) for v in _axe(page)]
        for alt in page.evaluate("() => [...document.querySelectorAll(\"[data-testid='stPlotlyChart']\")]"
                                 ".map(b => b.getAttribute('aria-label') || '')"):
            assert len(alt) > 40 and any(ch.isdigit() for ch in alt), alt
    assert not bad, bad[:10]
