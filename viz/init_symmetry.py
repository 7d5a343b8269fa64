"""Symmetry-breaking figures: hidden-unit spread and loss per step, and the final first-layer weights."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from viz.style import BAD, FONT, GOOD, empty_figure

COLORS = {"constant": BAD, "random": GOOD}


def symmetry_figure(runs, t) -> go.Figure:
    """Left: largest distance between two hidden units' weights per step; right: the training loss.

    runs: SymmetryResult objects (a constant-init run and a random-init run)."""
    runs = [r for r in runs if r is not None and len(r.loss)]
    if not runs:
        return empty_figure(t("initialization.fig.nothing"))
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.1,
                        subplot_titles=(t("initialization.sym.spread_title"), t("initialization.sym.loss_title")))
    for r in runs:
        name = t(f"initialization.sym.{r.init}", v=f"{r.value:g}")
        steps = np.arange(len(r.loss))
        for col, y in ((1, r.spread), (2, r.loss)):
            fig.add_trace(go.Scatter(x=steps, y=np.asarray(y, float), name=name, meta=r.init, mode="lines",
                                     line={"color": COLORS.get(r.init, "#333333"), "width": 3},
                                     legendgroup=r.init, showlegend=col == 1,
                                     hovertemplate=f"{name}<br>%{{x}}: %{{y:.4g}}<extra></extra>"), 1, col)
    fig.update_xaxes(title_text=t("initialization.sym.step"))
    fig.update_yaxes(title_text=t("initialization.sym.spread_axis"), rangemode="tozero", row=1, col=1)
    fig.update_yaxes(title_text=t("initialization.sym.loss_axis"), row=1, col=2)
    fig.update_layout(height=400, template="plotly_white", font={"family": FONT, "size": 14},
                      margin={"l": 70, "r": 20, "t": 90, "b": 50},
                      legend={"orientation": "h", "yanchor": "top", "y": 0.99, "yref": "container",
                              "xanchor": "right", "x": 0.99, "xref": "container"})
    return fig


def weights_figure(runs, t) -> go.Figure:
    """The trained first-layer weights, one column per hidden unit: identical columns = unbroken symmetry."""
    runs = [r for r in runs if r is not None and r.w1.size]
    if not runs:
        return empty_figure(t("initialization.fig.nothing"))
    fig = make_subplots(rows=1, cols=len(runs), horizontal_spacing=0.08,
                        subplot_titles=[t(f"initialization.sym.{r.init}", v=f"{r.value:g}") for r in runs])
    bound = max(float(np.abs(r.w1).max()) for r in runs) or 1.0
    d = runs[0].w1.shape[0] - 1
    rows = [f"w{i + 1}" for i in range(d)] + ["b"]
    for i, r in enumerate(runs):
        fig.add_trace(go.Heatmap(z=r.w1, x=np.arange(1, r.w1.shape[1] + 1), y=rows, zmin=-bound, zmax=bound,
                                 colorscale="RdBu", reversescale=True, showscale=i == len(runs) - 1,
                                 name=t(f"initialization.sym.{r.init}", v=f"{r.value:g}"), meta=r.init,
                                 text=np.round(r.w1, 2), texttemplate="%{text}", textfont={"size": 11},
                                 hovertemplate="%{y}, %{x}: %{z:.4g}<extra></extra>"), 1, i + 1)
        fig.update_xaxes(title_text=t("initialization.sym.unit"), dtick=1, row=1, col=i + 1)
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(height=300, template="plotly_white", font={"family": FONT, "size": 14},
                      margin={"l": 50, "r": 20, "t": 50, "b": 50})
    return fig
