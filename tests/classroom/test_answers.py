"""Malformed answers and ids are refused with a reason; room codes are readable and unguessable."""
import math

import pytest

from classroom.answers import MAX_CHOICE_LEN, check_id, normalise, to_choice, to_number
from classroom.codes import ALPHABET, BITS, display_code, new_code, normalise_code
from classroom.errors import InvalidAnswer, InvalidCode, InvalidId


@pytest.mark.parametrize("bad, reason", [
    (float("nan"), "not_finite"), (float("inf"), "not_finite"), (-math.inf, "not_finite"),
    ("nan", "not_finite"), ("inf", "not_finite"), ("1e400", "not_finite"),
    ("abc", "not_a_number"), ("", "not_a_number"), ("  ", "not_a_number"), ("1" * 41, "not_a_number"),
    (True, "not_a_number"), (None, "not_a_number"), ([1], "not_a_number"),
    (1e13, "too_large"), (-1e13, "too_large"), (10 ** 400, "too_large"),
])
def test_bad_numbers_refused_with_a_reason(bad, reason):
    with pytest.raises(InvalidAnswer) as e:
        to_number(bad)
    assert e.value.reason == reason and e.value.code == "invalid_answer"


@pytest.mark.parametrize("text, value", [("3.5", 3.5), (" -2 ", -2.0), ("1,000", 1000.0), ("1e-3", 1e-3), (7, 7.0)])
def test_numeric_text_and_numbers_accepted(text, value):
    assert to_number(text) == value


@pytest.mark.parametrize("bad, reason", [
    ("", "empty"), ("   ", "empty"), ("x" * (MAX_CHOICE_LEN + 1), "too_long"), ("a\x00b", "not_a_choice"),
    (3, "not_a_choice"), ("d", "not_a_choice"),
])
def test_bad_choices_refused(bad, reason):
    with pytest.raises(InvalidAnswer) as e:
        to_choice(bad, choices=("a", "b", "c", "x" * (MAX_CHOICE_LEN + 1)))
    assert e.value.reason == reason


def test_kind_inferred_from_the_answer():
    assert normalise(0.25, None) == ("number", None, 0.25)
    assert normalise("b", None) == ("choice", "b", None)
    assert normalise("0.25", "number") == ("number", None, 0.25)
    with pytest.raises(InvalidAnswer):
        normalise("abc", "number")


@pytest.mark.parametrize("bad", ["", "a b", "x" * 65, "<script>", None, 3])
def test_bad_ids_refused(bad):
    with pytest.raises(InvalidId):
        check_id(bad, "student id")


def test_codes_are_readable_and_unguessable():
    assert BITS >= 30
    assert not set("01OIL") & set(ALPHABET)
    codes = {new_code() for _ in range(2000)}
    assert len(codes) == 2000
    code = codes.pop()
    assert normalise_code(display_code(code).lower()) == code
    assert normalise_code(" " + code[:4] + " " + code[4:] + " ") == code
    for bad in ["", "ABC", code + "2", code[:7] + "0", code[:7] + "O", None]:
        with pytest.raises(InvalidCode):
            normalise_code(bad)


def test_a_number_is_shown_in_the_apps_one_style():
    from classroom.question import Question
    q = Question("q", "prompt", 3.0366e-7, "why")
    assert q.show(q.truth) == "3.037e-7" and q.show(1e6) == "1e6" and q.show(0.5) == "0.5" and q.show(1234.0) == "1234"
    assert Question("c", "p", "b", "w", {"a": "Up", "b": "Down"}).show("b") == "Down"
