"""Shared widgets. Each function owns its key; every key is also its URL parameter."""
from __future__ import annotations

import functools
import inspect
import math

import numpy as np
import streamlit as st

from ui import defaults, lecture, st_internals
from ui.i18n import LANG_KEY, LANGS, browser_default, current_lang, t, tr
from viz.style import fmt_num

__all__ = ["coded_select", "control", "fmt_num", "init_label", "log_options", "log_slider", "seed", "sidebar"]

SEED_KEY = "seed"
SEED_MAX = 2**31 - 1


def _non_finite(text: str) -> bool:
    try:
        return not math.isfinite(float(text))
    except ValueError:
        return False


def guard_url() -> None:
    """Drop URL values that no control of this app takes, non-finite numbers (inf, nan, 1e400), before any
    bound widget reads the URL: they fall back silently to the control's default.

    Streamlit's own URL binding turns them into a traceback on every page: an integer number_input (the
    sidebar seed) parses ?seed=inf as float('inf') and then int() raises OverflowError, which its binding
    does not catch (tests/fuzz/test_pages_fuzz.py guards this). Widgets seed from the URL of the run's
    request, so the check edits that copy too (ui.st_internals.drop_request_params), and runs first, in app.py."""
    st_internals.drop_request_params(_non_finite)


def sidebar() -> None:
    """Language, global seed and the presenter view, shown on every page.

    The language is always in the URL, so every link shows the sharer's language under any browser locale: a
    URL-bound widget would leave out its default, which is the browser's language and differs between sharer
    and viewer, so this one widget is kept in the URL by hand. Switching it translates the stored tab labels
    (ui.lecture.translate_tabs)."""
    with st.sidebar:
        language()
        st.number_input(t("common.seed"), min_value=0, max_value=SEED_MAX, value=0, step=1, key=SEED_KEY,
                        bind="query-params", help=t("common.seed_help"))
        lecture.presenter_toggle()
        st.caption(t("common.sidebar_note"))



def language() -> None:
    """The language radio. Its choice lives in st.session_state["lang"] (a plain value, not widget state, so
    it survives a page switch) and always in the URL as ?lang=: a URL-bound widget would leave out its
    default, the browser's language, which differs between sharer and viewer. The radio has no key, so its
    id follows the chosen index and it always shows the stored choice."""
    lang = st.session_state.get(LANG_KEY)
    if lang not in LANGS:   # a session's first run: the link's language, else the browser's
        url = st.query_params.get(LANG_KEY)
        lang = url if url in LANGS else browser_default()
    choice = st.radio("Language · 언어", LANGS, index=LANGS.index(lang), horizontal=True)
    st.session_state[LANG_KEY] = choice   # written into the URL at the end of the run (ui.lecture.finish_run)
    if choice != lang:
        lecture.translate_tabs(lang, choice)
        # Run again at once: the radio drawn now still has the old index's id, and a browser clicking it next
        # would send its value to an id the next run no longer has (the switch back was lost).
        st.rerun()


def seed() -> int:
    """The global seed chosen in the sidebar."""
    value = st.session_state.get(SEED_KEY, 0)
    return int(value) if isinstance(value, (int, float)) and 0 <= value <= SEED_MAX else 0


def log_options(lo_exp: int, hi_exp: int, per_decade: int = 3) -> list[float]:
    """Log-spaced values 10**lo_exp … 10**hi_exp: 1-2-5 steps (per_decade=3), decades (1) or 1-3 steps (2)."""
    mantissas = {1: (1,), 2: (1, 3), 3: (1, 2, 5)}[per_decade]
    values = [float(f"{m}e{e}") for e in range(lo_exp, hi_exp) for m in mantissas]
    return values + [float(f"1e{hi_exp}")]


def init_label(init: str) -> str:
    """A weight-init scheme's formula, from the locale files (the same in every language: URL-safe)."""
    return tr("en")(f"common.init.{init}")


def log_slider(label: str, key: str, lo_exp: int, hi_exp: int, default: float, *,
               per_decade: int = 3, help: str | None = None) -> float:
    """A slider over log-spaced values, bound to the URL by key."""
    options = log_options(lo_exp, hi_exp, per_decade)
    default = min(options, key=lambda o: abs(np.log10(o) - np.log10(default)))
    return control(st).select_slider(label, options=options, value=default, key=key, bind="query-params",
                            format_func=fmt_num, help=help)


def coded_select(where, label: str, codes: tuple[str, ...], key: str, label_key: str, *,
                 help: str | None = None) -> str:
    """A select over codes shown by their labels in the page's language (`label_key.<code>`), kept in the URL
    by its code: ?ds=drawn opens the same choice in every language.

    Streamlit's URL binding stores a select's shown label, so a translated label would make a Korean link
    meaningless to an English page and the code links (the scenes', the README's) invalid. This select is
    not bound: the URL's code seeds it on the page's first run and on history navigation (back, a pasted
    link), an unknown code falls back to the first; its value goes into the URL at every run (left out at
    the first). A value set in st.session_state before it draws (a scene, the class) wins, as for the rest."""
    if key not in st.session_state or st_internals.history_navigation():
        st.session_state[key] = st.query_params.get(key)
    if st.session_state[key] not in codes:             # no code, or one this select does not have
        st.session_state[key] = codes[0]
    t_ = tr(current_lang())                         # bound now: the labels of this run's language
    value = control(where).selectbox(label, codes, key=key, format_func=lambda c: t_(f"{label_key}.{c}"), help=help)
    if value == codes[0]:
        st.query_params.pop(key, None)
    elif st.query_params.get(key) != value:
        st.query_params[key] = value
    return value


# ---- every lesson control through one door: its default recorded for Reset -----------------------------------
KINDS = ("slider", "select_slider", "selectbox", "radio", "toggle", "checkbox", "number_input", "segmented_control",
         "pills", "multiselect", "text_input", "text_area")


@functools.cache
def _signature(kind: str) -> inspect.Signature:
    return inspect.signature(getattr(st, kind))


def default_of(kind: str, args: tuple, kwargs: dict):
    """The value widget `kind` called with (args, kwargs) starts from, as its documented parameters say: a
    slider's `value` (else `min_value`), a select's `options[index]`, a multiselect's `default` as a list, ..."""
    bound = _signature(kind).bind(*args, **kwargs)
    bound.apply_defaults()
    a = bound.arguments
    if kind in ("selectbox", "radio"):
        return None if a["index"] is None else list(a["options"])[a["index"]]
    if kind == "select_slider":
        value = a["value"]
        return list(a["options"])[0] if value is None else tuple(value) if isinstance(value, list) else value
    if kind == "slider":
        value = a["min_value"] if a["value"] is None else a["value"]
        return tuple(value) if isinstance(value, list) else value
    if kind in ("toggle", "checkbox"):
        return bool(a["value"])
    if kind == "number_input":
        return (a["min_value"] if a["min_value"] is not None else 0.0) if a["value"] == "min" else a["value"]
    if kind in ("multiselect",) or (kind in ("pills", "segmented_control") and a["selection_mode"] == "multi"):
        d = a["default"]
        return [] if d is None else [d] if isinstance(d, (str, int, float)) else list(d)
    if kind in ("pills", "segmented_control"):
        return a["default"]
    return a["value"]   # text_input, text_area


class _Controls:
    """`where`'s value widgets, drawn as Streamlit draws them, each keyed one's default recorded for Reset."""

    def __init__(self, where) -> None:
        self.where = where

    def __getattr__(self, kind: str):
        if kind not in KINDS:
            raise AttributeError(kind)

        def draw(*args, **kwargs):
            if kwargs.get("key") is not None:
                defaults.record(str(kwargs["key"]), default_of(kind, args, kwargs))
            return getattr(self.where, kind)(*args, **kwargs)

        return draw


def control(where=st) -> _Controls:
    """The one way a lesson draws a control: `control(c1).slider(label, 0, 10, 3, key="k", bind="query-params")`
    is `c1.slider(...)` whose default (3) Reset knows (ui.defaults). The defaults are read from the call's
    own arguments, so a page states each default once; tests/test_architecture.py holds every lesson control to
    this door and tests/app/test_reset.py checks every recorded default against the drawn widget."""
    return _Controls(where)
