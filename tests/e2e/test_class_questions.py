"""Predict, then reveal through the real lesson pages, in two Chromium contexts (two devices): the teacher
opens a lesson scene with a question and starts a class from the sidebar, the student opens the join link,
sees the same scene's question and answers, the teacher's live tally shows it, the teacher reveals, and the
student's page shows the truth and why without a reload. Its own server, on its own SQLite file."""

import pytest

from tests.e2e.conftest import ARGS, CHROMIUM, settle, start_class
from ui.i18n import lookup
from ui.lessons import questions

pytestmark = pytest.mark.browser
Q = "init_xavier_relu"            # scene 4 of the initialisation lesson: Xavier with ReLU


def test_a_class_answers_a_scene_question(class_server):
    from playwright.sync_api import expect, sync_playwright
    truth = lookup("en", f"questions.{Q}.opt.{questions.truth(Q, 0)}")
    wrong = next(lookup("en", f"questions.{Q}.opt.{c}") for c in questions.option_codes(Q)
                 if c != questions.truth(Q, 0))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        teacher = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        student = browser.new_context(viewport={"width": 900, "height": 1000}).new_page()
        teacher.goto(f"{class_server}/initialization?lang=en&scene=4")
        settle(teacher)
        prompt = lookup("en", f"questions.{Q}.prompt")
        expect(teacher.get_by_text(prompt)).to_be_visible(timeout=30000)
        code, link = start_class(teacher)
        assert f"room={code}" in link and "scene=4" in link and "/initialization?" in link

        student.goto(link)                      # the QR code's link: the same page and scene
        expect(student.get_by_text(f"You are in class {code}")).to_be_visible(timeout=30000)
        expect(student.get_by_text(prompt)).to_be_visible(timeout=30000)
        student.get_by_text(wrong, exact=True).click()
        student.get_by_role("button", name="Lock in my answer").click()
        expect(student.get_by_text(f"Your answer: {wrong}.")).to_be_visible(timeout=30000)

        expect(teacher.get_by_text("Answers so far: 1")).to_be_visible(timeout=30000)   # the live tally
        teacher.get_by_role("button", name="Reveal", exact=True).click()
        expect(teacher.get_by_text(f"The truth: {truth}")).to_be_visible(timeout=30000)

        expect(student.get_by_text(f"Your answer: {wrong} · The truth: {truth}")).to_be_visible(timeout=30000)
        expect(student.get_by_text(lookup("en", f"questions.{Q}.why"))).to_be_visible()
        for page in (teacher, student):
            assert page.get_by_test_id("stException").count() == 0
        browser.close()
