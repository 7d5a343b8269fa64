"""Figures of the babysitting lab: sanity-check loss, loss curves per learning rate, accuracies, ratios."""
from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from sim.batched import ManyHistory
from sim.labs.babysitting import Diagnosis
from sim.train import TrainHistory
from viz.grid import figure
from viz.style import DASHES, F_COLOR, G_COLOR, GOOD, RUNS, SYMBOLS, base_layout, empty_figure, fmt_num

T = Callable[..., str]
MAX_POINTS = 1500        # per trace: longer per-iteration curves are thinned to this many points
RATIO_BAND = (3e-4, 3e-3)  # the lecture's "update/weight ≈ 1e-3" shown as a band around 1e-3
LAYER_COLORS = (F_COLOR, G_COLOR)


def lr_text(lr: float) -> str:
    return fmt_num(lr)


RUN_COLORS = RUNS


def run_colors(lrs) -> list[str]:
    """Distinct colours ordered from blue (smallest learning rate) to dark red (largest)."""
    return [RUN_COLORS[i] for i in _run_index(lrs)]


def run_styles(lrs) -> list[tuple[str, str]]:
    """Each run's (dash, marker symbol), by the same order as its colour: runs differ without colour too."""
    return [(DASHES[i], SYMBOLS[i]) for i in _run_index(lrs)]


def _run_index(lrs) -> list[int]:
    order = np.argsort(np.argsort(np.asarray(lrs, dtype=float)))
    n = len(order)
    return [0] * n if n == 1 else [int(round(o * (len(RUN_COLORS) - 1) / (n - 1))) for o in order]


def _thin(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    step = max(1, -(-len(x) // MAX_POINTS))
    return x[::step], y[::step]


def overfit_figure(h: TrainHistory, t: T) -> go.Figure:
    """The tiny-subset run: minibatch loss per iteration (left axis), train accuracy per epoch (right axis)."""
    if not len(h.loss):
        return empty_figure(t("babysitting.fig.no_data"))
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    it = np.arange(len(h.loss))
    fin = np.isfinite(h.loss)
    x, y = _thin(it[fin], h.loss[fin])
    fig.add_trace(go.Scatter(x=x, y=y, name=t("babysitting.fig.loss"), line=dict(color=F_COLOR, width=2.5)))
    ep = np.arange(len(h.train_acc)) * h.iters_per_epoch
    x, y = _thin(ep, h.train_acc)
    fig.add_trace(go.Scatter(x=x, y=y, name=t("babysitting.fig.train_acc"), line=dict(color=GOOD, width=2, dash="dot")),
                  secondary_y=True)
    fig.update_xaxes(title_text=t("babysitting.fig.iteration"))
    fig.update_yaxes(title_text=t("babysitting.fig.loss"), type="log", dtick=1, exponentformat="power",
                     secondary_y=False)
    fig.update_yaxes(title_text=t("babysitting.fig.accuracy"), range=[0, 1.05], secondary_y=True, showgrid=False,
                     tickmode="array", tickvals=[0, 0.25, 0.5, 0.75, 1.0])
    fig.update_layout(**base_layout(height=360, title=t("babysitting.fig.overfit_title")))
    return fig


def _name(lr: float, d: Diagnosis | None, t: T) -> str:
    label = t(f"babysitting.label.{d.label}") if d else t("babysitting.fig.training")   # None: still training
    return t("babysitting.fig.run", lr=lr_text(lr), label=label)


def _side_legend(layout: dict) -> dict:
    """The legend beside the plot, top right: one entry per run, however many runs."""
    layout["legend"] = dict(orientation="v", y=1.0, yref="paper", yanchor="top", x=1.01, xref="paper", xanchor="left")
    layout["margin"] = {**layout["margin"], "r": 10}
    return layout


def loss_figure(m: ManyHistory, diags: Sequence[Diagnosis] | None, t: T, *, log_y: bool = False,
                until: int | None = None) -> go.Figure:
    """Minibatch loss per iteration, one curve per learning rate; a blown-up run ends in a marked ✕ (its text in
    the hover and in the diagnosis under the chart, so several blow-ups never write over each other).

    While the runs still train: diags None (each curve "training…") and `until` the iterations the x-axis spans,
    so the curves grow across a fixed axis. Built from dicts (viz.grid.figure): it is drawn on every new setting."""
    if not len(m.lrs):
        return empty_figure(t("babysitting.fig.no_runs"))
    data, tops, colors, styles = [], [], run_colors(m.lrs), run_styles(m.lrs)
    for r, lr in enumerate(m.lrs):
        k = m.n_iters(r)
        d = int(m.diverged_at[r])
        loss = m.loss[r, : (d if d >= 0 else k)]
        x, y = _thin(np.arange(len(loss)), loss)
        tops.append(float(np.max(loss)) if len(loss) else np.nan)
        data.append(dict(type="scatter", x=x, y=y, name=_name(lr, diags[r] if diags else None, t), meta=lr_text(lr),
                         mode="lines+markers", line=dict(color=colors[r], width=2.2, dash=styles[r][0]),
                         marker=dict(symbol=styles[r][1], size=8, maxdisplayed=12), legendgroup=lr_text(lr),
                         hovertemplate=f"lr {lr_text(lr)}<br>%{{x}}: %{{y:.5g}}<extra></extra>"))
    finite_tops = [v for v in tops if np.isfinite(v)]
    top = max(finite_tops, default=1.0)
    for r, lr in enumerate(m.lrs):
        d = int(m.diverged_at[r])
        if d < 0:
            continue
        bad = m.loss[r, d]
        text = (t("babysitting.fig.nan_at", k=d) if not np.isfinite(bad)
                else t("babysitting.fig.blowup_at", k=d, v=fmt_num(bad)))
        data.append(dict(type="scatter", x=[d], y=[top], mode="markers", name=text, meta=f"diverged:{lr_text(lr)}",
                         legendgroup=lr_text(lr), showlegend=False,
                         marker=dict(symbol="x", size=14, color=colors[r], line=dict(width=2)),
                         hovertemplate=f"lr {lr_text(lr)}: {text}<extra></extra>"))
    n = until or max((m.n_iters(r) for r in range(len(m.lrs))), default=1)
    layout = _side_legend(base_layout(height=460, title=t("babysitting.fig.loss_title")))
    # a little room left of iteration 0, so a ✕ at iteration 1 sits inside the plot, off the y-axis labels
    layout.update(hovermode="closest", xaxis=dict(title=dict(text=t("babysitting.fig.iteration")),
                                                  range=[-0.02 * n, 1.01 * n]),
                  yaxis=dict(title=dict(text=t("babysitting.fig.loss")), type="log" if log_y else "linear",
                             **({} if log_y else {"range": [0, 1.08 * top]})))
    return figure(data, layout)


def accuracy_figure(m: ManyHistory, t: T) -> go.Figure:
    """Per-epoch accuracy of every run: train dashed, validation solid (a diverged run's line just stops)."""
    if not len(m.lrs):
        return empty_figure(t("babysitting.fig.no_runs"))
    data = []
    ep = np.arange(m.train_acc.shape[1])
    colors, styles = run_colors(m.lrs), run_styles(m.lrs)
    for r, lr in enumerate(m.lrs):
        ok = np.isfinite(m.val_acc[r])
        c = colors[r]
        for kind, arr, dash in (("train", m.train_acc[r], "dot"), ("val", m.val_acc[r], "solid")):
            data.append(dict(type="scatter", x=ep[ok], y=arr[ok], mode="lines+markers", meta=f"{kind}:{lr_text(lr)}",
                             name=t(f"babysitting.fig.{kind}_of", lr=lr_text(lr)), legendgroup=lr_text(lr),
                             line=dict(color=c, width=2, dash=dash), marker=dict(size=7, symbol=styles[r][1])))
    layout = _side_legend(base_layout(height=420, title=t("babysitting.fig.acc_title")))
    layout.update(xaxis=dict(title=dict(text=t("babysitting.fig.epoch")), dtick=max(1, len(ep) // 10)),
                  yaxis=dict(title=dict(text=t("babysitting.fig.accuracy")), range=[0, 1.02]))
    return figure(data, layout)


def gap_figure(m: ManyHistory, r: int, t: T) -> go.Figure:
    """One run's train and validation accuracy per epoch, the gap between them shaded."""
    if not 0 <= r < len(m.lrs) or not np.isfinite(m.val_acc[r, 1:]).any():
        return empty_figure(t("babysitting.fig.no_epoch"))
    ok = np.isfinite(m.val_acc[r])
    ep = np.arange(m.train_acc.shape[1])[ok]
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=ep, y=m.val_acc[r][ok], name=t("babysitting.fig.val_acc"), mode="lines+markers",
                             line=dict(color=F_COLOR, width=2.5), marker=dict(symbol="circle", size=7)))
    fig.add_trace(go.Scatter(x=ep, y=m.train_acc[r][ok], name=t("babysitting.fig.train_acc"), mode="lines+markers",
                             line=dict(color=G_COLOR, width=2.5, dash="dash"), marker=dict(symbol="square", size=7),
                             fill="tonexty", fillcolor="rgba(224,123,0,0.15)"))
    fig.update_xaxes(title_text=t("babysitting.fig.epoch"))
    fig.update_yaxes(title_text=t("babysitting.fig.accuracy"), range=[0, 1.02])
    fig.update_layout(**base_layout(height=380, title=t("babysitting.fig.gap_title", lr=lr_text(m.lrs[r]))))
    return fig


def ratio_figure(m: ManyHistory, r: int, t: T) -> go.Figure:
    """‖lr·dW‖/‖W‖ per iteration for W1 and W2 of one run, log scale, with the ≈1e-3 band."""
    if not 0 <= r < len(m.lrs):
        return empty_figure(t("babysitting.fig.no_runs"))
    fig = go.Figure()
    fig.add_hrect(y0=RATIO_BAND[0], y1=RATIO_BAND[1], fillcolor=GOOD, opacity=0.12, line_width=0, layer="below")
    fig.add_hline(y=1e-3, line=dict(color=GOOD, dash="dash", width=1.5))
    # on a log axis an annotation's y is log10 of the value (add_hline's own annotation gets this wrong)
    fig.add_annotation(x=0, xref="paper", y=-3, text=t("babysitting.fig.ratio_target"), showarrow=False,
                       xanchor="left", yanchor="bottom", font=dict(color=GOOD))
    ratio = m.update_ratio[r]
    for j, layer in enumerate(("W1", "W2")):
        v = ratio[:, j]
        ok = np.isfinite(v) & (v > 0)
        x, y = _thin(np.arange(len(v))[ok], v[ok])
        fig.add_trace(go.Scatter(x=x, y=y, name=layer, mode="lines",
                                 line=dict(color=LAYER_COLORS[j], width=1.8, dash=DASHES[j])))
    fig.update_xaxes(title_text=t("babysitting.fig.iteration"))
    fig.update_yaxes(title_text=t("babysitting.fig.ratio_axis"), type="log", exponentformat="power", dtick=1)
    fig.update_layout(**base_layout(height=380, title=t("babysitting.fig.ratio_title", lr=lr_text(m.lrs[r]))))
    return fig

