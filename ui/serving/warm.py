"""Warm the default views at start-up: the server opens every page once, as a student would, in the background.

The first app.py run of a server process starts one daemon thread. It connects to the server's own websocket on
loopback and asks for each page's default view in each language, so the cached figures and computations are
ready when the class arrives instead of being built by the first students (one cold lesson takes 2–5 s of CPU).
At the end the long-lived heap is frozen (gc.freeze), so later collections do not walk it again.
Skipped under AppTest (no server to connect to) and when CS231N_WARM=0."""
from __future__ import annotations

import asyncio
import gc
import logging
import os
import sys
import threading

import streamlit as st

from ui import st_internals
from ui.i18n import LANGS
from ui.nav import LESSONS

_started = threading.Event()
_log = logging.getLogger(__name__)


def start() -> None:
    """Start the warm-up once per process (app.py calls this on every run; later calls return at once)."""
    if _started.is_set() or "streamlit.testing" in sys.modules or os.environ.get("CS231N_WARM", "1") == "0":
        return
    _started.set()
    url = st_internals.stream_url(st.get_option("server.port"))
    pages = [(page, lang) for lang in LANGS for page in ("home", *(x.slug for x in LESSONS if x.exists))]
    threading.Thread(target=_warm, args=(url, pages), name="warm-default-views", daemon=True).start()


def _warm(url: str, pages: list[tuple[str, str]]) -> None:
    asyncio.run(open_views(url, pages))
    gc.collect()
    gc.freeze()   # what is alive now (modules, plotly's validators, warm caches) stays: later collections skip it


async def open_views(url: str, pages: list[tuple[str, str]]) -> int:
    """Open each (page, lang) in one session of our own (ui.st_internals.open_views); the number of views that
    finished. A warm-up that fails costs nothing but the warm-up."""
    done = await st_internals.open_views(url, pages)
    _log.info("warmed %d of %d default views", done, len(pages))
    return done
