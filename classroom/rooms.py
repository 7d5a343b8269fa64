"""The checks every store call starts with, as plain functions of an open transaction and the time.

`tx` is a backend transaction (classroom.backends: tx.q reads rows, tx.x writes); `lock` is the backend's row
lock clause ("" to read, backend.share or backend.update to hold the row for this transaction)."""
from __future__ import annotations

from classroom.backends import TABLES
from classroom.codes import key_matches
from classroom.errors import RoomClosed, RoomExpired, UnknownRoom, WrongTeacherKey


def check_open(code: str, expires_at: float, closed_at: float | None, now: float) -> None:
    """RoomClosed or RoomExpired unless the room is open at `now`."""
    if closed_at is not None:
        raise RoomClosed(f"room {code} was closed by its teacher")
    if expires_at <= now:
        raise RoomExpired(f"room {code} has expired")


def key_hash(tx, code: str, now: float, lock: str = "", *, allow_closed: bool = False) -> str:
    """The room's key hash, or UnknownRoom / RoomClosed / RoomExpired."""
    rows = tx.q("SELECT key_hash, expires_at, closed_at FROM rooms WHERE code = ?" + lock, (code,))
    if not rows:
        raise UnknownRoom(f"no room {code}")
    found, expires_at, closed_at = rows[0]
    if not allow_closed:
        check_open(code, expires_at, closed_at, now)
    return found


def check_teacher(tx, code: str, key: str, now: float, lock: str = "", *, allow_closed: bool = False) -> None:
    """WrongTeacherKey unless `key` is the room's (and the room checks as key_hash)."""
    if not key_matches(key, key_hash(tx, code, now, lock, allow_closed=allow_closed)):
        raise WrongTeacherKey(f"wrong teacher key for room {code}")


def purge(tx, now: float, ended_before: float) -> None:
    """Forget rooms that ended (closed or expired) before `ended_before`: normally one TTL ago, so that
    meanwhile a late student hears 'expired' or 'closed' rather than 'unknown'."""
    gone = "SELECT code FROM rooms WHERE expires_at <= ? OR closed_at <= ?"
    cutoff = (min(ended_before, now), ended_before)
    for table in TABLES[:-1]:
        tx.x(f"DELETE FROM {table} WHERE code IN ({gone})", cutoff)
    tx.x("DELETE FROM rooms WHERE expires_at <= ? OR closed_at <= ?", cutoff)
