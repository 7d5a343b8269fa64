"""The babysitting lab in Chromium: adding a learning rate adds a curve; Play makes the live loss grow."""
import pytest

from tests.e2e.conftest import open_page, plot, settle
from ui.babysitting import LIVE_PER_STEP

pytestmark = pytest.mark.browser


def run_curves(page) -> list[str]:
    return plot(page, "lr_loss").evaluate(
        "el => el.data.filter(t => t.meta && !String(t.meta).startsWith('diverged:')).map(t => t.meta)")


def grown(page, than: int) -> None:
    """Wait until the live loss curve has more than `than` points (a condition, not a fixed sleep)."""
    page.wait_for_function(
        "n => { const el = document.querySelector('.st-key-live_loss .js-plotly-plot');"
        " return el && el.data.length && el.calcdata[0].length > n; }", arg=than, timeout=30000)


def live_points(page) -> int:
    return plot(page, "live_loss").evaluate("el => (el.calcdata && el.calcdata[0] && el.data.length) ? "
                                             "el.calcdata[0].length : 0")


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


def test_play_grows_the_live_loss_curve(page, server_url):
    open_page(page, f"{server_url}/babysitting?lang=en&live_lr=1")
    page.get_by_role("tab").nth(3).click()
    assert live_points(page) == 0
    page.locator(".st-key-live_play label").click()
    page.wait_for_function(
        "(el => el.data.length && el.calcdata[0].length >= 20)"
        "(document.querySelector('.st-key-live_loss .js-plotly-plot'))", timeout=30000)
    first = live_points(page)
    assert first >= 20
    grown(page, first)                      # playing: a later frame adds points without any click
    page.wait_for_function(  # the histogram over time has gained columns (snapshots) too
        "(el => el._fullData && el._fullData.length > 1 && el._fullData[1]._length >= 3)"
        "(document.querySelector('.st-key-live_hist .js-plotly-plot'))", timeout=10000)
    page.locator(".st-key-live_play label").click()   # pause: Step is enabled again only when paused
    step = page.locator(".st-key-live_step button")
    page.wait_for_function("el => !el.disabled", arg=step.element_handle(), timeout=30000)
    settle(page)
    paused = live_points(page)
    step.click()                           # paused, one press adds exactly LIVE_PER_STEP points, no more
    grown(page, paused)
    settle(page)
    assert live_points(page) == paused + LIVE_PER_STEP
    assert page.get_by_test_id("stException").count() == 0
