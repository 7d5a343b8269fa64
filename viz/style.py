"""Shared look of every figure: colours, fonts sized for a projector, an empty-figure fallback."""
from __future__ import annotations

import base64
import re

import numpy as np
import plotly.graph_objects as go

from viz.plotly_internals import property_dicts

# Every series colour keeps 3:1 against white (WCAG 1.4.11) and its palette stays apart under simulated colour-vision
# deficiency (PALETTES below; tests/viz/test_colour_vision.py). Colour is never the only cue: a chart that separates
# series by colour also separates them by dash, marker or pattern (tests/e2e/test_accessibility.py).
F_COLOR = "#1f5fa8"      # a function's value
G_COLOR = "#d97700"      # its gradient
GOOD = "#2e8b57"
BAD = "#c0392b"
NEUTRAL = "#a95cf8"
SATURATED = "#9aa5b1"    # a shaded band, not a series
GREY = "#767676"
ROLES = (F_COLOR, G_COLOR, GOOD, BAD, NEUTRAL)   # value and gradient, good and bad, a neutral mark: side by side
SERIES = ROLES + (GREY,)                         # categorical series: init schemes, BN's features and outputs
CLASSES = (F_COLOR, G_COLOR, GOOD, BAD, NEUTRAL)  # 2-D classes: the datasets' three, a drawing's up to five
RUNS = (F_COLOR, GOOD, NEUTRAL, "#b478a3", G_COLOR, BAD, "#930d28", "#692d51")   # learning rates, smallest first
# Every palette whose colours tell series apart, for tests/viz/test_colour_vision.py.
PALETTES = {"roles": ROLES, "series": SERIES, "classes": CLASSES, "runs": RUNS}
# Dashes and marker symbols that tell series apart without colour, in the order series take them.
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot", "6px,3px,1px,3px,1px,3px", "10px,2px")
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x", "star", "triangle-down", "cross")
PATTERNS = ("", "/", ".", "x", "\\")

FONT = "Noto Sans, Noto Sans CJK KR, Malgun Gothic, Apple SD Gothic Neo, sans-serif"


def fmt_num(v: float) -> str:
    """Every number the app prints: 3 significant digits, the same text in every language (also what a
    bound slider puts in the URL)."""
    return re.sub(r"e([+-])0*(\d)", lambda m: "e" + ("-" if m.group(1) == "-" else "") + m.group(2), f"{v:.3g}")


def shared(height: int, font_size: int = 14, **margin) -> dict:
    """The template, font and margins every figure shares; dict-built figures get them in viz.grid.figure."""
    return {"height": height, "template": "plotly_white", "font": {"family": FONT, "size": font_size},
            "margin": {"l": 60, "r": 20, "t": 60, "b": 50, **margin}}


def base_layout(*, height: int = 420, title: str | None = None) -> dict:
    """Layout settings every figure shares; readable from the back of a classroom."""
    return dict(
        shared(height, t=100 if title else 60),
        title=dict(text=title, x=0.01, xanchor="left", xref="container", y=0.985, yref="container",
                   yanchor="top", font={"size": 18}) if title else None,
        # The legend sits in the top margin, right-aligned, so it never covers data or subplot titles.
        legend=dict(orientation="h", yanchor="top", y=0.985 if not title else 0.93, yref="container",
                    xanchor="right", x=0.99, xref="container"),
    )


def empty_figure(message: str, height: int = 300) -> go.Figure:
    """A valid figure that says why there is nothing to plot."""
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, font_size=16, x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(**base_layout(height=height))
    return fig


INK = "#111111"   # text on white at about 19:1 contrast
TEXT = "#4a4b53"  # a chart's text in the normal view: 8.7:1 on white (Streamlit's theme draws it #808495, 3.7:1)


def readable_text(fig: go.Figure, color: str = TEXT) -> go.Figure:
    """Every text of the figure in `color` (WCAG 1.4.3): ticks, axis, legend and colour-bar titles, and annotations
    left uncoloured or coloured too pale for text (a series colour, 3:1, is enough for a line, not for words).

    Streamlit's theme replaces the figure's template with one whose text is #808495, so each axis needs its own
    colour. Written into the figure's property dicts directly: Plotly's validated updates cost 0.2 s on a figure
    of 40 axes, on every view (viz.plotly_internals.property_dicts; tests/viz/test_style.py checks the fast path)."""
    from viz.colour import contrast

    layout, data = property_dicts(fig)
    if layout is None or data is None:   # another Plotly: the validated way
        fig.update_layout(font_color=color, legend_font_color=color, title_font_color=color)
        fig.update_xaxes(tickfont_color=color, title_font_color=color)
        fig.update_yaxes(tickfont_color=color, title_font_color=color)
        return fig

    def paint(node: dict, *path: str) -> None:
        for key in path:
            node = node.setdefault(key, {})
        node["color"] = color

    paint(layout, "font")
    paint(layout, "legend", "font")
    paint(layout, "title", "font")
    for name in [k for k in layout if k.startswith(("xaxis", "yaxis"))]:
        paint(layout[name], "tickfont")
        paint(layout[name], "title", "font")
    for a in layout.get("annotations") or ():
        c = (a.get("font") or {}).get("color")
        if not (isinstance(c, str) and c.startswith("#") and contrast(c, "#ffffff") >= 4.5):
            paint(a, "font")
    for tr in data:
        for holder in (tr, tr.get("marker") or {}):
            if isinstance(holder.get("colorbar"), dict):
                paint(holder["colorbar"], "tickfont")
                paint(holder["colorbar"], "title", "font")
    return fig


def _numbers(v) -> np.ndarray:
    """A trace's coordinates as floats: a list, an array, or Plotly's typed-array dict (dict-built figures hold
    their arrays already encoded, {"dtype", "bdata"}); anything else (categories) gives none."""
    if isinstance(v, dict):
        if "bdata" not in v:
            return np.zeros(0)
        return np.frombuffer(base64.b64decode(v["bdata"]), dtype=np.dtype(v["dtype"])).astype(float)
    try:
        return np.asarray(v, dtype=float).ravel()
    except (TypeError, ValueError):
        return np.zeros(0)


def _decade_step(fig: go.Figure, name: str) -> int:
    """Decades between labels on log axis `name` so that 16 px labels do not overlap: the data's span in decades
    over the labels the axis has room for (about 34 px each on a y axis, 70 px on an x axis)."""
    letter, ref = name[0], name[0] + name[5:]            # "yaxis2" -> "y2", "yaxis" -> "y"
    vals = [_numbers(tr[letter]) for tr in fig.data if letter in tr and tr[letter] is not None
            and (tr[f"{letter}axis"] if f"{letter}axis" in tr else letter) == ref]
    vals = np.concatenate(vals) if vals else np.zeros(0)
    vals = vals[np.isfinite(vals) & (vals > 0)]
    if vals.size < 2:
        return 1
    span = np.log10(vals.max()) - np.log10(vals.min())
    lo, hi = fig.layout[name].domain or (0, 1)
    room = ((fig.layout.height or 450) - 110) * (hi - lo) / 34 if letter == "y" else 1100 * (hi - lo) / 70
    return max(1, int(np.ceil(span / max(room, 1.0))))


def presenter_style(fig: go.Figure) -> go.Figure:
    """The presenter view's text, on any figure: ticks 16 px, axis and subplot titles 18 px and more, all near
    black (Streamlit's theme would draw them grey, about 3.6:1 on white)."""
    big = {"size": 16, "color": INK}
    fig.update_layout(font=big, legend_font=big, hoverlabel_font_size=16)
    readable_text(fig, INK)
    if fig.layout.title.text:
        fig.update_layout(title_font={"size": 20, "color": INK})
    fig.update_xaxes(tickfont=big, title_font={"size": 18, "color": INK})
    if sum(1 for k in fig.layout if k.startswith("xaxis")) >= 5:   # small multiples: end labels would touch
        fig.update_xaxes(ticklabeloverflow="hide past domain")
    fig.update_yaxes(tickfont=big, title_font={"size": 18, "color": INK})
    for name in [k for k in fig.layout if k.startswith(("xaxis", "yaxis"))]:
        ax = fig.layout[name]
        if ax.type != "log" or ax.tickvals is not None:
            continue
        # Plotly's own labels between decades ("2", "5") are drawn small: whole decades, as many as fit
        step = _decade_step(fig, name)
        if ax.dtick is None or str(ax.dtick).startswith("D"):   # "D1"/"D2" label digits between decades too
            ax.dtick = step
        elif ax.dtick == 1 and name.startswith("y"):   # a short axis labelled every decade: every other one
            ax.dtick = max(2, step)
    fig.update_annotations(font_color=INK)
    rows = {tuple(fig.layout[k].domain) for k in fig.layout if k.startswith("yaxis") and fig.layout[k].domain}
    if len(rows) >= 2 and fig.layout.height:   # taller, so the larger text keeps its rows apart
        fig.update_layout(height=int(fig.layout.height * 1.2))
    cols = {tuple(fig.layout[k].domain) for k in fig.layout if k.startswith("xaxis") and fig.layout[k].domain}
    size = 18 if len(cols) < 8 else 15   # eight or more panels a row (one per layer): labels that still fit at 150%
    for a in fig.layout.annotations:
        if (a.font.size or 0) < size:
            a.font.size = size
    for tr in fig.data:
        if "colorbar" in tr and tr.colorbar is not None:
            tr.colorbar.tickfont = big
    return fig
