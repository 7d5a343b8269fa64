"""Batch norm figures: trace counts and names, axis titles, and degenerate input still gives a figure."""
import numpy as np
import pytest

from sim.deepnet import run_deep_net
from sim.labs.batchnorm import axes_demo, batch_noise, before_after, train_test
from ui.i18n import tr
from viz import batchnorm as vb


@pytest.fixture(params=["en", "ko"])
def t(request):
    return tr(request.param)


def _titles(fig):
    return [a.text for a in fig.layout.annotations]


def test_before_after_figure(t):
    rng = np.random.default_rng(0)
    r = before_after(rng.standard_normal((300, 20)) * 5 + 3, gamma=2.0, beta=1.0)
    fig = vb.before_after_figure(r, t)
    assert len(fig.data) == 2 * 3 + 2
    assert [d.name for d in fig.data[:2]] == [t("batchnorm.fig.feature", i=0)] * 2
    assert fig.layout.xaxis.title.text == t("batchnorm.fig.x_pre")
    assert fig.layout.xaxis2.title.text == t("batchnorm.fig.x_post")
    assert fig.layout.yaxis.title.text == t("batchnorm.fig.y_count")
    assert t("batchnorm.fig.before_feats") in _titles(fig)
    # the after-BN axis is at least ±6 so γ and β visibly move the histogram
    lo, hi = fig.layout.xaxis2.range
    assert lo <= -6 and hi >= 6
    assert np.sum(fig.data[1].y) == 300


def test_before_after_identity_shares_the_range(t):
    rng = np.random.default_rng(0)
    r = before_after(rng.standard_normal((300, 5)) * 40, identity=True)
    fig = vb.before_after_figure(r, t)
    assert tuple(fig.layout.xaxis.range) == tuple(fig.layout.xaxis2.range)


def test_before_after_constant_input(t):
    r = before_after(np.zeros((1, 4)))
    fig = vb.before_after_figure(r, t)
    assert len(fig.data) == 2 * 3 + 2
    for d in fig.data:
        assert np.all(np.isfinite(np.asarray(d.x, dtype=float)))


def test_std_per_layer_and_histograms(t):
    off = run_deep_net(n_samples=100, width=50, init="small", activation="tanh")
    on = run_deep_net(n_samples=100, width=50, init="small", activation="tanh", batchnorm=True)
    fig = vb.std_per_layer_figure(off, on, t)
    assert [d.name for d in fig.data] == [t("batchnorm.fig.bn_off"), t("batchnorm.fig.bn_on")]
    assert fig.layout.yaxis.type == "log" and fig.layout.xaxis.title.text == t("batchnorm.fig.x_layer")
    np.testing.assert_allclose(fig.data[1].y, on.act.std)
    h = vb.bn_histograms(on, t, on=True)
    assert len(h.data) == 10 and h.layout.title.text == t("batchnorm.fig.bn_on")
    assert h.data[0].marker.color == vb.OFF_ON[1]
    assert vb.std_per_layer_figure(off, None, t).data[0].name == t("batchnorm.fig.bn_off")


def test_std_per_layer_overflow_gives_a_figure(t):
    off = run_deep_net(n_samples=50, width=50, n_layers=10, init="large", activation="relu", scale=1e6)
    fig = vb.bn_histograms(off, t, on=False)
    assert fig.layout.title.text == t("batchnorm.fig.bn_off")
    std = vb.std_per_layer_figure(off, off, t)
    y = np.asarray(std.data[0].y, dtype=float)
    assert not np.any(np.isinf(y)) and np.isnan(y[-1])      # the overflowed layers are left out, not inf


def test_axes_figure(t):
    demo = axes_demo()
    fig = vb.axes_figure(demo, t, highlight=2)
    assert len(fig.data) == 2
    fc = np.asarray(fig.data[0].z)
    assert fc.shape == (4, 6) and fc[:, 2].sum() == 4 and fc.sum() == 4
    cv = np.asarray(fig.data[1].z, dtype=float)
    assert np.nansum(cv) == 4 * 4 * 4          # N·H·W cells highlighted for one channel
    assert fig.layout.xaxis.title.text == t("batchnorm.fig.x_features")
    assert fig.layout.yaxis2.title.text == t("batchnorm.fig.y_channels")


def test_running_and_train_test_figures(t):
    r = train_test(n_steps=20, batch_size=50)
    fig = vb.running_stats_figure(r, t)
    assert len(fig.data) == 3 * 2 * 3
    assert fig.data[0].name == t("batchnorm.fig.running", name=t("batchnorm.fig.output", j=0))
    assert fig.layout.xaxis.title.text == t("batchnorm.fig.x_step")
    np.testing.assert_allclose(fig.data[0].y, r.running_mean[:, 0])
    f2 = vb.train_test_figure(r, t)
    assert [d.name for d in f2.data] == [t("batchnorm.fig.train_mode"), t("batchnorm.fig.test_mode"),
                                         t("batchnorm.fig.unit_gauss")]
    assert f2.layout.xaxis.title.text == t("batchnorm.fig.x_post")


def test_batch_noise_figure(t):
    fig = vb.batch_noise_figure(batch_noise(batch_size=1, n_batches=30), t)
    assert len(fig.data) == 5
    assert fig.layout.xaxis3.type == "log" and fig.layout.yaxis3.type == "log"
    assert fig.layout.xaxis3.title.text == t("batchnorm.fig.x_batch")
    # batch size 1: the batch std spread is 0 there and left off the log axis
    assert 1 not in list(fig.data[3].x)


def test_lr_rescue_figure_marks_the_blow_up():
    loss = np.array([2.3, 2.0, 9.0, np.nan])
    f = vb.lr_rescue_figure({False: (loss, 2), True: (np.array([2.3, 1.0, 0.5, 0.2]), None)}, 3.0, tr("en"))
    assert [d.meta for d in f.data] == ["bn_False", "blowup_False", "bn_True"]
    assert list(f.data[1].x) == [2] and f.layout.yaxis.type == "log"
    assert "3" in f.layout.title.text


def test_std_per_layer_figure_can_add_the_gradient_rows():
    off, on = (run_deep_net(n_layers=3, width=20, n_samples=50, init="small", batchnorm=bn) for bn in (False, True))
    f = vb.std_per_layer_figure(off, on, tr("ko"), gradients=True)
    assert [d.meta for d in f.data] == ["bn_off:act", "bn_off:grad", "bn_on:act", "bn_on:grad"]
    assert f.data[1].line.dash == "dash" and f.data[0].line.dash == "solid"
