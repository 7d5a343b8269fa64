"""viz.papers and viz.alt.papers: trace counts, names and axes of the paper figures, and text alternatives that
carry the run's numbers in both languages (small runs of the same sim functions)."""
import numpy as np
import pytest

from sim.labs import papers_bn as pb
from sim.labs import papers_init as pi
from ui.i18n import LANGS, tr
from viz import papers as viz
from viz.alt import num
from viz.alt import papers as alt


@pytest.fixture(scope="module")
def glorot():
    return {s: pi.glorot_net(s, n_layers=3, width=60, n_samples=40) for s in pi.GLOROT_SCHEMES}


@pytest.fixture(scope="module")
def he():
    return {i: pi.train_relu_net(i, 6, steps=60) for i in pi.HE_INITS}


@pytest.fixture(scope="module")
def ioffe():
    return {bn: pb.train_sigmoid_net(bn, steps=100) for bn in (False, True)}


@pytest.mark.parametrize("lang", LANGS)
def test_glorot_figures(glorot, lang):
    t = tr(lang)
    for kind in ("act", "grad"):
        fig = viz.glorot_figure(glorot, t, kind)
        assert len(fig.data) == 6 and {d.meta.split(":")[0] for d in fig.data} == set(pi.GLOROT_SCHEMES)
        for d in fig.data:                                        # each line is a share: it sums to 1
            assert np.sum(d.y) == pytest.approx(1.0)
        assert fig.layout.title.text == t(f"papers.glorot.title_{kind}")
        assert len({(d.line.dash, d.marker.symbol) for d in fig.data}) == 3   # layers told apart beyond colour
    std = viz.glorot_std_figure(glorot, t)
    assert len(std.data) == 4 and std.layout.yaxis.type == "log"
    text = alt.glorot_std(glorot, t)
    assert num(glorot["standard"].act_std[0]) in text and num(glorot["normalised"].grad_std[-1]) in text


@pytest.mark.parametrize("lang", LANGS)
def test_he_figure_and_partial_runs(he, lang):
    t = tr(lang)
    fig = viz.he_figure(he, t)
    assert [d.meta for d in fig.data] == ["xavier:raw", "xavier:mean", "he:raw", "he:mean"]
    assert fig.data[1].line.dash != fig.data[3].line.dash
    assert viz.he_figure({"xavier": he["xavier"]}, t).data                # one run drawn while the other trains
    text = alt.he(he, t)
    assert num(he["he"].final) in text and "6" in text
    assert alt.he({"xavier": he["xavier"]}, t)


@pytest.mark.parametrize("lang", LANGS)
def test_ioffe_figures(ioffe, lang):
    t = tr(lang)
    acc = viz.ioffe_accuracy_figure(ioffe, t)
    assert [d.meta for d in acc.data] == ["bn_False", "bn_True"] and acc.layout.yaxis.range == (0, 1.02)
    assert len(viz.ioffe_accuracy_figure({False: ioffe[False]}, t).data) == 1
    pct = viz.ioffe_percentile_figure(ioffe, 3, t)
    assert len(pct.data) == 6
    np.testing.assert_array_equal(pct.data[1].y, ioffe[False].pct[:, 3, 1])
    text = alt.ioffe_percentiles(ioffe, 3, t)
    assert num(ioffe[True].drift(3)) in text and num(ioffe[False].drift(3)) in text
    assert num(ioffe[True].test_acc[-1]) in alt.ioffe_accuracy(ioffe, t)
