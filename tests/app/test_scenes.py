"""Every scene opens its tab and sets controls that exist on its page (the student can change them after)."""
import pytest

from tests.app.conftest import run_page
from ui.i18n import tr
from ui.scenes import SCENES, TAB_KEYS

WIDGETS = ("slider", "select_slider", "selectbox", "multiselect", "toggle", "radio", "number_input", "checkbox")
CASES = [(lesson, n) for lesson, scenes in SCENES.items() for n in range(1, len(scenes) + 1)]


def widget_keys(at) -> set[str]:
    keys = set()
    for kind in WIDGETS:
        keys |= {w.key for w in at.get(kind) if getattr(w, "key", None)}
    return keys


@pytest.mark.parametrize("lesson,n", CASES, ids=[f"{lesson}-{n}" for lesson, n in CASES])
def test_scene_sets_its_tab_and_controls(lesson, n):
    scene = SCENES[lesson][n - 1]
    at = run_page(lesson, lang="en", scene=n)
    assert at.session_state[TAB_KEYS[lesson]] == tr("en")(scene.tab)
    missing = set(scene.controls) - widget_keys(at)
    assert not missing, f"scene {n} of {lesson} sets controls its page does not draw: {missing}"
    for key, value in scene.controls.items():
        assert at.session_state[key] == value, key


def test_next_moves_on_and_the_student_can_change_a_control():
    at = run_page("initialization", lang="en", scene=1)
    at.button(key="scene_next").click().run()
    assert at.session_state["scene"] == 2 and at.session_state["init"] == "large"
    at.selectbox(key="init").set_value("he").run()
    assert at.session_state["init"] == "he" and at.session_state["scene"] == 2
    at.button(key="scene_prev").click().run()
    assert at.session_state["init"] == "small"


def test_reset_returns_to_the_defaults():
    at = run_page("initialization", lang="ko", scene=4)
    assert at.session_state["act"] == "relu"
    at.button(key="lecture_reset").click().run()
    assert at.session_state["act"] == "tanh" and at.session_state["init"] == "small"
    assert at.session_state["lang"] == "ko"


def test_a_tab_link_opens_its_tab_by_its_name_in_either_language():
    """The open tab is kept in the URL by hand (ui.lecture.seed_tab): a Korean link's tab opens the English page
    on the same tab, and an unknown name falls back to the first tab."""
    ko, en = tr("ko")("initialization.tab.stats"), tr("en")("initialization.tab.stats")
    at = run_page("initialization", lang="en", init_tab=ko)
    assert at.session_state["init_tab"] == en and at.tabs[0].label != en
    at = run_page("initialization", lang="en", init_tab="no such tab")
    assert at.session_state["init_tab"] == at.tabs[0].label


@pytest.mark.parametrize("raw", ["²", "١٢٣", "0", "-1", "99", "1.5", " 2"])
def test_a_hostile_scene_number_opens_no_scene_and_no_traceback(raw):
    """?scene is read by hand (not a bound widget): '²'.isdigit() is true but int('²') raises."""
    at = run_page("initialization", lang="en", scene=raw)      # run_page asserts no exception
    assert at.session_state["scene"] is None
