"""Teacher-paced mode through the whole app in AppTest: a teacher and a student in two sessions on one class
database. The student's page takes the teacher's scene and tab in the student's language and on the teacher's
seed, stops following when a control moves (not when they answer), comes back with the button, and is covered
while the class is paused. (The real browser test, with reloads and timings: tests/e2e/test_class_follow.py.)"""
import pytest

from tests.app.conftest import assert_clean, run_page
from ui.i18n import lookup, tr
from ui.scenes import SCENES

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def class_db(tmp_path, monkeypatch):
    monkeypatch.setenv("CLASSROOM_DB", str(tmp_path / "class.sqlite3"))


def texts(at, kind) -> str:
    return " ".join(str(e.value) for e in at.get(kind))


def tick(at):
    """The student's page polls (a full run draws the poll too); the rerun or page switch the follow asks for
    runs within at.run(). (AppTest's next run() goes back to the page AppTest last switched to itself.)"""
    at.run()
    assert_clean(at)
    return at


def test_a_student_follows_explores_and_comes_back():
    teacher = run_page("initialization", lang="en", scene=1, seed=3)
    teacher.button(key="classroom_start").click().run()
    code = teacher.session_state["classroom.code"]
    assert "0 joined · 0 following" in texts(teacher, "markdown")

    student = run_page(None, lang="ko", room=code)          # the home page, in Korean, with the code
    tick(student)
    assert student.session_state["classroom.code"] == code
    assert student.session_state["scene"] == 1 and student.session_state["seed"] == 3   # the teacher's seed
    assert student.session_state["init"] == "small"
    teacher.run()
    assert "1 joined · 1 following" in texts(teacher, "markdown")

    teacher.button(key="scene_next").click().run()           # the teacher moves on: scene 2, 1.0·randn
    tick(student)
    assert student.session_state["scene"] == 2 and student.session_state["init"] == "large"
    assert student.session_state["init_tab"] == tr("ko")(SCENES["initialization"][1].tab)   # in Korean
    assert lookup("ko", "pacing.following") in texts(student, "caption")

    tables, links = len(student.dataframe), len(student.get("code"))
    student.session_state["share_panel"] = True               # reading the link, or a chart's data table,
    student.session_state["hist_table"] = True                # is not exploring
    student.run()
    assert student.session_state["pacing.following"]
    assert len(student.get("code")) > links and len(student.dataframe) > tables        # both drew when opened

    student.slider(key="layers").set_value(5).run()          # the student explores
    assert not student.session_state["pacing.following"]
    assert lookup("ko", "pacing.exploring") in texts(student, "markdown")
    teacher.button(key="scene_next").click().run()           # an explorer stays where they are
    tick(student)
    assert student.session_state["scene"] == 2 and student.session_state["layers"] == 5

    student.button(key="pacing_follow").click().run()        # "Follow the teacher"
    tick(student)
    assert student.session_state["pacing.following"] and student.session_state["scene"] == 3

    teacher.button(key="pacing_pause").click().run()
    tick(student)
    assert lookup("ko", "pacing.eyes") in " ".join(str(h.proto.body) for h in student.get("html"))
    assert lookup("en", "pacing.eyes") not in " ".join(str(h.proto.body) for h in teacher.get("html"))
    teacher.button(key="pacing_resume").click().run()
    tick(student)
    assert lookup("ko", "pacing.eyes") not in " ".join(str(h.proto.body) for h in student.get("html"))


def test_answering_is_not_exploring_and_a_new_page_is_followed():
    teacher = run_page("search", lang="en", scene=2)
    teacher.button(key="classroom_start").click().run()
    code = teacher.session_state["classroom.code"]
    student = tick(run_page("search", lang="en", room=code, scene=2))
    student.text_input(key="classroom_answer_sr_grid_lrs").input("5").run()
    student.button(key="classroom_submit_sr_grid_lrs").click().run()
    assert student.session_state["pacing.following"]
    teacher.switch_page("pages/batchnorm.py").run()           # another lesson
    teacher.button(key="scene_next").click().run()
    tick(student)
    assert student.session_state["pacing.here"] == "batchnorm"
    assert student.session_state["scene"] == teacher.session_state["scene"]
    assert student.session_state["pacing.following"]


def test_a_teachers_drawing_reaches_every_following_student():
    """The teacher trains on a drawn data set: a following student's page chooses the drawn set too and holds the
    teacher's points; when the teacher starts a new drawing, the student's changes with it, still following."""
    from sim.data import shape
    from ui.lessons.owndata import decode_points, encode_points
    pts = encode_points(*shape("circles", 20, 2, 0))
    live = tr("en")("babysitting.tab_live")
    teacher = run_page("babysitting", lang="en", timeout=180, ds="drawn", pts=pts, bs_tab=live)
    teacher.button(key="classroom_start").click().run()
    code = teacher.session_state["classroom.code"]
    student = tick(run_page("babysitting", lang="en", timeout=180, room=code))
    assert student.session_state["ds"] == "drawn" and student.session_state["pacing.following"]
    assert student.session_state["bs_tab"] == live
    assert student.session_state["_own_drawn"]["pts"] == pts
    assert pts in student.query_params["pts"]                   # in the student's link too

    teacher.selectbox(key="draw_shape").select("xor").run()
    teacher.button(key="draw_start").click().run()             # "Start from": XOR, a new drawing
    new = teacher.session_state["_own_drawn"]["pts"]
    assert new != pts and len(set(decode_points(new)[1].tolist())) == 2
    tick(student)
    assert student.session_state["_own_drawn"]["pts"] == new and student.session_state["pacing.following"]
    assert student.session_state["ds"] == "drawn"
