"""Page furniture shared by every lesson: the title, the lazy tabs, the teaching text and chart output."""
from __future__ import annotations

from collections.abc import Callable, Mapping

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from ui.i18n import t

ROUTED = "_routed_by_app"  # session-state flag app.py sets on every run


def use_app_navigation() -> None:
    """Route a deep link through app.py even when it is a fresh server's very first request.

    Streamlit decides once per process whether the app uses the legacy pages/ folder: until some run
    of app.py has called st.navigation, a first visit to /<page> runs pages/<page>.py on its own, with
    no sidebar and the folder's auto-generated menu. Flip that decision and rerun, so the rerun goes
    through app.py. Sessions whose first run started in legacy mode while another session flipped the
    decision (a class opening one link together) are caught by the missing flag and rerun too
    (streamlit==1.67.0 is pinned; tests/e2e/test_deep_link.py guards this)."""
    if PagesManager.uses_pages_directory or not st.session_state.get(ROUTED):
        PagesManager.uses_pages_directory = False
        st.rerun()


def header(section: str) -> None:
    """Title and the lesson's few sentences: what the student sees and what to try."""
    use_app_navigation()
    st.title(t(f"{section}.title"))
    st.markdown(t(f"{section}.intro"))


def lesson_tabs(key: str, tabs: Mapping[str, Callable[[], None]]) -> None:
    """The lesson's tabs, lazily: `tabs` maps each tab's translation key to the function that draws it,
    and only the open tab's function runs. `key` (stable in every language) is the URL parameter that
    holds the open tab's label, so a link opens the same tab."""
    labels = st.tabs([t(k) for k in tabs], key=key, on_change="rerun", bind="query-params")
    for tab, body in zip(labels, tabs.values(), strict=True):
        if tab.open:
            with tab:
                body()


def chart(fig, key: str) -> None:
    """One Plotly figure, full width; uirevision keeps the user's zoom across reruns."""
    fig.update_layout(uirevision=key)
    st.plotly_chart(fig, width="stretch", key=key, config={"displaylogo": False})


def explain(key: str, **fmt) -> None:
    st.caption(t(key, **fmt))
