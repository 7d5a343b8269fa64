"""The class report's download buttons: CSV and a one-page Markdown summary, in the teacher's language, built
when pressed (classroom/report.py writes them; ui/questions.py gives each question's words and truth)."""
from __future__ import annotations

import datetime

import streamlit as st

from classroom import ClassroomError
from classroom.codes import display_code
from classroom.report import rows, to_csv, to_markdown
from ui.classmode.asking import store
from ui.controls import seed
from ui.i18n import t
from ui.lessons import questions


def _question(qid: str, room_seed: int | None):
    """The question in the teacher's language, its truth for the seed the teacher's view showed it with (the
    sidebar's seed for a question only students reached); None for an id this app no longer asks."""
    return questions.question(qid, seed() if room_seed is None else room_seed) if qid in questions.SPECS else None


def table(code: str, key: str):
    s = store()
    if s is None:
        return []
    try:
        return rows(s.report(code, key), _question, t)
    except ClassroomError:
        return []


def markdown(code: str, key: str) -> str:
    data = table(code, key)
    answers = sum(r.n for r in data)
    when = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    return to_markdown(data, t, title=t("classroom.report.title", code=display_code(code)),
                       note=t("classroom.report.note", when=when, questions=len(data), answers=answers))


def report_buttons(code: str, key: str) -> None:
    """Two download buttons; the report is read from the store only when one is pressed."""
    name = f"class-{display_code(code)}-report"
    with st.container(horizontal=True):
        st.download_button(t("classroom.report.csv"), lambda: to_csv(table(code, key), t), file_name=name + ".csv",
                           mime="text/csv", key="classroom_report_csv", on_click="ignore",
                           icon=":material/download:", help=t("classroom.report.help"))
        st.download_button(t("classroom.report.md"), lambda: markdown(code, key), file_name=name + ".md",
                           mime="text/markdown", key="classroom_report_md", on_click="ignore",
                           icon=":material/description:", help=t("classroom.report.help"))
