"""Two browsers, one class: the teacher starts it, a student joins by link and answers, the teacher's
live tally shows it, the teacher reveals, and the student's page shows the truth (no reload).

Runs the AppTest demo (tests/classroom/class_demo.py) under `streamlit run` with Debian's Chromium;
marked `browser` (and skipped without Chromium unless CI=true, like tests/e2e)."""
import re

import pytest

from tests.e2e.conftest import ARGS, CHROMIUM, _need_browser, streamlit_server

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_url(tmp_path, monkeypatch):
    """The demo under `streamlit run`, on a class database of its own."""
    _need_browser()
    monkeypatch.setenv("CLASSROOM_DB", str(tmp_path / "class.sqlite3"))
    with streamlit_server(tmp_path / "streamlit.log", "tests/classroom/class_demo.py") as url:
        yield url


def test_teacher_and_student_in_two_browsers(demo_url):
    from playwright.sync_api import expect, sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        teacher = browser.new_context().new_page()
        student = browser.new_context().new_page()  # a separate session, like another device
        teacher.goto(demo_url)
        teacher.get_by_role("button", name="Start a class").click()
        heading = teacher.get_by_test_id("stHeading").filter(has_text=re.compile(r"^[2-9A-Z]{4}-[2-9A-Z]{4}$"))
        expect(heading).to_have_count(1, timeout=30000)
        code = heading.inner_text().strip()
        expect(teacher.get_by_test_id("stImage")).to_have_count(1)  # the QR code

        student.goto(f"{demo_url}/?room={code}")
        expect(student.get_by_text(f"You are in class {code}")).to_be_visible(timeout=30000)
        student.get_by_test_id("stRadio").first.get_by_text("1e-6").click()
        student.get_by_role("button", name="Lock in my answer").first.click()
        expect(student.get_by_text("Your answer: 1e-6.")).to_be_visible(timeout=30000)

        expect(teacher.get_by_text("Answers so far: 1")).to_be_visible(timeout=30000)  # the live tally
        teacher.get_by_role("button", name="Reveal").first.click()
        expect(teacher.get_by_text("The truth: 1e-6")).to_be_visible(timeout=30000)

        expect(student.get_by_text("Your answer: 1e-6 · The truth: 1e-6")).to_be_visible(timeout=30000)
        expect(student.get_by_text("Too small a step barely moves.")).to_be_visible()
        for page in (teacher, student):
            assert page.get_by_test_id("stException").count() == 0
        browser.close()
