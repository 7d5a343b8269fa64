"""Figures of the babysitting lab: trace count, names, axis titles; empty and degenerate input still plot."""
import numpy as np
import pytest

from sim.batched import train_many
from sim.data import prepare
from sim.labs.babysitting import Diagnosis, diagnose
from sim.train import train
from sim.twolayer import init_params
from ui.i18n import tr
from viz import babysitting as fig

t = tr("en")


@pytest.fixture(scope="module")
def many():
    d = prepare("spiral", seed=0)
    p = init_params(2, 20, 3, weight_scale=1e-2, seed=0)
    m = train_many(p, d.X_train, d.y_train, d.X_val, d.y_val, lrs=[1e-3, 1.0, 1e6], regs=0.0, epochs=4,
                   batch_size=50, seed=0)
    return m, [diagnose(m.loss[r, :m.n_iters(r)], int(m.diverged_at[r])) for r in range(3)]


def test_loss_figure_runs_and_divergence_marker(many):
    m, diags = many
    f = fig.loss_figure(m, diags, t)
    lines = [d for d in f.data if not str(d.meta).startswith("diverged:")]
    assert [d.meta for d in lines] == ["0.001", "1", "1e6"]
    assert lines[1].name == t("babysitting.fig.run", lr="1", label=t(f"babysitting.label.{diags[1].label}"))
    marker = [d for d in f.data if str(d.meta).startswith("diverged:")]
    assert len(marker) == 1 and marker[0].x[0] == m.diverged_at[2] and "iteration 1" in marker[0].name
    assert marker[0].mode == "markers" and f.layout.xaxis.range[0] < 0      # no text drawn over the axis
    assert len(set(d.line.color for d in lines)) == 3
    assert f.layout.xaxis.title.text == t("babysitting.fig.iteration") and f.layout.yaxis.type == "linear"
    assert fig.loss_figure(m, diags, t, log_y=True).layout.yaxis.type == "log"


def test_nan_loss_is_labelled_nan():
    loss = np.full((1, 6), np.nan)
    loss[0, :2] = [1.1, np.inf]
    from sim.batched import ManyHistory
    m = ManyHistory(np.array([1e6]), np.zeros(1), loss, np.full((1, 6, 2), np.nan), np.full((1, 3), np.nan),
                    np.full((1, 3), np.nan), 3, np.array([1]), {})
    f = fig.loss_figure(m, [Diagnosis("diverged", "nonfinite")], t)
    assert f.data[-1].name == t("babysitting.fig.nan_at", k=1)
    assert "no_epoch" not in fig.gap_figure(m, 0, t).layout.annotations[0].text  # the message, translated
    assert fig.accuracy_figure(m, t).data[0].x.size == 0  # no finite accuracy: an empty line, no error


def test_accuracy_gap_and_ratio_figures(many):
    m, _ = many
    acc = fig.accuracy_figure(m, t)
    assert len(acc.data) == 6 and acc.data[0].name == t("babysitting.fig.train_of", lr="0.001")
    assert acc.layout.yaxis.title.text == t("babysitting.fig.accuracy")
    gap = fig.gap_figure(m, 1, t)
    assert [d.name for d in gap.data] == [t("babysitting.fig.val_acc"), t("babysitting.fig.train_acc")]
    ratio = fig.ratio_figure(m, 1, t)
    assert [d.name for d in ratio.data] == ["W1", "W2"] and ratio.layout.yaxis.type == "log"
    assert ratio.layout.shapes and ratio.layout.annotations[0].y == -3  # the 1e-3 line and its label


def test_overfit_figure():
    d = prepare("blobs", seed=0)
    p = init_params(2, 10, 3, weight_scale=0.1, seed=0)
    h = train(p, d.X_train[:20], d.y_train[:20], d.X_val, d.y_val, lr=1.0, reg=0.0, epochs=5, batch_size=20, seed=0)
    f = fig.overfit_figure(h, t)
    assert [x.name for x in f.data] == [t("babysitting.fig.loss"), t("babysitting.fig.train_acc")]
    assert len(f.data[0].y) == 5 and len(f.data[1].y) == 6


def test_empty_and_degenerate_inputs_still_give_figures():
    from sim.batched import ManyHistory
    empty = ManyHistory(np.zeros(0), np.zeros(0), np.zeros((0, 0)), np.zeros((0, 0, 2)), np.zeros((0, 1)),
                        np.zeros((0, 1)), 1, np.zeros(0, dtype=int), {})
    for f in (fig.loss_figure(empty, [], t), fig.accuracy_figure(empty, t), fig.gap_figure(empty, 0, t),
              fig.ratio_figure(empty, 0, t)):
        assert f.layout.annotations and not f.data


def test_run_colors_distinct_and_ordered():
    c = fig.run_colors([1.0, 1e-6, 1e6])
    assert c[1] == fig.RUN_COLORS[0] and c[2] == fig.RUN_COLORS[-1] and len(set(c)) == 3
