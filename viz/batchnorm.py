"""Batch norm figures: before/after histograms, std per layer with BN off/on, running statistics over
training steps, train- vs test-mode outputs, batch-size noise, FC vs conv axes diagram."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from viz import initialization as init_viz
from viz.grid import axis, bar, figure, grid
from viz.style import BAD, DASHES, GOOD, PATTERNS, SERIES, SYMBOLS

COLORS = SERIES[:5]
OFF_ON = (BAD, GOOD)             # BN off, BN on
OFF_ON_SYMBOL = ("x", "circle")   # and their markers, so colour is not the only cue
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
        pattern = {"shape": PATTERNS[i % len(PATTERNS)], "fgcolor": c}
        data.append(bar(r.before.counts[i], r.before.edges[i], name, c, 1, opacity=0.55, legendgroup=name,
                        hovertemplate=hover))
        data.append(bar(r.after.counts[i], r.after.edges[i], name, c, 2, opacity=0.55, legendgroup=name,
                        showlegend=False, hovertemplate=hover))
        for d in data[-2:]:
            d["marker"]["pattern"] = pattern
    all_name = t("batchnorm.fig.all_features", d=r.n_features)
    data.append(bar(r.before.all_counts, r.before.all_edges, all_name, "#7f7f7f", 3))
    data.append(bar(r.after.all_counts, r.after.all_edges, all_name, "#7f7f7f", 4, showlegend=False))
    # Before: the data's own range. After: at least ±AFTER_HALF whatever γ and β, so moving them moves and
    # widens the histogram instead of relabelling the axis; with the identity, the same range as before.
    for k, before, after in ((1, r.before.edges, r.after.edges), (3, r.before.all_edges, r.after.all_edges)):
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


def std_per_layer_figure(off, on, t, *, gradients: bool = False) -> go.Figure:
    """Each layer's output std with BN off and on (log scale), the healthy band shaded; with `gradients`,
    also the std of the gradient reaching each layer (dashed)."""
    data = []
    rows = [("act", "")] + ([("grad", "dash")] if gradients else [])
    for res, key, color, symbol in ((off, "bn_off", OFF_ON[0], OFF_ON_SYMBOL[0]), (on, "bn_on", OFF_ON[1], OFF_ON_SYMBOL[1])):
        for kind, dash in rows:
            if res is None:
                continue
            std = np.asarray(getattr(res, kind).std, dtype=float)
            y = np.where(std > 0, std, np.nan)   # log axis: a zero std (all-zero layer) is left out
            name = t(f"batchnorm.fig.{key}") if kind == "act" else t("batchnorm.fig.grad_of", name=t(f"batchnorm.fig.{key}"))
            data.append(dict(type="scatter", x=np.arange(1, std.size + 1), y=y, name=name, mode="lines+markers",
                             meta=f"{key}:{kind}", line={"color": color, "dash": dash or "solid"},
                             marker={"symbol": symbol, "size": 9},
                             hovertemplate=f"{name}<br>%{{x}}: %{{y:.3g}}<extra></extra>"))
    band = {"type": "rect", "xref": "paper", "x0": 0, "x1": 1, "yref": "y", "y0": HEALTHY[0], "y1": HEALTHY[1],
            "fillcolor": "#2ca02c", "opacity": 0.08, "line": {"width": 0}, "layer": "below"}
    return figure(data, dict(
        height=360, margin={"t": 40, "b": 50}, title={"text": t("batchnorm.fig.std_title")}, shapes=[band],
        legend={"orientation": "h", "y": -0.25}, xaxis={"title": {"text": t("batchnorm.fig.x_layer")}, "dtick": 1},
        yaxis={"title": {"text": t("batchnorm.fig.y_std")}, "type": "log", "exponentformat": "power"}))


def lr_rescue_figure(runs: dict, lr: float, t) -> go.Figure:
    """Minibatch loss per iteration of the same deep net without and with BN at one learning rate (log y);
    a blow-up ends its curve with a ×."""
    data = []
    for bn in (False, True):
        color, symbol = OFF_ON[bn], OFF_ON_SYMBOL[bn]
        loss, blown = runs[bn]
        name = t("batchnorm.fig.bn_on" if bn else "batchnorm.fig.bn_off")
        data.append(dict(type="scatter", x=np.arange(loss.size), y=loss, name=name, mode="lines+markers", meta=f"bn_{bn}",
                         line={"color": color, "width": 2.5, "dash": DASHES[not bn]},
                         marker={"symbol": symbol, "size": 9, "maxdisplayed": 12}, hovertemplate=f"{name}<br>%{{x}}: %{{y:.3g}}<extra></extra>"))
        if blown is not None:
            data.append(dict(type="scatter", x=[blown], y=[loss[blown]], mode="markers", showlegend=False,
                             meta=f"blowup_{bn}", marker={"symbol": "x", "size": 14, "color": color}, cliponaxis=False,
                             hovertemplate=t("batchnorm.fig.blowup", k=blown) + "<extra></extra>"))
    return figure(data, dict(
        height=380, margin={"t": 50, "b": 50}, title={"text": t("batchnorm.fig.lr_title", lr=f"{lr:g}")},
        legend={"orientation": "h", "y": -0.25}, xaxis={"title": {"text": t("batchnorm.fig.iteration")}},
        yaxis={"title": {"text": t("batchnorm.fig.loss")}, "type": "log"}))


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


LEGEND_BELOW = {"orientation": "h", "y": -0.22, "yanchor": "top", "x": 0}


def running_stats_figure(r, t) -> go.Figure:
    """Running mean and running std of each feature over the training steps, with each batch's own
    statistic as faint dots and the data's true value dashed."""
    layout = grid(1, 2, (t("batchnorm.fig.run_mean_title"), t("batchnorm.fig.run_std_title")), hgap=0.1)
    steps = np.asarray(r.steps)
    ends = [steps[0], steps[-1]] if steps.size else []
    data = []
    for j in range(r.running_mean.shape[1]):
        name = t("batchnorm.fig.output", j=j)
        c, symbol, dash = COLORS[j % len(COLORS)], SYMBOLS[j % len(SYMBOLS)], DASHES[1 + j % (len(DASHES) - 1)]
        for k, run, batch, pop in ((1, r.running_mean[:, j], r.batch_mean[:, j], r.pop_mean[j]),
                                   (2, np.sqrt(r.running_var[:, j]), np.sqrt(r.batch_var[:, j]),
                                    np.sqrt(r.pop_var[j]))):
            refs = {"xaxis": "x" if k == 1 else "x2", "yaxis": "y" if k == 1 else "y2", "showlegend": k == 1}
            data += [
                dict(type="scatter", x=steps, y=run, mode="lines+markers", name=t("batchnorm.fig.running", name=name),
                     line={"color": c, "width": 2.5}, marker={"symbol": symbol, "size": 8, "maxdisplayed": 8},
                     legendgroup=f"r{j}", **refs),
                dict(type="scatter", x=steps, y=batch, mode="markers", name=t("batchnorm.fig.batch", name=name),
                     marker={"color": c, "size": 6, "opacity": 0.35, "symbol": symbol}, legendgroup=f"b{j}", **refs),
                dict(type="scatter", x=ends, y=[pop, pop] if ends else [], mode="lines",
                     name=t("batchnorm.fig.population", name=name), line={"color": c, "dash": dash, "width": 1.5},
                     legendgroup=f"p{j}", **refs),
            ]
    for k in (1, 2):
        axis(layout, k, title={"text": t("batchnorm.fig.x_step")})
    axis(layout, 1, "y", title={"text": t("batchnorm.fig.y_mean")})
    axis(layout, 2, "y", title={"text": t("batchnorm.fig.y_std_value")})
    layout.update(height=480, margin={"t": 50, "b": 50}, legend=LEGEND_BELOW)
    return figure(data, layout)


def train_test_figure(r, t) -> go.Figure:
    """BN outputs of the same test set normalised by its own batch statistics (train mode) and by the
    running statistics (test mode), with the unit Gaussian for reference."""
    edges = np.asarray(r.edges, dtype=float)
    xs = np.linspace(edges[0], edges[-1], 200)
    total = float(np.sum(r.train_counts)) * (edges[1] - edges[0])
    test = bar(r.test_counts, edges, t("batchnorm.fig.test_mode"), COLORS[1], opacity=0.5)
    test["marker"]["pattern"] = {"shape": "/", "fgcolor": COLORS[1]}   # hatched: colour is not the only cue
    data = [bar(r.train_counts, edges, t("batchnorm.fig.train_mode"), COLORS[0], opacity=0.5), test,
            dict(type="scatter", x=xs, y=total * np.exp(-0.5 * xs**2) / np.sqrt(2 * np.pi), mode="lines",
                 name=t("batchnorm.fig.unit_gauss"), line={"color": "black", "dash": "dot"})]
    return figure(data, dict(
        barmode="overlay", bargap=0, height=400, margin={"t": 40, "b": 50},
        title={"text": t("batchnorm.fig.train_test_title")}, legend=LEGEND_BELOW,
        xaxis={"title": {"text": t("batchnorm.fig.x_post")}}, yaxis={"title": {"text": t("batchnorm.fig.y_count")}}))


def _vline(x: float, k: int, color: str = "black", dash: str = "dash") -> dict:
    xr, yr = ("x", "y") if k == 1 else (f"x{k}", f"y{k}")
    return {"type": "line", "xref": xr, "x0": x, "x1": x, "yref": f"{yr} domain", "y0": 0, "y1": 1,
            "line": {"color": color, "dash": dash, "width": 1.5}}


def batch_noise_figure(r, t) -> go.Figure:
    """Left, middle: where the batch mean and std of many batches of the chosen size land (truth 0 and 1);
    right: their spread against batch size on log axes, with σ/√N."""
    layout = grid(1, 3, (t("batchnorm.fig.bmean_title", n=r.batch_size), t("batchnorm.fig.bstd_title", n=r.batch_size),
                         t("batchnorm.fig.spread_title")))
    sizes = np.asarray(r.sizes, dtype=float)
    keep = r.std_spread > 0   # N = 1: every batch std is 0, no spread to draw on a log axis
    on3 = {"xaxis": "x3", "yaxis": "y3"}
    data = [bar(r.mean_counts, r.mean_edges, t("batchnorm.fig.batch_means"), COLORS[0], 1),
            bar(r.std_counts, r.std_edges, t("batchnorm.fig.batch_stds"), COLORS[1], 2),
            dict(type="scatter", x=sizes, y=r.mean_spread, mode="lines+markers", name=t("batchnorm.fig.spread_mean"),
                 line={"color": COLORS[0]}, marker={"symbol": SYMBOLS[0]}, **on3),
            dict(type="scatter", x=sizes[keep], y=r.std_spread[keep], mode="lines+markers",
                 name=t("batchnorm.fig.spread_std"), line={"color": COLORS[1], "dash": "dash"},
                 marker={"symbol": SYMBOLS[1]}, **on3),
            dict(type="scatter", x=sizes, y=1 / np.sqrt(sizes), mode="lines", name="1/√N",
                 line={"color": "black", "dash": "dot"}, **on3)]
    axis(layout, 1, title={"text": t("batchnorm.fig.x_bmean")})
    axis(layout, 2, title={"text": t("batchnorm.fig.x_bstd")})
    axis(layout, 3, title={"text": t("batchnorm.fig.x_batch")}, type="log", tickvals=[1, 4, 16, 64, 256],
         ticktext=["1", "4", "16", "64", "256"])
    axis(layout, 1, "y", title={"text": t("batchnorm.fig.y_batches")})
    axis(layout, 2, "y", title={"text": t("batchnorm.fig.y_batches")})
    axis(layout, 3, "y", title={"text": t("batchnorm.fig.y_spread")}, type="log", dtick=1, exponentformat="power")
    layout.update(bargap=0, height=420, margin={"t": 50, "b": 50}, legend=LEGEND_BELOW,
                  shapes=[_vline(0, 1), _vline(1, 2), _vline(r.batch_size, 3, "#999", "solid")])
    return figure(data, layout)
