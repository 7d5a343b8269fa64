"""Every control's default, as the project's own control helper (ui.controls.control) draws it: what Reset sets.

A page run starts an empty record (begin); each control records its default as it draws (record); Reset sets
the recorded ones and each takes its default again as it draws in the next run, computed there (a control whose
default depends on other controls gets the one of the reset settings); the end of the run closes the reset
(end_run). tests/app/test_reset.py moves every control of every tab and resets it."""
from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

DEFAULTS_KEY = "_control_defaults"   # key -> default of every control the page drew this run
_RESETTING = "_resetting"            # the controls a Reset sets, each as it draws next


def begin(first: dict | None = None) -> None:
    """A page run starts: an empty record (with `first`, defaults of controls drawn by other means)."""
    st.session_state[DEFAULTS_KEY] = dict(first or {})


def record(key: str, value) -> None:
    """A control is about to draw with this default; right after a Reset it takes it."""
    st.session_state.setdefault(DEFAULTS_KEY, {})[key] = value
    pending = st.session_state.get(_RESETTING)
    if pending and key in pending:
        pending.discard(key)
        st.session_state[key] = value


def recorded() -> dict:
    """The default of every control the page drew in its last full run (and its fragments since)."""
    return dict(st.session_state.get(DEFAULTS_KEY) or {})


def reset(keep: Iterable[str] = ()) -> None:
    """Every recorded control but those in `keep` back to its default. Set, not deleted: a deleted value would
    be seeded again from the URL."""
    keep = set(keep)
    defaults = {k: v for k, v in recorded().items() if k not in keep}
    for key, value in defaults.items():
        try:
            st.session_state[key] = value
        except Exception:  # noqa: S112 - a value Streamlit does not let a script set
            continue
    st.session_state[_RESETTING] = set(defaults)


def end_run() -> None:
    st.session_state.pop(_RESETTING, None)
