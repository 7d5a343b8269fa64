"""The regularisation lesson in Chromium, one test per tab: the tab loads, moving a control with the keyboard
changes its chart, the URL keeps the control, and axe-core finds no serious violation (en and ko)."""
import json
from urllib.parse import quote

import pytest

from tests.e2e.conftest import open_page, settle
from ui.i18n import tr

pytestmark = pytest.mark.browser

WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# per tab: the control's key, the key it presses, the chart's key, the trace (meta) whose data it reads, the field,
# and the URL parameter the move leaves
TABS = {
    1: ("rg_n", "ArrowRight", "rg_ensemble", "ensemble", "x", "rg_n=6"),
    2: ("rg_strength", "ArrowRight", "rg_pen_curve", "chosen", "x", "rg_strength=0.003"),
    3: ("rg_keep", "ArrowLeft", "rg_expect", "test_scaled", "y", "rg_keep=0.4"),
    4: ("rg_digit", "ArrowRight", "rg_variants", None, "z", "rg_digit=1"),
    5: ("rg_ft", "ArrowRight", "rg_transfer", "finetune", "y", "rg_ft=1"),
}


def read(page, chart: str, meta, field: str) -> str:
    """The chart's drawn data for one trace (by meta; None: the first trace) as JSON text (_fullData: decoded)."""
    return page.locator(f".st-key-{chart} .js-plotly-plot").first.evaluate(
        f"""el => {{ const t = el._fullData.find(t => {json.dumps(meta)} === null || t.meta === {json.dumps(meta)});
                     return JSON.stringify(Array.from(t[{json.dumps(field)}]).map(v => Array.isArray(v) ?
                         Array.from(v) : v)); }}""")


def axe(page, presenter: bool = False) -> list:
    from axe_playwright_python.base import AXE_SCRIPT

    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    opts = {"runOnly": {"type": "tag", "values": WCAG_AA}, "resultTypes": ["violations"]}
    found = page.evaluate(f"axe.run(document, {json.dumps(opts)})")["violations"]
    if presenter:   # the presenter view's text keeps 7:1 on a projector (as tests/e2e/test_accessibility.py asks)
        opts = {"runOnly": {"type": "rule", "values": ["color-contrast-enhanced"]}, "resultTypes": ["violations"]}
        found += page.evaluate(f"axe.run(document, {json.dumps(opts)})")["violations"]
    return [(v["id"], " ".join(map(str, n["target"]))) for v in found if v["impact"] in ("serious", "critical")
            for n in v["nodes"]]


@pytest.mark.parametrize("tab", sorted(TABS))
def test_tab_loads_a_control_moves_its_chart_and_axe_is_clean(page, server_url, tab):
    key, press, chart, meta, field, param = TABS[tab]
    for lang in ("en", "ko"):
        label = quote(tr(lang)(f"regularisation.s{tab}.title"))
        open_page(page, f"{server_url}/regularisation?lang={lang}&rg_tab={label}")
        page.locator(f".st-key-{chart} .js-plotly-plot").first.wait_for(state="attached", timeout=60000)
        assert page.get_by_test_id("stException").count() == 0
        page.wait_for_timeout(300)                      # ui.a11y's observer fixes the DOM 60 ms after a render
        assert not axe(page), (lang, axe(page)[:5])
        alt = page.locator(f".st-key-{chart} [data-testid='stPlotlyChart']").first.get_attribute("aria-label")
        assert alt and any(ch.isdigit() for ch in alt)
        assert (sum("가" <= ch <= "힣" for ch in alt) > 5) == (lang == "ko"), alt
    before = read(page, chart, meta, field)
    assert before not in ("[]", "[null]"), before
    page.locator(f".st-key-{key}").get_by_role("slider").first.focus()
    page.keyboard.press(press)
    settle(page)
    page.locator(f".st-key-{chart} .js-plotly-plot").first.wait_for(state="attached", timeout=60000)
    after = read(page, chart, meta, field)
    assert after != before, (tab, before[:80])
    assert param in page.url, page.url
    assert page.get_by_test_id("stException").count() == 0


def test_presenter_view_is_axe_clean_on_every_tab(page, server_url):
    for lang in ("en", "ko"):
        open_page(page, f"{server_url}/regularisation?lang={lang}&present=1")
        tabs = page.get_by_role("tab")
        assert tabs.count() == 5
        for i in range(5):
            tabs.nth(i).click()
            settle(page)
            page.wait_for_timeout(300)
            assert page.get_by_test_id("stException").count() == 0
            assert not axe(page, presenter=True), (lang, i, axe(page, presenter=True)[:5])
