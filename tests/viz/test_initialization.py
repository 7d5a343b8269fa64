"""Initialisation figures: trace counts, names, axes, fixed axes, overflow and empty input."""
import dataclasses

import numpy as np
import pytest

from sim._fast import bin_values
from sim.deepnet import LayerStats, run_deep_net
from sim.labs.initialization import train_symmetry
from ui.i18n import tr
from viz.initialization import (
    compare_figure,
    histograms_figure,
    rebin,
    stats_figure,
    symmetry_figure,
    weights_figure,
)

SMALL = dict(n_layers=4, width=40, n_samples=100)


@pytest.fixture(scope="module")
def res():
    return run_deep_net(init="small", **SMALL)


def _empty(r):
    z = np.zeros(0)
    none = LayerStats(z, z, np.zeros((0, 50)), np.zeros((0, 51)), None)
    return dataclasses.replace(r, act=none, grad=none, saturated_frac=z, dead_frac=z)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_histograms_one_bar_trace_per_layer_and_kind(res, lang):
    t = tr(lang)
    fig = histograms_figure(res, t)
    assert [tr_.meta for tr_ in fig.data] == ["act1", "act2", "act3", "act4", "grad1", "grad2", "grad3", "grad4"]
    assert all(tr_.type == "bar" for tr_ in fig.data)
    for tr_ in fig.data:
        assert np.sum(tr_.y) == pytest.approx(1.0)           # shares of all values
    assert fig.data[0].name == t("initialization.fig.hist_trace", kind=t("initialization.fig.act"), n=1)
    titles = [a.text for a in fig.layout.annotations]
    assert titles[0] == t("initialization.fig.layer_title", n=1, std=f"{res.act.std[0]:.3g}")
    assert fig.layout.yaxis.title.text == t("initialization.fig.act_share")


def test_fixed_axes_share_bins_and_ranges(res):
    fig = histograms_figure(res, tr("en"), fixed_axes=True)
    acts = [d for d in fig.data if d.meta.startswith("act")]
    assert all(np.array_equal(acts[0].x, d.x) for d in acts)
    assert len(acts[0].x) % 2 == 1 and np.min(np.abs(acts[0].x)) < 1e-12   # a middle bin centred on 0
    ranges = {tuple(fig.layout[f"xaxis{i if i > 1 else ''}"].range) for i in range(1, 5)}
    assert len(ranges) == 1
    free = histograms_figure(res, tr("en"), fixed_axes=False)
    assert not np.array_equal(free.data[0].x, free.data[3].x)   # own ranges: layer 4 is far narrower


def test_many_layers_wrap_ten_per_row():
    r = run_deep_net(n_layers=13, width=20, n_samples=100)
    fig = histograms_figure(r, tr("en"))
    assert len(fig.data) == 26
    rows = {fig.data[i].yaxis for i in range(26)}
    assert len(rows) == 26 and fig.layout.height >= 150 + 190 * 4


def test_overflow_drops_gradient_rows_and_overflowed_layers():
    r = run_deep_net(activation="relu", init="he", scale=10.0, n_layers=20, width=300, n_samples=100)
    k = r.act.overflow_layer
    fig = histograms_figure(r, tr("en"), fixed_axes=True)
    assert [d.meta for d in fig.data] == [f"act{i}" for i in range(1, k)]
    assert any("∞" in a.text for a in fig.layout.annotations)
    s = stats_figure(r, tr("en"), log_y=True)
    assert np.isnan(s.data[1].y[k - 1]) and np.isfinite(s.data[1].y[k - 2])


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_stats_figure_traces_and_log_axes(res, lang):
    t = tr(lang)
    fig = stats_figure(res, t, log_y=True)
    assert [d.name for d in fig.data] == [t("initialization.fig.act_mean"), t("initialization.fig.act_std"),
                                          t("initialization.fig.grad_mean"), t("initialization.fig.grad_std")]
    assert np.allclose(fig.data[1].y, res.act.std) and np.allclose(fig.data[3].y, res.grad.std)
    assert fig.layout.yaxis2.type == "log" and fig.layout.yaxis4.type == "log" and fig.layout.yaxis.type != "log"
    assert fig.layout.xaxis3.title.text == t("initialization.fig.layer")
    assert fig.layout.yaxis2.title.text == t("initialization.fig.std")
    assert stats_figure(res, t, log_y=False).layout.yaxis2.type != "log"


def test_zero_std_on_log_axis_is_said_not_drawn():
    r = run_deep_net(init="zeros", **SMALL)
    fig = stats_figure(r, tr("en"), log_y=True)
    assert np.all(np.isnan(fig.data[1].y))
    assert any(a.text == tr("en")("initialization.fig.all_zero") for a in fig.layout.annotations)


def test_compare_figure_one_line_per_scheme_and_panel():
    results = {s: run_deep_net(init=s, **SMALL) for s in ("zeros", "small", "xavier")}
    labels = {"zeros": "W = 0", "small": "0.01·randn", "xavier": "Xavier"}
    fig = compare_figure(results, labels, tr("en"))
    assert len(fig.data) == 6 and [d.name for d in fig.data if d.showlegend] == list(labels.values())
    assert fig.layout.yaxis.type == "log" and fig.layout.yaxis.title.text == tr("en")("initialization.fig.std")
    assert np.allclose(fig.data[4].y, results["xavier"].act.std)
    assert compare_figure(results, labels, tr("en"), log_y=False).layout.yaxis.type != "log"


def test_empty_inputs_still_give_figures(res):
    t = tr("en")
    for fig in (histograms_figure(_empty(res), t), stats_figure(_empty(res), t), compare_figure({}, {}, t),
                symmetry_figure([], t), weights_figure([], t)):
        assert fig.layout.annotations[0].text == t("initialization.fig.nothing")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_symmetry_figures(lang):
    t = tr(lang)
    runs = (train_symmetry("constant", 0.5, steps=20), train_symmetry("random", 0.1, steps=20))
    fig = symmetry_figure(runs, t)
    assert [d.meta for d in fig.data] == ["constant", "constant", "random", "random"]
    assert fig.data[0].name == t("initialization.sym.constant", v="0.5")
    assert np.all(np.asarray(fig.data[0].y) == 0) and np.asarray(fig.data[2].y)[-1] > 0
    assert fig.layout.xaxis.title.text == t("initialization.sym.step")
    w = weights_figure(runs, t)
    assert [d.type for d in w.data] == ["heatmap", "heatmap"] and np.asarray(w.data[0].z).shape == (3, 8)


def test_rebin_keeps_the_total_and_matches_a_direct_histogram_roughly():
    x = np.random.default_rng(2).standard_normal(10_000) * 0.1
    counts, edges = bin_values(x, 50)
    new = np.linspace(-1, 1, 52)
    moved = rebin(counts, edges, new)
    assert moved.sum() == x.size
    assert np.abs(moved - np.histogram(x, new)[0]).max() < 0.05 * x.size
