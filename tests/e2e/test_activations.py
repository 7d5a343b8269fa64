"""The activation lab in Chromium: charts render, changing the functions changes the traces."""
import pytest

from tests.e2e.conftest import open_page, plot, settle, wait_charts
from ui.i18n import tr

pytestmark = pytest.mark.browser


def plotted_functions(page) -> list[str]:
    return plot(page).evaluate("el => [...new Set(el.data.filter(t => t.name === 'f(x)').map(t => t.meta))]")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_activations_page_renders_and_reacts(page, server_url, lang):
    open_page(page, f"{server_url}/activations?lang={lang}")
    wait_charts(page, 1)
    assert page.locator("[data-testid='stPlotlyChart']").count() == 1    # only the open tab runs
    assert plotted_functions(page) == ["sigmoid", "tanh", "relu", "leaky_relu"]
    # remove "tanh" from the selection by its chip's delete button (named in the page's language, ui.a11y)
    page.get_by_role("button", name=tr(lang)("a11y.chrome.remove").replace("{x}", "tanh")).click()
    settle(page)
    assert plotted_functions(page) == ["sigmoid", "relu", "leaky_relu"]
    assert "fns=" in page.url                       # the selection is in the URL now
    assert page.get_by_test_id("stException").count() == 0


def test_a_shared_url_restores_the_view(page, server_url):
    open_page(page, f"{server_url}/activations?fns=ReLU&fns=Maxout&x=-2")
    wait_charts(page, 1)
    assert plotted_functions(page) == ["relu", "maxout"]
    assert plot(page).evaluate("el => el.data.find(t => t.mode === 'markers').x[0]") == -2


def test_every_tab_draws_its_charts_and_keeps_its_place_in_the_url(page, server_url):
    open_page(page, f"{server_url}/activations?lang=en")
    tabs = page.get_by_role("tab")
    assert tabs.count() == 5
    for i, n in enumerate((1, 1, 2, 1, 1)):
        tabs.nth(i).click()
        settle(page)
        wait_charts(page, n)
        assert page.locator("[data-testid='stPlotlyChart']").count() == n, i
        assert page.get_by_test_id("stException").count() == 0
        if i:
            assert "act_tab=" in page.url
    open_page(page, f"{server_url}/activations?lang=en&act_tab=Dead+ReLU")
    wait_charts(page, 2)
    assert "dead" in plot(page, 1).evaluate(
        "el => el.data.map(t => t.meta).join(' ')")
