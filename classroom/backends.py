"""Two databases behind one tiny interface: `tx()` yields a transaction with `q` (rows) and `x` (rowcount).

SQL is written once with `?` placeholders and portable types (TEXT, DOUBLE PRECISION, INTEGER,
ON CONFLICT upserts); PostgreSQL gets `%s` placeholders and row locks (`FOR SHARE`/`FOR UPDATE`),
SQLite serialises writers with BEGIN IMMEDIATE instead."""
from __future__ import annotations

import os
import sqlite3
import threading
import time
from contextlib import contextmanager

from classroom.errors import ClassroomError, StoreUnavailable

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS rooms (
        code TEXT PRIMARY KEY, key_hash TEXT NOT NULL,
        created_at DOUBLE PRECISION NOT NULL, expires_at DOUBLE PRECISION NOT NULL,
        closed_at DOUBLE PRECISION)""",
    """CREATE TABLE IF NOT EXISTS questions (
        code TEXT NOT NULL, question_id TEXT NOT NULL, kind TEXT, revealed_at DOUBLE PRECISION,
        PRIMARY KEY (code, question_id))""",
    """CREATE TABLE IF NOT EXISTS answers (
        code TEXT NOT NULL, question_id TEXT NOT NULL, student_id TEXT NOT NULL,
        choice TEXT, value DOUBLE PRECISION, updated_at DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (code, question_id, student_id))""",
    # The teacher's current view (teacher-paced mode) and the pause: one small row a following page polls.
    """CREATE TABLE IF NOT EXISTS views (
        code TEXT PRIMARY KEY, page TEXT, scene INTEGER, tab TEXT, seed INTEGER NOT NULL DEFAULT 0,
        paced INTEGER NOT NULL DEFAULT 1, paused INTEGER NOT NULL DEFAULT 0,
        version INTEGER NOT NULL DEFAULT 0,
        updated_at DOUBLE PRECISION, data TEXT)""",
    # Who is in the room now: a student's page beats every few seconds; no name, only the per-room random id.
    """CREATE TABLE IF NOT EXISTS presence (
        code TEXT NOT NULL, student_id TEXT NOT NULL, following INTEGER NOT NULL,
        seen_at DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (code, student_id))""",
    # The questions the teacher's view showed, with the seed their truth was computed from (the class report).
    """CREATE TABLE IF NOT EXISTS asked (
        code TEXT NOT NULL, question_id TEXT NOT NULL, seed INTEGER NOT NULL,
        asked_at DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (code, question_id))""",
    # A closed room's answers as counts per distinct answer: the report outlives the students' ids.
    """CREATE TABLE IF NOT EXISTS tallies (
        code TEXT NOT NULL, question_id TEXT NOT NULL, choice TEXT, value DOUBLE PRECISION,
        n INTEGER NOT NULL)""",
)
# rooms last: the others name it
TABLES = ("answers", "questions", "views", "presence", "asked", "tallies", "rooms")
BUSY_TIMEOUT_MS = 15_000


class _Tx:
    def __init__(self, cur, pg: bool):
        self._cur, self._pg = cur, pg

    def q(self, sql: str, params: tuple = ()) -> list[tuple]:
        self._cur.execute(sql.replace("?", "%s") if self._pg else sql, params)
        return list(self._cur.fetchall())

    def x(self, sql: str, params: tuple = ()) -> int:
        self._cur.execute(sql.replace("?", "%s") if self._pg else sql, params)
        return self._cur.rowcount


class SQLiteBackend:
    """One file in WAL mode; connections kept in a pool the threads share (and a new pool after a fork).

    Streamlit runs every script run in a new thread (a student's page polls once a second), so a connection
    per thread would be opened, set up and have the schema read again on every poll; a pooled one is reused.
    A connection serves one transaction at a time: taken out of the pool for it, put back after."""

    name = "sqlite"
    share = update = ""  # BEGIN IMMEDIATE already holds the single writer lock
    MAX_IDLE = 16        # connections kept for reuse (more may be open at once; the extra close after use)

    def __init__(self, path: str):
        self.path = path
        self._idle: list[sqlite3.Connection] = []
        self._mutex = threading.Lock()
        self._pid = os.getpid()
        try:
            parent = os.path.dirname(os.path.abspath(path))
            os.makedirs(parent, exist_ok=True)
            conn = self._checkout()
            conn.execute("PRAGMA journal_mode=WAL")
            self._checkin(conn)
            with self.tx() as tx:
                for stmt in SCHEMA:
                    tx.x(stmt)
        except (OSError, sqlite3.Error) as e:
            raise StoreUnavailable(f"cannot open the class database {path!r}: {e}") from e

    def _checkout(self) -> sqlite3.Connection:
        with self._mutex:
            if os.getpid() != self._pid:  # a forked child must not share its parent's file handles
                self._idle, self._pid = [], os.getpid()
            if self._idle:
                return self._idle.pop()
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1e3, isolation_level=None,
                               check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA synchronous=NORMAL")  # WAL: durable across app crashes, fsync at checkpoints
        return conn

    def _checkin(self, conn: sqlite3.Connection) -> None:
        if conn.in_transaction:        # never hand on a connection inside a transaction
            conn.close()
            return
        with self._mutex:
            if len(self._idle) < self.MAX_IDLE and os.getpid() == self._pid:
                self._idle.append(conn)
                return
        conn.close()

    @contextmanager
    def tx(self, write: bool = True):
        try:
            conn = self._checkout()
        except sqlite3.Error as e:
            raise StoreUnavailable(f"class database unavailable: {e}") from e
        try:
            try:
                conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            except sqlite3.Error as e:
                raise StoreUnavailable(f"class database unavailable: {e}") from e
            try:
                yield _Tx(conn.cursor(), pg=False)
            except BaseException as e:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                if isinstance(e, sqlite3.Error):
                    raise StoreUnavailable(f"class database error: {e}") from e
                raise
            try:
                conn.execute("COMMIT")
            except sqlite3.Error as e:
                raise StoreUnavailable(f"class database error: {e}") from e
        finally:
            self._checkin(conn)

    def lock_server(self, tx: _Tx) -> None:
        """Serialise room creation across the server (BEGIN IMMEDIATE already does)."""

    def close(self) -> None:
        with self._mutex:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()


class PostgresBackend:
    """psycopg 3 (imported only here), a small bounded pool of connections shared by the threads."""

    name = "postgresql"
    share, update = " FOR SHARE", " FOR UPDATE"
    MAX_IDLE_S = 60.0
    _LOCK_ID = 231_006  # advisory lock: schema creation and room creation, one at a time

    def __init__(self, url: str, pool_size: int = 8):
        try:
            import psycopg
        except ImportError as e:
            raise StoreUnavailable(
                "PostgreSQL needs the psycopg package (pip install 'psycopg[binary]')") from e
        self._pg, self.url = psycopg, url
        self._idle: list = []
        self._mutex = threading.Lock()
        self._slots = threading.BoundedSemaphore(pool_size)
        self._pid = os.getpid()
        with self.tx() as tx:
            tx.q("SELECT pg_advisory_xact_lock(?)", (self._LOCK_ID,))
            for stmt in SCHEMA:
                tx.x(stmt)

    def _checkout(self):
        if os.getpid() != self._pid:  # a forked child must not share its parent's sockets
            self._idle, self._pid = [], os.getpid()
        if not self._slots.acquire(timeout=BUSY_TIMEOUT_MS / 1e3):
            raise StoreUnavailable("no free connection to the class database")
        with self._mutex:
            conn, since = self._idle.pop() if self._idle else (None, 0.0)
        if conn is not None and time.monotonic() - since > self.MAX_IDLE_S:
            conn.close()  # servers and proxies drop idle connections; a stale one would fail one request
        if conn is None or conn.closed:
            try:
                conn = self._pg.connect(self.url, connect_timeout=5)
            except self._pg.Error as e:
                self._slots.release()
                raise StoreUnavailable(f"cannot reach the class database: {e}") from e
        return conn

    def _checkin(self, conn, healthy: bool) -> None:
        if healthy and not conn.closed:
            with self._mutex:
                self._idle.append((conn, time.monotonic()))
        else:
            conn.close()
        self._slots.release()

    @contextmanager
    def tx(self, write: bool = True):
        conn = self._checkout()
        healthy = False
        try:
            with conn.cursor() as cur:
                if write:  # as SQLite's WAL + synchronous=NORMAL: a commit does not wait for its fsync, so a
                    # crash may lose the last moment of answers (never corrupt them) and a lock is held far
                    # shorter. SET LOCAL, not a connection option, so that poolers such as PgBouncer
                    # accept it.
                    cur.execute("SET LOCAL synchronous_commit = off")
                yield _Tx(cur, pg=True)
            conn.commit()
            healthy = True
        except ClassroomError:
            conn.rollback()
            healthy = True
            raise
        except self._pg.Error as e:
            raise StoreUnavailable(f"class database error: {e}") from e
        finally:
            if not healthy and not conn.closed:
                try:
                    conn.rollback()
                except self._pg.Error:
                    pass
            self._checkin(conn, healthy)

    def lock_server(self, tx: _Tx) -> None:
        tx.q("SELECT pg_advisory_xact_lock(?)", (self._LOCK_ID,))

    def close(self) -> None:
        with self._mutex:
            idle, self._idle = self._idle, []
        for conn, _ in idle:
            conn.close()
