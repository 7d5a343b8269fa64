"""Two browsers, one class: the teacher starts it, a student joins by link and answers, the teacher's
live tally shows it, the teacher reveals, and the student's page shows the truth (no reload).

Runs the AppTest demo (tests/classroom/class_demo.py) under `streamlit run` with Debian's Chromium;
marked `browser` (and skipped without Chromium unless CI=true, like tests/e2e)."""
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
pytestmark = pytest.mark.browser


@pytest.fixture
def demo_url(tmp_path):
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but {CHROMIUM} is missing")
        pytest.skip(f"{CHROMIUM} not found")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = open(tmp_path / "streamlit.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "tests/classroom/class_demo.py", "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
        env={**os.environ, "CLASSROOM_DB": str(tmp_path / "class.sqlite3")})
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                if urllib.request.urlopen(url + "/_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.time() > deadline:
                pytest.fail(f"streamlit did not become healthy: {(tmp_path / 'streamlit.log').read_text()[-2000:]}")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


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
