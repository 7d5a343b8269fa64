"""Page furniture shared by every lesson: the title, the teaching text and chart output."""
from __future__ import annotations

import streamlit as st

from ui.i18n import t


def header(section: str) -> None:
    """Title and the lesson's few sentences: what the student sees and what to try."""
    st.title(t(f"{section}.title"))
    st.markdown(t(f"{section}.intro"))


def chart(fig, key: str) -> None:
    """One Plotly figure, full width; uirevision keeps the user's zoom across reruns."""
    fig.update_layout(uirevision=key)
    st.plotly_chart(fig, width="stretch", key=key, config={"displaylogo": False})


def explain(key: str, **fmt) -> None:
    st.caption(t(key, **fmt))
