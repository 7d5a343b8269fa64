"""The initialisation lab in Chromium: histograms render, changing the init scheme changes them."""
import pytest

from tests.e2e.conftest import open_page, plot, settle, wait_charts

pytestmark = pytest.mark.browser


def layer_titles(page) -> list[str]:
    """The per-layer subplot titles of the histogram figure ("Layer n<br>σ …"), as drawn."""
    return plot(page).evaluate("el => el.layout.annotations.map(a => a.text)")


def last_layer_bars(page) -> str:
    """The bar heights of layer 10's activation histogram, serialised (typed or base64-encoded array)."""
    return plot(page).evaluate("el => JSON.stringify(el.data.find(t => t.meta === 'act10').y)")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_changing_the_init_scheme_changes_the_histograms(page, server_url, lang):
    open_page(page, f"{server_url}/initialization?lang={lang}&width=200&samples=300")
    wait_charts(page, 1)
    metas = plot(page).evaluate("el => el.data.map(t => t.meta)")
    assert metas[:2] == ["act1", "act2"] and len(metas) == 20
    before_titles, before_bars = layer_titles(page), last_layer_bars(page)
    page.get_by_test_id("stSelectbox").nth(1).click()
    page.get_by_role("option", name="Xavier randn/√fan_in").click()
    settle(page)
    wait_charts(page, 1)
    assert "init=Xavier" in page.url.replace("+", " ").replace("%20", " ")
    after_titles, after_bars = layer_titles(page), last_layer_bars(page)
    assert after_titles != before_titles and after_bars != before_bars and len(after_bars) > 10
    assert page.get_by_test_id("stException").count() == 0


def test_overflow_warns_in_the_browser(page, server_url):
    open_page(page, f"{server_url}/initialization?act=ReLU&init=c%C2%B7randn&scale=10&layers=20&samples=100")
    wait_charts(page, 1)
    assert page.get_by_test_id("stAlert").count() >= 1
    metas = plot(page).evaluate("el => el.data.map(t => t.meta)")
    assert metas and all(m.startswith("act") for m in metas) and len(metas) < 20
