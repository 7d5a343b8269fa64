"""A prediction asked before a result: the prompt, the truth (computed by the caller from the run its
scene sets, never a literal) and one sentence of why. Plain data; the widget is ui.classmode.ask."""
from __future__ import annotations

import re
from dataclasses import dataclass, field


def number(x: float) -> str:
    """A number to 4 significant digits in the app's one style: 3.037e-7, not 3.037e-07."""
    return re.sub(r"e([+-])0*(\d)", lambda m: "e" + ("-" if m.group(1) == "-" else "") + m.group(2),
                  f"{x:.4g}")


@dataclass(frozen=True)
class Question:
    """One prediction. The caller computes `truth` from the run its scene sets (never a literal)."""
    id: str                                                # stable, e.g. "init.std10"
    prompt: str                                            # translated
    truth: str | float                                     # an option code, or a number
    why: str                                               # one translated sentence
    options: dict[str, str] = field(default_factory=dict)  # option code -> translated label; empty: numeric
    abs_tol: float = 0.0     # a numeric answer within ± abs_tol of the truth counts as correct (the report)
    factor: float = 1.0      # … or within this factor of it (for truths that span decades: 4.5e-5, 3e-7)

    @property
    def kind(self) -> str:
        return "choice" if self.options else "number"

    def show(self, answer: str | float) -> str:
        """An option's label, or a number to 4 significant digits in the app's one style: 3.037e-7, not
        3.037e-07."""
        if self.options:
            return self.options.get(answer, "?")
        return number(answer)

    def correct(self, answer: str | float) -> bool:
        """The option itself, or a number within the question's tolerance (abs_tol, or a factor of the
        truth)."""
        if self.options:
            return answer == self.truth
        a, t = float(answer), float(self.truth)
        if abs(a - t) <= self.abs_tol:
            return True
        return self.factor > 1 and a * t > 0 and max(a / t, t / a) <= self.factor

