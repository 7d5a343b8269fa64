"""Batch norm lab figures: before/after histograms, std per layer with BN off/on, FC vs conv axes diagram."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from viz import initialization as init_viz

COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd")
OFF_ON = ("#d62728", "#2ca02c")  # BN off, BN on
HEALTHY = (0.4, 1.0)             # the std band the lab calls healthy
AFTER_HALF = 6.0                 # the after-BN axis always spans at least ±6 (γ = 1: about ±4)


def _span(edges) -> tuple[float, float]:
    e = np.asarray(edges, dtype=float)
    e = e[np.isfinite(e)]
    return (float(e.min()), float(e.max())) if e.size else (-1.0, 1.0)


def _pad(lo: float, hi: float, frac: float = 0.03) -> list[float]:
    pad = frac * (hi - lo) if hi > lo else 0.5
    return [lo - pad, hi + pad]


def _bar(counts, edges, name, color, **kw) -> go.Bar:
    edges = np.asarray(edges, dtype=float)
    return go.Bar(x=0.5 * (edges[1:] + edges[:-1]), y=np.asarray(counts), width=np.diff(edges), name=name,
                  marker={"color": color, "line": {"width": 0}}, **kw)


def before_after_figure(r, t) -> go.Figure:
    """Row 1: a few features one by one, before and after BN; row 2: all features pooled."""
    fig = make_subplots(rows=2, cols=2, vertical_spacing=0.16, horizontal_spacing=0.08,
                        subplot_titles=(t("batchnorm.fig.before_feats"), t("batchnorm.fig.after_feats"),
                                        t("batchnorm.fig.before_all"), t("batchnorm.fig.after_all")))
    for i, f in enumerate(r.features):
        name = t("batchnorm.fig.feature", i=int(f))
        c = COLORS[i % len(COLORS)]
        fig.add_trace(_bar(r.before_counts[i], r.before_edges[i], name, c, opacity=0.55, legendgroup=name,
                           hovertemplate=f"{name}<br>%{{x:.3g}}: %{{y}}<extra></extra>"), 1, 1)
        fig.add_trace(_bar(r.after_counts[i], r.after_edges[i], name, c, opacity=0.55, legendgroup=name,
                           showlegend=False, hovertemplate=f"{name}<br>%{{x:.3g}}: %{{y}}<extra></extra>"), 1, 2)
    all_name = t("batchnorm.fig.all_features", d=r.n_features)
    fig.add_trace(_bar(r.all_before_counts, r.all_before_edges, all_name, "#7f7f7f"), 2, 1)
    fig.add_trace(_bar(r.all_after_counts, r.all_after_edges, all_name, "#7f7f7f", showlegend=False), 2, 2)
    fig.update_layout(barmode="overlay", bargap=0, height=640, margin={"t": 60, "b": 50},
                      legend={"orientation": "h", "y": 1.1, "x": 0})
    # Before: the data's own range. After: at least ±AFTER_HALF whatever γ and β, so moving them moves and
    # widens the histogram instead of relabelling the axis; with the identity, the same range as before.
    for row, before, after in ((1, r.before_edges, r.after_edges), (2, r.all_before_edges, r.all_after_edges)):
        blo, bhi = _span(before)
        alo, ahi = _span(after)
        if r.identity:
            alo, ahi = blo, bhi = min(alo, blo), max(ahi, bhi)
        else:
            alo, ahi = min(alo, -AFTER_HALF), max(ahi, AFTER_HALF)
        fig.update_xaxes(range=_pad(blo, bhi), row=row, col=1)
        fig.update_xaxes(range=_pad(alo, ahi), row=row, col=2)
    for row in (1, 2):
        fig.update_xaxes(title_text=t("batchnorm.fig.x_pre"), row=row, col=1)
        fig.update_xaxes(title_text=t("batchnorm.fig.x_post"), row=row, col=2)
        for col in (1, 2):
            fig.update_yaxes(title_text=t("batchnorm.fig.y_count"), row=row, col=col)
    return fig


def std_per_layer_figure(off, on, t) -> go.Figure:
    """Each layer's output std with BN off and on (log scale), the healthy band shaded."""
    fig = go.Figure()
    fig.add_hrect(y0=HEALTHY[0], y1=HEALTHY[1], fillcolor="#2ca02c", opacity=0.08, line_width=0)
    for res, name, color in ((off, t("batchnorm.fig.bn_off"), OFF_ON[0]), (on, t("batchnorm.fig.bn_on"), OFF_ON[1])):
        if res is None:
            continue
        std = np.asarray(res.act_std, dtype=float)
        y = np.where(std > 0, std, np.nan)   # log axis: a zero std (all-zero layer) is left out
        fig.add_trace(go.Scatter(x=np.arange(1, std.size + 1), y=y, name=name, mode="lines+markers",
                                 line={"color": color}, hovertemplate=f"{name}<br>%{{x}}: %{{y:.3g}}<extra></extra>"))
    fig.update_layout(height=360, margin={"t": 40, "b": 50}, title=t("batchnorm.fig.std_title"),
                      legend={"orientation": "h", "y": -0.25})
    fig.update_xaxes(title_text=t("batchnorm.fig.x_layer"), dtick=1)
    fig.update_yaxes(title_text=t("batchnorm.fig.y_std"), type="log", exponentformat="power")
    return fig


def _fc_grid(n, d, hi):
    z = np.zeros((n, d))
    z[:, hi] = 1
    return z


def _conv_grid(n, c, h, w, hi):
    """Examples side by side, channels stacked top to bottom, a blank row/column between blocks."""
    z = np.full((c * (h + 1) - 1, n * (w + 1) - 1), np.nan)
    for i in range(n):
        for k in range(c):
            z[k * (h + 1):k * (h + 1) + h, i * (w + 1):i * (w + 1) + w] = 1.0 if k == hi else 0.0
    return z


def axes_figure(demo, t, highlight: int = 0) -> go.Figure:
    """Which entries one mean/variance averages: a column of the (N, D) grid; one channel across all
    examples and pixels of (N, C, H, W)."""
    n, d = demo.fc_shape
    _, c, h, w = demo.conv_shape
    hf, hc = min(highlight, d - 1), min(highlight, c - 1)
    fig = make_subplots(rows=1, cols=2, column_widths=[0.3, 0.7], horizontal_spacing=0.08,
                        subplot_titles=(t("batchnorm.fig.fc_title", n=n, d=d, count=demo.fc_count),
                                        t("batchnorm.fig.conv_title", n=n, c=c, h=h, w=w, count=demo.conv_count)))
    scale = [[0, "#e6e6e6"], [1, COLORS[1]]]
    avg, other = t("batchnorm.fig.averaged"), t("batchnorm.fig.other")
    fc = _fc_grid(n, d, hf)
    fig.add_trace(go.Heatmap(z=fc, x=[f"d={j}" for j in range(d)], y=[f"n={i}" for i in range(n)], xgap=2, ygap=2,
                             colorscale=scale, zmin=0, zmax=1, showscale=False, name="FC",
                             customdata=np.where(fc == 1, avg, other),
                             hovertemplate="%{y}, %{x}: %{customdata}<extra></extra>"), 1, 1)
    cv = _conv_grid(n, c, h, w, hc)
    fig.add_trace(go.Heatmap(z=cv, xgap=1, ygap=1, colorscale=scale, zmin=0, zmax=1, showscale=False, name="conv",
                             hoverinfo="skip"), 1, 2)
    fig.update_yaxes(autorange="reversed", row=1, col=1, title_text=t("batchnorm.fig.y_examples"))
    fig.update_xaxes(title_text=t("batchnorm.fig.x_features"), row=1, col=1, side="bottom")
    fig.update_yaxes(autorange="reversed", row=1, col=2, title_text=t("batchnorm.fig.y_channels"),
                     tickvals=[k * (h + 1) + (h - 1) / 2 for k in range(c)], ticktext=[f"c={k}" for k in range(c)])
    fig.update_xaxes(title_text=t("batchnorm.fig.x_examples"), row=1, col=2,
                     tickvals=[i * (w + 1) + (w - 1) / 2 for i in range(n)], ticktext=[f"n={i}" for i in range(n)])
    fig.update_layout(height=380, margin={"t": 60, "b": 50}, plot_bgcolor="white", showlegend=False)
    return fig



def bn_histograms(res, t, *, on: bool) -> go.Figure:
    """The initialisation lesson's per-layer small multiples (shared axes, so a collapse shows as a spike),
    titled and coloured BN off / BN on."""
    fig = init_viz.histograms_figure(res, t, fixed_axes=True, kinds=("act",))
    fig.update_traces(marker_color=OFF_ON[int(on)])
    fig.update_layout(title={"text": t("batchnorm.fig.bn_on" if on else "batchnorm.fig.bn_off"), "x": 0,
                             "font": {"size": 16}}, margin={"t": 80})
    return fig
