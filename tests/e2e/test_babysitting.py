"""The babysitting lab in Chromium: adding a learning rate adds a curve (live training: test_live.py)."""
import pytest

from tests.e2e.conftest import open_page, plot, settle

pytestmark = pytest.mark.browser


def run_curves(page) -> list[str]:
    return plot(page, "lr_loss").evaluate(
        "el => el.data.filter(t => t.meta && !String(t.meta).startsWith('diverged:')).map(t => t.meta)")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_adding_a_learning_rate_adds_a_curve(page, server_url, lang):
    open_page(page, f"{server_url}/babysitting?lang={lang}")
    page.get_by_role("tab").nth(1).click()
    assert run_curves(page) == ["1e-6", "0.01", "0.1", "1", "30", "1e6"]
    box = page.locator(".st-key-lrs input")
    box.click()
    box.fill("0.03")
    box.press("Enter")
    page.keyboard.press("Escape")
    settle(page)
    page.wait_for_function(
        "document.querySelector('.st-key-lr_loss .js-plotly-plot').data.some(t => t.meta === '0.03')",
        timeout=30000)
    assert run_curves(page) == ["1e-6", "0.01", "0.03", "0.1", "1", "30", "1e6"]
    assert "lrs=" in page.url
    assert page.get_by_test_id("stException").count() == 0
