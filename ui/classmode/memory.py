"""What this browser remembers of the class, in its local storage: the teacher's room and key, a student's room and
per-room random id. A reload, a sleeping laptop or a second tab of the same browser rejoins; another browser or
device is someone new. Never in a URL: a link can be projected, shared or kept in a history.

A small st.components.v2 component (no iframe, no network) reads and writes localStorage. It answers Python
only when the browser holds something (so a visitor who never joined a class costs no extra run) and only when
that changed since it last answered. A tab's own role (sessionStorage, per tab) lets one browser hold a teacher's
tab and a student's tab without the student's reload turning it into the teacher."""
from __future__ import annotations

import json

import streamlit as st

KEY = "class_memory"          # the component's widget key (its state holds what the browser last reported)
_WRITE = "memory.write"       # what the next run hands the browser to store
_JS = """
export default function ({ data, setStateValue }) {
  const K = "cs231n.class.";
  const get = (s, k) => { try { return s.getItem(K + k) || ""; } catch (e) { return ""; } };
  const put = (s, k, v) => { try { v ? s.setItem(K + k, v) : s.removeItem(K + k); } catch (e) { /* private mode */ } };
  const w = (data && data.write) || {};
  if ("teacher" in w) put(localStorage, "teacher", w.teacher ? JSON.stringify(w.teacher) : "");
  if ("student" in w) {
    const old = get(localStorage, "student");
    // keep=true: a join link opened again keeps this browser's id for that room (a reload is the same student)
    const same = w.student && w.student.keep && old && JSON.parse(old).code === w.student.code;
    if (!same) put(localStorage, "student", w.student ? JSON.stringify({code: w.student.code, sid: w.student.sid}) : "");
  }
  if ("tab" in w) put(sessionStorage, "tab", w.tab || "");
  const now = JSON.stringify({teacher: get(localStorage, "teacher"), student: get(localStorage, "student"),
                              tab: get(sessionStorage, "tab")});
  const empty = now === JSON.stringify({teacher: "", student: "", tab: ""});
  const last = window.__cs231nClassMemory;
  if (now !== last && !(last === undefined && empty)) {
    window.__cs231nClassMemory = now;
    setStateValue("stored", now);
  }
}
"""
_component = st.components.v2.component("cs231n_class_memory", js=_JS)


def write(**records) -> None:
    """Store in the browser: teacher={"code", "key", "closed"} | None, student={"code", "sid", "keep"} | None,
    tab="teacher" | "student" | "" (None deletes). Handed to the browser on every run until it reports it back
    (a run cut short by a rerun may never have reached it)."""
    st.session_state.setdefault(_WRITE, {}).update(records)


def sync() -> dict:
    """Mount the component (once per full run, app.py) and return what the browser holds: {"teacher": dict|None,
    "student": dict|None, "tab": str}; empty until the browser has answered (its first answer reruns the app)."""
    pending = st.session_state.get(_WRITE)
    result = _component(key=KEY, data={"write": pending}, on_stored_change=lambda: None, height=0)
    held = _parse(getattr(result, "stored", None) if result is not None else None)
    if pending and held and _holds(held, pending):
        st.session_state.pop(_WRITE, None)
    return held


def _holds(held: dict, w: dict) -> bool:
    """The browser reports what was written (a student record kept for its room counts: the room is the same)."""
    if "teacher" in w and held["teacher"] != w["teacher"]:
        return False
    if "student" in w and (held["student"] or {}).get("code") != (w["student"] or {}).get("code"):
        return False
    return "tab" not in w or held["tab"] == (w["tab"] or "")


def _parse(raw) -> dict:
    if not raw:
        return {}
    try:
        stored = json.loads(raw)
        return {role: _record(stored.get(role)) for role in ("teacher", "student")} | {"tab": str(stored.get("tab", ""))}
    except (TypeError, ValueError, AttributeError):
        return {}


def _record(text) -> dict | None:
    """A stored record, or None: what a browser holds is checked again by the store before it is believed."""
    try:
        record = json.loads(text) if text else None
    except (TypeError, ValueError):
        return None
    return record if isinstance(record, dict) and isinstance(record.get("code"), str) else None
