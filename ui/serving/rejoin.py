"""Pages that come back whole on another replica (a lecture hall: replicas behind a load balancer).

When a replica dies, its browsers reconnect through the balancer to another replica, whose new session has never
run their page. Streamlit's browser client asks for a run on reconnecting only if the page holds a timed fragment
(or a run was in flight); otherwise it keeps showing the old elements, whose downloads and media were held by the
dead process. So every page holds one timed fragment that does nothing: on reconnecting, the page runs again from
its URL (page, tab, controls) on the new replica, which makes its images and downloads anew. Its timer fires
once an hour, which costs nothing. tests/e2e/test_lecture_hall.py kills a replica under a page to check it."""
from __future__ import annotations

import streamlit as st

REJOIN_S = 3600


@st.fragment(run_every=REJOIN_S)
def _timer() -> None:
    """Empty: its existence, not its runs, is what makes the browser rerun the page after a reconnect."""


def rerun_on_reconnect() -> None:
    with st.sidebar:
        _timer()
