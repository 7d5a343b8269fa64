"""The Streamlit glue (ui/classroom.py) in AppTest: a teacher and a student in two sessions."""
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from classroom import errors
from tests.figdata import _decode
from ui.i18n import lookup

DEMO = str(Path(__file__).with_name("class_demo.py"))


@pytest.fixture(autouse=True)
def class_db(tmp_path, monkeypatch):
    monkeypatch.setenv("CLASSROOM_DB", str(tmp_path / "class.sqlite3"))


def app(**params) -> AppTest:
    at = AppTest.from_file(DEMO, default_timeout=30)
    at.query_params.update(params)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at, kind) -> str:
    return " ".join(str(e.value) for e in at.get(kind))


@pytest.mark.slow
def test_teacher_and_student(tmp_path):
    teacher = app()
    teacher.button(key="classroom_start").click().run()
    code = teacher.session_state["classroom.code"]
    key = teacher.session_state["classroom.teacher_key"]
    shown = texts(teacher, "header")
    assert code[:4] in shown and code[4:] in shown
    assert key not in repr(dict(teacher.query_params)) and key not in texts(teacher, "code")

    student = app(room=f"{code[:4]}-{code[4:]}")  # the join link
    assert student.session_state["classroom.code"] == code
    assert "classroom.teacher_key" not in student.session_state
    assert not [b for b in student.button if b.key and b.key.startswith("classroom_reveal")]
    student.radio(key="classroom_answer_demo.mc").set_value("a").run()
    student.button(key="classroom_submit_demo.mc").click().run()
    student.radio(key="classroom_answer_demo.mc").set_value("b").run()
    student.button(key="classroom_submit_demo.mc").click().run()
    student.text_input(key="classroom_answer_demo.num").input("nan").run()
    student.button(key="classroom_submit_demo.num").click().run()
    assert lookup("en", "classroom.bad.not_finite") in texts(student, "warning")
    student.text_input(key="classroom_answer_demo.num").input("<b>2.5</b>").run()
    student.button(key="classroom_submit_demo.num").click().run()
    assert "<b>" not in texts(student, "caption") + texts(student, "markdown")
    student.text_input(key="classroom_answer_demo.num").input("2.5").run()
    student.button(key="classroom_submit_demo.num").click().run()
    assert not at_warnings(student)

    teacher.run()
    assert "Answers so far: 1" in texts(teacher, "caption")
    bars, hist = (_decode(json.loads(c.proto.spec))["data"][0] for c in teacher.get("plotly_chart"))
    assert bars["x"] == ["1e-1", "1e-6", "1e6"] and list(bars["y"]) == [0, 1, 0]  # every option, even at zero
    assert hist["type"] == "bar" and sum(hist["y"]) == 1                          # estimates as binned counts
    teacher.button(key="classroom_reveal_demo.mc").click().run()
    assert "The truth: 1e-6" in texts(teacher, "info")

    student.run()
    info = texts(student, "info")
    assert "Your answer: 1e-6" in info and "The truth: 1e-6" in info
    assert "Too small a step barely moves." in texts(student, "caption")
    assert not any(k.startswith("classroom_submit_demo.mc") for k in (b.key or "" for b in student.button))


def at_warnings(at):
    return [w.value for w in at.warning]


def test_unknown_code_and_bad_code():
    student = app(room="2345-6789")
    assert lookup("en", "classroom.err.unknown_room") in texts(student, "warning")
    student = app(room="hello")
    assert lookup("en", "classroom.err.invalid_code") in texts(student, "warning")
    assert "classroom.code" not in student.session_state


def test_unavailable_store_keeps_questions_working(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("CLASSROOM_DB", str(blocker / "class.sqlite3"))
    at = app()
    assert lookup("en", "classroom.unavailable") in texts(at, "info")
    at.text_input(key="classroom_answer_demo.num").input("2").run()
    at.button(key="classroom_show_demo.num").click().run()
    assert "Your answer: 2 · The truth: 2.303" in texts(at, "info")


def test_every_error_code_has_a_message():
    codes = {c.code for c in vars(errors).values() if isinstance(c, type) and issubclass(c, errors.ClassroomError)}
    for code in codes - {"invalid_answer"}:
        assert lookup("en", f"classroom.err.{code}") and lookup("ko", f"classroom.err.{code}")


def test_closing_keeps_the_report_for_the_teacher():
    teacher = app()
    teacher.button(key="classroom_start").click().run()
    code, key = teacher.session_state["classroom.code"], teacher.session_state["classroom.teacher_key"]
    reports = [b.key for b in teacher.get("download_button") if b.key.startswith("classroom_report")]
    assert reports == ["classroom_report_csv", "classroom_report_md"]     # (each tally has its own CSV too)
    teacher.button(key="classroom_close").click().run()
    assert "classroom.code" not in teacher.session_state
    assert teacher.session_state["classroom.closed"] == (code, key)
    assert f"{code[:4]}-{code[4:]}" in texts(teacher, "info")                         # "Class … is closed"
    reports = [b.key for b in teacher.get("download_button") if b.key.startswith("classroom_report")]
    assert reports == ["classroom_report_csv", "classroom_report_md"]     # (each tally has its own CSV too)
    assert teacher.button(key="classroom_start")                                       # and a new class
