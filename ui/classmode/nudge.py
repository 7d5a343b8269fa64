"""Push, not poll: a student's class bar reruns the moment its room changes, not at its next timer tick.

Every following page has a class bar (ui.classmode.pacing), a fragment that reads the teacher's view. Asking the database
once a second from 60 pages costs a core's fifth at rest and still leaves half a second of delay on average. So
one thread per server process watches the rooms its students are in: every WATCH_S one read of all their
pulses (classroom's `pulses`: the view's version, the pause, the reveals, the room's end) and, when a room's
pulse changes, it reruns the class bar of each of that room's sessions, as the browser's own fragment timer
would. The bar then reads the view and moves the page exactly as on its timer, which stays as the fallback
(a slower one: ui.classmode.pacing.FOLLOW_S). Every replica behind a balancer runs its own watcher on the shared store.

A rerun asked for by the server is Streamlit's runOnSave path (AppSession.request_rerun with the session's
last client state), scoped to the bar's fragment and with no widget values of its own, so nothing the student
set in the meantime is undone (ui.st_internals.rerun_fragment; tests/e2e/test_class_follow.py holds it).
Without a server runtime (AppTest) nothing is watched."""
from __future__ import annotations

import logging
import threading
import time

from classroom import ClassroomError
from ui import st_internals

WATCH_S = 0.25     # how often the watcher reads the rooms' pulses (one read for all rooms of the process)
_log = logging.getLogger(__name__)
_lock = threading.Lock()
_rooms: dict[str, dict[str, str]] = {}    # room code -> {session id: fragment id of its class bar}
_room_of: dict[str, str] = {}             # session id -> room code
_store: list = [None]                     # the store the bars read (the watcher reads the same)
_busy: dict[str, tuple[str, float]] = {}  # session id -> (fragment id, give up at): a run was in progress
RETRY_S = 10.0                            # a session busy this long gets its bar's own timer instead
_started = threading.Event()


def listen(code: str, store) -> None:
    """Called inside the class bar's fragment: this session's bar reruns when room `code` changes."""
    sid, fid = st_internals.session_id(), st_internals.fragment_id()
    if sid is None or not fid or store is None:
        return
    with _lock:
        old = _room_of.get(sid)
        if old is not None and old != code:
            _rooms.get(old, {}).pop(sid, None)
        _rooms.setdefault(code, {})[sid] = fid
        _room_of[sid] = code
        _store[0] = store
    if not _started.is_set():
        _start()


def forget() -> None:
    """This session left its room (or never was in one): no more reruns for it."""
    sid = st_internals.session_id()
    if sid is not None:
        _drop(sid)


def _drop(sid: str) -> None:
    with _lock:
        code = _room_of.pop(sid, None)
        if code is not None:
            _rooms.get(code, {}).pop(sid, None)
            if not _rooms.get(code):
                _rooms.pop(code, None)


def _start() -> None:
    with _lock:
        if _started.is_set() or not st_internals.runtime_exists():
            return
        _started.set()
    threading.Thread(target=_watch, name="class-nudge", daemon=True).start()


def _watch() -> None:
    seen: dict[str, tuple] = {}
    while True:
        time.sleep(WATCH_S)
        with _lock:
            codes, store = [c for c, s in _rooms.items() if s], _store[0]
            again, now = list(_busy.items()), time.monotonic()
            _busy.clear()
        if again:
            loop = _loop()
            for sid, (fid, until) in again:
                if loop is not None and now < until and not loop.is_closed():
                    loop.call_soon_threadsafe(_rerun_bar, sid, fid, until)
        if not codes or store is None:
            continue
        try:
            pulses = store.pulses(codes)
        except ClassroomError:            # the store is down for a moment: the bars' own timers still run
            continue
        except Exception:                 # never let the watcher die: log, and try again next time
            _log.exception("reading the rooms' pulses failed")
            continue
        changed = [c for c in codes if c in pulses and seen.get(c, pulses[c]) != pulses[c]]
        seen = {c: pulses[c] for c in codes if c in pulses}
        if not changed:
            continue
        loop = _loop()
        if loop is None:                  # the server is stopping
            return
        with _lock:
            targets = [(sid, fid) for c in changed for sid, fid in _rooms.get(c, {}).items()]
        until = time.monotonic() + RETRY_S
        try:
            for sid, fid in targets:
                loop.call_soon_threadsafe(_rerun_bar, sid, fid, until)
        except RuntimeError:              # the event loop closed: the server is stopping
            return


def _loop():
    return st_internals.event_loop()


def _rerun_bar(sid: str, fid: str, until: float) -> None:
    """On the server's event loop: rerun session `sid`'s class bar, as its browser's timer would. Only while
    the session runs nothing: a rerun asked for while its last run is ending would start a second script runner
    before the first one's end reached the browser, which then never hears that run finish (the race
    AppSession.request_rerun's comment describes for fragments); a busy session is asked again next time."""
    outcome = st_internals.rerun_fragment(sid, fid)
    if outcome == "gone":                 # the tab is closed
        _drop(sid)
    elif outcome == "busy":               # running (or still shutting down): try again in WATCH_S
        with _lock:
            _busy[sid] = (fid, until)
    # "absent": the page drew no bar in its last run; it registers again if it does
