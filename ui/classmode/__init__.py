"""Class mode: asking and answering (asking), the room (room), teacher-paced mode (pacing), the push that
reruns a student's class bar (nudge), what the browser remembers (memory) and the report (report).

The rest of the app calls only this facade; the modules behind it are class mode's own (tests/test_architecture.py
holds the rule). One full run of app.py: `begin_run()` before any widget, `sidebar_panel()`, then after
st.navigation `on_page(url_path)`, the page, and `end_run(url_path)`. A lesson's question: `ask(question)`."""
from __future__ import annotations

from classroom.question import Question
from ui.classmode import asking, pacing, room

FOLLOW_S = pacing.FOLLOW_S   # a following student's page reads the teacher's view at least this often


def begin_run() -> None:
    """Top of every full run, before any widget draws: a following student who moved a control explores; the
    view the teacher moved to brings its seed."""
    pacing.start_run()


def sidebar_panel() -> None:
    """The class panel in the sidebar: start a class (teacher) or join one (student); rejoin after a reload."""
    room.sidebar_panel()


def on_page(url_path: str) -> None:
    """After st.navigation, before the page draws: the class bar; a following student's page takes the
    teacher's scene and tab."""
    pacing.on_page(url_path)


def end_run(url_path: str) -> None:
    """End of every full run: the teacher's view into the store; a student's controls, to notice a move."""
    pacing.end_run(url_path)


def ask(question: Question) -> bool:
    """Predict, then reveal: the question with its answer box, tally and reveal (alone, a student or the
    teacher); True once its truth is out."""
    return asking.ask(question)
