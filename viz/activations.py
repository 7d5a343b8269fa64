"""Figures of the activation lesson: curves with gradients and saturation, zig-zag, dead ReLU, PReLU, cost."""
from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from sim.labs.activations import ChainStep, CostResult, CurveSet, DeadReluResult, PreluFit, ZigzagResult
from viz.style import BAD, F_COLOR, G_COLOR, GOOD, NEUTRAL, SATURATED, base_layout, empty_figure

T = Callable[..., str]
COLS = 4


def curves_figure(cs: CurveSet, t: T, chain: tuple[ChainStep, ...] = ()) -> go.Figure:
    """Small multiples, one cell per function: f(x) on top, df/dx below on the same x axis,
    saturated regions (|df/dx| < threshold) shaded in both, the chain-rule point marked."""
    n = len(cs.curves)
    if n == 0:
        return empty_figure(t("activations.fig.no_functions"))
    cols = min(n, COLS)
    rows = math.ceil(n / cols)
    fig = make_subplots(rows=2 * rows, cols=cols, shared_xaxes="columns", vertical_spacing=0.04,
                        horizontal_spacing=0.05, row_heights=[0.6, 0.4] * rows,
                        subplot_titles=[c.label for c in cs.curves] + [""] * (2 * rows * cols - n),
                        specs=[[{} for _ in range(cols)] for _ in range(2 * rows)])
    # subplot_titles are laid out row by row; move titles of the gradient rows out of the way.
    titles = list(fig.layout.annotations)
    for k, ann in enumerate(titles):
        if k < n:
            r, c = divmod(k, cols)
            ref = fig.get_subplot(2 * r + 1, c + 1)
            ann.update(x=sum(ref.xaxis.domain) / 2, y=ref.yaxis.domain[1], font_size=15)
    by_name = {s.name: s for s in chain}
    traces, where, shapes = [], [], []
    for k, cur in enumerate(cs.curves):
        r, c = divmod(k, cols)
        top, bottom = 2 * r + 1, 2 * r + 2
        first = k == 0
        traces += [
            go.Scatter(x=cs.x, y=cur.y, name="f(x)", legendgroup="f", showlegend=first,
                       line=dict(color=F_COLOR, width=2.5), meta=cur.name,
                       hovertemplate=f"{cur.label}<br>x = %{{x:.4g}}<br>f(x) = %{{y:.6g}}<extra></extra>"),
            go.Scatter(x=cs.x, y=cur.dy, name="df/dx", legendgroup="g", showlegend=first,
                       line=dict(color=G_COLOR, width=2.5), meta=cur.name,
                       hovertemplate=f"{cur.label}<br>x = %{{x:.4g}}<br>df/dx = %{{y:.6g}}<extra></extra>")]
        where += [(top, c + 1), (bottom, c + 1)]
        for row in (top, bottom):
            ax = fig.get_subplot(row, c + 1)
            for a, b in cur.saturated:
                shapes.append(dict(type="rect", x0=a, x1=b, y0=0, y1=1, xref=ax.yaxis.anchor,
                                   yref=f"{ax.xaxis.anchor} domain", fillcolor=SATURATED,
                                   opacity=0.35, line_width=0, layer="below", name=f"saturated:{cur.name}",
                                   legendgroup="sat", showlegend=not shapes))  # one legend entry for all
        step = by_name.get(cur.name)
        if step is not None:
            txt = t("activations.fig.point", x=f"{step.x:g}")
            traces += [
                go.Scatter(x=[step.x], y=[step.f], mode="markers", name=txt, legendgroup="pt", showlegend=first,
                           marker=dict(color=NEUTRAL, size=11, symbol="circle"), meta=cur.name,
                           hovertemplate=f"f({step.x:g}) = {step.f:.6g}<extra></extra>"),
                go.Scatter(x=[step.x], y=[step.local], mode="markers", name=txt, legendgroup="pt",
                           showlegend=False, marker=dict(color=NEUTRAL, size=11, symbol="diamond"), meta=cur.name,
                           hovertemplate=f"df/dx({step.x:g}) = {step.local:.6g}<extra></extra>")]
            where += [(top, c + 1), (bottom, c + 1)]
    if shapes:
        shapes[0]["name"] = t("activations.fig.saturated", thr=f"{cs.threshold:g}")
    fig.add_traces(traces, rows=[w[0] for w in where], cols=[w[1] for w in where])
    fig.update_layout(shapes=shapes)
    for r in range(rows):
        fig.update_yaxes(title_text="f(x)", row=2 * r + 1, col=1)
        fig.update_yaxes(title_text="df/dx", row=2 * r + 2, col=1)
    for c in range(cols):
        fig.update_xaxes(title_text="x", row=2 * rows, col=c + 1)
    fig.update_layout(**base_layout(height=280 * rows + 140), hovermode="x unified")
    return fig


def zigzag_figure(z: ZigzagResult, t: T) -> go.Figure:
    """Both weight paths in the (w1, w2) plane, with the target marked."""
    fig = go.Figure()
    for path, color, key, dash, symbol in ((z.positive, BAD, "positive", "solid", "circle"),
                                           (z.centered, GOOD, "centered", "dash", "square")):
        steps = t("activations.fig.steps", n=path.steps) if path.converged else \
            t("activations.fig.not_converged", n=path.steps)
        fig.add_trace(go.Scatter(x=path.path[:, 0], y=path.path[:, 1], mode="lines+markers",
                                 name=f"{t(f'activations.fig.{key}')} · {steps}", meta=key,
                                 line=dict(color=color, width=2, dash=dash), marker=dict(size=5, symbol=symbol),
                                 hovertemplate="w1 = %{x:.3f}<br>w2 = %{y:.3f}<extra></extra>"))
    fig.add_trace(go.Scatter(x=[z.target[0]], y=[z.target[1]], mode="markers", name=t("activations.fig.target"),
                             marker=dict(symbol="star", size=18, color="#222")))
    fig.add_trace(go.Scatter(x=[0], y=[0], mode="markers", name=t("activations.fig.start"),
                             marker=dict(symbol="circle-open", size=12, color="#222")))
    lim = np.nanmax(np.abs(np.concatenate([z.positive.path, z.centered.path])[:, :2]))
    lim = float(min(max(1.6, lim * 1.05), 10.0)) if np.isfinite(lim) else 10.0
    fig.update_xaxes(title_text="w1", range=[-lim, lim], zeroline=True)
    fig.update_yaxes(title_text="w2", range=[-lim, lim], zeroline=True, scaleanchor="x", scaleratio=1)
    fig.update_layout(**base_layout(height=520, title=t("activations.fig.zigzag_title")))
    return fig


def _segment(w: np.ndarray, b: float, box: tuple[float, float, float, float]) -> tuple[list, list]:
    """Where the line w·x + b = 0 crosses the rectangle (x0, x1, y0, y1)."""
    x0, x1, y0, y1 = box
    if abs(w[1]) > abs(w[0]):
        xs = np.array([x0, x1])
        return list(xs), list(-(w[0] * xs + b) / w[1])
    if w[0] == 0:
        return [], []
    ys = np.array([y0, y1])
    return list(-(w[1] * ys + b) / w[0]), list(ys)


def dead_relu_figure(d: DeadReluResult, t: T, after: bool) -> go.Figure:
    """The data cloud and one line per ReLU unit, green where it fires on some data, red dashed where dead."""
    W, b, dead = (d.W_after, d.b_after, d.dead_after) if after else (d.W_before, d.b_before, d.dead_before)
    # The data and the origin, with a margin: the view a student needs to judge "outside the cloud".
    lo = np.minimum(d.X.min(0), 0) - 1.0
    hi = np.maximum(d.X.max(0), 0) + 1.0
    box = (lo[0], hi[0], lo[1], hi[1])
    fig = go.Figure(go.Scatter(x=d.X[:, 0], y=d.X[:, 1], mode="markers", name=t("activations.fig.data"),
                               marker=dict(color="#555", size=5, opacity=0.5), hoverinfo="skip"))
    for status, color, dash in ((False, GOOD, "solid"), (True, BAD, "dash")):
        xs, ys = [], []
        for w, bias in zip(W[dead == status], b[dead == status], strict=True):
            if np.all(np.isfinite(w)) and np.isfinite(bias):
                sx, sy = _segment(w, bias, box)
                xs += sx + [None]
                ys += sy + [None]
        name = t("activations.fig.dead_units" if status else "activations.fig.active_units", n=int((dead == status).sum()))
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", name=name, meta="dead" if status else "active",
                                 line=dict(color=color, dash=dash, width=2), hoverinfo="skip"))
    title = t("activations.fig.after_step" if after else "activations.fig.at_init",
              pct=f"{100 * dead.mean():.0f}", lr=f"{d.lr:g}")
    fig.update_xaxes(title_text="x₁", range=[box[0], box[1]], zeroline=True)
    fig.update_yaxes(title_text="x₂", range=[box[2], box[3]], zeroline=True, scaleanchor="x", scaleratio=1)
    fig.update_layout(**base_layout(height=460, title=title))
    return fig


def prelu_figure(p: PreluFit, t: T) -> go.Figure:
    steps = np.arange(len(p.alpha))
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_trace(go.Scatter(x=steps, y=p.alpha, name="α", line=dict(color=F_COLOR, width=3)))
    fig.add_trace(go.Scatter(x=steps, y=p.loss, name=t("activations.fig.loss"), line=dict(color=G_COLOR, dash="dot")),
                  secondary_y=True)
    fig.add_trace(go.Scatter(x=[0, steps[-1]], y=[p.alpha_true] * 2, mode="lines",
                             name=t("activations.fig.alpha_true", a=f"{p.alpha_true:g}"),
                             line=dict(color="#222", dash="dash")), secondary_y=False)
    fig.update_xaxes(title_text=t("activations.fig.step"))
    fig.update_yaxes(title_text="α", secondary_y=False)
    fig.update_yaxes(title_text=t("activations.fig.loss"), type="log", secondary_y=True, showgrid=False,
                     tickformat=".0e")
    fig.update_layout(**base_layout(height=400, title=t("activations.fig.prelu_title")))
    return fig


def cost_figure(c: CostResult, t: T) -> go.Figure:
    """Forward + gradient time per function (what a backward pass needs), coloured by whether it calls exp()."""
    fig = go.Figure()
    for uses_exp, color, key, pattern in ((True, BAD, "uses_exp", "/"), (False, GOOD, "no_exp", "")):
        idx = np.flatnonzero(c.uses_exp == uses_exp)
        fig.add_trace(go.Bar(
            x=[c.labels[i] for i in idx], y=c.grad_ms[idx], name=t(f"activations.fig.{key}"), meta=key,
            marker_color=color, marker_pattern_shape=pattern, text=[f"{c.grad_ms[i]:.1f}" for i in idx], textposition="outside",
            customdata=c.forward_ms[idx],
            hovertemplate="%{x}<br>" + t("activations.fig.forward_grad") + ": %{y:.2f} ms<br>" +
                          t("activations.fig.forward") + ": %{customdata:.2f} ms<extra></extra>"))
    fig.update_xaxes(categoryorder="array", categoryarray=list(c.labels))
    fig.update_yaxes(title_text=t("activations.fig.ms", n=f"{c.n:,}"))
    fig.update_layout(**base_layout(height=400, title=t("activations.fig.cost_title")))
    return fig
