"""Who this browser is in a class: start one (teacher), join by code or link (student), leave or close, and rejoin
after a reload from what the browser remembers (ui/memory.py). The sidebar's class panel.

The browser keeps the teacher's room and key and a student's room and id; the store checks them again before a
session believes them. A closed room stays the teacher's to download the report from, until the store forgets it."""
from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from classroom import ClassroomError
from classroom.codes import display_code, normalise_code
from classroom.errors import RoomClosed, RoomExpired, StoreUnavailable
from classroom.store import TTL_S
from ui.classmode import memory
from ui.classmode.asking import (
    CODE,
    GONE,
    KEY,
    PENDING,
    SEEN,
    enter,
    flush,
    later,
    leave,
    membership,
    store,
    student_id,
)
from ui.classmode.report import report_buttons
from ui.i18n import current_lang, t
from ui.share import qr_png

ROOM_KEY = "room"              # the join box's widget key and URL parameter: ?room=ABCD-EFGH opens the class
CLOSED = "classroom.closed"    # (code, key) of the teacher's last closed room: its report stays downloadable
PACED = "classroom_paced"      # the teacher's toggle: students follow the teacher's scenes (teacher-paced mode)
_HELD = "room.held"            # what the browser reported last (restore acts once per change)


def join_link(code: str) -> str:
    """This page's address with the room, the language, and the teacher's scene and seed (so a student's
    question is the teacher's, its truth computed from the same run)."""
    params = {ROOM_KEY: display_code(code), "lang": current_lang()}
    params |= {k: st.query_params[k] for k in ("scene", "seed") if k in st.query_params}
    return f"{(st.context.url or '').split('?', 1)[0]}?{urlencode(params)}"


def sidebar_panel() -> None:
    """The class panel in the sidebar (app.py): folded, unless this session is in a class or has a join link.
    First, what the browser remembers (a hidden component) and the rejoin it allows."""
    with st.sidebar:
        restore(memory.sync())
    open_ = bool(st.session_state.get(CODE) or st.query_params.get(ROOM_KEY))
    with st.sidebar.expander(t("classroom.panel"), icon=":material/groups:", expanded=open_):
        class_panel()


def restore(held: dict) -> None:
    """Take back what the browser remembers, once per change of it: a reloaded student keeps their id in the
    room (even when the join link joined first, with a new one); a session in no class becomes the room's
    teacher again (a closed room: its report), or its student. A record the store refuses is forgotten."""
    if not held or held == st.session_state.get(_HELD):
        return
    st.session_state[_HELD] = held
    s, (code, key) = store(), membership()
    teacher, student = held.get("teacher"), held.get("student")
    if s is None:
        return
    if code:
        if not key and student and student.get("code") == code and student.get("sid") != student_id():
            try:                                  # the browser's id for this room wins over the link's new one
                s.adopt(code, student_id(), student["sid"])
            except ClassroomError:
                return
            enter(code, sid=student["sid"])
        return
    try:
        if teacher and held.get("tab") != "student" and teacher.get("key"):
            _restore_teacher(s, teacher["code"], teacher["key"])
        elif student and held.get("tab") != "teacher" and student.get("sid"):
            s.status(student["code"])
            enter(normalise_code(student["code"]), sid=student["sid"])
    except StoreUnavailable:
        return
    except ClassroomError as e:
        memory.write(**{"teacher" if teacher and held.get("tab") != "student" else "student": None})
        if e.code in GONE:
            st.session_state[PENDING] = e   # said in the panel: "the teacher has closed this class"


def _restore_teacher(s, code: str, key: str) -> None:
    s.check_teacher(code, key, allow_closed=True)      # the key is this room's and the room is not forgotten
    try:
        s.check_teacher(code, key)
    except (RoomClosed, RoomExpired):
        st.session_state[CLOSED] = (normalise_code(code), key)
        return
    enter(normalise_code(code), key=key)
    st.session_state[PACED] = s.view(code)["paced"]


def class_panel() -> None:
    """Start a class (teacher) or join one by code or link (student); while in one, show the room."""
    s = store()
    if s is None:
        st.info(t("classroom.unavailable"), icon=":material/cloud_off:")
        return
    if not st.session_state.get(CODE) and not st.session_state.get(SEEN) and st.query_params.get(ROOM_KEY):
        later(_join, st.query_params.get(ROOM_KEY))   # a join link joins at once (no rerun: it keeps the page)
    st.session_state[SEEN] = True
    flush()
    code, key = membership()
    if code and key:
        _teacher_panel(code)
        return
    if code:
        st.caption(t("classroom.joined", code=display_code(code)))
        st.caption(t("classroom.student_memory"))
        st.button(t("classroom.leave"), key="classroom_leave", on_click=_student_leaves)
        return
    if st.session_state.get(CLOSED):
        closed, closed_key = st.session_state[CLOSED]
        st.info(t("classroom.closed_note", code=display_code(closed), hours=f"{TTL_S / 3600:g}"),
                icon=":material/lock:")
        report_buttons(closed, closed_key)
    st.button(t("classroom.start"), key="classroom_start", help=t("classroom.start_help"),
              icon=":material/co_present:", on_click=later, args=(_start,))
    st.text_input(t("classroom.join_label"), key=ROOM_KEY, bind="query-params", max_chars=16,
                  placeholder="ABCD-EFGH")
    st.button(t("classroom.join"), key="classroom_join", on_click=lambda: later(_join, st.session_state.get(ROOM_KEY)))


def _teacher_panel(code: str) -> None:
    st.caption(t("classroom.room_code"))
    st.header(display_code(code))  # our own alphabet: safe to show large
    link = join_link(code)
    st.image(qr_png(link, scale=8), width=220, caption=t("classroom.qr_caption"),   # a short link: always fits
             alt=t("classroom.qr_alt", link=link))
    st.code(link, language=None, wrap_lines=True)   # wrapped: no scrolled region the keyboard cannot reach
    st.session_state.setdefault(PACED, True)
    st.toggle(t("classroom.paced"), key=PACED, help=t("classroom.paced_help"))
    report_buttons(code, st.session_state[KEY])
    st.caption(t("classroom.teacher_memory"))
    st.button(t("classroom.close"), key="classroom_close", icon=":material/logout:", on_click=later,
              args=(_close,))


def _start() -> None:
    s = store()
    if s is not None:
        code, key = s.create_room()
        enter(code, key=key)
        st.session_state.pop(CLOSED, None)
        st.session_state[PACED] = True
        memory.write(teacher={"code": code, "key": key, "closed": False}, tab="teacher")


def _close() -> None:
    s, (code, key) = store(), membership()
    leave()
    if s is not None and code and key:
        s.close(code, key)
        st.session_state[CLOSED] = (code, key)
        memory.write(teacher={"code": code, "key": key, "closed": True})


def _join(typed: str | None) -> None:
    s = store()
    if s is not None and typed:
        code = normalise_code(typed)
        s.status(code)
        enter(code)
        st.session_state.pop(CLOSED, None)
        # keep: a join link opened again in this browser (a reload) keeps the id the browser holds for the room
        memory.write(student={"code": code, "sid": student_id(), "keep": True}, tab="student")


def _student_leaves() -> None:
    s, (code, _) = store(), membership()
    sid = student_id()
    leave()
    memory.write(student=None, tab="")
    if s is not None and code:
        try:
            s.leave(code, sid)
        except ClassroomError:
            pass
