"""Lecture mode in a real browser: the presenter view on a 1280×720 projector, numbers at 150% zoom, links that
hold across browser locales and a language switch, scenes, hidden controls, the share panel's QR code, and
one history entry per navigation."""
import io
from urllib.parse import parse_qs, quote_plus, urlparse

import pytest

from tests.e2e.conftest import ARGS, open_page, plot, settle  # noqa: F401  (ARGS: the launch flags in one place)
from ui.i18n import tr
from ui.scenes import SCENES

pytestmark = pytest.mark.browser
LESSONS = ("activations", "preprocessing", "initialization", "batchnorm", "babysitting", "search",
           "optimisation", "gradcheck", "regularisation")
MAIN = ("[data-testid='stPlotlyChart'], [data-testid='stDataFrame'], [data-testid='stTable'],"
        " .st-key-live_player")   # the live tab draws in a component


def params(page) -> dict:
    return {k: v[-1] for k, v in parse_qs(urlparse(page.url).query).items()}


def active_tab(page) -> str:
    return page.locator("[role='tab'][aria-selected='true']").first.inner_text().strip()


@pytest.fixture
def projector(browser):
    pg = browser.new_page(viewport={"width": 1280, "height": 720})
    yield pg
    pg.close()


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("lesson", LESSONS)
def test_presenter_view_puts_the_main_chart_on_the_first_screen(projector, server_url, lesson, lang):
    open_page(projector, f"{server_url}/{lesson}?present=1&lang={lang}")
    folded = projector.get_by_test_id("stSidebar").evaluate("el => el.getBoundingClientRect().right <= 0")
    assert folded, "the presenter view folds the sidebar away"
    tabs = projector.get_by_role("tab")
    for i in range(tabs.count()):
        tabs.nth(i).click()
        settle(projector)
        label = tabs.nth(i).inner_text()
        assert projector.get_by_test_id("stException").count() == 0, f"{lesson} / {label}: an exception is shown"
        main = projector.locator(MAIN).first
        main.wait_for(state="attached", timeout=30000)
        top = main.evaluate("el => el.getBoundingClientRect().top")
        assert top <= 400, f"{lesson} / {label}: the main chart starts at {top:.0f} px"
        fonts = projector.evaluate("""() => [...document.querySelectorAll(
                "[data-testid=stPlotlyChart] .xtick text, [data-testid=stPlotlyChart] .ytick text")]
            .slice(0, 20).map(t => [parseFloat(getComputedStyle(t).fontSize), t.style.fill])""")
        if fonts:                                                       # large dark chart text
            assert all(size >= 16 for size, _ in fonts), (lesson, label, fonts)
            assert all(fill.replace(" ", "") in ("rgb(17,17,17)", "#111111") for _, fill in fonts), fonts


@pytest.mark.parametrize("lesson,tab", [("initialization", None), ("search", None), ("babysitting", None),
                                        ("activations", "activations.tab_dead"), ("batchnorm", "batchnorm.s3.title"),
                                        ("regularisation", None), ("regularisation", "regularisation.s3.title"),
                                        ("regularisation", "regularisation.s4.title")])
def test_numbers_are_never_cut_at_150_percent_zoom(browser, server_url, lesson, tab):
    """150% browser zoom on a 1280×720 screen: a CSS viewport of 853×480 at device scale factor 1.5."""
    pg = browser.new_page(viewport={"width": 853, "height": 480}, device_scale_factor=1.5)
    try:
        key = {"activations": "act_tab", "batchnorm": "bn_tab", "regularisation": "rg_tab"}.get(lesson)
        query = f"&{key}={quote_plus(tr('en')(tab))}" if tab else ""
        open_page(pg, f"{server_url}/{lesson}?lang=en{query}")
        cut = pg.evaluate("""() => [...document.querySelectorAll(
                '[data-testid=stMetricValue], [data-testid=stMetricValue] *, [data-testid=stMetricLabel] p,'
                + ' [data-testid=stWidgetLabel] p, [data-testid^=stBaseButton] p')]
            .filter(e => e.offsetParent && (e.scrollWidth > e.clientWidth + 1 || e.innerText.includes('…')))
            .map(e => e.innerText)""")
        assert not cut, f"cut short: {cut}"
        boxes = pg.evaluate("""() => [...document.querySelectorAll('[data-testid=stWidgetLabel] p, [data-testid=stMetricValue]')]
            .filter(e => e.offsetParent).map(e => { const r = e.getBoundingClientRect();
                return [r.left, r.top, r.right, r.bottom, e.innerText]; })""")
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                overlap = min(a[2], b[2]) - max(a[0], b[0]) > 1 and min(a[3], b[3]) - max(a[1], b[1]) > 1
                assert not overlap, f"labels overlap: {a[4]!r} and {b[4]!r}"
    finally:
        pg.close()


def share_link(page) -> str:
    page.locator("[data-testid='stPopover'] button", has_text="Share").first.click()
    code = page.locator("[data-testid='stCode'] code").first
    code.wait_for(timeout=10000)
    return code.inner_text().strip()


def test_a_link_shared_from_an_english_browser_opens_the_same_in_a_korean_one(browser, server_url):
    en = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 1000})
    ko = browser.new_context(locale="ko-KR", viewport={"width": 1400, "height": 1000})
    try:
        a = en.new_page()
        he = quote_plus(tr("en")("common.init.he"))            # a select box stores its label: the same in both languages
        open_page(a, f"{server_url}/initialization?act=ReLU&init={he}")
        a.get_by_role("tab", name="Mean and std per layer").click()
        settle(a)
        link = share_link(a)
        assert parse_qs(urlparse(link).query)["lang"] == ["en"]
        assert params(a)["lang"] == "en"                               # the address bar carries it too
        b = ko.new_page()
        open_page(b, link)
        assert b.locator("h1").first.inner_text().startswith("Weight initialisation")
        assert active_tab(b) == "Mean and std per layer"
        assert params(b)["act"] == "ReLU" and params(b)["init"] == tr("en")("common.init.he")
        assert b.locator(".st-key-act input").input_value() == "ReLU"
    finally:
        en.close()
        ko.close()


def test_switching_language_keeps_the_tab_and_every_setting(page, server_url):
    s3 = quote_plus(tr("en")("batchnorm.s3.title"))
    open_page(page, f"{server_url}/batchnorm?lang=en&bn_tab={s3}&bn_batch=4&bn_steps=80")
    page.locator("[data-testid='stSidebar'] label").filter(has_text="ko").first.click()
    settle(page)
    assert active_tab(page) == tr("ko")("batchnorm.s3.title")
    p = params(page)
    assert p["lang"] == "ko" and p["bn_batch"] == "4" and p["bn_steps"] == "80"
    assert p["bn_tab"] == tr("ko")("batchnorm.s3.title")


def test_a_scene_link_sets_its_controls_and_tab_and_next_moves_on(page, server_url):
    open_page(page, f"{server_url}/initialization?lang=en&scene=4")
    assert active_tab(page) == tr("en")("initialization.tab.stats")
    assert page.locator(".st-key-act input").input_value() == "ReLU"
    of = f"Scene 4/{len(SCENES['initialization'])}"
    assert of in page.locator("[data-testid='stMarkdownContainer']", has_text=of).first.inner_text()
    page.keyboard.press("Alt+ArrowRight")
    settle(page)
    assert params(page)["scene"] == "5"
    assert page.locator(".st-key-init input").input_value() == tr("en")("common.init.he")


def test_a_scene_and_a_tab_stay_with_their_lesson_across_a_page_switch(page, server_url):
    """?scene and the open tab are written by the app (not bound to a widget): another lesson's page must
    neither take them nor keep them in its URL, and the menu opens the first lesson afresh. (Back to the scene
    is not asserted: Chromium's Back after a page switch restored the scene's URL in 5 of 6 tries, 0 of 6 with the
    bound chips before; the entry is sometimes rewritten during the switch.)"""
    open_page(page, f"{server_url}/initialization?lang=en&scene=4")
    assert params(page)["scene"] == "4" and "init_tab" in params(page)
    page.locator("a[data-testid='stSidebarNavLink']", has_text="Batch normalisation").click()
    settle(page)
    plot(page)
    p = params(page)
    assert "scene" not in p and "init_tab" not in p, p
    assert page.get_by_text("Scene 4/").count() == 0          # no scene of batch norm was opened
    page.locator("a[data-testid='stSidebarNavLink']", has_text="Weight initialisation").click()
    settle(page)
    plot(page)
    assert "scene" not in params(page) and page.get_by_text("Scene 4/").count() == 0   # the menu opens it afresh


def test_reset_brings_back_the_defaults_and_the_link_follows(page, server_url):
    open_page(page, f"{server_url}/initialization?lang=en&scene=4")
    assert page.locator(".st-key-act input").input_value() == "ReLU"
    page.get_by_role("button", name="Reset", exact=True).click()
    settle(page)
    plot(page)
    assert page.locator(".st-key-act input").input_value() == "tanh"
    p = params(page)
    assert "scene" not in p and "act" not in p, p             # defaults leave the URL
    assert p.get("init_tab") == tr("en")("initialization.tab.stats")   # the open tab stays


def test_hidden_controls_are_gone_but_their_values_apply(page, server_url):
    open_page(page, f"{server_url}/initialization?lang=en&layers=3&hide=layers,width")
    assert not page.locator(".st-key-layers").is_visible() and not page.locator(".st-key-width").is_visible()
    assert page.locator(".st-key-samples").is_visible()
    assert page.get_by_text("Std of layer 3 (top)").count() == 1
    plot(page)


def test_the_qr_code_decodes_to_the_link(page, server_url):
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    open_page(page, f"{server_url}/preprocessing?lang=en&pp_tab={quote_plus(tr('en')('preprocessing.tab.pca'))}&pp_k=5")
    link = share_link(page)
    img = page.locator("[data-testid='stPopoverBody'] img").first
    img.wait_for(timeout=10000)
    assert img.bounding_box()["width"] >= 400                              # a large code, for the back row
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(img.screenshot())))
    assert [r.text for r in found] == [link]
    assert "pp_k=5" in link and "lang=en" in link


def test_one_navigation_adds_one_history_entry(page, server_url):
    open_page(page, f"{server_url}/?lang=en")
    before = page.evaluate("history.length")
    page.locator("a[data-testid='stSidebarNavLink']", has_text="Weight initialisation").click()
    settle(page)
    plot(page)
    assert page.evaluate("history.length") == before + 1
    assert params(page)["lang"] == "en"


def _chart_filter(page) -> str:
    """The CSS filter on the lesson's first chart (a blur while a scene's question waits for its answer)."""
    return page.evaluate("""() => { let el = [...document.querySelectorAll('[data-testid=stPlotlyChart]')]
        .find(c => !c.closest('[class*=st-key-classroom]'));
        const f = []; for (; el; el = el.parentElement) { const v = getComputedStyle(el).filter;
        if (v && v !== 'none') f.push(v); } return f.join(' '); }""")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_scene_question_covers_the_run_until_the_answer_is_shown(projector, server_url, lang):
    """Predict first: on a scene with a question the run's results are blurred (the metric would give the answer
    away); Show the answer uncovers them, and the presenter view keeps the question to one short box."""
    open_page(projector, f"{server_url}/initialization?present=1&scene=1&lang={lang}")
    assert "blur" in _chart_filter(projector)
    box = projector.locator("[class*='st-key-classroom_q_']")
    box.locator("input[type=text]").fill("0.01")
    box.locator("input[type=text]").press("Enter")
    settle(projector)
    box.get_by_role("button", name=tr(lang)("classroom.show")).click()
    settle(projector)
    assert _chart_filter(projector) == ""
    assert box.bounding_box()["height"] <= 110, "the answered question stays one short box"
    assert "0.01" in box.inner_text()
    top = projector.locator(MAIN).first.evaluate("el => el.getBoundingClientRect().top")
    open_page(projector, f"{server_url}/initialization?present=1&scene=2&lang={lang}")   # same tab, no question
    bare = projector.locator(MAIN).first.evaluate("el => el.getBoundingClientRect().top")
    assert top <= bare + 110, f"the question pushes the chart from {bare:.0f} to {top:.0f} px"
