"""Figures from plain dicts: subplot grids as layout dicts, and a figure built without per-property validation.

make_subplots plus update_* calls validate every property on every rerun; building the layout as dicts and
the figure once is about 5× cheaper, and skipping Plotly's validation another 5× (tests/viz/conftest.py builds
every such figure the viz tests make both ways, validated, and checks the two serialise the same)."""
from __future__ import annotations

from functools import cache

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

from viz.plotly_internals import unvalidated_figure
from viz.style import shared


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


@cache
def _template(name: str) -> dict:
    return pio.templates[name].to_plotly_json()


def _unset_none(node):
    """Drop None-valued properties, as validation does (None means "not set"); None inside arrays stays."""
    if isinstance(node, dict):
        return {k: _unset_none(v) for k, v in node.items() if v is not None}
    if isinstance(node, list) and any(isinstance(v, dict) for v in node):
        return [_unset_none(v) for v in node]
    return node


def figure(data: list, layout: dict) -> go.Figure:
    """go.Figure from trace dicts and a layout dict, without Plotly's validation (see the module docstring).
    The shared style (viz.style.shared: template, font family, margins) fills whatever the layout leaves unset.

    Validation also expands a template name ("plotly_white") into the template plotly.js needs and drops
    None-valued properties; both are done here. Named colour scales must be expanded by the caller
    (plotly.colors.get_colorscale): "RdBu_r" exists only in Python. tests/viz/conftest.py checks it all."""
    style = shared(layout.get("height", 420))
    layout = {**style, **layout, "font": {**style["font"], **layout.get("font", {})}}
    data, layout = _unset_none(list(data)), _unset_none(layout)
    if isinstance(layout.get("template"), str):
        layout = {**layout, "template": _template(layout["template"])}
    return unvalidated_figure(data, layout)
