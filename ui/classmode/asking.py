"""Predict, then reveal: ask a question, the live tally and the teacher's reveal; the session's place in a class.

The store is `classroom` (no Streamlit). Starting, joining, leaving and rejoining a class is ui/room.py; following
the teacher is ui/pacing.py. The teacher's key lives in this session and in the teacher's browser (ui/memory.py),
never in a URL; a student is a random id per room, kept by the browser. Nothing a student types is rendered as
HTML or markdown: choices are option codes shown by their (our) labels, and numbers are shown as parsed floats.
Without a class, `ask` still works for one student alone."""
from __future__ import annotations

import math
import os
import secrets
import time

import streamlit as st

from classroom import ClassroomError, open_store
from classroom.answers import to_number
from classroom.errors import InvalidAnswer
from classroom.question import Question
from ui.i18n import t
from ui.lecture import presenting
from ui.page import chart
from viz.alt.classroom import tally as tally_alt
from viz.classroom import tally_figure

# This session's place in a class: the room, the teacher's key (the teacher only), the student's id in that room.
CODE, KEY, STUDENT, SEEN = "classroom.code", "classroom.teacher_key", "classroom.student", "classroom.seen"
PENDING = "classroom.pending_error"
WATCH = "classroom.watch"   # a list when a poll of the room (ui.classmode.pacing's class bar) watches these questions' reveal
REFRESH_S = 2.0    # the teacher's tally and a waiting student's view poll the store this often
RETRY_S = 60.0     # a database that failed to open is tried again after this long
_failed: dict[str, float] = {}
GONE = ("unknown_room", "room_expired", "room_closed")


def _db_url() -> str:
    try:  # CLASSROOM_DB from the environment, else from the app's secrets (Community Cloud)
        return os.environ.get("CLASSROOM_DB") or str(st.secrets.get("CLASSROOM_DB", ""))
    except Exception:  # no secrets file: the embedded SQLite default
        return ""


@st.cache_resource(show_spinner=False)
def _open(url: str):
    return open_store(url or None)


def store():
    """The server's store, or None when the class features are unavailable."""
    url = _db_url()
    if time.time() - _failed.get(url, -math.inf) < RETRY_S:
        return None
    try:
        return _open(url)
    except ClassroomError:
        _failed[url] = time.time()
        return None


def membership() -> tuple[str | None, str | None]:
    """(room code, teacher key): (code, key) for the teacher, (code, None) for a student, (None, None) outside."""
    return st.session_state.get(CODE), st.session_state.get(KEY)


def enter(code: str, *, key: str | None = None, sid: str | None = None) -> None:
    """This session is now in room `code`: as its teacher (`key`), or as a student (`sid`, a new random id when
    None: one id per room, so that nothing links a student's answers across classes)."""
    st.session_state[CODE] = code
    if key:
        st.session_state[KEY] = key
    else:
        st.session_state.pop(KEY, None)
        st.session_state[STUDENT] = sid or secrets.token_hex(8)


def _error(e: ClassroomError) -> None:
    if isinstance(e, InvalidAnswer):
        st.warning(t(f"classroom.bad.{e.reason}"), icon=":material/edit:")
    else:
        st.warning(t(f"classroom.err.{e.code}"), icon=":material/error:")
    if e.code in GONE:  # the room is gone: this session leaves it
        leave()


def leave() -> None:
    for k in (CODE, KEY):
        st.session_state.pop(k, None)
    st.session_state[SEEN] = True   # a join link in the URL does not join again


# The buttons act in on_click callbacks (before the run), so a click survives a rerun early in the run (a
# lesson page reruns itself once on a fresh server: ui.page.use_app_navigation). A callback's error is kept
# and shown where the panel or the question draws (flush).
def later(fn, *args) -> None:
    try:
        fn(*args)
    except ClassroomError as e:
        st.session_state[PENDING] = e


def flush() -> None:
    e = st.session_state.pop(PENDING, None)
    if e is not None:
        _error(e)


def student_id() -> str:
    return st.session_state.setdefault(STUDENT, secrets.token_hex(8))


def _answer_widget(q: Question, compact: bool = False):
    """The answer box; `compact` (presenter view): no label line, the hint inside the box."""
    key, vis = f"classroom_answer_{q.id}", "collapsed" if compact else "visible"
    if q.options:
        return st.radio(t("classroom.your_choice"), list(q.options), format_func=q.options.get, index=None,
                        key=key, horizontal=compact, label_visibility=vis)
    return st.text_input(t("classroom.your_estimate"), key=key, max_chars=40, label_visibility=vis,
                         placeholder=t("classroom.your_estimate") if compact else None)


def _answer_row(compact: bool):
    """Where the answer box and its button go: one row in the presenter view."""
    return st.container(horizontal=True, vertical_alignment="center") if compact else st.container()


def _truth(q: Question, mine) -> None:
    text = (t("classroom.revealed_truth", truth=q.show(q.truth)) if mine is None
            else t("classroom.revealed_mine", mine=q.show(mine), truth=q.show(q.truth)))
    if presenting():   # one line, the reason behind its (?) mark: the chart stays on the first screen
        st.markdown(f":material/lightbulb: **{text}**", help=q.why)
        return
    st.info(text, icon=":material/lightbulb:")
    st.caption(q.why)


def ask(q: Question) -> bool:
    """Ask `q` before its result; True once the truth is out (revealed in class, or shown alone). Until then the
    lesson's results below are covered (ui.lecture.question_slot), so the chart does not give the answer away."""
    with st.container(border=True, key=f"classroom_q_{q.id}"):
        st.markdown(f"**{q.prompt}**")
        s, (code, key) = store(), membership()
        try:
            if s is not None and code and key:
                return _ask_teacher(s, code, key, q)
            if s is not None and code:
                return _ask_student(s, code, q)
        except ClassroomError as e:
            _error(e)
        return _ask_alone(q)


def _ask_alone(q: Question) -> bool:
    shown = f"classroom_shown_{q.id}"
    if not st.session_state.get(shown):
        with _answer_row(presenting()):
            _answer_widget(q, compact=presenting())
            st.button(t("classroom.show"), key=f"classroom_show_{q.id}", on_click=_show, args=(q.id,))
        return False
    if not presenting():
        _answer_widget(q)
    raw, mine = st.session_state.get(f"classroom_mine_{q.id}"), None
    if raw not in (None, ""):
        try:
            mine = raw if q.options else to_number(raw)
        except InvalidAnswer as e:
            _error(e)
    _truth(q, mine)
    return True


def _show(qid: str) -> None:
    """Show the answer (alone): the prediction is kept apart from its box, which the presenter view folds away."""
    st.session_state[f"classroom_shown_{qid}"] = True
    st.session_state[f"classroom_mine_{qid}"] = st.session_state.get(f"classroom_answer_{qid}")


def _ask_student(s, code: str, q: Question) -> bool:
    sid = student_id()
    if s.is_revealed(code, q.id):
        _truth(q, s.answer_of(code, q.id, sid))
        return True
    with _answer_row(presenting()):
        _answer_widget(q, compact=presenting())
        st.button(t("classroom.submit"), key=f"classroom_submit_{q.id}", type="primary", on_click=later,
                  args=(_submit, code, q))
    flush()
    mine = s.answer_of(code, q.id, sid)
    if mine is not None:
        st.caption(t("classroom.your_answer_is", answer=q.show(mine)))
    watched = st.session_state.get(WATCH)
    if isinstance(watched, list):   # the class bar (ui.classmode.pacing) polls the room anyway: it watches for the reveal
        watched.append(q.id)
        st.caption(t("classroom.waiting"))
    else:
        _wait_for_reveal(code, q.id)
    return False


def _submit(code: str, q: Question) -> None:
    """The session's id when the click arrives, not when the button was drawn: a reloaded page learns the
    browser's id for the room (ui.classmode.room.restore) a moment after it first draws."""
    raw = st.session_state.get(f"classroom_answer_{q.id}")
    s = store()
    if s is not None and raw not in (None, ""):
        s.submit(code, q.id, student_id(), raw, kind=q.kind, choices=tuple(q.options) or None)


@st.fragment(run_every=REFRESH_S)
def _wait_for_reveal(code: str, question_id: str) -> None:
    s = store()
    try:
        if s is not None and s.is_revealed(code, question_id):
            st.rerun(scope="app")
    except ClassroomError:
        return
    st.caption(t("classroom.waiting"))


def _ask_teacher(s, code: str, key: str, q: Question) -> bool:
    revealed = s.is_revealed(code, q.id)
    left, right = st.columns([2, 3]) if presenting() else (st.container(), st.container())
    with right:   # presenter view: the tally beside the buttons, not above the lesson's chart
        _live_tally(code, q)
    with left, st.container(horizontal=True):
        if not revealed:
            st.button(t("classroom.reveal"), key=f"classroom_reveal_{q.id}", type="primary", on_click=later,
                      args=(s.reveal, code, q.id, key))
        st.button(t("classroom.reset"), key=f"classroom_reset_{q.id}", on_click=later,
                  args=(s.reset, code, q.id, key))
    flush()
    if revealed:
        with left:
            _truth(q, None)
    return revealed


@st.fragment(run_every=REFRESH_S)
def _live_tally(code: str, q: Question) -> None:
    s = store()
    if s is None:
        return
    try:
        tally = s.tally(code, q.id)
    except ClassroomError:
        return
    st.caption(t("classroom.n_answers", n=tally["n"]))
    truth = q.truth if tally.get("revealed") else None
    fig = tally_figure(q.options or None, tally, t, revision=q.id, compact=presenting(), truth=truth)
    chart(fig, tally_alt(q.options or None, tally, t, truth=truth), f"classroom_tally_{q.id}", table=False)
