"""Preprocessing figures: trace counts and names, axis titles, equal aspect, degenerate input still draws."""
import numpy as np
import pytest

from sim.labs import preprocessing as demos
from ui.i18n import tr
from viz import preprocessing as vp


@pytest.fixture(params=["en", "ko"])
def t(request):
    return tr(request.param)


def texts(fig):
    return [a.text for a in fig.layout.annotations]


def test_steps_figure(t):
    lab = demos.cloud_lab()
    fig = vp.steps_figure(lab, t)
    assert len(fig.data) == 6 * 2 + 1
    assert [d.name for d in fig.data[:2]] == [t("preprocessing.fig.train"), t("preprocessing.fig.mean")]
    assert fig.data[-1].name == t("preprocessing.fig.axes")
    assert fig.layout.xaxis.title.text == t("preprocessing.fig.x1")
    assert fig.layout.yaxis4.title.text == t("preprocessing.fig.x2") and fig.layout.yaxis6.title.text is None
    for k in ("", "2", "3", "4", "5", "6"):                 # one range for all, equal aspect
        assert tuple(fig.layout[f"xaxis{k}"].range) == tuple(fig.layout.xaxis.range)
        assert tuple(fig.layout[f"yaxis{k}"].range) == tuple(fig.layout.xaxis.range)
        assert fig.layout[f"yaxis{k}"].scaleanchor == f"x{k}"
    titles = texts(fig)
    assert any(t("preprocessing.step.whiten") in s and "[[1.00, 0.00], [0.00, 1.00]]" in s for s in titles)
    assert any(t("preprocessing.step.zero_center") in s and "(0.00, 0.00)" in s for s in titles)
    np.testing.assert_allclose(fig.data[10].x, lab.steps[4].points[:, 0])     # panel 6 is the whitened cloud


def test_steps_figure_flat_cloud(t):
    fig = vp.steps_figure(demos.cloud_lab(scales=(0.0, 0.0)), t)
    assert len(fig.data) == 13
    lo, hi = fig.layout.xaxis.range
    assert np.isfinite(lo) and hi > lo


@pytest.mark.parametrize("fit_on", demos.FIT_ON)
def test_leak_figure(t, fit_on):
    d = demos.leak_demo(step="normalize", fit_on=fit_on)
    fig = vp.leak_figure(d, t)
    assert len(fig.data) == 6
    names = [fig.data[i].name for i in (0, 2, 4)]
    wrong = "val_right" if fit_on == "train" else "val_wrong"
    assert names == [t("preprocessing.fig.train"), t("preprocessing.fig.val"), t(f"preprocessing.fig.{wrong}")]
    np.testing.assert_allclose(fig.data[2].x, d.val_right[:, 0])
    np.testing.assert_allclose(fig.data[4].x, d.val_wrong[:, 0])
    assert any(t(f"preprocessing.leak.panel_{fit_on}") in s for s in texts(fig))


def test_variance_figure(t):
    d = demos.digits_pca(k=7)
    fig = vp.variance_figure(d, t)
    assert [x.name for x in fig.data[:4]] == [t("preprocessing.pca.share"), t("preprocessing.fig.train"),
                                              t("preprocessing.fig.val"), t("preprocessing.pca.gain")]
    assert fig.data[4].name == t("preprocessing.pca.chosen", k=7)
    assert list(fig.data[4].x) == [7] and fig.data[4].y[0] == pytest.approx(d.cum_share[6])
    assert fig.layout.xaxis.title.text == "k" and fig.layout.yaxis3.type == "log"
    assert fig.layout.yaxis2.title.text == t("preprocessing.pca.error_axis")
    assert len(fig.data[0].y) == 64


@pytest.mark.parametrize("whiten", [True, False])
def test_pca_digits_figure(t, whiten):
    d = demos.digits_pca(k=64)
    fig = vp.pca_digits_figure(d, t, whiten=whiten)
    n = len(d.originals)
    assert len(fig.data) == n * (4 if whiten else 3)
    assert fig.data[-1].name == f"U[:, {n - 1}]"
    assert all(x.type == "heatmap" and np.asarray(x.z).shape == (8, 8) for x in fig.data)
    assert t("preprocessing.pca.digit", y=int(d.labels[0])) in texts(fig)
    np.testing.assert_allclose(np.asarray(fig.data[1].z).ravel(), np.clip(d.recon[0], 0, 1))
    if whiten:
        z = np.asarray(fig.data[2].z)
        assert fig.data[2].zmin == -fig.data[2].zmax and np.abs(z).max() == pytest.approx(fig.data[2].zmax)


def test_centring_figure(t):
    c = demos.centring()
    fig = vp.centring_figure(c, t)
    assert len(fig.data) == 2 + 3 * len(c.originals)
    np.testing.assert_allclose(np.asarray(fig.data[0].z).ravel(), c.mean_image)
    assert np.allclose(np.asarray(fig.data[1].z), c.channel_mean)
    assert t("preprocessing.img.mean_image") in texts(fig)
    assert t("preprocessing.img.channel_mean", v=f"{c.channel_mean:.3f}") in texts(fig)


def test_flat_image_still_draws(t):
    c = demos.centring()
    flat = type(c)(np.zeros(64), 0.0, c.labels[:1], np.zeros((1, 64)), np.zeros((1, 64)), np.zeros((1, 64)), 0.0,
                   0.0)
    fig = vp.centring_figure(flat, t)
    assert len(fig.data) == 5
