"""Batch norm lab figures for train vs test: running statistics over steps, output histograms, batch noise."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from viz.batchnorm import COLORS
from viz.grid import axis, bar, figure, grid

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
        c = COLORS[j % len(COLORS)]
        for k, run, batch, pop in ((1, r.running_mean[:, j], r.batch_mean[:, j], r.pop_mean[j]),
                                   (2, np.sqrt(r.running_var[:, j]), np.sqrt(r.batch_var[:, j]),
                                    np.sqrt(r.pop_var[j]))):
            refs = {"xaxis": "x" if k == 1 else "x2", "yaxis": "y" if k == 1 else "y2", "showlegend": k == 1}
            data += [
                dict(type="scatter", x=steps, y=run, mode="lines", name=t("batchnorm.fig.running", name=name),
                     line={"color": c, "width": 2.5}, legendgroup=f"r{j}", **refs),
                dict(type="scatter", x=steps, y=batch, mode="markers", name=t("batchnorm.fig.batch", name=name),
                     marker={"color": c, "size": 5, "opacity": 0.35}, legendgroup=f"b{j}", **refs),
                dict(type="scatter", x=ends, y=[pop, pop] if ends else [], mode="lines",
                     name=t("batchnorm.fig.population", name=name), line={"color": c, "dash": "dash", "width": 1},
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
    data = [bar(r.train_counts, edges, t("batchnorm.fig.train_mode"), COLORS[0], opacity=0.5),
            bar(r.test_counts, edges, t("batchnorm.fig.test_mode"), COLORS[1], opacity=0.5),
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
                 line={"color": COLORS[0]}, **on3),
            dict(type="scatter", x=sizes[keep], y=r.std_spread[keep], mode="lines+markers",
                 name=t("batchnorm.fig.spread_std"), line={"color": COLORS[1]}, **on3),
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
