"""Real-browser fixtures: one `streamlit run app.py` per test session on a free loopback port,
and Debian's Chromium driven by Playwright. No Chromium: skip, except under CI, where it fails."""
from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest

from benchmarks.stclient import server

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def _need_browser():
    if os.path.exists(CHROMIUM):
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but {CHROMIUM} is missing: .ci/run must apt-get install chromium")
    pytest.skip(f"{CHROMIUM} not found (apt-get install chromium fonts-noto-cjk to run browser tests)")


@contextlib.contextmanager
def streamlit_server(log_path, script: str = "app.py"):
    """`streamlit run <script>` on a free loopback port (benchmarks.stclient.server), healthy before it is
    yielded, stopped after; a server that never becomes healthy fails the test with its log's path."""
    with contextlib.ExitStack() as stack:
        try:
            url, _pid = stack.enter_context(server(script, Path(log_path)))
        except RuntimeError as e:
            pytest.fail(str(e))
        yield url


@pytest.fixture(scope="session")
def server_url(tmp_path_factory):
    """The server most browser tests share."""
    _need_browser()
    with streamlit_server(tmp_path_factory.mktemp("server") / "streamlit.log") as url:
        yield url


@pytest.fixture
def fresh_server(tmp_path):
    """A server of its own that has served nothing yet (the session server has)."""
    _need_browser()
    with streamlit_server(tmp_path / "streamlit.log") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module. Not per session: Playwright's sync API keeps an asyncio loop running in
    this thread while it is open, and later tests that start their own Playwright or call asyncio.run (the
    class test, the determinism and serving tests) must not find it still running."""
    _need_browser()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    pg = browser.new_page(viewport={"width": 1400, "height": 1000})
    yield pg
    pg.close()


def settle(page, timeout_ms: int = 60000) -> None:
    """Wait until the script has finished for good (a rerun can follow a finished run immediately)
    and no skeleton placeholders remain."""
    page.locator("[data-testid='stApp'][data-test-connection-state='CONNECTED']").wait_for(
        timeout=30000, state="attached")
    idle = page.locator("[data-testid='stApp'][data-test-script-state='notRunning']")
    quiet = 0
    for _ in range(timeout_ms // 250):
        page.wait_for_timeout(250)
        busy = not idle.count() or page.get_by_test_id("stSkeleton").count()
        quiet = 0 if busy else quiet + 1
        if quiet >= 3:
            return
    raise TimeoutError("the app never settled")


def wait_charts(page, n: int, timeout_ms: int = 30000) -> None:
    """Wait for at least n Plotly charts to be drawn."""
    page.wait_for_function(
        f"document.querySelectorAll(\"[data-testid='stPlotlyChart'] .js-plotly-plot\").length >= {n}",
        timeout=timeout_ms)


def plot(page, which: int | str = 0):
    """A drawn Plotly chart: the which-th on the page, or the one whose widget key is `which`; waits for it."""
    if isinstance(which, str):
        loc = page.locator(f".st-key-{which} .js-plotly-plot").first
    else:
        loc = page.locator("[data-testid='stPlotlyChart'] .js-plotly-plot").nth(which)
    loc.wait_for(state="attached", timeout=30000)
    return loc


def open_page(page, url: str) -> None:
    page.goto(url)
    settle(page)
    assert page.get_by_test_id("stException").count() == 0, f"exception shown at {url}"


def trace_names(page, index: int = 0) -> list[str]:
    """Names of the traces of the index-th Plotly chart, read from the rendered plot."""
    return page.locator("[data-testid='stPlotlyChart'] .js-plotly-plot").nth(index).evaluate(
        "el => el.data.map(t => t.name || '')")


@pytest.fixture
def class_server(tmp_path, monkeypatch):
    """A server of its own with a class database of its own (the class tests)."""
    _need_browser()
    monkeypatch.setenv("CLASSROOM_DB", str(tmp_path / "class.sqlite3"))
    with streamlit_server(tmp_path / "streamlit.log") as url:
        yield url


def start_class(teacher) -> tuple[str, str]:
    """The teacher opens the class panel and starts a class: (its room code, its join link)."""
    import re

    from playwright.sync_api import expect

    from ui.i18n import lookup
    teacher.get_by_text(lookup("en", "classroom.panel")).click()
    teacher.get_by_role("button", name="Start a class").click()
    heading = teacher.get_by_test_id("stHeading").filter(has_text=re.compile(r"^[2-9A-Z]{4}-[2-9A-Z]{4}$"))
    expect(heading).to_have_count(1, timeout=30000)
    return heading.inner_text().strip(), teacher.get_by_test_id("stCode").filter(has_text="room=").inner_text().strip()
