"""Subplot grids as plain layout dicts: one validated go.Figure(data, layout) costs a fifth of make_subplots."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go


def axis_ids(k: int) -> tuple[str, str]:
    """The trace references (xref, yref) of the k-th subplot, 1-based, row by row."""
    return ("x", "y") if k == 1 else (f"x{k}", f"y{k}")


def grid(rows: int, cols: int, titles=(), *, widths=None, hgap: float = 0.08, vgap: float = 0.16) -> dict:
    """Layout entries for a rows × cols grid: xaxis…/yaxis… domains and anchors, titles as annotations.

    Subplot k = (row − 1)·cols + col, row 1 at the top, like make_subplots."""
    widths = list(widths) if widths else [1.0] * cols
    usable, total = 1.0 - hgap * (cols - 1), float(sum(widths))
    xs, x0 = [], 0.0
    for w in widths:
        w = usable * w / total
        xs.append([round(x0, 6), round(min(1.0, x0 + w), 6)])
        x0 += w + hgap
    h = (1.0 - vgap * (rows - 1)) / rows
    ys = [[round(max(0.0, 1.0 - (r + 1) * h - r * vgap), 6), round(1.0 - r * (h + vgap), 6)] for r in range(rows)]
    layout: dict = {"annotations": []}
    for r in range(rows):
        for c in range(cols):
            k = r * cols + c + 1
            xr, yr = axis_ids(k)
            layout["xaxis" + xr[1:]] = {"domain": xs[c], "anchor": yr}
            layout["yaxis" + yr[1:]] = {"domain": ys[r], "anchor": xr}
            if k <= len(titles) and titles[k - 1]:
                layout["annotations"].append(
                    {"text": titles[k - 1], "x": (xs[c][0] + xs[c][1]) / 2, "y": ys[r][1], "xref": "paper",
                     "yref": "paper", "xanchor": "center", "yanchor": "bottom", "showarrow": False,
                     "font": {"size": 16}})
    return layout


def axis(layout: dict, k: int, which: str = "x", **props) -> None:
    """Merge props into the k-th subplot's x or y axis of a grid layout."""
    ref = axis_ids(k)[0 if which == "x" else 1]
    layout.setdefault(f"{which}axis{ref[1:]}", {}).update(props)


def bar(counts, edges, name: str, color: str, k: int = 1, **kw) -> dict:
    """A histogram from sim's counts and edges, as a bar trace dict on subplot k."""
    edges = np.asarray(edges, dtype=float)
    xr, yr = axis_ids(k)
    return dict(type="bar", x=0.5 * (edges[1:] + edges[:-1]), y=np.asarray(counts), width=np.diff(edges),
                name=name, marker={"color": color, "line": {"width": 0}}, xaxis=xr, yaxis=yr, **kw)


def figure(data: list, layout: dict) -> go.Figure:
    return go.Figure(data=data, layout=layout)
