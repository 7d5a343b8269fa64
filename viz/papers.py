"""Figures of the "from the paper" views: Glorot & Bengio 2010 Figures 6 and 7 (per-layer histograms, standard
vs normalised init), He et al. 2015 Figures 2 and 3 (training loss from Xavier's and He's init), Ioffe &
Szegedy 2015 Figure 1 (test accuracy and a sigmoid input's percentiles with and without BN)."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from viz.style import BAD, DASHES, GOOD, SERIES, SYMBOLS

PAIR = (BAD, GOOD)                 # the paper's worse and better setting
PAIR_SYMBOL = ("x", "circle")      # so colour is not the only cue
PAIR_DASH = ("dash", "solid")


def _layer_style(i: int) -> dict:
    return {"color": SERIES[i % len(SERIES)], "dash": DASHES[i % len(DASHES)]}


def glorot_figure(results: dict, t, kind: str = "act") -> go.Figure:
    """One panel per scheme: each layer's normalised histogram (share of values per bin) as a line, the
    paper's way; kind "act" (Figure 6) or "grad" (Figure 7)."""
    schemes = list(results)
    fig = make_subplots(1, len(schemes), shared_yaxes=True, horizontal_spacing=0.06,
                        subplot_titles=[t(f"papers.glorot.scheme.{s}") for s in schemes])
    for col, s in enumerate(schemes, start=1):
        r = results[s]
        counts, edges = (r.act_counts, r.act_edges) if kind == "act" else (r.grad_counts, r.grad_edges)
        mid = 0.5 * (edges[:-1] + edges[1:])
        for i, c in enumerate(counts):
            name = t("papers.glorot.layer", i=i + 1)
            fig.add_trace(go.Scatter(
                x=mid, y=c / max(c.sum(), 1), name=name, legendgroup=name, showlegend=col == 1,
                mode="lines+markers", line=_layer_style(i), marker={"symbol": SYMBOLS[i % len(SYMBOLS)], "size": 5},
                meta=f"{s}:{kind}:{i + 1}",
                hovertemplate=f"{name}<br>%{{x:.3g}}: %{{y:.3f}}<extra></extra>"), 1, col)
        fig.update_xaxes(title_text=t(f"papers.glorot.x_{kind}"), row=1, col=col)
    fig.update_yaxes(title_text=t("papers.glorot.y_share"), row=1, col=1)
    fig.update_layout(title=t(f"papers.glorot.title_{kind}"), height=420, margin={"t": 80, "b": 50},
                      legend={"orientation": "h", "y": -0.22, "x": 0})
    return fig


def glorot_std_figure(results: dict, t) -> go.Figure:
    """Each layer's activation std (solid) and back-propagated gradient std (dotted), per scheme, log scale."""
    fig = go.Figure()
    for j, (s, r) in enumerate(results.items()):
        layers = np.arange(1, len(r.act_std) + 1)
        for kind, std, dash in (("act", r.act_std, "solid"), ("grad", r.grad_std, "dot")):
            fig.add_trace(go.Scatter(x=layers, y=std, mode="lines+markers", meta=f"{s}:{kind}",
                                     name=t(f"papers.glorot.std_{kind}", scheme=t(f"papers.glorot.scheme.{s}")),
                                     line={"color": PAIR[j], "dash": dash}, marker={"symbol": PAIR_SYMBOL[j], "size": 8}))
    fig.update_layout(title=t("papers.glorot.title_std"), height=360, xaxis={"title": t("papers.glorot.x_layer"),
                      "dtick": 1}, yaxis={"title": t("papers.glorot.y_std"), "type": "log", "dtick": 1,
                      "exponentformat": "power"},
                      legend={"orientation": "h", "y": -0.25, "x": 0}, margin={"t": 60, "b": 50})
    return fig


def he_figure(runs: dict, t) -> go.Figure:
    """Training loss per step (a 20-step mean over the raw minibatch losses) from each init, the start marked."""
    fig = go.Figure()
    for j, (init, r) in enumerate(runs.items()):
        name = t(f"papers.he.init.{init}")
        steps = np.arange(1, len(r.loss) + 1)
        smooth = np.convolve(r.loss, np.ones(20) / 20, "valid")
        fig.add_trace(go.Scatter(x=steps, y=r.loss, mode="lines", name=t("papers.he.raw", name=name), meta=f"{init}:raw",
                                 line={"color": PAIR[j], "width": 1}, opacity=0.3, showlegend=False, hoverinfo="skip"))
        fig.add_trace(go.Scatter(x=steps[19:], y=smooth, mode="lines+markers", name=name, meta=f"{init}:mean",
                                 line={"color": PAIR[j], "dash": PAIR_DASH[j], "width": 2.5},
                                 marker={"symbol": PAIR_SYMBOL[j], "size": 7, "maxdisplayed": 12}))
        if r.moved_at is not None:
            fig.add_vline(x=r.moved_at, line={"color": PAIR[j], "dash": "dot"},
                          annotation_text=t("papers.he.moved", name=name, k=r.moved_at), annotation_position="top")
    first = next(iter(runs.values()))
    fig.update_layout(title=t("papers.he.title", n=first.n_layers), height=420,
                      xaxis={"title": t("papers.he.x_step")}, yaxis={"title": t("papers.he.y_loss")},
                      legend={"orientation": "h", "y": -0.2, "x": 0}, margin={"t": 80, "b": 50})
    return fig


def ioffe_accuracy_figure(runs: dict, t) -> go.Figure:
    """Figure 1(a): test accuracy against training steps, without and with BN."""
    fig = go.Figure()
    for j, bn in enumerate((False, True)):
        if bn not in runs:                  # drawn while the other run trains
            continue
        r = runs[bn]
        fig.add_trace(go.Scatter(x=r.steps, y=r.test_acc, mode="lines+markers", name=t(f"papers.ioffe.bn_{bn}"),
                                 meta=f"bn_{bn}", line={"color": PAIR[j], "dash": PAIR_DASH[j]},
                                 marker={"symbol": PAIR_SYMBOL[j], "size": 6}))
    fig.update_layout(title=t("papers.ioffe.title_acc"), height=380, xaxis={"title": t("papers.ioffe.x_step")},
                      yaxis={"title": t("papers.ioffe.y_acc"), "range": [0, 1.02]},
                      legend={"orientation": "h", "y": -0.25, "x": 0}, margin={"t": 60, "b": 50})
    return fig


def ioffe_percentile_figure(runs: dict, unit: int, t) -> go.Figure:
    """Figure 1(b, c): the 15th, 50th and 85th percentiles of one last-layer sigmoid's input over training,
    without BN (left) and with BN (right), on one y scale so the drift compares."""
    fig = make_subplots(1, 2, shared_yaxes=True, horizontal_spacing=0.06,
                        subplot_titles=[t("papers.ioffe.bn_False"), t("papers.ioffe.bn_True")])
    for col, bn in enumerate((False, True), start=1):
        r = runs[bn]
        for k, q in enumerate((15, 50, 85)):
            name = t("papers.ioffe.pct", q=q)
            fig.add_trace(go.Scatter(x=r.steps, y=r.pct[:, unit, k], mode="lines+markers", name=name,
                                     legendgroup=name, showlegend=col == 1, meta=f"bn_{bn}:{q}",
                                     line={"color": PAIR[col - 1], "dash": ("dot", "solid", "dash")[k]},
                                     marker={"symbol": ("triangle-down", "circle", "triangle-up")[k], "size": 5,
                                             "maxdisplayed": 15}), 1, col)
        fig.update_xaxes(title_text=t("papers.ioffe.x_step"), row=1, col=col)
    fig.update_yaxes(title_text=t("papers.ioffe.y_input"), row=1, col=1)
    fig.update_layout(title=t("papers.ioffe.title_pct", unit=unit + 1), height=400,
                      legend={"orientation": "h", "y": -0.25, "x": 0}, margin={"t": 80, "b": 50})
    return fig
