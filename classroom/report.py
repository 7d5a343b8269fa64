"""The class report: each asked question's answers as counts, kept past the room's close, written out as CSV
and as a one-page Markdown summary. No student identifier: counts per distinct answer only.

    data = store.report(code, key)                       # also after close, until the room is forgotten
    table = rows(data, lambda qid, seed: question(qid, seed), t)   # the prompt, truth and tolerance of each
    to_csv(table, t), to_markdown(table, t, title="…")

The store knows ids and counts; the words and the truth come from the caller (ui/lessons/questions.py), so
the report is in the teacher's language and its truth is computed from the seed the teacher's view showed."""
from __future__ import annotations

import csv
import io
import statistics
from collections.abc import Callable
from dataclasses import dataclass

from classroom.codes import normalise_code
from classroom.question import Question, number
from classroom.rooms import check_teacher


def keep_tallies(tx, code: str) -> None:
    """Closing: the answers become counts per distinct answer, and the rows naming students go."""
    tx.x("INSERT INTO tallies (code, question_id, choice, value, n) SELECT code, question_id, choice, value, "
         "COUNT(*) FROM answers WHERE code = ? GROUP BY code, question_id, choice, value", (code,))
    tx.x("DELETE FROM answers WHERE code = ?", (code,))


def report(backend, now: float, code: str, teacher_key: str) -> list[dict]:
    """Every question the teacher's view showed or a student answered, in the order shown: {"question_id",
    "kind", "n", "counts" {answer: count}, "values" (sorted numbers), "revealed", "seed" (None: never shown)}.
    The teacher's, at any time and after close, until the room is forgotten (one TTL after it ended)."""
    code = normalise_code(code)
    with backend.tx(write=False) as tx:
        check_teacher(tx, code, teacher_key, now, allow_closed=True)
        kinds = {qid: (kind, rev) for qid, kind, rev in
                 tx.q("SELECT question_id, kind, revealed_at FROM questions WHERE code = ?", (code,))}
        asked = {qid: (seed, at) for qid, seed, at in
                 tx.q("SELECT question_id, seed, asked_at FROM asked WHERE code = ?", (code,))}
        counted = tx.q("SELECT question_id, choice, value, COUNT(*) FROM answers WHERE code = ? "
                       "GROUP BY question_id, choice, value", (code,))
        counted += tx.q("SELECT question_id, choice, value, n FROM tallies WHERE code = ?", (code,))
    out: dict[str, dict] = {}
    for qid in sorted({*kinds, *asked}, key=lambda q: (asked.get(q, (0, float("inf")))[1], q)):
        kind, revealed = kinds.get(qid, (None, None))
        out[qid] = {"question_id": qid, "kind": kind, "n": 0, "counts": {}, "values": [],
                    "revealed": revealed is not None, "seed": asked.get(qid, (None,))[0]}
    for qid, choice, value, n in counted:
        q = out[qid]
        answer = choice if choice is not None else value
        q["counts"][answer] = q["counts"].get(answer, 0) + int(n)
        q["n"] += int(n)
        if value is not None:
            q["values"] += [value] * int(n)
    for q in out.values():
        q["values"].sort()
    return list(out.values())


@dataclass(frozen=True)
class Row:
    """One question of the report, ready to write."""
    question_id: str
    prompt: str
    truth: str              # as the app shows it ("1e-6", "3.037e-7"), "" when unknown
    tolerance: str          # "±0.1", "within ×3", "" (exact)
    n: int
    distribution: str       # "1e-6: 12 · 1e-1: 3" or "median 0.3, middle half 0.2 to 0.5"
    values: str             # the numeric answers, sorted, space-separated (CSV only)
    correct: float | None   # share of answers within tolerance, None without answers or a known truth


def _tolerance(q: Question, t) -> str:
    parts = [t("classroom.report.tol_abs", tol=q.show(q.abs_tol))] if q.abs_tol else []
    parts += [t("classroom.report.tol_factor", factor=f"{q.factor:g}")] if q.factor > 1 else []
    return " · ".join(parts)


def _distribution(q: Question | None, item: dict, t) -> str:
    show = q.show if q is not None else str
    if item["values"]:
        v = item["values"]
        q1, med, q3 = statistics.quantiles(v, n=4, method="inclusive") if len(v) > 1 else (v[0], v[0], v[0])
        return t("classroom.report.spread", median=show(med), lo=show(q1), hi=show(q3))
    order = list(q.options) if q is not None and q.options else sorted(item["counts"], key=str)
    return " · ".join(f"{show(a)}: {item['counts'].get(a, 0)}" for a in order)


def rows(report: list[dict], question_of: Callable[[str, int | None], Question | None], t) -> list[Row]:
    """The report's rows: `question_of(id, seed)` gives the question in the reader's language with its truth
    for that seed (None: a question this app no longer asks, reported by id and counts only)."""
    out = []
    for item in report:
        q = question_of(item["question_id"], item["seed"])
        correct = None
        if q is not None and item["n"]:
            correct = sum(n for a, n in item["counts"].items() if q.correct(a)) / item["n"]
        out.append(Row(item["question_id"], q.prompt if q else item["question_id"],
                       q.show(q.truth) if q else "", _tolerance(q, t) if q else "", item["n"],
                       _distribution(q, item, t), " ".join(number(v) for v in item["values"]), correct))
    return out


def _share(x: float | None) -> str:
    return "" if x is None else f"{100 * x:.0f} %"


def to_csv(table: list[Row], t) -> str:
    """One line per question; the numeric answers in full in the last column (anonymous numbers)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    columns = ("prompt", "truth", "tolerance", "answers", "correct", "distribution", "values")
    w.writerow(["question_id"] + [t(f"classroom.report.col.{c}") for c in columns])
    for r in table:
        w.writerow([r.question_id, r.prompt, r.truth, r.tolerance, r.n,
                    "" if r.correct is None else f"{r.correct:.3f}", r.distribution, r.values])
    return buf.getvalue()


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(table: list[Row], t, *, title: str, note: str = "") -> str:
    """A one-page summary: a title, one sentence, and one table row per question."""
    lines = [f"# {title}", ""]
    if note:
        lines += [note, ""]
    if not table:
        return "\n".join(lines + [t("classroom.report.empty"), ""])
    head = [t(f"classroom.report.col.{c}") for c in ("prompt", "truth", "answers", "correct", "distribution")]
    lines += ["| # | " + " | ".join(head) + " |", "|---|" + "---|" * len(head)]
    for i, r in enumerate(table, 1):
        truth = r.truth + (f" ({r.tolerance})" if r.tolerance else "")
        lines.append(f"| {i} | " + " | ".join(_cell(c) for c in (r.prompt, truth, str(r.n), _share(r.correct),
                                                                 r.distribution)) + " |")
    return "\n".join(lines + [""])
