"""The class-tally store: rooms, anonymous answers, live tallies and the teacher's reveal. No Streamlit.

    store = open_store()                      # CLASSROOM_DB, else one SQLite file in the temp directory
    code, key = store.create_room()           # the code is read aloud; the key stays with the teacher
    store.submit(code, "init.std10", student_id, 0.0)     # or a choice: "b"
    store.tally(code, "init.std10")           # {"kind", "n", "counts", "values", "revealed"}
    store.reveal(code, "init.std10", key)     # later answers are refused with AlreadyRevealed
    store.set_view(code, key, page="initialization", scene=4, tab="initialization.tab.stats", seed=0)
    store.view(code)                          # what a following student's page polls (classroom.pacing)
    store.report(code, key)                   # each question's counts, also after close (classroom.report)

Every refusal is a `classroom.errors.ClassroomError` subclass with a stable `code`. The room checks every call
starts with are classroom.rooms; teacher-paced mode is classroom.pacing, the report classroom.report: plain
functions of the backend and the time, which the Store's methods call."""
from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable

from classroom import pacing, report
from classroom.answers import check_id, normalise
from classroom.backends import PostgresBackend, SQLiteBackend
from classroom.codes import hash_key, new_code, new_teacher_key, normalise_code
from classroom.errors import AlreadyRevealed, InvalidAnswer, QuestionFull, ServerFull
from classroom.pacing import PRESENT_S
from classroom.rooms import check_teacher, key_hash, purge

TTL_S = 6 * 3600      # a room lives one teaching day
MAX_ROOMS = 200       # open rooms per server (every replica sharing one database counts)
MAX_ANSWERS = 500     # answers per question: a large lecture hall
KEPT_ROWS = 5         # ended rooms are kept for a TTL (to say "expired"), up to KEPT_ROWS × MAX_ROOMS rooms
DB_FILE = "cs231n-classroom.sqlite3"


def default_url() -> str:
    return os.environ.get("CLASSROOM_DB") or os.path.join(tempfile.gettempdir(), DB_FILE)


def open_store(url: str | None = None, *, ttl_s: float = TTL_S, max_rooms: int = MAX_ROOMS,
               max_answers: int = MAX_ANSWERS, clock: Callable[[], float] = time.time) -> Store:
    """A store on `url`: a `postgresql://` URL, a `sqlite:///path` URL or a file path (default CLASSROOM_DB).

    Raises StoreUnavailable when the database cannot be opened (unwritable path, server down)."""
    url = url or default_url()
    if url.startswith(("postgresql://", "postgres://")):
        backend = PostgresBackend(url)
    else:
        backend = SQLiteBackend(url.removeprefix("sqlite:///"))  # as SQLAlchemy: sqlite:////abs, sqlite:///rel
    return Store(backend, ttl_s=ttl_s, max_rooms=max_rooms, max_answers=max_answers, clock=clock)


class Store:
    def __init__(self, backend, *, ttl_s: float, max_rooms: int, max_answers: int,
                 clock: Callable[[], float]):
        self.backend, self.ttl_s, self.max_rooms, self.max_answers = backend, ttl_s, max_rooms, max_answers
        self._clock = clock

    # -- rooms -----------------------------------------------------------------------------------
    def create_room(self) -> tuple[str, str]:
        """A new room: (code, teacher_key). Only a hash of the key is stored."""
        key = new_teacher_key()
        now = self._clock()
        with self.backend.tx() as tx:
            self.backend.lock_server(tx)
            purge(tx, now, now - self.ttl_s)
            if tx.q("SELECT COUNT(*) FROM rooms")[0][0] >= KEPT_ROWS * self.max_rooms:
                purge(tx, now, now)  # too many ended rooms kept: forget them now ("unknown", not "closed")
            open_rooms, = tx.q("SELECT COUNT(*) FROM rooms WHERE closed_at IS NULL AND expires_at > ?",
                               (now,))[0]
            if open_rooms >= self.max_rooms:
                raise ServerFull(f"this server already holds {open_rooms} open rooms "
                                 f"(limit {self.max_rooms})")
            for _ in range(20):  # a collision among 31**8 codes is rare; retry anyway
                code = new_code()
                if tx.x("INSERT INTO rooms (code, key_hash, created_at, expires_at) VALUES (?, ?, ?, ?) "
                        "ON CONFLICT (code) DO NOTHING", (code, hash_key(key), now, now + self.ttl_s)):
                    return code, key
        raise ServerFull("could not find a free room code")

    def _room(self, tx, code: str, lock: str = "", *, allow_closed: bool = False) -> str:
        return key_hash(tx, code, self._clock(), lock, allow_closed=allow_closed)

    def _teacher(self, tx, code: str, key: str, lock: str = "", **kw) -> None:
        check_teacher(tx, code, key, self._clock(), lock, **kw)

    def check_teacher(self, code: str, teacher_key: str, *, allow_closed: bool = False) -> None:
        """Raises unless the room is open (or, with allow_closed, not yet forgotten) and `teacher_key` is its
        key."""
        code = normalise_code(code)
        with self.backend.tx(write=False) as tx:
            self._teacher(tx, code, teacher_key, allow_closed=allow_closed)

    def status(self, code: str) -> dict:
        """{"code", "expires_at", "questions": {id: {"kind", "n", "revealed"}}} of an open room."""
        code = normalise_code(code)
        with self.backend.tx(write=False) as tx:
            self._room(tx, code)
            expires_at, = tx.q("SELECT expires_at FROM rooms WHERE code = ?", (code,))[0]
            rows = tx.q("SELECT q.question_id, q.kind, q.revealed_at, COUNT(a.student_id) FROM questions q "
                        "LEFT JOIN answers a ON a.code = q.code AND a.question_id = q.question_id "
                        "WHERE q.code = ? GROUP BY q.question_id, q.kind, q.revealed_at", (code,))
        return {"code": code, "expires_at": expires_at,
                "questions": {qid: {"kind": kind, "n": n, "revealed": rev is not None}
                              for qid, kind, rev, n in rows}}

    def close(self, code: str, teacher_key: str) -> None:
        """End the room: students are told it is closed; its answers are kept only as counts per question for
        the class report (the students' ids are deleted), which lives one TTL more. Idempotent."""
        code = normalise_code(code)
        with self.backend.tx() as tx:
            self._teacher(tx, code, teacher_key, self.backend.update, allow_closed=True)
            report.keep_tallies(tx, code)
            tx.x("DELETE FROM presence WHERE code = ?", (code,))
            tx.x("UPDATE rooms SET closed_at = ? WHERE code = ? AND closed_at IS NULL", (self._clock(), code))

    # -- questions ---------------------------------------------------------------------------------
    def _question(self, tx, code: str, question_id: str) -> tuple[str | None, float | None]:
        """The question's (kind, revealed_at), its row created and locked for this transaction."""
        tx.x("INSERT INTO questions (code, question_id) VALUES (?, ?) "
             "ON CONFLICT (code, question_id) DO NOTHING", (code, question_id))
        return tx.q("SELECT kind, revealed_at FROM questions WHERE code = ? AND question_id = ?"
                    + self.backend.update, (code, question_id))[0]

    def submit(self, code: str, question_id: str, student_id: str, answer: object, *,
               kind: str | None = None, choices: tuple[str, ...] | None = None) -> None:
        """Store (or change) this student's answer. A number (or the text of a numeric field with
        kind="number") or a short choice code (one of `choices` when given). Refused after reveal."""
        code = normalise_code(code)
        check_id(question_id, "question id")
        check_id(student_id, "student id")
        kind, choice, value = normalise(answer, kind, choices)
        now = self._clock()
        with self.backend.tx() as tx:
            self._room(tx, code, self.backend.share)
            qkind, revealed_at = self._question(tx, code, question_id)
            if revealed_at is not None:
                raise AlreadyRevealed(f"question {question_id} is already revealed; "
                                      "the answer was not changed")
            if qkind is None:
                tx.x("UPDATE questions SET kind = ? WHERE code = ? AND question_id = ?",
                     (kind, code, question_id))
            elif qkind != kind:
                raise InvalidAnswer(f"question {question_id} takes a {qkind}, got a {kind}", "wrong_kind")
            key = (code, question_id, student_id)
            if not tx.q("SELECT 1 FROM answers WHERE code = ? AND question_id = ? AND student_id = ?", key):
                n, = tx.q("SELECT COUNT(*) FROM answers WHERE code = ? AND question_id = ?", key[:2])[0]
                if n >= self.max_answers:
                    raise QuestionFull(f"question {question_id} already has {n} answers "
                                       f"(limit {self.max_answers})")
            tx.x("INSERT INTO answers (code, question_id, student_id, choice, value, updated_at) "
                 "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (code, question_id, student_id) DO UPDATE SET "
                 "choice = excluded.choice, value = excluded.value, updated_at = excluded.updated_at",
                 (*key, choice, value, now))

    def tally(self, code: str, question_id: str) -> dict:
        """{"kind": "choice"|"number"|None, "n": answers, "counts": {answer: count},
        "values": sorted numeric answers (empty for choices), "revealed": bool}."""
        code = normalise_code(code)
        check_id(question_id, "question id")
        with self.backend.tx(write=False) as tx:
            self._room(tx, code)
            q = tx.q("SELECT kind, revealed_at FROM questions WHERE code = ? AND question_id = ?",
                     (code, question_id))
            rows = tx.q("SELECT choice, value, COUNT(*) FROM answers WHERE code = ? AND question_id = ? "
                        "GROUP BY choice, value", (code, question_id))
        kind, revealed_at = q[0] if q else (None, None)
        counts = {(c if c is not None else v): n for c, v, n in rows}
        values = sorted(v for _, v, n in rows if v is not None for _ in range(n))
        return {"kind": kind, "n": sum(counts.values()), "counts": counts, "values": values,
                "revealed": revealed_at is not None}

    def is_revealed(self, code: str, question_id: str) -> bool:
        return self.tally(code, question_id)["revealed"]

    def answer_of(self, code: str, question_id: str, student_id: str) -> str | float | None:
        """This student's current answer, or None."""
        code = normalise_code(code)
        with self.backend.tx(write=False) as tx:
            self._room(tx, code)
            rows = tx.q("SELECT choice, value FROM answers "
                        "WHERE code = ? AND question_id = ? AND student_id = ?",
                        (code, check_id(question_id, "question id"), check_id(student_id, "student id")))
        return (rows[0][0] if rows[0][0] is not None else rows[0][1]) if rows else None

    def reveal(self, code: str, question_id: str, teacher_key: str) -> None:
        """Close the question to answers (the teacher shows the truth). Idempotent."""
        code = normalise_code(code)
        check_id(question_id, "question id")
        with self.backend.tx() as tx:
            self._teacher(tx, code, teacher_key, self.backend.share)
            self._question(tx, code, question_id)
            tx.x("UPDATE questions SET revealed_at = ? "
                 "WHERE code = ? AND question_id = ? AND revealed_at IS NULL",
                 (self._clock(), code, question_id))

    def reset(self, code: str, question_id: str, teacher_key: str) -> None:
        """Forget every answer to the question and reopen it."""
        code = normalise_code(code)
        check_id(question_id, "question id")
        with self.backend.tx() as tx:
            self._teacher(tx, code, teacher_key, self.backend.share)
            self._question(tx, code, question_id)
            tx.x("DELETE FROM answers WHERE code = ? AND question_id = ?", (code, question_id))
            tx.x("UPDATE questions SET revealed_at = NULL, kind = NULL WHERE code = ? AND question_id = ?",
                 (code, question_id))

    # -- teacher-paced mode (classroom.pacing) and the report (classroom.report) ----------------------------
    def set_view(self, code: str, teacher_key: str, **view) -> int:
        """The teacher's view: page, scene, tab, seed, paced, question, data (classroom.pacing.set_view)."""
        return pacing.set_view(self.backend, self._clock(), code, teacher_key, **view)

    def view(self, code: str, question: str | None = None) -> dict:
        """What a following student's page polls (classroom.pacing.view)."""
        return pacing.view(self.backend, self._clock(), code, question)

    def pause(self, code: str, teacher_key: str) -> None:
        """Cover every student's lesson ("eyes on the projector") until `resume`. Idempotent."""
        pacing.set_paused(self.backend, self._clock(), code, teacher_key, True)

    def resume(self, code: str, teacher_key: str) -> None:
        pacing.set_paused(self.backend, self._clock(), code, teacher_key, False)

    def seen(self, code: str, student_id: str, following: bool) -> None:
        pacing.seen(self.backend, self._clock(), code, student_id, following)

    def adopt(self, code: str, temporary_id: str, student_id: str) -> None:
        pacing.adopt(self.backend, self._clock(), code, temporary_id, student_id)

    def leave(self, code: str, student_id: str) -> None:
        pacing.leave(self.backend, code, student_id)

    def presence(self, code: str, within_s: float = PRESENT_S) -> dict:
        return pacing.presence(self.backend, self._clock(), code, within_s)

    def pulses(self, codes) -> dict[str, tuple]:
        return pacing.pulses(self.backend, self._clock(), codes)

    def report(self, code: str, teacher_key: str) -> list[dict]:
        """Each question's counts, also after close (classroom.report.report)."""
        return report.report(self.backend, self._clock(), code, teacher_key)

    def shutdown(self) -> None:
        """Close this thread's (SQLite) or the pool's idle (PostgreSQL) connections."""
        self.backend.close()
