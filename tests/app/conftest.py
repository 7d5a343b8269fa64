"""AppTest helpers: run the app on a page with query parameters, and assert nothing broke."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


def run_page(page: str | None = None, timeout: float = 60, **params) -> AppTest:
    """Run app.py (optionally switched to `pages/<page>.py`) with the given URL parameters."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    at.query_params.update({k: (list(v) if isinstance(v, (list, tuple)) else str(v)) for k, v in params.items()})
    at.run()
    if page:
        at.switch_page(f"pages/{page}.py")
        at.run()
    assert_clean(at)
    return at


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


@pytest.fixture(autouse=True)
def _chdir_root(monkeypatch):
    monkeypatch.chdir(ROOT)
