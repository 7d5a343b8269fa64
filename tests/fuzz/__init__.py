"""Property-based tests (Hypothesis). Each property is one test; how many examples it gets is the profile's
(tests/conftest.py): "fast" in the quick subset, "thorough" in the full suite."""
from hypothesis import settings


def quick() -> bool:
    """True under the quick subset's profile: a test whose every example is costly takes one."""
    return settings.get_current_profile_name() == "fast"
