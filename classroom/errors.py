"""The class-tally store's errors: one class per situation, each with a stable `code` the UI translates."""
from __future__ import annotations


class ClassroomError(Exception):
    """Base class. `code` is stable (a translation key); the message is English, for logs and tests."""

    code = "error"


class StoreUnavailable(ClassroomError):
    """The database cannot be opened or used (unwritable path, server down, driver missing).

    The UI says "class features unavailable" and every lesson keeps working."""

    code = "unavailable"


class InvalidCode(ClassroomError):
    """Not something a room code could be (wrong length or characters)."""

    code = "invalid_code"


class UnknownRoom(ClassroomError):
    code = "unknown_room"


class RoomExpired(ClassroomError):
    code = "room_expired"


class RoomClosed(ClassroomError):
    code = "room_closed"


class WrongTeacherKey(ClassroomError):
    """Reveal, reset or close asked with a key that is not this room's."""

    code = "wrong_key"


class AlreadyRevealed(ClassroomError):
    """An answer after the teacher revealed the truth: refused, the stored answer stays."""

    code = "already_revealed"


class QuestionFull(ClassroomError):
    """The bound on answers per question is reached (a new student cannot answer; others may change)."""

    code = "question_full"


class ServerFull(ClassroomError):
    """The bound on open rooms per server is reached."""

    code = "server_full"


class InvalidId(ClassroomError):
    """A question or student id that is empty, too long or holds characters ids never hold."""

    code = "invalid_id"


class InvalidAnswer(ClassroomError):
    """A malformed answer. `reason` says which rule it broke:
    not_a_number, not_finite, too_large, empty, too_long, not_a_choice, wrong_kind."""

    code = "invalid_answer"

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.reason = reason
