"""Reset knows every control's default from the project's own control helper (ui.controls.control): on every tab
of every lesson, each keyed control the page draws has a recorded default equal to what it shows at defaults,
and Reset brings back every one of them after a link moved them all."""
from __future__ import annotations

import pytest

from tests.app.conftest import assert_clean
from tests.fuzz.test_pages_fuzz import WIDGETS, open_page, tab_key, tabs_and_widgets
from ui.defaults import DEFAULTS_KEY
from ui.lecture import GLOBAL_KEYS, SCENE_KEY
from ui.nav import LESSONS
from ui.scenes import TAB_KEYS

LESSON_SLUGS = [x.slug for x in LESSONS if x.exists]
NOT_CONTROLS = (*GLOBAL_KEYS, *TAB_KEYS.values(), "room")


def controls(at) -> dict[str, object]:
    """Every keyed control the run drew (the sidebar's and the class's aside): key -> widget."""
    out = {}
    for kind in (*WIDGETS, "button_group"):
        for w in getattr(at, kind):
            key = getattr(w, "key", None)
            if key and key not in NOT_CONTROLS and not key.startswith("classroom"):
                out[key] = w
    return out


def moved(kind: str, w) -> str | list[str] | None:
    """A URL value other than the control's default (None: this control is not bound to the URL)."""
    p = w.proto
    if not p.query_param_key:
        return None
    if kind == "select_slider" or (kind == "slider" and p.options):
        options, now = list(p.options), p.options[int(p.default[0])]
        return options[-1] if now != options[-1] else options[0]
    if kind == "slider":
        is_int = p.data_type == p.INT
        fmt = (lambda v: str(int(round(v)))) if is_int else (lambda v: f"{v:.6g}")
        if len(p.default) == 2:
            lo, hi = (p.min, p.min + (p.step or 1)) if tuple(p.default) != (p.min, p.min + (p.step or 1)) \
                else (p.max - (p.step or 1), p.max)
            return [fmt(lo), fmt(hi)]
        return fmt(p.max if p.default[0] != p.max else p.min)
    if kind in ("selectbox", "radio"):
        now = w.options[w.index] if w.index is not None else None
        return next(o for o in w.options if o != now)
    if kind == "multiselect":
        return [w.options[-1]] if list(w.value) != [w.options[-1]] else [w.options[0]]
    if kind in ("toggle", "checkbox"):
        return "false" if w.value else "true"
    if kind == "number_input":
        lo = p.min if p.has_min else 0
        return str(int(lo) + 1 if w.value != int(lo) + 1 else int(lo) + 2)
    return None


def kind_of(w) -> str:
    return "select_slider" if w.type == "select_slider" else w.type


@pytest.mark.parametrize("lesson", LESSON_SLUGS)
def test_reset_brings_back_every_control_of_every_tab(lesson):
    labels = tabs_and_widgets(lesson)[0]
    for label in labels or (None,):
        reset_case(lesson, label)


def reset_case(lesson: str, label: str | None) -> None:
    base = {"lang": "en", **({tab_key(lesson): label} if label else {})}
    at = open_page(lesson, base)
    assert_clean(at)
    recorded, drawn = at.session_state[DEFAULTS_KEY], controls(at)
    assert drawn, "no control drawn: the test would prove nothing"
    assert set(drawn) <= set(recorded), f"controls drawn past ui.controls.control: {set(drawn) - set(recorded)}"
    defaults = {k: at.session_state[k] for k in drawn}
    for key, value in defaults.items():
        assert recorded[key] == value or (isinstance(value, (tuple, list)) and list(recorded[key]) == list(value)), key
    params = {k: v for k, w in drawn.items() if (v := moved(kind_of(w), w)) is not None}
    at = open_page(lesson, {**base, **params})
    assert_clean(at)
    changed = [k for k in params if at.session_state[k] != defaults[k]]
    assert len(changed) == len(params), f"the link did not move {set(params) - set(changed)}"
    at.button(key="lecture_reset").click().run()
    assert_clean(at)
    for key, value in defaults.items():
        now = at.session_state[key]
        assert now == value or list(now) == list(value), (key, now, value)
    assert at.session_state[SCENE_KEY] is None and at.session_state["lang"] == "en"
