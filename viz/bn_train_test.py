"""Batch norm lab figures for train vs test: running statistics over steps, output histograms, batch noise."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from viz.batchnorm import COLORS, _bar


def running_stats_figure(r, t) -> go.Figure:
    """Running mean and running std of each feature over the training steps, with each batch's own
    statistic as faint dots and the data's true value dashed."""
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.1,
                        subplot_titles=(t("batchnorm.fig.run_mean_title"), t("batchnorm.fig.run_std_title")))
    steps = np.asarray(r.steps)
    traces, cols = [], []      # added in one call: 18 add_trace calls cost plotly several ms each
    for j in range(r.running_mean.shape[1]):
        name = t("batchnorm.fig.output", j=j)
        c = COLORS[j % len(COLORS)]
        for col, run, batch, pop in ((1, r.running_mean[:, j], r.batch_mean[:, j], r.pop_mean[j]),
                                     (2, np.sqrt(r.running_var[:, j]), np.sqrt(r.batch_var[:, j]),
                                      np.sqrt(r.pop_var[j]))):
            first = col == 1
            traces += [
                go.Scatter(x=steps, y=run, mode="lines", name=t("batchnorm.fig.running", name=name),
                           line={"color": c, "width": 2.5}, legendgroup=f"r{j}", showlegend=first),
                go.Scatter(x=steps, y=batch, mode="markers", name=t("batchnorm.fig.batch", name=name),
                           marker={"color": c, "size": 5, "opacity": 0.35}, legendgroup=f"b{j}", showlegend=first),
                go.Scatter(x=[steps[0], steps[-1]] if steps.size else [], y=[pop, pop] if steps.size else [],
                           mode="lines", name=t("batchnorm.fig.population", name=name),
                           line={"color": c, "dash": "dash", "width": 1}, legendgroup=f"p{j}", showlegend=first),
            ]
            cols += [col] * 3
    fig.add_traces(traces, rows=[1] * len(traces), cols=cols)
    fig.update_xaxes(title_text=t("batchnorm.fig.x_step"))
    fig.update_yaxes(title_text=t("batchnorm.fig.y_mean"), row=1, col=1)
    fig.update_yaxes(title_text=t("batchnorm.fig.y_std_value"), row=1, col=2)
    fig.update_layout(height=480, margin={"t": 50, "b": 50}, legend={"orientation": "h", "y": -0.22, "x": 0,
                                                                      "yanchor": "top"})
    return fig


def train_test_figure(r, t) -> go.Figure:
    """BN outputs of the same test set normalised by its own batch statistics (train mode) and by the
    running statistics (test mode), with the unit Gaussian for reference."""
    edges = np.asarray(r.edges, dtype=float)
    fig = go.Figure()
    fig.add_trace(_bar(r.train_counts, edges, t("batchnorm.fig.train_mode"), COLORS[0], opacity=0.5))
    fig.add_trace(_bar(r.test_counts, edges, t("batchnorm.fig.test_mode"), COLORS[1], opacity=0.5))
    xs = np.linspace(edges[0], edges[-1], 200)
    total = float(np.sum(r.train_counts)) * (edges[1] - edges[0])
    fig.add_trace(go.Scatter(x=xs, y=total * np.exp(-0.5 * xs**2) / np.sqrt(2 * np.pi), mode="lines",
                             name=t("batchnorm.fig.unit_gauss"), line={"color": "black", "dash": "dot"}))
    fig.update_layout(barmode="overlay", bargap=0, height=400, margin={"t": 40, "b": 50},
                      title=t("batchnorm.fig.train_test_title"),
                      legend={"orientation": "h", "y": -0.22, "yanchor": "top"})
    fig.update_xaxes(title_text=t("batchnorm.fig.x_post"))
    fig.update_yaxes(title_text=t("batchnorm.fig.y_count"))
    return fig


def batch_noise_figure(r, t) -> go.Figure:
    """Left, middle: where the batch mean and std of many batches of the chosen size land (truth 0 and 1);
    right: their spread against batch size on log axes, with σ/√N."""
    fig = make_subplots(rows=1, cols=3, horizontal_spacing=0.08,
                        subplot_titles=(t("batchnorm.fig.bmean_title", n=r.batch_size),
                                        t("batchnorm.fig.bstd_title", n=r.batch_size),
                                        t("batchnorm.fig.spread_title")))
    fig.add_trace(_bar(r.mean_counts, r.mean_edges, t("batchnorm.fig.batch_means"), COLORS[0]), 1, 1)
    fig.add_trace(_bar(r.std_counts, r.std_edges, t("batchnorm.fig.batch_stds"), COLORS[1]), 1, 2)
    fig.add_vline(x=0, line={"dash": "dash", "color": "black"}, row=1, col=1)
    fig.add_vline(x=1, line={"dash": "dash", "color": "black"}, row=1, col=2)
    sizes = np.asarray(r.sizes, dtype=float)
    fig.add_trace(go.Scatter(x=sizes, y=r.mean_spread, mode="lines+markers", name=t("batchnorm.fig.spread_mean"),
                             line={"color": COLORS[0]}), 1, 3)
    keep = r.std_spread > 0   # N = 1: every batch std is 0, no spread to draw on a log axis
    fig.add_trace(go.Scatter(x=sizes[keep], y=r.std_spread[keep], mode="lines+markers",
                             name=t("batchnorm.fig.spread_std"), line={"color": COLORS[1]}), 1, 3)
    fig.add_trace(go.Scatter(x=sizes, y=1 / np.sqrt(sizes), mode="lines", name="1/√N",
                             line={"color": "black", "dash": "dot"}), 1, 3)
    fig.add_vline(x=r.batch_size, line={"color": "#999", "width": 1}, row=1, col=3)
    fig.update_layout(bargap=0, height=420, margin={"t": 50, "b": 50},
                      legend={"orientation": "h", "y": -0.22, "yanchor": "top"})
    fig.update_xaxes(title_text=t("batchnorm.fig.x_bmean"), row=1, col=1)
    fig.update_xaxes(title_text=t("batchnorm.fig.x_bstd"), row=1, col=2)
    fig.update_xaxes(title_text=t("batchnorm.fig.x_batch"), type="log", row=1, col=3,
                     tickvals=[1, 4, 16, 64, 256], ticktext=["1", "4", "16", "64", "256"])
    fig.update_yaxes(title_text=t("batchnorm.fig.y_batches"), row=1, col=1)
    fig.update_yaxes(title_text=t("batchnorm.fig.y_batches"), row=1, col=2)
    fig.update_yaxes(title_text=t("batchnorm.fig.y_spread"), type="log", row=1, col=3, dtick=1,
                     exponentformat="power")
    return fig
