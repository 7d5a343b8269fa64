"""The search lab in Chromium: more trials put more dots on the coarse chart; a bigger budget widens the grid."""
import pytest

from tests.e2e.conftest import open_page, plot, settle

pytestmark = pytest.mark.browser

N_TRIALS = "el => el._fullData.filter(t => t.mode === 'markers' && t.marker.symbol !== 'star')" \
           ".reduce((a, t) => a + t.x.length, 0)"
GRID_COLUMNS = "el => new Set(Array.from(el._fullData[0].x).map(v => v.toFixed(6))).size"


def press(page, key: str, label_key: str, times: int) -> None:
    thumb = page.locator(f".st-key-{key}").get_by_role("slider").first
    thumb.focus()
    for _ in range(times):
        page.keyboard.press(label_key)
    settle(page)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_more_trials_more_dots(page, server_url, lang):
    open_page(page, f"{server_url}/search?lang={lang}")
    assert plot(page, "sr_coarse").evaluate(N_TRIALS) == 30
    assert plot(page, "sr_fine").evaluate(N_TRIALS) == 30
    press(page, "sr_n", "ArrowRight", 5)
    page.wait_for_function(f"(() => {{ const el = document.querySelector('.st-key-sr_coarse .js-plotly-plot'); "
                           f"return el && ({N_TRIALS})(el) === 35; }})()", timeout=30000)
    assert "sr_n=35" in page.url
    assert page.get_by_test_id("stException").count() == 0


def test_bigger_budget_widens_the_grid(page, server_url):
    open_page(page, f"{server_url}/search?lang=en")
    page.get_by_role("tab").nth(1).click()
    settle(page)
    assert plot(page, "sr_rvg").evaluate(GRID_COLUMNS) == 3
    press(page, "sr_rg_n", "ArrowRight", 1)            # 9 -> 16 trials: a 4 × 4 grid
    page.wait_for_function("(() => { const el = document.querySelector('.st-key-sr_rvg .js-plotly-plot'); "
                           f"return el && ({GRID_COLUMNS})(el) === 4; }})()", timeout=30000)
    assert "sr_rg_n=16" in page.url and "sr_tab=" in page.url
    page.get_by_role("tab").nth(2).click()
    settle(page)
    assert plot(page, "sr_log").evaluate("el => el.data.length") == 2
    assert page.get_by_test_id("stException").count() == 0


# Every partial chart the page shows, caught as it is inserted (a MutationObserver) and every 20 ms: its trial count
# once Plotly has drawn it, -1 while it is still drawing (a fast machine replaces a partial within ~50 ms).
WATCH = ("() => { window.__partial = []; const look = () => "
         "document.querySelectorAll(\"[class*='st-key-sr_coarse_']\").forEach(box => {"
         "const el = box.querySelector('.js-plotly-plot');"
         f"window.__partial.push(el && el._fullData ? ({N_TRIALS})(el) : -1); }});"
         "window.__obs = new MutationObserver(look); window.__obs.observe(document.body, {childList: true, subtree: true});"
         "window.__watch = setInterval(look, 20); }")


def test_a_new_search_draws_its_scatter_as_it_grows(page, server_url):
    """A heavy stage streams: partial scatters (keys sr_coarse_<chunk>) with some of the trials come first, the
    final chart has them all; the student never waits on a blank or stale chart for the whole stage."""
    open_page(page, f"{server_url}/search?lang=en&seed=5&sr_n=60&sr_epochs=10&sr_fine_n=4&sr_fine_epochs=1")
    assert plot(page, "sr_coarse").evaluate(N_TRIALS) == 60
    page.evaluate(WATCH)
    press(page, "sr_n", "ArrowRight", 1)                       # 61 trials: a new stage, five chunks
    page.wait_for_function("(() => { const el = document.querySelector('.st-key-sr_coarse .js-plotly-plot'); "
                           f"return el && ({N_TRIALS})(el) === 61; }})()", timeout=60000)
    seen = page.evaluate("() => { clearInterval(window.__watch); window.__obs.disconnect(); return window.__partial; }")
    assert seen and all(n == -1 or 0 < n < 61 for n in seen), seen   # a partial scatter came first (some trials,
                                                                        # when drawn), then the full one
    assert "sr_n=61" in page.url and page.get_by_test_id("stException").count() == 0


SIZES = ("el => Array.from(el._fullData.find(t => t.mode === 'markers' && t.marker.size != null"
         " && typeof t.marker.size !== 'number')?.marker.size ?? []).join(',')")


def test_momentum_makes_the_dots_sized_by_momentum(page, server_url):
    open_page(page, f"{server_url}/search?lang=en&sr_n=12&sr_epochs=2&sr_fine_n=4&sr_fine_epochs=1")
    assert set(plot(page, "sr_coarse").evaluate(SIZES).split(",")) == {"11"}     # SGD: one size for every dot
    page.locator(".st-key-sr_opt").get_by_test_id("stSelectbox").click()
    page.get_by_role("option", name="SGD + momentum", exact=True).click()
    settle(page)
    page.wait_for_function(f"(() => {{ const el = document.querySelector('.st-key-sr_coarse .js-plotly-plot'); "
                           f"return el && ({SIZES})(el).split(',').some(v => v !== '11'); }})()", timeout=30000)
    sizes = {float(v) for v in plot(page, "sr_coarse").evaluate(SIZES).split(",")}
    assert sizes <= {7.0, 10.0, 13.0, 16.0} and len(sizes) > 1
    assert "sr_opt=sgd_momentum" in page.url
    assert page.get_by_test_id("stException").count() == 0
