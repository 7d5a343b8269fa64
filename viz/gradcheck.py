"""Gradient checks figures: relative error against h (log–log, the notes' bands, the V and the best h), kinks
(a scalar's ramp, the net's checks by distance to a kink), the traps, and the bug finder's error per parameter."""
from __future__ import annotations

import re

import numpy as np
import plotly.graph_objects as go

from viz.grid import figure
from viz.style import BAD, F_COLOR, G_COLOR, GOOD, GREY, NEUTRAL, SERIES, SYMBOLS, base_layout, fmt_num

FLOOR = 1e-16                    # a relative error of exactly 0 drawn here (a log axis has no 0)
Y_RANGE = [-16.3, 0.6]           # log10 of the error axis: float64's round-off up to "wrong"
BANDS = ((1e-2, 1e3, BAD, "wrong"), (1e-4, 1e-2, G_COLOR, "uncomfortable"), (1e-7, 1e-4, GREY, "kinks"),
         (FLOOR / 10, 1e-7, GOOD, "happy"))
PRECISION = {"float64": (F_COLOR, "circle"), "float32": (G_COLOR, "diamond")}
FORMULA = {False: "dash", True: "solid"}     # one-sided dashed, centred solid
PARAM_COLORS = dict(zip(("W1", "b1", "W2", "b2", "x", "gamma", "beta"), SERIES + (NEUTRAL,), strict=False))


def sci(v: float) -> str:
    """An error in two significant digits, exponent without padding as fmt_num writes it: 2.1e-1, 4.5e-11."""
    text = re.sub(r"e([+-])0*(\d)", lambda m: "e" + ("-" if m.group(1) == "-" else "") + m.group(2), f"{float(v):.1e}")
    return text.removesuffix("e0")


def _floor(err) -> np.ndarray:
    return np.maximum(np.asarray(err, float), FLOOR)


def bands(t, *, labels: bool = True) -> tuple[list, list]:
    """The notes' bands as shapes, each named in words on the right (colour is not the only cue):
    (shapes, annotations)."""
    shapes, notes = [], []
    for lo, hi, color, name in BANDS:
        shapes.append({"type": "rect", "xref": "x domain", "x0": 0, "x1": 1, "yref": "y", "y0": lo, "y1": hi,
                       "fillcolor": color, "opacity": 0.10, "line": {"width": 0}, "layer": "below"})
        if labels:   # right of the plot, where no curve runs; on a log axis an annotation's y is log10 of the value
            mid = (max(np.log10(lo), Y_RANGE[0]) + min(np.log10(hi), Y_RANGE[1])) / 2
            notes.append({"x": 1.01, "xref": "paper", "xanchor": "left", "align": "left", "y": float(mid), "yref": "y",
                          "text": t(f"gradcheck.fig.band_{name}"), "showarrow": False, "font": {"size": 11}})
    return shapes, notes


def _vline(x: float, color: str = "#111111", dash: str = "dot") -> dict:
    return {"type": "line", "xref": "x", "x0": x, "x1": x, "yref": "y domain", "y0": 0, "y1": 1,
            "line": {"color": color, "dash": dash, "width": 1.5}}


def _error_axis(t) -> dict:
    return {"title": {"text": t("gradcheck.fig.rel_error")}, "type": "log", "range": Y_RANGE, "dtick": 2,
            "exponentformat": "power"}


def _layout(height: int, title: str, xaxis: dict, yaxis: dict, shapes: list, notes: list, **kw) -> dict:
    """The shared layout; a right margin for the bands' names when the figure has them."""
    layout = base_layout(height=height, title=title)
    if any(n.get("xref") == "paper" and n.get("x", 0) > 1 for n in notes):
        layout["margin"] = {**layout["margin"], "r": 120}
    return {**layout, "xaxis": xaxis, "yaxis": yaxis, "shapes": shapes, "annotations": notes, **kw}


def _scatter(x, y, name: str, **kw) -> dict:
    return {"type": "scatter", "x": np.asarray(x, float), "y": np.asarray(y, float), "name": name, **kw}


def error_h_figure(s, t, *, float32: bool = True, mark_h: float | None = None) -> go.Figure:
    """Relative error against h, log–log: one-sided and centred, float64 (and float32), each best h starred."""
    shapes, notes = bands(t)
    data = []
    for c in s.curves:
        if c.dtype == "float32" and not float32:
            continue
        color, symbol = PRECISION[c.dtype]
        name = t("gradcheck.fig.curve", formula=t("gradcheck.fig.centred" if c.centred else "gradcheck.fig.one_sided"),
                 dtype=c.dtype)
        data.append(_scatter(s.h, _floor(c.err), name, mode="lines+markers",
                             line={"color": color, "dash": FORMULA[c.centred], "width": 2.5},
                             marker={"symbol": symbol, "size": 6, "color": color},
                             hovertemplate="h = %{x:.1e}<br>%{y:.2e}<extra>" + name + "</extra>"))
        best = t("gradcheck.fig.best", name=name)
        data.append(_scatter([c.best_h], [max(c.best_err, FLOOR)], best, mode="markers", showlegend=False,
                             marker={"symbol": "star", "size": 16, "color": color,
                                     "line": {"color": "#111111", "width": 1}},
                             hovertemplate=best + ": h = %{x:.1e}, %{y:.2e}<extra></extra>"))
        # the label on a white box, below a centred curve's star and above a one-sided one's
        notes.append({"x": float(np.log10(c.best_h)), "y": float(np.log10(max(c.best_err, FLOOR))),
                      "text": t("gradcheck.fig.best_h", h=fmt_num(c.best_h)), "showarrow": False,
                      "yshift": -22 if c.centred else 22, "bgcolor": "rgba(255,255,255,0.85)", "font": {"size": 12}})
    notes += [{"x": -1.0, "y": -15.4, "text": t("gradcheck.fig.truncation"), "showarrow": False, "xanchor": "right",
               "font": {"size": 12}},
              {"x": -13.2, "y": -14, "text": t("gradcheck.fig.roundoff"), "showarrow": False, "xanchor": "left",
               "font": {"size": 12}}]
    if mark_h is not None:
        shapes.append(_vline(mark_h))
    xaxis = {"title": {"text": t("gradcheck.fig.h_axis")}, "type": "log", "dtick": 2, "exponentformat": "power",
             "range": [-13.3, -0.7]}
    title = t("gradcheck.fig.error_h_title", fn=t(f"gradcheck.fn.{s.function}"))
    return figure(data, _layout(520, title, xaxis, _error_axis(t), shapes, notes))


def kink_figure(k, t) -> go.Figure:
    """The derivative near the kink at 0 (x in units of 1e-6): analytic (a step) and centred numerical (a ramp
    across ±h), the chosen x marked, the straddling zone shaded."""
    u = 1e6
    shapes = [{"type": "rect", "xref": "x", "x0": -k.h * u, "x1": k.h * u, "yref": "y domain", "y0": 0, "y1": 1,
               "fillcolor": NEUTRAL, "opacity": 0.10, "line": {"width": 0}, "layer": "below"}]
    notes = [{"x": 0, "y": 1.0, "yref": "paper", "yanchor": "top", "showarrow": False, "font": {"size": 12},
              "text": t("gradcheck.fig.straddle")}]
    data = [_scatter(k.x * u, k.analytic, t("gradcheck.fig.analytic"), mode="lines",
                     line={"color": GOOD, "width": 3, "shape": "hv"}),
            _scatter(k.x * u, k.centred, t("gradcheck.fig.numerical_h", h=fmt_num(k.h)), mode="lines",
                     line={"color": BAD, "width": 2.5, "dash": "dash"}),
            _scatter([k.x0 * u, k.x0 * u], [k.ana0, k.num0], t("gradcheck.fig.at_x", x=fmt_num(k.x0)), mode="markers",
                     marker={"symbol": ["circle", "x"], "size": 13, "color": [GOOD, BAD]})]
    title = t("gradcheck.fig.kink_title", fn=t(f"gradcheck.kink.{k.function}"))
    return figure(data, _layout(420, title, {"title": {"text": t("gradcheck.fig.x_micro")}},
                                {"title": {"text": t("gradcheck.fig.derivative")}}, shapes, notes))


def kink_net_figure(kn, t) -> go.Figure:
    """Each checked weight of W1: its relative error against its distance to the nearest kink (in steps ±h);
    the checks whose ReLU winners changed drawn apart."""
    shapes, notes = bands(t)
    margin = np.clip(kn.margin, 1e-3, 1e6)
    data = []
    for crossed, color, symbol, key in ((False, F_COLOR, "circle", "clean"), (True, BAD, "x", "crossed")):
        m = kn.crossed == crossed
        data.append(_scatter(margin[m], _floor(kn.err[m]), t(f"gradcheck.fig.{key}", n=int(m.sum())), mode="markers",
                             marker={"color": color, "symbol": symbol, "size": 8},
                             hovertemplate="%{x:.2g}: %{y:.2e}<extra></extra>"))
    shapes.append(_vline(1.0))
    notes.append({"x": 0, "y": 0.3, "text": t("gradcheck.fig.one_step"), "showarrow": False, "xanchor": "left"})
    lo, hi = np.log10(margin.min()), np.log10(margin.max())
    xaxis = {"title": {"text": t("gradcheck.fig.margin_axis")}, "type": "log", "exponentformat": "power",
             "range": [float(min(lo, -1.0) - 0.2), float(max(hi, 1.0) + 0.2)]}
    title = t("gradcheck.fig.kink_net_title", share=f"{100 * kn.share:.0f}")
    return figure(data, _layout(460, title, xaxis, _error_axis(t), shapes, notes))


def reg_trap_figure(r, t, reg: float | None = None) -> go.Figure:
    """W1's relative error against the L2 strength: the worst and the median check, and the data loss alone."""
    shapes, notes = bands(t)
    data = [_scatter(r.regs, _floor(r.err), t("gradcheck.fig.worst"), mode="lines+markers",
                     line={"color": BAD, "width": 2.5}, marker={"symbol": "x", "size": 8}),
            _scatter(r.regs, _floor(r.median), t("gradcheck.fig.median"), mode="lines+markers",
                     line={"color": F_COLOR, "dash": "dash", "width": 2.5}, marker={"symbol": "circle"}),
            _scatter([r.regs[0], r.regs[-1]], [max(r.data_err, FLOOR)] * 2, t("gradcheck.fig.data_only"), mode="lines",
                     line={"color": "#111111", "dash": "dot", "width": 2})]
    if reg is not None:
        shapes.append(_vline(reg, GREY))
    xaxis = {"title": {"text": t("gradcheck.fig.reg_axis")}, "type": "log", "dtick": 1, "exponentformat": "power"}
    return figure(data, _layout(430, t("gradcheck.fig.reg_title"), xaxis, _error_axis(t), shapes, notes))


def dropout_figure(d, t) -> go.Figure:
    """The relative error of each checked element of W1: dropout's mask fixed, and new in every evaluation."""
    shapes, notes = bands(t)
    k = np.arange(1, len(d.fixed) + 1)
    data = [_scatter(k, _floor(d.fixed), t("gradcheck.fig.fixed_seed"), mode="markers",
                     marker={"color": GOOD, "symbol": "circle", "size": 10}),
            _scatter(k, _floor(d.fresh), t("gradcheck.fig.fresh_mask"), mode="markers",
                     marker={"color": BAD, "symbol": "x", "size": 10})]
    xaxis = {"title": {"text": t("gradcheck.fig.check_axis")}, "dtick": 1 if len(k) <= 10 else 5,
             "range": [0.5, len(k) + 0.5]}
    title = t("gradcheck.fig.dropout_title", p=fmt_num(d.keep))
    return figure(data, _layout(400, title, xaxis, _error_axis(t), shapes, notes))


def sample_figure(s, t) -> go.Figure:
    """Relative errors of a random sample of the flat parameter vector, and of a few elements of each parameter."""
    shapes, notes = bands(t)
    flat = t("gradcheck.fig.flat")
    names = ("W1", "b1", "W2", "b2")
    data = []
    for i, name in enumerate(names):
        sel = np.array([n == name for n in s.flat_names])
        pts = np.concatenate([_floor(s.flat_err[sel]), _floor(s.per_param[i])])
        xs = [flat] * int(sel.sum()) + [t("gradcheck.fig.each", p=name)] * len(s.per_param[i])
        data.append({"type": "scatter", "x": xs, "y": pts, "mode": "markers",
                     "name": t("gradcheck.fig.param_n", p=name, n=s.sizes[i]),
                     "marker": {"color": PARAM_COLORS[name], "symbol": SYMBOLS[i], "size": 11}})
    xaxis = {"title": {"text": t("gradcheck.fig.sample_axis")}, "type": "category",
             "categoryorder": "array", "categoryarray": [flat] + [t("gradcheck.fig.each", p=n) for n in names]}
    title = t("gradcheck.fig.sample_title", n=len(s.flat_err))
    return figure(data, _layout(420, title, xaxis, _error_axis(t), shapes, notes))


def bug_figure(b, t) -> go.Figure:
    """The relative error of every parameter (max over its elements), bars on a log axis, the 1e-4 line."""
    shapes, notes = bands(t)
    err = _floor(b.err)
    fails = err > 1e-4
    data = [{"type": "bar", "x": list(b.params), "y": err, "name": t("gradcheck.fig.param_error"),
             "marker": {"color": [BAD if f else GOOD for f in fails],
                        "pattern": {"shape": ["x" if f else "" for f in fails]}},
             "text": [sci(e) + " " + t("gradcheck.fig.fail" if f else "gradcheck.fig.pass")
                      for e, f in zip(err, fails, strict=True)], "textposition": "outside",
             "hovertemplate": "%{x}: %{y:.2e}<extra></extra>"}]
    shapes.append({"type": "line", "xref": "x domain", "x0": 0, "x1": 1, "yref": "y", "y0": 1e-4, "y1": 1e-4,
                   "line": {"color": "#111111", "dash": "dash", "width": 2}})
    title = t("gradcheck.fig.bug_title", bug=t(f"gradcheck.bug.{b.bug}"))
    xaxis = {"title": {"text": t("gradcheck.fig.param_axis")}, "type": "category"}
    yaxis = {**_error_axis(t), "range": [Y_RANGE[0], 2.0]}       # room above a failing bar for its label
    return figure(data, _layout(430, title, xaxis, yaxis, shapes, notes, showlegend=False))
