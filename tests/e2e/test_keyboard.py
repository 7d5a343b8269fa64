"""The keyboard alone, in Chromium: a lesson's scenes walked and its question answered with Tab, Enter and the arrow
keys, every stop showing a focus ring, in a sensible order (skip link, navigation, sidebar, scene bar, controls,
tabs, charts); the live player named, operated from the keyboard, reporting through a polite live region, never
playing on its own and stepping instead of animating under prefers-reduced-motion."""
from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from sim.live import EVERY
from tests.e2e.conftest import open_page, settle
from tests.e2e.test_live import EL, open_live, state
from ui.i18n import tr

pytestmark = pytest.mark.browser
t = tr("en")

FOCUSED = """() => { let e = document.activeElement;
    while (e && e.shadowRoot && e.shadowRoot.activeElement) e = e.shadowRoot.activeElement;   // into the player
    const cs = getComputedStyle(e);
    const ring = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2 || cs.boxShadow !== 'none';
    return {tag: e.tagName, role: e.getAttribute('role') || '', name: e.getAttribute('aria-label') || '',
            text: (e.innerText || '').trim().slice(0, 60), ring,
            nav: !!e.closest('[data-testid=stSidebarNav]'), sidebar: !!e.closest('[data-testid=stSidebar]'),
            chart: !!e.closest('[data-testid=stPlotlyChart]')}; }"""


def tab_to(page, want, limit: int = 80, back: bool = False) -> list[dict]:
    """Press Tab (Shift+Tab with `back`) until `want(focused)` holds; every stop on the way, that one last."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        f = page.evaluate(FOCUSED)
        seen.append(f)
        if want(f):
            return seen
    raise AssertionError(f"never reached; the last stops: {[(s['tag'], s['name'] or s['text']) for s in seen[-12:]]}")


def params(page) -> dict:
    return {k: v[-1] for k, v in parse_qs(urlparse(page.url).query).items()}


def is_next(f) -> bool:
    return f["tag"] == "BUTTON" and f["text"].startswith(t("lecture.next"))


def test_walk_a_lesson_and_answer_its_question_with_the_keyboard_alone(page, server_url):
    open_page(page, f"{server_url}/initialization?lang=en")
    stops = tab_to(page, is_next)
    # the order a sighted keyboard user expects: skip link, the navigation, the sidebar's settings, then the lesson
    assert stops[0]["text"] == "Skip to main content"
    first_main = next(i for i, s in enumerate(stops) if not s["sidebar"] and i > 0)
    assert all(s["sidebar"] for s in stops[1:first_main]) and sum(s["nav"] for s in stops) >= 7
    assert not any(s["sidebar"] for s in stops[first_main:])
    assert all(s["ring"] for s in stops if s["tag"] in ("A", "BUTTON", "INPUT", "SUMMARY")), \
        [s for s in stops if not s["ring"]]

    page.keyboard.press("Enter")                        # scene 1: 0.01·randn, its question covers the lesson
    settle(page)
    assert params(page).get("scene") == "1"
    assert page.locator("[data-a11y-inert]").count() > 0, "the covered lesson is inert: no focus behind the blur"
    f = tab_to(page, lambda f: f["tag"] == "INPUT" and f["name"] == t("classroom.your_estimate"))[-1]
    assert f["ring"]
    page.keyboard.type("1e-6")
    tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"] == t("classroom.show"), limit=5)
    page.keyboard.press("Enter")
    settle(page)
    revealed = page.get_by_text(t("classroom.revealed_mine", mine="1e-6", truth="").rsplit("·", 1)[0].strip())
    revealed.first.wait_for(timeout=20000)
    assert page.locator("[data-a11y-inert]").count() == 0, "answered: the lesson is back"

    for n in range(2, 7):                               # the remaining scenes, with Tab and Enter only
        tab_to(page, is_next, back=True)
        page.keyboard.press("Enter")
        settle(page)
        assert params(page).get("scene") == str(n)
    active = page.locator("[role='tab'][aria-selected='true']").first.inner_text().strip()
    assert active == t("initialization.tab.symmetry")   # the last scene opens its tab

    # tabs: the arrow keys move between them (the tab list is one stop)
    tab_to(page, lambda f: f["role"] == "tab", limit=120)
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Enter")
    settle(page)
    assert page.locator("[role='tab'][aria-selected='true']").first.inner_text().strip() == t("initialization.tab.lecture")


def test_the_sidebar_links_show_where_the_keyboard_is(page, server_url):
    """Not the grey background the current page has too: a ring."""
    open_page(page, f"{server_url}/initialization?lang=en")
    f = tab_to(page, lambda f: f["nav"] and f["text"].endswith(t("nav.initialization")))[-1]
    assert f["ring"]
    ring = page.evaluate("getComputedStyle(document.activeElement).outlineColor")
    assert ring == "rgb(31, 95, 168)"


def test_the_live_player_is_named_and_works_from_the_keyboard(page, server_url):
    root = open_live(page, server_url)
    assert state(root)["playing"] is False, "the player never starts on its own"
    page.wait_for_timeout(1500)
    assert state(root)["playing"] is False and state(root)["pos"] == 0
    assert root.get_attribute("aria-label") == t("a11y.player")
    assert root.get_attribute("role") == "group"
    described = page.evaluate(f"(el => el.getRootNode().getElementById(el.getAttribute('aria-describedby')).textContent)({EL})")
    assert described == t("a11y.player_keys")
    assert root.locator(".scrub").get_attribute("aria-label") == t("live.scrub")
    assert root.locator(".say").get_attribute("aria-live") == "polite"

    tab_to(page, lambda f: f["tag"] == "DIV" and f["role"] == "group" and f["name"] == t("a11y.player"), limit=150)
    page.keyboard.press("Space")
    page.wait_for_function(f"({EL}).liveDebug().pos > 60", timeout=20000)
    page.keyboard.press("Space")                          # pause: the live region says where the run is
    s = state(root)
    assert s["playing"] is False
    it = int(s["pos"])
    said = root.locator(".say").inner_text()
    assert said.startswith(t("a11y.player_paused")) and f"Iteration {it} of 1500" in said, said
    page.keyboard.press("ArrowRight")                     # arrows step 5 iterations while paused
    assert int(state(root)["pos"]) == it + 5
    assert root.locator(".scrub").get_attribute("aria-valuetext") == f"iteration {it + 5}"


def test_the_live_player_steps_instead_of_animating_under_reduced_motion(browser, server_url):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, reduced_motion="reduce")
    pg = ctx.new_page()
    try:
        root = open_live(pg, server_url)
        assert state(root)["reduced"] is True
        f0 = state(root)["frames"]
        root.locator(".play").click()
        pg.wait_for_timeout(3500)
        s = state(root)
        assert s["playing"] and s["pos"] > 0
        assert s["frames"] - f0 <= 6, f"{s['frames'] - f0} frames in 3.5 s: animating, not stepping"
        assert s["pos"] % EVERY == 0, "each step lands on a snapshot: nothing drawn in between"
    finally:
        ctx.close()
