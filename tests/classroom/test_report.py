"""The class report on SQLite and on a real PostgreSQL: counts per question in the order the teacher showed them,
the same before and after close, no student id left in the database after close, and its CSV and Markdown."""
import csv
import io

import pytest

from classroom import errors
from classroom.question import Question
from classroom.report import rows, to_csv, to_markdown
from tests.classroom.test_store import Clock

MC = Question("mc", "Which rate plateaus?", "b", "why", {"a": "1e-1", "b": "1e-6", "c": "1e6"})
NUM = Question("num", "Initial loss?", 2.302585, "why", abs_tol=0.1)
TINY = Question("tiny", "Std at layer 10?", 3.0e-7, "why", factor=10)


def t(key, **fmt):
    words = {"classroom.report.tol_abs": "±{tol}", "classroom.report.tol_factor": "within ×{factor}",
             "classroom.report.spread": "median {median}, middle half {lo} to {hi}",
             "classroom.report.empty": "No questions yet."}
    return words.get(key, key.rsplit(".", 1)[-1]).format(**fmt)


def class_of_five(store):
    code, key = store.create_room()
    store.set_view(code, key, page="babysitting", scene=3, question="mc", seed=4)
    store.set_view(code, key, page="babysitting", scene=1, question="num", seed=4)
    for i, a in enumerate("bbbac"):
        store.submit(code, "mc", f"s{i}", a, choices=("a", "b", "c"))
    for i, a in enumerate((2.3, 2.25, 2.5, 1e-3, 2.302585)):
        store.submit(code, "num", f"s{i}", a)
    store.submit(code, "num", "s3", 2.4)            # a change is not a second answer
    store.submit(code, "tiny", "s0", 1e-6)          # answered while exploring: never in the teacher's view
    store.reveal(code, "mc", key)
    return code, key


def test_report_counts_each_question_in_the_order_shown(store):
    code, key = class_of_five(store)
    report = store.report(code, key)
    assert [r["question_id"] for r in report] == ["mc", "num", "tiny"]
    mc, num, tiny = report
    assert mc == {"question_id": "mc", "kind": "choice", "n": 5, "counts": {"a": 1, "b": 3, "c": 1}, "values": [],
                  "revealed": True, "seed": 4}
    assert num["n"] == 5 and num["values"] == [2.25, 2.3, 2.302585, 2.4, 2.5] and not num["revealed"]
    assert tiny["seed"] is None and tiny["n"] == 1
    with pytest.raises(errors.WrongTeacherKey):
        store.report(code, "not the key")


def test_the_report_outlives_close_without_student_ids(make_store):
    clock = Clock()
    store = make_store(clock=clock, ttl_s=3600)
    code, key = class_of_five(store)
    before = store.report(code, key)
    store.close(code, key)
    store.close(code, key)                           # idempotent: counted once
    assert store.report(code, key) == before
    with store.backend.tx(write=False) as tx:
        assert tx.q("SELECT COUNT(*) FROM answers")[0][0] == 0
        assert tx.q("SELECT COUNT(*) FROM presence")[0][0] == 0
        dump = repr([tx.q(f"SELECT * FROM {table}") for table in ("tallies", "questions", "asked", "views")])
    assert not any(f"s{i}" in dump.replace("'s", "") for i in range(5))
    clock.t += 3600 + 1                              # one TTL after the close: still there
    assert store.report(code, key) == before
    clock.t += 3600                                  # the next room creation forgets it
    store.create_room()
    with pytest.raises(errors.UnknownRoom):
        store.report(code, key)
    with store.backend.tx(write=False) as tx:
        assert sum(tx.q(f"SELECT COUNT(*) FROM {t}")[0][0] for t in ("tallies", "asked", "views", "questions")) == 0


def question_of(qid, seed):
    return {"mc": MC, "num": NUM, "tiny": TINY}.get(qid)


def test_rows_share_correct_within_tolerance(store):
    code, key = class_of_five(store)
    table = rows(store.report(code, key), question_of, t)
    mc, num, tiny = table
    assert (mc.truth, mc.n, mc.correct, mc.tolerance) == ("1e-6", 5, 3 / 5, "")
    assert mc.distribution == "1e-1: 1 · 1e-6: 3 · 1e6: 1"          # every option, in the question's order
    assert num.correct == pytest.approx(4 / 5) and num.tolerance == "±0.1"   # 2.5 is 0.197 off
    assert num.distribution == "median 2.303, middle half 2.3 to 2.4" and num.values == "2.25 2.3 2.303 2.4 2.5"
    assert tiny.correct == 1.0 and tiny.tolerance == "within ×10"
    unknown = rows([{"question_id": "gone", "kind": "choice", "n": 2, "counts": {"x": 2}, "values": [],
                     "revealed": False, "seed": 0}], question_of, t)[0]
    assert (unknown.prompt, unknown.truth, unknown.correct, unknown.distribution) == ("gone", "", None, "x: 2")


def test_csv_and_markdown(store):
    code, key = class_of_five(store)
    table = rows(store.report(code, key), question_of, t)
    parsed = list(csv.reader(io.StringIO(to_csv(table, t))))
    assert parsed[0] == ["question_id", "prompt", "truth", "tolerance", "answers", "correct", "distribution", "values"]
    assert parsed[1][:6] == ["mc", "Which rate plateaus?", "1e-6", "", "5", "0.600"]
    assert len(parsed) == 4
    md = to_markdown(table, t, title="Class report · ABCD-EFGH", note="3 questions.")
    lines = md.splitlines()
    assert lines[0] == "# Class report · ABCD-EFGH" and "3 questions." in md
    assert lines[6] == "| 1 | Which rate plateaus? | 1e-6 | 5 | 60 % | 1e-1: 1 · 1e-6: 3 · 1e6: 1 |"
    assert "| 2 | Initial loss? | 2.303 (±0.1) | 5 | 80 % |" in md
    assert len(lines) < 40                                            # one page
    assert "No questions yet." in to_markdown([], t, title="x")
    piped = rows([{"question_id": "mc", "kind": "choice", "n": 0, "counts": {}, "values": [], "revealed": False,
                   "seed": 0}], lambda q, s: Question("mc", "a | b", "x", "w", {"x": "x"}), t)
    assert "a \\| b" in to_markdown(piped, t, title="x")


def test_the_apps_report_is_in_the_teachers_words_with_computed_truths(tmp_path, monkeypatch):
    """ui/class_report.py: the lesson questions' prompts and truths (for the seed the view showed), after close."""
    from ui.classmode import report as class_report
    from ui.i18n import lookup
    from ui.lessons import questions
    monkeypatch.setenv("CLASSROOM_DB", str(tmp_path / "class.sqlite3"))
    from ui.classmode.asking import store
    s = store()
    code, key = s.create_room()
    s.set_view(code, key, page="search", scene=2, question="sr_grid_lrs", seed=0)
    for i, a in enumerate(("5", "5", "9", "25")):
        s.submit(code, "sr_grid_lrs", f"s{i}", a, kind="number")
    s.close(code, key)
    md = class_report.markdown(code, key)
    assert lookup("en", "questions.sr_grid_lrs.prompt") in md and "| 5 (±0.5) | 4 | 50 % |" in md
    csv_text = class_report.table(code, key)
    assert csv_text[0].truth == questions.question("sr_grid_lrs", 0).show(questions.truth("sr_grid_lrs", 0))
    assert class_report.table(code, "wrong key") == []
