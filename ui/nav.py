"""The course's lessons: one entry per page, in lecture order, grouped by lecture (Lecture 6 and 7).

A lesson whose page file does not exist yet is listed on the home page without a link
and left out of the navigation, so pages can land one at a time."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Lesson:
    slug: str      # url path and translation section; never depends on the language
    icon: str
    part: str      # translation key of the navigation section

    @property
    def file(self) -> str:
        return f"pages/{self.slug}.py"

    @property
    def exists(self) -> bool:
        return (ROOT / self.file).is_file()


LESSONS = (
    Lesson("activations", ":material/show_chart:", "nav.part_lecture6"),
    Lesson("preprocessing", ":material/tune:", "nav.part_lecture6"),
    Lesson("initialization", ":material/stacked_bar_chart:", "nav.part_lecture6"),
    Lesson("batchnorm", ":material/align_vertical_center:", "nav.part_lecture6"),
    Lesson("babysitting", ":material/monitor_heart:", "nav.part_lecture6"),
    Lesson("search", ":material/travel_explore:", "nav.part_lecture6"),
    Lesson("optimisation", ":material/route:", "nav.part_lecture7"),
    Lesson("gradcheck", ":material/rule:", "nav.part_lecture7"),
    Lesson("regularisation", ":material/layers_clear:", "nav.part_lecture7"),
)
