"""Teacher-paced mode: the teacher's current view, the pause, and who is in the room.

Plain functions of the store's backend and the time (`now`); classroom.store.Store calls them.

A following student's page polls `view()` every second: one primary-key read of one small row, joined to its
room so that a closed or expired room is said in the same read. The view is language-free (a page's url
path, a scene number, a tab's translation key and the seed), so each student sees it in their own language.
The row's `version` grows by one whenever the view changes: a page moves only when the version it last
applied differs.
Presence is a beat every few seconds per student (`seen`), kept as the last time and whether they follow."""
from __future__ import annotations

from classroom.answers import check_id
from classroom.codes import normalise_code
from classroom.errors import InvalidId, UnknownRoom
from classroom.rooms import check_open, check_teacher, key_hash

PRESENT_S = 30.0   # seen within this long: counted as joined (a page beats every BEAT_S, ui.classmode.pacing)
MAX_SCENE = 99
MAX_SEED = 2**31 - 1
MAX_PULSE = 200           # rooms one pulses() read covers (a server holds at most 200 open rooms)
MAX_DATA = 1500           # a drawn data set, in characters (ui.lessons.owndata: 3 a point, at most 500)
_DATA_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
NO_VIEW = {"page": None, "scene": None, "tab": None, "seed": 0, "data": None, "paced": True, "paused": False,
           "version": 0}


def _check_view(page: str, scene: int | None, tab: str | None, seed: int, data: str | None) -> None:
    check_id(page, "page")
    if tab is not None:
        check_id(tab, "tab")
    if scene is not None and (isinstance(scene, bool) or not isinstance(scene, int)
                              or not 1 <= scene <= MAX_SCENE):
        raise InvalidId(f"scene must be 1..{MAX_SCENE} or None, got {scene!r:.40}")
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise InvalidId(f"seed must be 0..{MAX_SEED}, got {seed!r:.40}")
    if data is not None and not (isinstance(data, str) and 0 < len(data) <= MAX_DATA
                                 and set(data) <= _DATA_CHARS):
        raise InvalidId(f"data must be 1..{MAX_DATA} URL-safe base64 characters or None, got {data!r:.40}")


def set_view(backend, now: float, code: str, teacher_key: str, *, page: str, scene: int | None = None,
             tab: str | None = None, seed: int = 0, paced: bool = True, question: str | None = None,
             data: str | None = None) -> int:
    """The teacher's view is now `page` (a url path), `scene` (1-based, or None) and `tab` (its translation
    key) on `seed`, training on the drawn data set `data` (ui.lessons.owndata's code) or None for the page's
    own choice; `paced` False lets every student explore. `question`: the scene's class question, recorded
    with the seed for the report. Returns the view's version (unchanged when the view is)."""
    code = normalise_code(code)
    _check_view(page, scene, tab, seed, data)
    if question is not None:
        check_id(question, "question id")
    new = (page, scene, tab, seed, int(bool(paced)), data)
    with backend.tx() as tx:
        check_teacher(tx, code, teacher_key, now, backend.share)
        rows = tx.q("SELECT page, scene, tab, seed, paced, data, version FROM views WHERE code = ?"
                    + backend.update, (code,))
        version = rows[0][6] if rows else 0
        if not rows or tuple(rows[0][:6]) != new:
            version += 1
            tx.x("INSERT INTO views (code, page, scene, tab, seed, paced, data, version, updated_at) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET page = excluded.page, "
                 "scene = excluded.scene, tab = excluded.tab, seed = excluded.seed, paced = excluded.paced, "
                 "data = excluded.data, version = excluded.version, updated_at = excluded.updated_at",
                 (code, *new, version, now))
        if question is not None:
            tx.x("INSERT INTO asked (code, question_id, seed, asked_at) VALUES (?, ?, ?, ?) "
                 "ON CONFLICT (code, question_id) DO UPDATE SET seed = excluded.seed",
                 (code, question, seed, now))
    return version


def view(backend, now: float, code: str, question: str | None = None) -> dict:
    """{"page", "scene", "tab", "seed", "data", "paced", "paused", "version", "revealed"} of an open room
    (version 0: the teacher has not shown anything yet; revealed: whether `question` is revealed, so that a
    page waiting for a reveal needs no second read). One read; UnknownRoom, RoomClosed or RoomExpired as
    every call."""
    code = normalise_code(code)
    qid = check_id(question, "question id") if question is not None else ""
    with backend.tx(write=False) as tx:
        rows = tx.q("SELECT r.expires_at, r.closed_at, v.page, v.scene, v.tab, v.seed, v.data, v.paced, "
                    "v.paused, v.version, q.revealed_at FROM rooms r LEFT JOIN views v ON v.code = r.code "
                    "LEFT JOIN questions q ON q.code = r.code AND q.question_id = ? WHERE r.code = ?",
                    (qid, code))
    if not rows:
        raise UnknownRoom(f"no room {code}")
    expires_at, closed_at, page, scene, tab, seed, data, paced, paused, version, revealed_at = rows[0]
    check_open(code, expires_at, closed_at, now)
    if version is None:
        return {**NO_VIEW, "paused": bool(paused), "revealed": revealed_at is not None}
    return {"page": page, "scene": scene, "tab": tab, "seed": seed, "data": data, "paced": bool(paced),
            "paused": bool(paused), "version": version, "revealed": revealed_at is not None}


def set_paused(backend, now: float, code: str, teacher_key: str, paused: bool) -> None:
    """Cover (or uncover) every student's lesson: "eyes on the projector". Idempotent."""
    code = normalise_code(code)
    with backend.tx() as tx:
        check_teacher(tx, code, teacher_key, now, backend.share)
        tx.x("INSERT INTO views (code, paused, updated_at) VALUES (?, ?, ?) "
             "ON CONFLICT (code) DO UPDATE SET paused = excluded.paused", (code, int(paused), now))


def seen(backend, now: float, code: str, student_id: str, following: bool) -> None:
    """A student's beat: present now, following the teacher or exploring."""
    code = normalise_code(code)
    check_id(student_id, "student id")
    with backend.tx() as tx:
        key_hash(tx, code, now, backend.share)
        tx.x("INSERT INTO presence (code, student_id, following, seen_at) VALUES (?, ?, ?, ?) "
             "ON CONFLICT (code, student_id) DO UPDATE SET following = excluded.following, "
             "seen_at = excluded.seen_at", (code, student_id, int(bool(following)), now))


def adopt(backend, now: float, code: str, temporary_id: str, student_id: str) -> None:
    """A reloaded page joined under a new id and then learnt the browser's own id for the room: whatever it
    answered meanwhile becomes that student's answer (newer, so it replaces theirs), counted once."""
    code = normalise_code(code)
    check_id(temporary_id, "student id")
    check_id(student_id, "student id")
    if temporary_id == student_id:
        return
    with backend.tx() as tx:
        key_hash(tx, code, now, backend.share)
        tx.x("DELETE FROM answers WHERE code = ? AND student_id = ? AND question_id IN (SELECT question_id "
             "FROM answers WHERE code = ? AND student_id = ?)", (code, student_id, code, temporary_id))
        tx.x("UPDATE answers SET student_id = ? WHERE code = ? AND student_id = ?",
             (student_id, code, temporary_id))
        tx.x("DELETE FROM presence WHERE code = ? AND student_id = ?", (code, temporary_id))


def leave(backend, code: str, student_id: str) -> None:
    """The student left the class: no longer counted as joined. Quiet when the room is gone."""
    code = normalise_code(code)
    check_id(student_id, "student id")
    with backend.tx() as tx:
        tx.x("DELETE FROM presence WHERE code = ? AND student_id = ?", (code, student_id))


def presence(backend, now: float, code: str, within_s: float = PRESENT_S) -> dict:
    """{"joined": students seen within `within_s`, "following": those of them who follow the teacher}."""
    code = normalise_code(code)
    with backend.tx(write=False) as tx:
        key_hash(tx, code, now)
        joined, following = tx.q("SELECT COUNT(*), COALESCE(SUM(following), 0) FROM presence "
                                 "WHERE code = ? AND seen_at > ?", (code, now - within_s))[0]
    return {"joined": int(joined), "following": int(following)}


def pulses(backend, now: float, codes) -> dict[str, tuple]:
    """{code: its pulse} of the known rooms among `codes` (at most MAX_PULSE): a tuple that changes whenever a
    student's page must look again (the view's version while the class is teacher-paced, the pause, a reveal
    or its clearing, the room's end). One read for every room a server process has students in
    (ui.classmode.nudge watches them)."""
    codes = sorted({normalise_code(c) for c in codes})[:MAX_PULSE]
    if not codes:
        return {}
    marks = ", ".join("?" * len(codes))
    with backend.tx(write=False) as tx:
        rows = tx.q("SELECT r.code, r.closed_at, r.expires_at, v.version, v.paced, v.paused, "
                    "(SELECT COUNT(q.revealed_at) FROM questions q WHERE q.code = r.code), "
                    "(SELECT MAX(q.revealed_at) FROM questions q WHERE q.code = r.code) "
                    f"FROM rooms r LEFT JOIN views v ON v.code = r.code WHERE r.code IN ({marks})",
                    tuple(codes))
    return {code: (closed, expires <= now, (version or 0) if paced or paced is None else None, bool(paused),
                   n, last)
            for code, closed, expires, version, paced, paused, n, last in rows}
