"""The class tally: how many students gave each answer, drawn from counts (never the raw answers)."""
from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import plotly.graph_objects as go

from viz.style import GOOD, NEUTRAL, shared

BINS = 20


def tally_counts(values: list[float]) -> tuple[np.ndarray, np.ndarray, bool]:
    """Numeric estimates binned: (bin centres, counts, on a log10 axis). Estimates spanning more than two decades
    (all positive) are binned on log10, where a class's guesses of 1e-7 … 1e-2 spread out."""
    x = np.asarray(values, dtype=float)
    log = bool(x.size and x.min() > 0 and x.max() > 100 * x.min())
    if log:
        x = np.log10(x)
    counts, edges = np.histogram(x, bins=BINS) if x.size else (np.zeros(0, int), np.zeros(1))
    return (edges[:-1] + edges[1:]) / 2, counts, log


def tally_figure(options: dict[str, str] | None, tally: dict, t: Callable[..., str], *, revision: str,
                 compact: bool = False, truth: float | str | None = None) -> go.Figure:
    """Counts per option (every option shown, even at zero), or numeric estimates binned; once revealed, the
    truth is marked (its bar in green, or a line at its value). `compact`: the presenter view's short chart."""
    x_title = t("classroom.axis_answer")
    if options:
        colours = [GOOD if truth == code else NEUTRAL for code in options]
        hatch = ["/" if truth == code else "" for code in options]   # the truth is marked by more than its colour
        fig = go.Figure(go.Bar(x=list(options.values()), y=[tally["counts"].get(c, 0) for c in options],
                               marker_color=colours, marker_pattern_shape=hatch))
    else:
        centres, counts, log = tally_counts(tally["values"])
        width = float(centres[1] - centres[0]) if len(centres) > 1 else None
        fig = go.Figure(go.Bar(x=centres, y=counts, width=width, marker_color=NEUTRAL))
        if log:
            x_title = t("classroom.axis_log")
        if isinstance(truth, (int, float)) and math.isfinite(truth) and (not log or truth > 0):
            at = math.log10(truth) if log else truth
            fig.add_vline(x=at, line_color=GOOD, line_width=3)
            if len(centres):   # the answers and the truth in view, with a margin
                half = (width or 1.0) / 2
                lo, hi = min(centres[0] - half, at), max(centres[-1] + half, at)
                pad = 0.05 * (hi - lo or 1.0)
                fig.update_xaxes(range=[lo - pad, hi + pad])
    fig.update_layout(shared(170 if compact else 260, l=10, r=10, t=10, b=10), uirevision=revision,
                      xaxis_title=x_title, yaxis_title=t("classroom.axis_students"), bargap=0.05)
    return fig
