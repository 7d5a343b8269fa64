"""Suite-wide markers: every browser test is `browser`; AppTests of whole pages are `slow`. Hypothesis profiles:
"fast" in a run that leaves out the slow tests, "thorough" otherwise (or --hypothesis-profile=NAME).

The before-stop check runs `-m "not browser and not slow"` within a tight time box; CI runs everything."""
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# One property test per property; its number of examples is the run's: a few fixed ones in the quick subset,
# hundreds of random ones in the full suite. A test whose example is costly asks for fewer in "fast" only.
settings.register_profile("fast", max_examples=10, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def pytest_configure(config):
    if not config.getoption("hypothesis_profile", None):
        quick = "not slow" in (config.getoption("markexpr", "") or "")
        settings.load_profile("fast" if quick else "thorough")

HERE = Path(__file__).resolve().parent
FAST_APP_TESTS = {"test_home.py"}  # one quick AppTest stays in the fast subset as a smoke test


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = Path(str(item.fspath)).resolve()
        if path.parent == HERE / "e2e":
            item.add_marker(pytest.mark.browser)
        elif path.parent == HERE / "app" and path.name not in FAST_APP_TESTS:
            item.add_marker(pytest.mark.slow)
