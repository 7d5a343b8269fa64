"""Shared widgets. Each function owns its key; every key is also its URL parameter."""
from __future__ import annotations

import numpy as np
import streamlit as st

from ui import lecture
from ui.i18n import LANG_KEY, LANGS, browser_default, t, tr
from viz.style import fmt_num

__all__ = ["fmt_num", "init_label", "log_options", "log_slider", "seed", "sidebar"]

SEED_KEY = "seed"
SEED_MAX = 2**31 - 1


def sidebar() -> None:
    """Language, global seed and the presenter view, shown on every page.

    The share panel's link always carries the language (ui.lecture.share_url), so it shows the sharer's language
    under any browser locale. Switching it translates the stored tab labels (ui.lecture.translate_tabs)."""
    with st.sidebar:
        st.radio("Language · 언어", LANGS, index=LANGS.index(browser_default()), key=LANG_KEY,
                 bind="query-params", horizontal=True, on_change=lecture.translate_tabs)
        st.number_input(t("common.seed"), min_value=0, max_value=SEED_MAX, value=0, step=1, key=SEED_KEY,
                        bind="query-params", help=t("common.seed_help"))
        lecture.presenter_toggle()
        st.caption(t("common.sidebar_note"))



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
    return st.select_slider(label, options=options, value=default, key=key, bind="query-params",
                            format_func=fmt_num, help=help)
