"""Gradient checks figures: relative error against h (log–log, the notes' bands, the V and the best h), kinks
(a scalar's ramp, the net's checks by distance to a kink), the traps, and the bug finder's error per parameter."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from viz.style import BAD, F_COLOR, G_COLOR, GOOD, GREY, NEUTRAL, SERIES, SYMBOLS, base_layout, fmt_num

FLOOR = 1e-16                    # a relative error of exactly 0 drawn here (a log axis has no 0)
Y_RANGE = [-16.3, 0.6]           # log10 of the error axis: float64's round-off up to "wrong"
BANDS = ((1e-2, 10.0, BAD, "wrong"), (1e-4, 1e-2, G_COLOR, "uncomfortable"), (1e-7, 1e-4, GREY, "kinks"),
         (FLOOR / 10, 1e-7, GOOD, "happy"))
PRECISION = {"float64": (F_COLOR, "circle"), "float32": (G_COLOR, "diamond")}
FORMULA = {False: "dash", True: "solid"}     # one-sided dashed, centred solid
PARAM_COLORS = dict(zip(("W1", "b1", "W2", "b2", "x", "gamma", "beta"), SERIES + (NEUTRAL,), strict=False))


def _floor(err) -> np.ndarray:
    return np.maximum(np.asarray(err, float), FLOOR)


def bands(fig: go.Figure, t, *, labels: bool = True) -> None:
    """The notes' bands, shaded and named in words on the right (colour is not the only cue)."""
    for lo, hi, color, name in BANDS:
        fig.add_hrect(y0=lo, y1=hi, fillcolor=color, opacity=0.10, line_width=0, layer="below")
        if labels:
            mid = (max(np.log10(lo), Y_RANGE[0]) + min(np.log10(hi), Y_RANGE[1])) / 2
            fig.add_annotation(x=0.995, xref="paper", xanchor="right", y=mid, text=t(f"gradcheck.fig.band_{name}"),
                               showarrow=False, font={"size": 12})


def _log_error_axis(fig: go.Figure, t) -> None:
    fig.update_yaxes(title_text=t("gradcheck.fig.rel_error"), type="log", range=Y_RANGE, dtick=2,
                     exponentformat="power")


def error_h_figure(s, t, *, float32: bool = True, mark_h: float | None = None) -> go.Figure:
    """Relative error against h, log–log: one-sided and centred, float64 (and float32), each best h starred."""
    fig = go.Figure()
    bands(fig, t)
    for c in s.curves:
        if c.dtype == "float32" and not float32:
            continue
        color, symbol = PRECISION[c.dtype]
        name = t("gradcheck.fig.curve", formula=t("gradcheck.fig.centred" if c.centred else "gradcheck.fig.one_sided"),
                 dtype=c.dtype)
        fig.add_trace(go.Scatter(x=s.h, y=_floor(c.err), name=name, mode="lines+markers",
                                 line={"color": color, "dash": FORMULA[c.centred], "width": 2.5},
                                 marker={"symbol": symbol, "size": 6, "color": color},
                                 hovertemplate="h = %{x:.1e}<br>%{y:.2e}<extra>" + name + "</extra>"))
        fig.add_trace(go.Scatter(x=[c.best_h], y=[max(c.best_err, FLOOR)], mode="markers+text", showlegend=False,
                                 name=t("gradcheck.fig.best", name=name),
                                 marker={"symbol": "star", "size": 16, "color": color, "line": {"color": "#111111",
                                                                                                  "width": 1}},
                                 text=[t("gradcheck.fig.best_h", h=fmt_num(c.best_h))], textposition="bottom center",
                                 hovertemplate=t("gradcheck.fig.best", name=name) + ": h = %{x:.1e}, %{y:.2e}"
                                 "<extra></extra>"))
    c64 = s.curve(True, "float64")
    fig.add_annotation(x=-1.6, y=np.log10(max(c64.err[2], FLOOR)) + 1.2, text=t("gradcheck.fig.truncation"),
                       showarrow=False, xanchor="center", font={"size": 12})
    fig.add_annotation(x=-12, y=-2.5, text=t("gradcheck.fig.roundoff"), showarrow=False, font={"size": 12})
    if mark_h is not None:
        fig.add_vline(x=mark_h, line={"color": "#111111", "dash": "dot", "width": 1.5})
    fig.update_xaxes(title_text=t("gradcheck.fig.h_axis"), type="log", dtick=1, exponentformat="power",
                     range=[-13.3, -0.7])
    _log_error_axis(fig, t)
    fig.update_layout(**base_layout(height=520, title=t("gradcheck.fig.error_h_title",
                                                        fn=t(f"gradcheck.fn.{s.function}"))))
    return fig


def kink_figure(k, t) -> go.Figure:
    """The derivative near the kink at 0 (x in units of 1e-6): analytic (a step) and centred numerical (a ramp
    across ±h), the chosen x marked, the straddling zone shaded."""
    fig = go.Figure()
    u = 1e6
    fig.add_vrect(x0=-k.h * u, x1=k.h * u, fillcolor=NEUTRAL, opacity=0.10, line_width=0, layer="below")
    fig.add_annotation(x=0, y=1.0, yref="paper", yanchor="top", showarrow=False, font={"size": 12},
                       text=t("gradcheck.fig.straddle"))
    fig.add_trace(go.Scatter(x=k.x * u, y=k.analytic, name=t("gradcheck.fig.analytic"), mode="lines",
                             line={"color": GOOD, "width": 3, "shape": "hv"}))
    fig.add_trace(go.Scatter(x=k.x * u, y=k.centred, name=t("gradcheck.fig.numerical_h", h=fmt_num(k.h)), mode="lines",
                             line={"color": BAD, "width": 2.5, "dash": "dash"}))
    fig.add_trace(go.Scatter(x=[k.x0 * u, k.x0 * u], y=[k.ana0, k.num0], mode="markers",
                             name=t("gradcheck.fig.at_x", x=fmt_num(k.x0)),
                             marker={"symbol": ["circle", "x"], "size": 13, "color": [GOOD, BAD]}))
    fig.update_xaxes(title_text=t("gradcheck.fig.x_micro"))
    fig.update_yaxes(title_text=t("gradcheck.fig.derivative"))
    fig.update_layout(**base_layout(height=420, title=t("gradcheck.fig.kink_title", fn=t(f"gradcheck.kink.{k.function}"))))
    return fig


def kink_net_figure(kn, t) -> go.Figure:
    """Each checked weight of W1: its relative error against its distance to the nearest kink (in steps ±h);
    the checks whose ReLU winners changed drawn apart."""
    fig = go.Figure()
    bands(fig, t)
    margin = np.clip(kn.margin, 1e-3, 1e6)
    for crossed, color, symbol, key in ((False, F_COLOR, "circle", "clean"), (True, BAD, "x", "crossed")):
        m = kn.crossed == crossed
        fig.add_trace(go.Scatter(x=margin[m], y=_floor(kn.err[m]), mode="markers", marker={"color": color,
                                 "symbol": symbol, "size": 8}, name=t(f"gradcheck.fig.{key}", n=int(m.sum())),
                                 hovertemplate="%{x:.2g}: %{y:.2e}<extra></extra>"))
    fig.add_vline(x=1, line={"color": "#111111", "dash": "dot", "width": 1.5})
    fig.add_annotation(x=0, y=0.3, text=t("gradcheck.fig.one_step"), showarrow=False, xanchor="left")
    fig.update_xaxes(title_text=t("gradcheck.fig.margin_axis"), type="log", exponentformat="power", range=[-3.2, 6.2])
    _log_error_axis(fig, t)
    fig.update_layout(**base_layout(height=460, title=t("gradcheck.fig.kink_net_title", share=f"{100 * kn.share:.0f}")))
    return fig


def reg_trap_figure(r, t, reg: float | None = None) -> go.Figure:
    """W1's relative error against the L2 strength: the worst and the median check, and the data loss alone."""
    fig = go.Figure()
    bands(fig, t)
    fig.add_trace(go.Scatter(x=r.regs, y=_floor(r.err), name=t("gradcheck.fig.worst"), mode="lines+markers",
                             line={"color": BAD, "width": 2.5}, marker={"symbol": "x", "size": 8}))
    fig.add_trace(go.Scatter(x=r.regs, y=_floor(r.median), name=t("gradcheck.fig.median"), mode="lines+markers",
                             line={"color": F_COLOR, "dash": "dash", "width": 2.5}, marker={"symbol": "circle"}))
    fig.add_trace(go.Scatter(x=[r.regs[0], r.regs[-1]], y=[max(r.data_err, FLOOR)] * 2, mode="lines",
                             name=t("gradcheck.fig.data_only"), line={"color": "#111111", "dash": "dot", "width": 2}))
    if reg is not None:
        fig.add_vline(x=reg, line={"color": GREY, "dash": "dot"})
    fig.update_xaxes(title_text=t("gradcheck.fig.reg_axis"), type="log", dtick=1, exponentformat="power")
    _log_error_axis(fig, t)
    fig.update_layout(**base_layout(height=430, title=t("gradcheck.fig.reg_title")))
    return fig


def dropout_figure(d, t) -> go.Figure:
    """The relative error of each checked element of W1: dropout's mask fixed, and new in every evaluation."""
    fig = go.Figure()
    bands(fig, t)
    k = np.arange(1, len(d.fixed) + 1)
    fig.add_trace(go.Scatter(x=k, y=_floor(d.fixed), mode="markers", name=t("gradcheck.fig.fixed_seed"),
                             marker={"color": GOOD, "symbol": "circle", "size": 10}))
    fig.add_trace(go.Scatter(x=k, y=_floor(d.fresh), mode="markers", name=t("gradcheck.fig.fresh_mask"),
                             marker={"color": BAD, "symbol": "x", "size": 10}))
    fig.update_xaxes(title_text=t("gradcheck.fig.check_axis"), dtick=1 if len(k) <= 20 else 5)
    _log_error_axis(fig, t)
    fig.update_layout(**base_layout(height=400, title=t("gradcheck.fig.dropout_title", p=fmt_num(d.keep))))
    return fig


def sample_figure(s, t) -> go.Figure:
    """Relative errors of a random sample of the flat parameter vector, and of a few elements of each parameter."""
    fig = go.Figure()
    bands(fig, t)
    flat = t("gradcheck.fig.flat")
    names = ("W1", "b1", "W2", "b2")
    for i, name in enumerate(names):
        sel = np.array([n == name for n in s.flat_names])
        pts = np.concatenate([_floor(s.flat_err[sel]), _floor(s.per_param[i])])
        xs = [flat] * int(sel.sum()) + [t("gradcheck.fig.each", p=name)] * len(s.per_param[i])
        fig.add_trace(go.Scatter(x=xs, y=pts, mode="markers", name=t("gradcheck.fig.param_n", p=name, n=s.sizes[i]),
                                 marker={"color": PARAM_COLORS[name], "symbol": SYMBOLS[i], "size": 11}))
    fig.update_xaxes(title_text=t("gradcheck.fig.sample_axis"), type="category",
                     categoryarray=[flat] + [t("gradcheck.fig.each", p=n) for n in names])
    _log_error_axis(fig, t)
    fig.update_layout(**base_layout(height=420, title=t("gradcheck.fig.sample_title", n=len(s.flat_err))))
    return fig


def bug_figure(b, t) -> go.Figure:
    """The relative error of every parameter (max over its elements), bars on a log axis, the 1e-4 line."""
    fig = go.Figure()
    bands(fig, t)
    err = _floor(b.err)
    fails = err > 1e-4
    fig.add_trace(go.Bar(x=list(b.params), y=err, base=FLOOR, name=t("gradcheck.fig.param_error"),
                         marker={"color": [BAD if f else GOOD for f in fails],
                                 "pattern": {"shape": ["x" if f else "" for f in fails]}},
                         text=[f"{e:.1e} " + t("gradcheck.fig.fail" if f else "gradcheck.fig.pass")
                               for e, f in zip(err, fails, strict=True)], textposition="outside",
                         hovertemplate="%{x}: %{y:.2e}<extra></extra>"))
    fig.add_hline(y=1e-4, line={"color": "#111111", "dash": "dash", "width": 2})
    fig.update_xaxes(title_text=t("gradcheck.fig.param_axis"), type="category")
    _log_error_axis(fig, t)
    fig.update_layout(**base_layout(height=430, title=t("gradcheck.fig.bug_title", bug=t(f"gradcheck.bug.{b.bug}"))),
                      showlegend=False)
    return fig
