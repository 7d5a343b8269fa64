"""A class that follows its teacher, in four Chromium contexts (four devices) on one real server: the teacher
steps through four scenes of two lessons and every student's page shows each within 2 s (the English students
joined by the link, the Korean one typed the code and follows in Korean); a student who moves a slider explores
and comes back with one button; a student who reloads answers again and the tally's count stays; a teacher who
reloads still reveals; the pause covers the students' lessons, never the teacher's, until resumed. A teacher's
drawn data set reaches every following student's plane, again after each edit. A class bar's own timer is 5 s, so
the delays measured here are the server's push (ui.nudge) reaching the browser."""
import os
import time

import numpy as np
import pytest

from tests.e2e.conftest import ARGS, CHROMIUM, settle, start_class
from ui.classmode import FOLLOW_S
from ui.i18n import lookup
from ui.scenes import SCENES

pytestmark = pytest.mark.browser
FOLLOW_BUDGET_S = 2.0      # the promise: a following page shows the teacher's scene within 2 s


def budget_s() -> float:
    """2 s on a machine with a core per busy process; on a machine shared with other jobs (load above its cores)
    the four browsers and the server wait for the CPU in proportion, and so does the budget."""
    return FOLLOW_BUDGET_S * max(1.0, os.getloadavg()[0] / (os.cpu_count() or 1))
Q = "bn_beta_mean"         # the question on batch normalisation's scene 2


INIT, BN = len(SCENES["initialization"]), len(SCENES["batchnorm"])   # each lesson's count of scenes


def scene_text(lang: str, n: int, total: int) -> str:
    return lookup(lang, "lecture.scene_n").format(n=n, total=total)


def run_done(page, timeout_s: float = 60) -> float:
    """Wait (50 ms steps) until the page's script run has finished; the time it was seen finished."""
    end = time.monotonic() + timeout_s
    idle = page.locator("[data-testid='stApp'][data-test-script-state='notRunning']")
    while time.monotonic() < end:
        if idle.count() and not page.get_by_test_id("stSkeleton").count():
            return time.monotonic()
        page.wait_for_timeout(50)
    raise TimeoutError("the run never finished")


def shows(page, lesson: str, text: str, timeout_s: float = 30, since: float | None = None) -> float:
    """Seconds from `since` (default: now) until `page` is on `lesson` and shows `text` (polled every 50 ms)."""
    start = time.monotonic() if since is None else since
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        if f"/{lesson}" in page.url and page.get_by_text(text, exact=False).count():
            return time.monotonic() - start
        page.wait_for_timeout(50)
    raise AssertionError(f"{page.url} never showed {text!r} within {timeout_s:g} s")


def serious(page) -> list[str]:
    """axe-core's serious and critical WCAG 2.2 AA violations on the page as it is (tests/e2e/test_accessibility.py
    sweeps every lesson; this adds the class's own bars, buttons and the pause cover)."""
    from tests.e2e.test_accessibility import _axe
    return [f"{v['id']}: {v['nodes'][0]['target']}" for v in _axe(page, False) if v["impact"] in ("serious", "critical")]


def answer(page, value: str, lang: str) -> None:
    box = page.get_by_placeholder(lookup(lang, "classroom.your_estimate"))
    if not box.count():
        box = page.get_by_label(lookup(lang, "classroom.your_estimate"))
    box.first.fill(value)
    page.get_by_role("button", name=lookup(lang, "classroom.submit")).click()
    page.get_by_text(lookup(lang, "classroom.your_answer_is").split(":")[0] + ": " + value).first.wait_for(
        timeout=30000)


def test_a_class_follows_its_teacher(class_server):
    from playwright.sync_api import expect, sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        teacher = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        students = [browser.new_context(viewport={"width": 1200, "height": 1000}).new_page(),
                    browser.new_context(viewport={"width": 1200, "height": 1000}).new_page(),
                    browser.new_context(viewport={"width": 1200, "height": 1000}, locale="ko-KR").new_page()]
        langs = ("en", "en", "ko")

        teacher.goto(f"{class_server}/initialization?lang=en&scene=1")
        settle(teacher)
        code, link = start_class(teacher)
        assert "room=" in link and "key" not in link.lower()

        for s in students[:2]:                            # the link, as scanned from the projector
            s.goto(link)
        ko = students[2]                                  # the code, typed on the home page of a Korean browser
        ko.goto(class_server)
        settle(ko)
        ko.get_by_text(lookup("ko", "classroom.panel")).click()
        ko.get_by_label(lookup("ko", "classroom.join_label")).fill(code)
        ko.get_by_role("button", name=lookup("ko", "classroom.join"), exact=True).click()
        for s, lang in zip(students, langs, strict=True):
            shows(s, "initialization", scene_text(lang, 1, INIT), 60)
            expect(s.get_by_text(lookup(lang, "pacing.following"))).to_be_visible(timeout=30000)
        expect(teacher.get_by_text("3 joined · 3 following")).to_be_visible(timeout=30000)
        assert serious(teacher) == [] and serious(ko) == []      # the teacher's bar and panel, a student's bar

        # Four scenes of two lessons; each time every student's page within 2 s of the teacher's.
        delays = []
        for lesson, n, total, moves in (("initialization", 2, INIT, ["next"]), ("initialization", 3, INIT, ["next"]),
                                        ("batchnorm", 1, BN, ["nav", "next"]), ("batchnorm", 2, BN, ["next"])):
            for move in moves:
                if move == "nav":
                    teacher.get_by_test_id("stSidebarNav").get_by_text("Batch normalisation").click()
                    run_done(teacher)
                else:
                    teacher.get_by_role("button", name="Next").click()
            shows(teacher, lesson, scene_text("en", n, total), 60)
            published = run_done(teacher)                  # the end of the teacher's run writes its view
            for s, lang in zip(students, langs, strict=True):
                delays.append(shows(s, lesson, scene_text(lang, n, total), since=published))
        assert max(delays) <= budget_s(), f"follow delays {[round(d, 2) for d in delays]} s, budget {budget_s():.1f} s"
        # The bar's own timer is FOLLOW_S (5 s): most moves arriving well within it is the server's push (ui.nudge).
        assert sorted(delays)[len(delays) // 2] < FOLLOW_S / 2, f"follow delays {[round(d, 2) for d in delays]} s"

        # Everyone answers; the second student reloads and answers again: still three answers.
        for s, lang, value in zip(students, langs, ("1", "0.5", "2"), strict=True):
            answer(s, value, lang)
        expect(teacher.get_by_text(lookup("en", "classroom.n_answers").format(n=3))).to_be_visible(timeout=30000)
        students[1].reload()
        expect(students[1].get_by_text(lookup("en", "pacing.following"))).to_be_visible(timeout=60000)
        shows(students[1], "batchnorm", scene_text("en", 2, BN))
        answer(students[1], "0.75", "en")
        teacher.wait_for_timeout(2500)                    # the tally polls every 2 s
        expect(teacher.get_by_text(lookup("en", "classroom.n_answers").format(n=3))).to_be_visible()

        # The teacher reloads (a sleeping laptop): still the room's teacher, and reveals.
        teacher.reload()
        expect(teacher.get_by_role("button", name="Reveal", exact=True)).to_be_visible(timeout=60000)
        teacher.get_by_role("button", name="Reveal", exact=True).click()
        truth = lookup("en", "classroom.revealed_truth").split("{")[0]
        expect(teacher.get_by_text(truth).first).to_be_visible(timeout=30000)
        for s, lang in zip(students, langs, strict=True):
            expect(s.get_by_text(lookup(lang, "classroom.revealed_mine").split("{")[0]).first).to_be_visible(
                timeout=30000)

        # The first student moves a slider (after the reveal: until then the results are covered, and inert):
        # exploring, said on screen; one button brings them back.
        explorer = students[0]
        explorer.wait_for_function("!document.querySelector('[data-testid=stSlider]').closest('[inert]')",
                                   timeout=30000)      # uncovered: ui.a11y lifts the inert after the reveal
        explorer.get_by_test_id("stSlider").first.get_by_role("slider").press("ArrowRight")
        expect(explorer.get_by_text(lookup("en", "pacing.exploring"))).to_be_visible(timeout=30000)
        expect(teacher.get_by_text("3 joined · 2 following")).to_be_visible(timeout=30000)
        explorer.get_by_role("button", name=lookup("en", "pacing.follow")).click()
        expect(explorer.get_by_text(lookup("en", "pacing.following"))).to_be_visible(timeout=30000)
        shows(explorer, "batchnorm", scene_text("en", 2, BN))

        # Eyes on the projector: every student's lesson covered, the teacher's not; resume uncovers.
        teacher.get_by_role("button", name=lookup("en", "pacing.pause")).click()
        for s, lang in zip(students, langs, strict=True):
            expect(s.locator(".class-paused").get_by_text(lookup(lang, "pacing.eyes"))).to_be_visible(timeout=30000)
        assert teacher.locator(".class-paused").count() == 0
        assert serious(ko) == []                                  # the cover: an alert, readable, in Korean
        teacher.get_by_role("button", name=lookup("en", "pacing.resume")).click()
        for s in students:
            expect(s.locator(".class-paused")).to_have_count(0, timeout=30000)
        for pg in (teacher, *students):
            assert pg.get_by_test_id("stException").count() == 0
        print(f"follow delays (s): {[round(d, 2) for d in delays]}")
        browser.close()


def test_a_teachers_drawing_follows_onto_every_students_plane(class_server):
    """The class designs a data set on the projector: the teacher draws on the live-training tab, and every
    following student's page chooses the drawn set and shows the same points, again after each edit."""
    from playwright.sync_api import expect, sync_playwright

    from tests.e2e.test_owndata import LIVE, draw_cluster, points_in_url
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        teacher = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        student = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ko-KR").new_page()
        teacher.goto(f"{class_server}/babysitting?lang=en&ds=drawn&bs_tab={LIVE}")
        settle(teacher)
        teacher.locator(".draw button.clear").click()
        draw_cluster(teacher, 0, (-0.5, 0.5), 10)
        draw_cluster(teacher, 1, (0.5, -0.5), 10)
        teacher.mouse.up()
        teacher.wait_for_function("location.search.includes('pts=')", timeout=20000)
        run_done(teacher)
        teacher.get_by_text(lookup("en", "classroom.panel")).click()
        teacher.get_by_role("button", name="Start a class").click()
        link = teacher.get_by_test_id("stCode").filter(has_text="room=")
        expect(link).to_have_count(1, timeout=30000)
        student.goto(link.inner_text().strip().replace("lang=en", "lang=ko"))
        plane = student.locator(".draw").first
        expect(plane).to_have_attribute("data-points", "20", timeout=30000)
        expect(student.get_by_text(lookup("ko", "pacing.following"))).to_be_visible(timeout=30000)
        X, y = points_in_url(teacher)
        student.wait_for_function("location.search.includes('pts=')", timeout=20000)
        X2, y2 = points_in_url(student)
        assert np.array_equal(X, X2) and np.array_equal(y, y2)

        draw_cluster(teacher, 2, (0.5, 0.5), 10)          # the teacher adds a third class: the student's too
        teacher.mouse.up()
        expect(plane).to_have_attribute("data-points", "30", timeout=30000)
        expect(student.get_by_text(lookup("ko", "pacing.following"))).to_be_visible()
        assert student.get_by_test_id("stException").count() == 0
        browser.close()
