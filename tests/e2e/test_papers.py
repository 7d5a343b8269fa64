"""The "from the paper" tabs in Chromium: each opens from its link, a control changes its chart, axe is clean."""
from urllib.parse import quote

import pytest

from tests.e2e.conftest import open_page, plot, settle, wait_charts
from ui.i18n import tr

pytestmark = pytest.mark.browser

SERIOUS = ("serious", "critical")


def axe_violations(page) -> list[tuple[str, str]]:
    from axe_playwright_python.base import AXE_SCRIPT

    page.wait_for_timeout(300)                        # ui.a11y's observer fixes the DOM 60 ms after a render
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    opts = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
            "resultTypes": ["violations"]}
    found = page.evaluate(f"axe.run(document, {__import__('json').dumps(opts)})")["violations"]
    return [(v["id"], " ".join(map(str, n["target"]))) for v in found if v["impact"] in SERIOUS for n in v["nodes"]]


def url(server_url: str, page: str, key: str, paper: str, lang: str, extra: str = "") -> str:
    return f"{server_url}/{page}?lang={lang}&{key}={quote(tr(lang)(f'papers.{paper}.tab'))}{extra}"


def slider_right(page, key: str, presses: int) -> None:
    thumb = page.locator(f".st-key-{key}").get_by_role("slider")
    thumb.focus()
    for _ in range(presses):
        page.keyboard.press("ArrowRight")
    settle(page)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_glorot_tab_adds_a_layer(page, server_url, lang):
    open_page(page, url(server_url, "initialization", "init_tab", "glorot", lang))
    wait_charts(page, 3, 60000)
    assert plot(page, "gp_acts").evaluate("el => el.data.length") == 10
    assert page.get_by_role("tab", selected=True).inner_text().strip() == tr(lang)("papers.glorot.tab")
    assert axe_violations(page) == []
    slider_right(page, "gp_layers", 1)
    page.wait_for_function("() => document.querySelector('.st-key-gp_acts .js-plotly-plot').data.length === 12",
                           timeout=60000)
    assert "gp_layers=6" in page.url
    assert page.get_by_test_id("stException").count() == 0


def test_he_tab_switches_depth(page, server_url):
    open_page(page, url(server_url, "initialization", "init_tab", "he", "en"))
    wait_charts(page, 1, 120000)
    title = lambda: plot(page, "hp_loss").evaluate("el => el.layout.title.text")  # noqa: E731
    assert "30 layers" in title()                 # the title may come wrapped in <b>
    assert axe_violations(page) == []
    page.locator(".st-key-hp_depth").get_by_text("22", exact=True).click()
    settle(page, 180000)
    page.wait_for_function("() => { const el = document.querySelector('.st-key-hp_loss .js-plotly-plot');"
                           " return el && el.layout.title.text.includes('22 layers'); }", timeout=120000)
    assert "hp_depth=22" in page.url
    assert page.get_by_test_id("stException").count() == 0


def test_ioffe_tab_follows_another_unit(page, server_url):
    open_page(page, url(server_url, "batchnorm", "bn_tab", "ioffe", "ko"))
    wait_charts(page, 2, 120000)
    median = "() => Array.from(document.querySelector('.st-key-ip_pct .js-plotly-plot')._fullData[1].y).join(',')"
    before = page.evaluate(median)
    assert before.count(",") == 40                 # 41 measurements, 0 … 1000 steps
    assert axe_violations(page) == []
    slider_right(page, "ip_unit", 5)
    page.wait_for_function(f"() => ({median})() !== {before!r}", timeout=60000)
    assert "ip_unit=6" in page.url
    assert page.get_by_test_id("stException").count() == 0
