"""A fresh server's very first request is a deep link: it must still get app.py's sidebar and navigation."""
import pytest

from tests.e2e.conftest import ROOT, open_page

pytestmark = pytest.mark.browser


@pytest.fixture
def fresh_server(tmp_path):
    # Not the session server: this one must never have served the root page before the deep link.
    import socket
    import subprocess
    import sys
    import time
    import urllib.request
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
                             "--server.address", "127.0.0.1", "--server.port", str(port),
                             "--server.fileWatcherType", "none"], cwd=ROOT,
                            stdout=open(tmp_path / "log", "w"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(url + "/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


def test_first_request_to_a_lesson_gets_the_shared_sidebar(page, fresh_server):
    open_page(page, f"{fresh_server}/activations?lang=ko")
    page.get_by_text("Language · 언어").wait_for(timeout=30000)
    nav = page.locator("a[data-testid='stSidebarNavLink']").all_inner_texts()
    assert any(n.endswith("활성화 함수") for n in nav) and not any(n.strip() == "app" for n in nav)
    assert page.locator("h1").first.inner_text() == "활성화 함수"
