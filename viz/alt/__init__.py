"""Text alternatives of the figures: one module per lesson, one function per figure builder of viz/<lesson>.py,
taking the same result object (and the same translator `t`) and returning one or two sentences with the numbers
that matter. ui.page.chart passes them to st.plotly_chart(alt=...), where a screen reader reads them as the
chart's name (WCAG 1.1.1). The words live in ui/locales under alt.<lesson>.<figure>."""
from __future__ import annotations

import math
from collections.abc import Callable, Iterable

from viz.style import fmt_num

T = Callable[..., str]


def num(v: float) -> str:
    """fmt_num, with what a blown-up run leaves: ∞ and NaN spelled out rather than 'inf'/'nan'."""
    v = float(v)
    if math.isnan(v):
        return "NaN"
    return fmt_num(v) if math.isfinite(v) else ("∞" if v > 0 else "−∞")


def pct(frac: float) -> str:
    return f"{100 * float(frac):.0f}%" if math.isfinite(float(frac)) else "—"


def listing(items: Iterable[str]) -> str:
    return ", ".join(items)


def vec(values, zero: float = 0.0) -> str:
    """'(1, 2.5, -3)'; |v| < zero shown as 0 (means after normalising are exact up to rounding: 6e-17)."""
    return "(" + ", ".join(num(0.0 if abs(float(v)) < zero else v) for v in values) + ")"
