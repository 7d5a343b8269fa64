"""Checking what a student sends before it reaches the database: numbers finite and bounded, choices short."""
from __future__ import annotations

import math
import re
from numbers import Real

from classroom.errors import InvalidAnswer, InvalidId

MAX_ABS = 1e12          # larger numeric estimates are typos (or attacks), not predictions
MAX_CHOICE_LEN = 64     # a choice is a short option code such as "b" or "plateau"
MAX_ID_LEN = 64
KINDS = ("choice", "number")
_ID = re.compile(r"[A-Za-z0-9_.:\-]+")


def check_id(value: object, what: str) -> str:
    """A question or student id: 1..64 characters of [A-Za-z0-9_.:-]."""
    if not isinstance(value, str) or not _ID.fullmatch(value) or len(value) > MAX_ID_LEN:
        raise InvalidId(f"{what} must be 1..{MAX_ID_LEN} characters of A-Z a-z 0-9 _ . : -, "
                        f"got {value!r:.80}")
    return value


def to_number(answer: object) -> float:
    """A finite float with |x| <= MAX_ABS, from a number or the text of a numeric field."""
    if isinstance(answer, bool):
        raise InvalidAnswer("a yes/no value is not a number", "not_a_number")
    if isinstance(answer, str):
        text = answer.strip().replace(",", "")
        if not text or len(text) > 40:
            raise InvalidAnswer(f"not a number: {answer!r:.50}", "not_a_number")
        try:
            answer = float(text)
        except ValueError:
            raise InvalidAnswer(f"not a number: {answer!r:.50}", "not_a_number") from None
    if not isinstance(answer, Real):
        raise InvalidAnswer(f"not a number: {type(answer).__name__}", "not_a_number")
    try:
        x = float(answer)
    except OverflowError:  # an int beyond float range
        raise InvalidAnswer("number too large", "too_large") from None
    if not math.isfinite(x):
        raise InvalidAnswer(f"not a finite number: {x}", "not_finite")
    if abs(x) > MAX_ABS:
        raise InvalidAnswer(f"number too large: |{x:g}| > {MAX_ABS:g}", "too_large")
    return x


def to_choice(answer: object, choices: tuple[str, ...] | list[str] | None = None) -> str:
    """A short option code, one of `choices` when they are given."""
    if not isinstance(answer, str):
        raise InvalidAnswer(f"a choice must be text, got {type(answer).__name__}", "not_a_choice")
    text = answer.strip()
    if not text:
        raise InvalidAnswer("empty choice", "empty")
    if len(text) > MAX_CHOICE_LEN:
        raise InvalidAnswer(f"choice longer than {MAX_CHOICE_LEN} characters", "too_long")
    if not text.isprintable():
        raise InvalidAnswer("choice holds control characters", "not_a_choice")
    if choices is not None and text not in choices:
        raise InvalidAnswer(f"{text!r} is not one of {list(choices)}", "not_a_choice")
    return text


def normalise(answer: object, kind: str | None, choices=None) -> tuple[str, str | None, float | None]:
    """(kind, choice, value): the kind is inferred from the answer's type when not given."""
    if kind is None:
        kind = "number" if isinstance(answer, Real) and not isinstance(answer, bool) else "choice"
    if kind == "number":
        return kind, None, to_number(answer)
    if kind == "choice":
        return kind, to_choice(answer, choices), None
    raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
