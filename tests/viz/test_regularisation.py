"""Regularisation figures, each built validated too (tests/viz/conftest.py): trace names, markers and dashes that
tell series apart, axis titles, and the data the run gives them; one figure per text alternative with numbers."""
import numpy as np
import pytest

from sim.labs import augtransfer as at
from sim.labs import regularisation as rg
from ui.i18n import tr
from viz import regularisation as vr
from viz.alt import regularisation as alt


@pytest.fixture(params=["en", "ko"])
def t(request):
    return tr(request.param)


def meta(fig, m):
    return next(d for d in fig.data if d.meta == m)


def test_ensemble_and_polyak(t):
    P = np.random.default_rng(0).dirichlet(np.ones(3), size=(4, 30))
    y = np.random.default_rng(1).integers(0, 3, 30)
    c = rg.ensemble_curve(P, y)
    fig = vr.ensemble_figure(c, t, "init")
    assert [d.meta for d in fig.data] == ["ensemble", "best", "mean", "vote"]
    assert len({(d.line.dash, d.marker.symbol) for d in fig.data}) == 4
    assert fig.layout.xaxis.title.text == t("regularisation.fig.members")
    assert np.allclose(meta(fig, "ensemble").y, c.ensemble)
    assert any(ch.isdigit() for ch in alt.ensemble(c, t, "init"))
    p = rg.PolyakResult(np.arange(4), np.array([0.1, 0.5, 0.6, 0.7]), np.array([0.1, 0.4, 0.6, 0.72]), 0.9)
    assert np.allclose(meta(vr.polyak_figure(p, t), "polyak").y, p.averaged)


def test_penalties(t):
    r = rg.penalties("l1", 0, (0.0, 3e-3))
    h = vr.penalty_hist_figure(r, 1, t)
    assert len(h.data) == 2 and h.layout.yaxis.type == "log"
    c = vr.penalty_curve_figure(r, 1, t)
    assert list(meta(c, "val").x) == ["0", "0.003"] and meta(c, "chosen").x[0] == "0.003"
    assert "0.003" in alt.penalty_curve(r, 1, t)


def test_dropout_figures(t):
    run = rg.dropout_run(0.5, 0.8, 3, 0)
    f = vr.dropout_curves_figure(run, t)
    assert len(f.data) == 4 and np.allclose(meta(f, "val_1").y, 1 - run.val_acc[1])
    m = vr.masks_figure(rg.masks(0.5, 3, 6, 10, 0), t)
    kept = sum(len(d.y) for d in m.data if str(d.meta).startswith("units_1"))
    dropped = sum(len(d.y) for d in m.data if str(d.meta).startswith("dropped"))
    assert kept + dropped == 30
    dc = vr.masks_figure(rg.masks(0.5, 3, 6, 10, 0), t, connect=True)
    assert not [d for d in dc.data if str(d.meta).startswith("dropped")]
    e = rg.expectation(0.5, 50, 0)
    ef = vr.expectation_figure(e, t)
    assert meta(ef, "test_scaled").y[0] == pytest.approx(0.5 * meta(ef, "test").y[0])
    mc = rg.monte_carlo(run, 4, 0)
    assert list(meta(vr.monte_carlo_figure(mc, t), "mc").x) == [1, 2, 3, 4]


def test_augmentation_figures(t):
    v = at.variants(5, at.Augmentation(), 4, 0)
    f = vr.variants_figure(v, t)
    assert sum(d.type == "heatmap" for d in f.data) == 6               # original, 4 variants, the mirror
    assert any(d.type == "scatter" for d in f.data)                   # the mirror is crossed out
    p = at.pattern(0, K=10)
    pf = vr.pattern_figure(p, t)
    assert len(pf.data) == 9 and len(meta(pf, "draws_batchnorm").x) == 10


def test_transfer_figures(t):
    c = at.TransferCurves(np.array([1, 5]), np.array([[0.5, 0.6, 0.55], [0.8, 0.85, 0.9]]), 0.99)
    f = vr.transfer_figure(c, t)
    assert [d.meta for d in f.data] == ["scratch", "frozen", "finetune"] and f.layout.xaxis.type == "log"
    table = vr.transfer_table_figure(t, (1, 1))
    assert meta(table, "here").x[0] == 1.5 and len(table.layout.shapes) == 4
    assert t("regularisation.table.here") in " ".join(a.text for a in table.layout.annotations)
