"""A lecture hall for real: two `streamlit run app.py` replicas behind Debian's HAProxy with deploy/haproxy.cfg and
one throwaway PostgreSQL (deploy.local.Hall), driven by Chromium. A teacher pinned to one replica and a student
pinned to the other share a room through its whole cycle; a page whose replica is killed comes back on the other
with the same URL state, its media (image, download) served again. Without haproxy, PostgreSQL or Chromium:
skipped, except with CI=true, where they fail."""
from __future__ import annotations

import re
import time

import pytest

from classroom import open_store
from classroom.codes import normalise_code
from deploy.local import Hall
from tests.e2e.conftest import ARGS, CHROMIUM, _need_browser, plot, settle, wait_charts
from tests.test_hall import need_hall
from ui.i18n import lookup
from ui.lessons import questions

pytestmark = [pytest.mark.browser, pytest.mark.slow]
Q = "init_xavier_relu"   # scene 4 of the initialisation lesson


@pytest.fixture
def hall(tmp_path):
    _need_browser()
    need_hall()
    with Hall(2, logs=tmp_path / "hall", warm=False) as h:
        yield h


@pytest.fixture
def chromium():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def pinned(browser, hall, replica: str, width: int = 1400):
    """A browser (context) whose REPLICA cookie names `replica`, as if HAProxy had given it that one."""
    ctx = browser.new_context(viewport={"width": width, "height": 1000}, accept_downloads=True)
    ctx.add_cookies([{"name": "REPLICA", "value": replica, "url": hall.url}])
    return ctx


def cookie(ctx) -> str:
    return next(c["value"] for c in ctx.cookies() if c["name"] == "REPLICA")


def open_sockets(hall) -> dict[str, int]:
    return {s["name"]: int(s["scur"]) for s in hall.stats()}


def test_a_teacher_and_a_student_on_two_replicas_share_a_room(hall, chromium):
    from playwright.sync_api import expect
    t = lambda key, **kw: lookup("en", key).format(**kw)   # noqa: E731
    truth = t(f"questions.{Q}.opt.{questions.truth(Q, 0)}")
    wrong = next(t(f"questions.{Q}.opt.{c}") for c in questions.option_codes(Q) if c != questions.truth(Q, 0))
    tctx, sctx = pinned(chromium, hall, "r1"), pinned(chromium, hall, "r2", width=900)
    teacher, student = tctx.new_page(), sctx.new_page()
    teacher.goto(f"{hall.url}/initialization?lang=en&scene=4")
    settle(teacher)
    teacher.get_by_text(t("classroom.panel")).click()
    teacher.get_by_role("button", name=t("classroom.start")).click()                    # create
    heading = teacher.get_by_test_id("stHeading").filter(has_text=re.compile(r"^[2-9A-Z]{4}-[2-9A-Z]{4}$"))
    expect(heading).to_have_count(1, timeout=30000)
    code = heading.inner_text().strip()
    qr = teacher.get_by_test_id("stImage").locator("img").first                           # /media/ on r1
    expect(qr).to_be_visible(timeout=30000)
    assert qr.evaluate("img => img.complete && img.naturalWidth > 100"), "the QR code's media did not load"
    link = teacher.get_by_test_id("stCode").filter(has_text="room=").inner_text().strip()

    student.goto(link)                                                                   # join, on r2
    expect(student.get_by_text(t("classroom.joined", code=code))).to_be_visible(timeout=30000)
    # HAProxy's open connections per replica: each browser's websocket (and any keep-alive HTTP) on its own
    assert all(n >= 1 for n in open_sockets(hall).values()), "each browser on its own replica"
    student.get_by_text(wrong, exact=True).click()                                       # answer
    student.get_by_role("button", name=t("classroom.submit")).click()
    expect(student.get_by_text(f"Your answer: {wrong}.")).to_be_visible(timeout=30000)

    expect(teacher.get_by_text(t("classroom.n_answers", n=1))).to_be_visible(timeout=30000)   # tally, on r1
    teacher.get_by_role("button", name=t("classroom.reveal"), exact=True).click()             # reveal
    expect(teacher.get_by_text(t("classroom.revealed_truth", truth=truth))).to_be_visible(timeout=30000)
    expect(student.get_by_text(t("classroom.revealed_mine", mine=wrong, truth=truth))).to_be_visible(timeout=30000)

    teacher.get_by_role("button", name=t("classroom.close")).click()                          # close
    expect(teacher.get_by_role("button", name=t("classroom.start"))).to_be_visible(timeout=30000)
    store = open_store(hall.db)
    try:
        with pytest.raises(Exception, match="closed"):
            store.status(normalise_code(code))
    finally:
        store.shutdown()
    assert (cookie(tctx), cookie(sctx)) == ("r1", "r2"), "neither browser changed replica"
    for page in (teacher, student):
        assert page.get_by_test_id("stException").count() == 0


def lesson_state(page) -> tuple:
    """What the initialisation lesson shows: its traces, the layer titles, the layers slider's value."""
    hist = plot(page, "hist")
    return (hist.evaluate("el => el.data.map(t => t.meta).join()"),
            hist.evaluate("el => el.layout.annotations.map(a => a.text).join()"),
            page.get_by_test_id("stSlider").filter(has_text=lookup("en", "initialization.layers"))
            .get_by_role("slider").input_value())


def download_csv(page) -> str:
    with page.expect_download(timeout=30000) as dl:
        page.locator(".st-key-hist_csv button").click()
    return open(dl.value.path(), encoding="utf-8").read()


def test_a_killed_replicas_page_comes_back_on_the_other_with_its_url_state(hall, chromium):
    from playwright.sync_api import expect
    ctx = pinned(chromium, hall, "r1")
    page = ctx.new_page()
    url = f"{hall.url}/initialization?lang=en&seed=3&layers=6&width=200&samples=300&act=ReLU"
    page.goto(url)
    settle(page)
    wait_charts(page, 1)
    before = lesson_state(page)
    assert before[0].count("act") == 6 and before[2] == "6"
    csv = download_csv(page)                                  # a download: /media/ held by r1
    assert csv.count("\n") > 5

    hall.kill("r1")
    t0 = time.monotonic()
    page.locator("[data-testid='stApp'][data-test-connection-state='CONNECTED']").wait_for(state="detached",
                                                                                           timeout=30000)
    settle(page, timeout_ms=90000)                            # reconnected (to r2) and run again
    wait_charts(page, 1)
    back = time.monotonic() - t0
    assert cookie(ctx) == "r2", "HAProxy re-dispatched the browser and re-pinned it"
    assert page.url == url
    assert lesson_state(page) == before, "the same view: the URL held the controls"
    assert download_csv(page) == csv                          # the new replica made the file again
    assert page.get_by_test_id("stException").count() == 0
    print(f"back on r2 after {back:.1f} s")   # the drill's figure, for the README (pytest -s)
    expect(page.get_by_test_id("stPlotlyChart").first).to_be_visible()
