"""Batch norm lab figures: before/after histograms, std per layer with BN off/on, FC vs conv axes diagram."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from viz import initialization as init_viz
from viz.grid import axis, bar, figure, grid

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


def before_after_figure(r, t) -> go.Figure:
    """Row 1: a few features one by one, before and after BN; row 2: all features pooled."""
    layout = grid(2, 2, (t("batchnorm.fig.before_feats"), t("batchnorm.fig.after_feats"),
                         t("batchnorm.fig.before_all"), t("batchnorm.fig.after_all")))
    data = []
    for i, f in enumerate(r.features):
        name = t("batchnorm.fig.feature", i=int(f))
        hover = f"{name}<br>%{{x:.3g}}: %{{y}}<extra></extra>"
        c = COLORS[i % len(COLORS)]
        data.append(bar(r.before_counts[i], r.before_edges[i], name, c, 1, opacity=0.55, legendgroup=name,
                        hovertemplate=hover))
        data.append(bar(r.after_counts[i], r.after_edges[i], name, c, 2, opacity=0.55, legendgroup=name,
                        showlegend=False, hovertemplate=hover))
    all_name = t("batchnorm.fig.all_features", d=r.n_features)
    data.append(bar(r.all_before_counts, r.all_before_edges, all_name, "#7f7f7f", 3))
    data.append(bar(r.all_after_counts, r.all_after_edges, all_name, "#7f7f7f", 4, showlegend=False))
    # Before: the data's own range. After: at least ±AFTER_HALF whatever γ and β, so moving them moves and
    # widens the histogram instead of relabelling the axis; with the identity, the same range as before.
    for k, before, after in ((1, r.before_edges, r.after_edges), (3, r.all_before_edges, r.all_after_edges)):
        blo, bhi = _span(before)
        alo, ahi = _span(after)
        if r.identity:
            alo, ahi = blo, bhi = min(alo, blo), max(ahi, bhi)
        else:
            alo, ahi = min(alo, -AFTER_HALF), max(ahi, AFTER_HALF)
        axis(layout, k, range=_pad(blo, bhi), title={"text": t("batchnorm.fig.x_pre")})
        axis(layout, k + 1, range=_pad(alo, ahi), title={"text": t("batchnorm.fig.x_post")})
    for k in range(1, 5):
        axis(layout, k, "y", title={"text": t("batchnorm.fig.y_count")})
    layout.update(barmode="overlay", bargap=0, height=640, margin={"t": 60, "b": 50},
                  legend={"orientation": "h", "y": 1.1, "x": 0})
    return figure(data, layout)


def std_per_layer_figure(off, on, t) -> go.Figure:
    """Each layer's output std with BN off and on (log scale), the healthy band shaded."""
    data = []
    for res, name, color in ((off, t("batchnorm.fig.bn_off"), OFF_ON[0]), (on, t("batchnorm.fig.bn_on"), OFF_ON[1])):
        if res is None:
            continue
        std = np.asarray(res.act.std, dtype=float)
        y = np.where(std > 0, std, np.nan)   # log axis: a zero std (all-zero layer) is left out
        data.append(dict(type="scatter", x=np.arange(1, std.size + 1), y=y, name=name, mode="lines+markers",
                         line={"color": color}, hovertemplate=f"{name}<br>%{{x}}: %{{y:.3g}}<extra></extra>"))
    band = {"type": "rect", "xref": "paper", "x0": 0, "x1": 1, "yref": "y", "y0": HEALTHY[0], "y1": HEALTHY[1],
            "fillcolor": "#2ca02c", "opacity": 0.08, "line": {"width": 0}, "layer": "below"}
    return figure(data, dict(
        height=360, margin={"t": 40, "b": 50}, title={"text": t("batchnorm.fig.std_title")}, shapes=[band],
        legend={"orientation": "h", "y": -0.25}, xaxis={"title": {"text": t("batchnorm.fig.x_layer")}, "dtick": 1},
        yaxis={"title": {"text": t("batchnorm.fig.y_std")}, "type": "log", "exponentformat": "power"}))


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
    layout = grid(1, 2, (t("batchnorm.fig.fc_title", n=n, d=d, count=demo.fc_count),
                         t("batchnorm.fig.conv_title", n=n, c=c, h=h, w=w, count=demo.conv_count)),
                  widths=(0.3, 0.7))
    scale = [[0, "#e6e6e6"], [1, COLORS[1]]]
    avg, other = t("batchnorm.fig.averaged"), t("batchnorm.fig.other")
    fc = _fc_grid(n, d, hf)
    data = [dict(type="heatmap", z=fc, x=[f"d={j}" for j in range(d)], y=[f"n={i}" for i in range(n)], xgap=2,
                 ygap=2, colorscale=scale, zmin=0, zmax=1, showscale=False, name="FC",
                 customdata=np.where(fc == 1, avg, other), hovertemplate="%{y}, %{x}: %{customdata}<extra></extra>"),
            dict(type="heatmap", z=_conv_grid(n, c, h, w, hc), xgap=1, ygap=1, colorscale=scale, zmin=0, zmax=1,
                 showscale=False, name="conv", hoverinfo="skip", xaxis="x2", yaxis="y2")]
    axis(layout, 1, "y", autorange="reversed", title={"text": t("batchnorm.fig.y_examples")})
    axis(layout, 1, title={"text": t("batchnorm.fig.x_features")})
    axis(layout, 2, "y", autorange="reversed", title={"text": t("batchnorm.fig.y_channels")},
         tickvals=[k * (h + 1) + (h - 1) / 2 for k in range(c)], ticktext=[f"c={k}" for k in range(c)])
    axis(layout, 2, title={"text": t("batchnorm.fig.x_examples")},
         tickvals=[i * (w + 1) + (w - 1) / 2 for i in range(n)], ticktext=[f"n={i}" for i in range(n)])
    layout.update(height=380, margin={"t": 60, "b": 50}, plot_bgcolor="white", showlegend=False)
    return figure(data, layout)


def bn_histograms(res, t, *, on: bool) -> go.Figure:
    """The initialisation lesson's per-layer small multiples (shared axes, so a collapse shows as a spike),
    titled and coloured BN off / BN on."""
    fig = init_viz.histograms_figure(res, t, fixed_axes=True, kinds=("act",))
    fig.update_traces(marker_color=OFF_ON[int(on)])
    fig.update_layout(title={"text": t("batchnorm.fig.bn_on" if on else "batchnorm.fig.bn_off"), "x": 0,
                             "font": {"size": 16}}, margin={"t": 80})
    return fig
