"""Optimisation figures on the digits: the rules' training loss and validation accuracy side by side, the
learning-rate schedule above the loss it gives (shared x), Kingma & Ba's Figure 1, L-BFGS against SGD."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from viz.grid import axis, figure, grid
from viz.optimisation import STYLE, rule_name
from viz.style import DASHES, RUNS, SYMBOLS, empty_figure

SCHED_STYLE = {name: (RUNS[i], SYMBOLS[i], DASHES[i]) for i, name in enumerate(
    ("constant", "step", "step20", "exponential", "inverse", "cosine"))}


def smooth(y: np.ndarray, k: int) -> np.ndarray:
    """A running mean over k iterations (NaN after a blow-up stays NaN), so mini-batch noise does not hide trends."""
    if k <= 1 or y.size < k:
        return y
    c = np.cumsum(np.insert(np.nan_to_num(y, nan=0.0), 0, 0.0))
    out = (c[k:] - c[:-k]) / k
    return np.concatenate([np.cumsum(np.nan_to_num(y[:k - 1])) / np.arange(1, k), out]) + 0 * y


def _line(name, label, x, y, style, xaxis="x", yaxis="y", showlegend=True, hover="%{y:.3g}") -> dict:
    color, symbol, dash = style
    return dict(type="scatter", x=x, y=y, mode="lines+markers", name=label, meta=name, legendgroup=name,
                showlegend=showlegend, xaxis=xaxis, yaxis=yaxis, line={"color": color, "dash": dash, "width": 2.5},
                marker={"symbol": symbol, "size": 8, "color": color, "maxdisplayed": 14},
                hovertemplate=f"{label}<br>%{{x:.3g}}: {hover}<extra></extra>")


def net_figure(r, t, *, styles=None, label=None) -> go.Figure:
    """Left: mini-batch training loss per epoch (log; a running mean over an epoch); right: validation accuracy."""
    if r is None or not len(r.names):
        return empty_figure(t("optimisation.fig.no_rules"))
    styles = styles or STYLE
    label = label or (lambda n: rule_name(t, n))
    layout = grid(1, 2, (t("optimisation.fig.train_loss"), t("optimisation.fig.val_acc")), hgap=0.16)
    data, ipe = [], r.iters_per_epoch
    for i, n in enumerate(r.names):
        x = np.arange(r.loss.shape[1]) / ipe
        data.append(_line(n, label(n), x, smooth(r.loss[i], ipe), styles[n]))
        data.append(_line(n, label(n), np.arange(r.val_acc.shape[1]), r.val_acc[i], styles[n], "x2", "y2",
                          showlegend=False, hover="%{y:.1%}"))
    axis(layout, 1, title={"text": t("optimisation.fig.x_epoch")})
    axis(layout, 2, title={"text": t("optimisation.fig.x_epoch")})
    axis(layout, 1, "y", title={"text": t("optimisation.fig.y_loss")}, type="log", dtick="D2")
    axis(layout, 2, "y", title={"text": t("optimisation.fig.y_acc")}, range=[0, 1], tickformat=".0%")
    layout.update(height=420, margin={"t": 50, "b": 50}, legend={"orientation": "h", "y": -0.22})
    return figure(data, layout)


def schedules_figure(r, t, *, y_key: str = "optimisation.fig.y_loss", title_key: str = "optimisation.fig.train_loss"
                     ) -> go.Figure:
    """Top: each schedule's learning rate; bottom: the loss it gives (shared epoch axis)."""
    if r is None or not len(r.names):
        return empty_figure(t("optimisation.fig.no_schedules"))
    layout = grid(2, 1, (t("optimisation.fig.lr_title"), t(title_key)), vgap=0.16)
    data, ipe = [], r.iters_per_epoch
    for i, n in enumerate(r.names):
        x = np.arange(r.loss.shape[1]) / ipe
        lab = t(f"optimisation.sched.{n}")
        data.append(_line(n, lab, x, r.lr[i], SCHED_STYLE[n]))
        data.append(_line(n, lab, x, smooth(r.loss[i], ipe), SCHED_STYLE[n], "x2", "y2", showlegend=False))
    axis(layout, 1, matches="x2", showticklabels=True)
    axis(layout, 2, title={"text": t("optimisation.fig.x_epoch")})
    axis(layout, 1, "y", title={"text": t("optimisation.fig.y_lr")})
    axis(layout, 2, "y", title={"text": t(y_key)}, type="log", exponentformat="power")
    layout.update(height=560, margin={"t": 50, "b": 50}, legend={"orientation": "h", "y": -0.12})
    return figure(data, layout)


def kingma_ba_figure(k, t) -> go.Figure:
    """Kingma & Ba 2015, Figure 1 at classroom scale: each rule's training cost at its best learning rate."""
    data = []
    for i, n in enumerate(k.names):
        b = int(k.best[i])
        label = t("optimisation.fig.at_lr", name=rule_name(t, n), lr=f"{k.lrs[b]:g}")
        y = smooth(k.loss[i, b], max(1, k.iters_per_epoch // 2))
        data.append(_line(n, label, np.arange(y.size), y, STYLE[n]))
    return figure(data, dict(
        height=420, margin={"t": 50, "b": 50}, legend={"orientation": "h", "y": -0.22},
        title={"text": t("optimisation.fig.kb_title")}, xaxis={"title": {"text": t("optimisation.fig.x_iteration")}},
        yaxis={"title": {"text": t("optimisation.fig.y_cost")}, "type": "log", "dtick": "D2"}))


def lbfgs_figure(so, t) -> go.Figure:
    """Full training loss against passes over the training data (every loss-and-gradient evaluation of a batch
    counts its share of a pass, the line search's too)."""
    data = [_line(n, rule_name(t, n), so.passes[n], so.loss[n], STYLE[n]) for n in so.passes]
    return figure(data, dict(
        height=400, margin={"t": 50, "b": 50}, legend={"orientation": "h", "y": -0.22},
        title={"text": t("optimisation.fig.lbfgs_title")}, xaxis={"title": {"text": t("optimisation.fig.x_passes")}},
        yaxis={"title": {"text": t("optimisation.fig.y_full_loss")}, "type": "log", "dtick": "D2"}))
