"""Suite-wide markers: every browser test is `browser`; AppTests of whole pages are `slow`.

The before-stop check runs `-m "not browser and not slow"` within a tight time box; CI runs everything."""
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
FAST_APP_TESTS = {"test_home.py"}  # one quick AppTest stays in the fast subset as a smoke test


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = Path(str(item.fspath)).resolve()
        if path.parent == HERE / "e2e":
            item.add_marker(pytest.mark.browser)
        elif path.parent == HERE / "app" and path.name not in FAST_APP_TESTS:
            item.add_marker(pytest.mark.slow)
