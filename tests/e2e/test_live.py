"""Live training in Chromium: the player animates in the browser (≥ 24 drawn frames a second, at most one
websocket message per chunk, full screen holds, pause stops it), a learning-rate change mid-run continues the
run, and screenshots of the spiral's decision regions early, midway and at the end in both languages."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.e2e.conftest import open_page

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/live-shots")
TAB = {"en": "4+%C2%B7+Live+training", "ko": "4+%C2%B7+%EC%8B%A4%EC%8B%9C%EA%B0%84+%ED%95%99%EC%8A%B5"}
# Playwright's CSS selectors pierce the player's (open) shadow root
PLAYER = ".st-key-live_player .live"
EL = ("(document.querySelector('.st-key-live_player [data-testid=stBidiComponentIsolated]')?.shadowRoot"
      "?.querySelector('.live'))")   # the player's root element, in page JavaScript


def open_live(page, server_url, lang="en", **params):
    query = "&".join(f"{k}={v}" for k, v in {"ds": "spiral", "hidden": 100, **params}.items())
    open_page(page, f"{server_url}/babysitting?lang={lang}&bs_tab={TAB[lang]}&{query}")
    root = page.locator(PLAYER)
    root.wait_for(state="attached", timeout=30000)
    page.wait_for_function(f"(el => !!el && +el.dataset.frame > 0)({EL})", timeout=30000)
    return root


def state(root) -> dict:
    return root.evaluate("el => el.liveDebug()")


def count_changed_frames(page, root) -> None:
    """Count animation frames in which the player drew something new (its data-frame attribute changed), and
    the lowest opacity of the player's element and its ancestors (Streamlit fades stale elements)."""
    root.evaluate("""el => { window.__liveTicks = 0; window.__liveChanged = 0; window.__liveMinOpacity = 1;
        let last = el.dataset.frame;
        const host = document.querySelector('.st-key-live_player');
        const f = () => { window.__liveTicks++; if (el.dataset.frame !== last) { window.__liveChanged++;
            last = el.dataset.frame; }
          for (let e = host; e; e = e.parentElement)
            window.__liveMinOpacity = Math.min(window.__liveMinOpacity, +getComputedStyle(e).opacity);
          requestAnimationFrame(f); };
        requestAnimationFrame(f); }""")


def test_playback_animates_in_the_browser_with_one_request_per_chunk(page, server_url):
    sent = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(time.monotonic())))
    root = open_live(page, server_url)
    count_changed_frames(page, root)
    root.locator(".fs").click()
    page.wait_for_function("!!document.fullscreenElement", timeout=5000)
    root.locator(".speeds button[data-speed='2']").click()
    before = len(sent)
    root.locator(".play").click()
    t0, c0 = time.monotonic(), page.evaluate("window.__liveChanged")
    positions = []
    for _ in range(20):                                    # 5 s of playback
        page.wait_for_timeout(250)
        positions.append(state(root)["pos"])
        assert page.evaluate("!!document.fullscreenElement"), "full screen dropped during playback"
    rate = (page.evaluate("window.__liveChanged") - c0) / (time.monotonic() - t0)
    s = state(root)
    requests = len(sent) - before
    chunks_played = sum(1 for start, stop, *_ in s["chunks"] if start <= positions[-1] and stop > 0)
    assert rate >= 24, f"{rate:.1f} changed frames per second"
    assert 1 <= requests <= chunks_played, (requests, s["chunks"])
    assert positions[-1] > 350                             # past the first chunk at 2× …
    assert all(b > a for a, b in zip(positions, positions[1:], strict=False)), positions   # … without a visible stop
    assert s["playing"] and not s["hold"]
    assert page.evaluate("window.__liveMinOpacity") > 0.99   # not faded while the server computes a chunk
    root.locator(".play").click()                          # pause: nothing changes any more
    page.wait_for_timeout(300)
    paused_at, c1 = state(root)["pos"], page.evaluate("window.__liveChanged")
    page.wait_for_timeout(1000)
    assert page.evaluate("window.__liveChanged") == c1 and state(root)["pos"] == paused_at
    assert page.evaluate("!!document.fullscreenElement")
    assert "play" not in page.url


def test_changing_the_learning_rate_mid_run_continues_the_run(page, server_url):
    root = open_live(page, server_url)
    root.locator(".play").click()
    page.wait_for_function(f"{EL}.dataset.iteration >= 150", timeout=20000)
    before = state(root)
    page.locator(".st-key-live_lr").get_by_role("slider").first.press("ArrowLeft")   # lr 1 → 0.5
    page.wait_for_function(f"(s => s.marks.length > 0 && !s.hold && s.pos > s.marks[0].at + 40)({EL}.liveDebug())",
                           timeout=30000)
    after = state(root)
    at = after["marks"][0]["at"]
    assert after["run"] == before["run"]                    # the same run, not a restart
    assert at >= before["pos"] - 1 and after["pos"] > at    # the count went on from where it was
    assert "lr 1 → 0.5" in after["marks"][0]["text"]
    assert [c[2] for c in after["chunks"] if c[0] >= at][0] == 0.5
    loss = after["loss"]
    just_before, just_after = sum(loss[at - 10:at]) / 10, sum(loss[at:at + 10]) / 10
    assert abs(just_after - just_before) < 0.25 * just_before, (just_before, just_after)
    assert just_after < 0.85 * loss[0]                      # not back at the initial loss
    assert page.get_by_test_id("stException").count() == 0


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_screenshots_of_the_spiral_decision_regions(page, server_url, lang):
    SHOTS.mkdir(exist_ok=True)
    root = open_live(page, server_url, lang, reg="0.001")
    root.locator(".speeds button[data-speed='4']").click()
    root.locator(".play").click()
    page.wait_for_function(f"(s => !s.playing && s.end >= 1500)({EL}.liveDebug())", timeout=60000)
    for name, it in (("early", 30), ("mid", 750), ("end", 1500)):
        root.locator(".scrub").evaluate(f"(el) => {{ el.value = '{it}'; el.dispatchEvent(new Event('input')); }}")
        assert root.evaluate("el => el.dataset.iteration") == str(it)
        root.screenshot(path=str(SHOTS / f"spiral_{lang}_{name}.png"))
    assert page.get_by_test_id("stException").count() == 0


def test_choosing_an_update_rule_starts_a_run_with_it(page, server_url):
    root = open_live(page, server_url, live_lr="0.01")
    before = state(root)
    page.locator(".st-key-live_opt").get_by_test_id("stSelectbox").click()
    page.get_by_role("option", name="Adam", exact=True).click()
    page.wait_for_function(f"(s => s.run !== {before['run']!r} && s.chunks.length > 0)({EL}.liveDebug())",
                           timeout=30000)
    assert "live_opt=adam" in page.url
    after = state(root)
    assert after["loss"][:300] != before["loss"][:300]      # the same start, another rule: another run
    assert page.get_by_test_id("stException").count() == 0
