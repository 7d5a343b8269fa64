"""A scene's question through the real lesson pages (app.py) in AppTest: the teacher starts a class from the
sidebar, a student opens the join link on the same scene and answers, the teacher's tally counts it and the
teacher reveals; alone (no class) and with an unavailable database the question still works. Korean too."""
import json

import numpy as np
import pytest

from tests.app.conftest import assert_clean, run_page
from tests.figdata import _decode
from ui.i18n import lookup
from ui.lessons import questions

Q = "init_small_std10"                      # scene 1 of the initialisation lesson


@pytest.fixture(autouse=True)
def class_db(tmp_path, monkeypatch):
    monkeypatch.setenv("CLASSROOM_DB", str(tmp_path / "class.sqlite3"))


def show(v: float) -> str:
    """4 significant digits, no zero-padded exponent (3.037e-7), as every number in the app."""
    return f"{v:.4g}".replace("e-0", "e-").replace("e+0", "e")


def texts(at, kind) -> str:
    return " ".join(str(e.value) for e in at.get(kind))


def click(at, key):
    at.button(key=key).click().run()
    assert_clean(at)


def test_teacher_and_student_on_a_lesson_scene():
    teacher = run_page("initialization", lang="en", scene=1)
    assert lookup("en", f"questions.{Q}.prompt") in texts(teacher, "markdown")
    click(teacher, "classroom_start")
    code = teacher.session_state["classroom.code"]
    link = [c.value for c in teacher.code if "room=" in c.value][0]
    assert "scene=1" in link and teacher.session_state["classroom.teacher_key"] not in link

    student = run_page("initialization", lang="en", scene=1, room=f"{code[:4]}-{code[4:]}")
    assert student.session_state["classroom.code"] == code
    assert not [b for b in student.button if (b.key or "").startswith("classroom_reveal")]
    student.text_input(key=f"classroom_answer_{Q}").input("<b>1e-3</b>").run()
    click(student, f"classroom_submit_{Q}")
    assert "<b>" not in texts(student, "caption") + texts(student, "markdown")
    student.text_input(key=f"classroom_answer_{Q}").input("1e-3").run()
    click(student, f"classroom_submit_{Q}")
    assert "Your answer: 0.001." in texts(student, "caption")

    teacher.run()
    assert "Answers so far: 1" in texts(teacher, "caption")
    tally = [_decode(json.loads(c.proto.spec))["data"][0] for c in teacher.get("plotly_chart")
             if c.proto.id.endswith(f"classroom_tally_{Q}")]
    assert tally and tally[0]["type"] == "bar" and sum(tally[0]["y"]) == 1      # binned counts, not the answers
    assert abs(tally[0]["x"][int(np.argmax(tally[0]["y"]))] - 0.001) < 0.05    # the one answer's bin
    click(teacher, f"classroom_reveal_{Q}")
    truth = questions.truth(Q, 0)
    assert f"The truth: {show(truth)}" in texts(teacher, "info")

    student.run()
    assert f"Your answer: 0.001 · The truth: {show(truth)}" in texts(student, "info")
    assert lookup("en", f"questions.{Q}.why") in texts(student, "caption")


def test_a_choice_question_in_korean():
    teacher = run_page("babysitting", lang="ko", scene=3)
    click(teacher, "classroom_start")
    code = teacher.session_state["classroom.code"]
    student = run_page("babysitting", lang="ko", scene=3, room=code)
    truth = questions.truth("bs_plateau", 0)
    student.radio(key="classroom_answer_bs_plateau").set_value(truth).run()
    click(student, "classroom_submit_bs_plateau")
    teacher.run()
    click(teacher, "classroom_reveal_bs_plateau")
    student.run()
    assert f"나의 답: {truth} · 정답: {truth}" in texts(student, "info")
    assert lookup("ko", "questions.bs_plateau.why") in texts(student, "caption")


def test_alone_the_question_shows_its_truth():
    at = run_page("search", lang="en", scene=3)
    at.text_input(key="classroom_answer_sr_random_distinct").input("3").run()
    click(at, "classroom_show_sr_random_distinct")
    truth = questions.truth("sr_random_distinct", 0)
    assert f"Your answer: 3 · The truth: {show(truth)}" in texts(at, "info")


def test_an_unavailable_database_keeps_the_lesson_and_its_question(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("CLASSROOM_DB", str(blocker / "class.sqlite3"))
    at = run_page("batchnorm", lang="en", scene=2)
    assert lookup("en", "classroom.unavailable") in texts(at, "info")
    at.text_input(key="classroom_answer_bn_beta_mean").input("1").run()
    click(at, "classroom_show_bn_beta_mean")
    assert "The truth: 1" in texts(at, "info")


@pytest.mark.parametrize("present", [False, True])
def test_the_run_stays_covered_until_the_answer_is_out(present):
    """A caption says the results are covered while the answer is pending; once shown it is gone. The presenter
    view shows the truth as one line (its reason behind the (?) mark) and keeps the prediction it was given."""
    params = dict(lang="en", scene=2, **({"present": "1"} if present else {}))
    at = run_page("batchnorm", **params)
    covered = lookup("en", "lecture.covered")
    assert covered in texts(at, "caption")
    at.text_input(key="classroom_answer_bn_beta_mean").input("0.5").run()
    click(at, "classroom_show_bn_beta_mean")
    assert covered not in texts(at, "caption")
    line = "Your answer: 0.5 · The truth: 1"
    if present:
        md = [m for m in at.markdown if line in m.value]
        assert md and md[0].help == lookup("en", "questions.bn_beta_mean.why")
        at.run()                                            # a rerun keeps the prediction it was shown with
        assert any(line in m.value for m in at.markdown)
    else:
        assert line in texts(at, "info")
