"""Warm the default views at start-up: every lesson's default view computed once in the background.

The first app.py run of a server process starts one daemon thread. For each language and each lesson it calls the
lesson's `warm(lang)` (ui/lessons/<lesson>.py), which calls the same st.cache_data functions, with the same
arguments, as the page's default view (its first tab, every control at its default, seed 0), so the cached figures
and computations are ready when the class arrives instead of being built by the first students. A lesson whose
warm-up fails costs only its own view. At the end the long-lived heap is frozen (gc.freeze), so later
collections do not walk it again. Skipped under AppTest and when CS231N_WARM=0."""
from __future__ import annotations

import gc
import importlib
import logging
import os
import sys
import threading
import time

from ui.i18n import LANGS
from ui.nav import LESSONS

_started = threading.Event()
_log = logging.getLogger(__name__)
if not _log.handlers:   # Streamlit shows only its own loggers: this one says in the server's log what was warmed
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("%(asctime)s.%(msecs)03d %(levelname)s %(name)s: %(message)s",
                                            "%Y-%m-%d %H:%M:%S"))
    _log.addHandler(_handler)
    _log.setLevel(logging.INFO)


def start() -> None:
    """Start the warm-up once per process (app.py calls this on every run; later calls return at once)."""
    if _started.is_set() or "streamlit.testing" in sys.modules or os.environ.get("CS231N_WARM", "1") == "0":
        return
    _started.set()
    threading.Thread(target=_warm, name="warm-default-views", daemon=True).start()


def default_views() -> list[tuple[str, str]]:
    """(lesson, language) of every default view the warm-up computes."""
    return [(lesson.slug, lang) for lang in LANGS for lesson in LESSONS if lesson.exists]


def _warm() -> None:
    warm_views(default_views())
    gc.collect()
    gc.freeze()   # what is alive now (modules, plotly's validators, warm caches) stays: later collections skip it


def warm_views(views: list[tuple[str, str]]) -> int:
    """Call each lesson's warm(lang); the number that finished. A failure is logged and costs only that view."""
    done, start, cpu = 0, time.perf_counter(), time.thread_time()
    for slug, lang in views:
        try:
            importlib.import_module(f"ui.lessons.{slug}").warm(lang)
            done += 1
        except Exception:
            _log.exception("warming the default view of %s (%s) failed", slug, lang)
    _log.info("warmed %d of %d default views in %.1f s (%.1f s of CPU)", done, len(views),
              time.perf_counter() - start, time.thread_time() - cpu)
    return done

