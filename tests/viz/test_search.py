"""Figures of the search lab: trace count, names, axis titles; all-stopped and one-trial input still plot."""
import numpy as np
import pytest

from sim import search
from sim.data import prepare
from sim.labs import search as demos
from ui.i18n import tr
from viz import search as fig

t = tr("en")


@pytest.fixture(scope="module")
def result():
    d = prepare("digits", seed=0)
    trials = [(1.0, 1e-4), (0.3, 1e-2), (1e-3, 1.0), (1e6, 0.0)]
    return search.run_trials(trials, d.X_train, d.y_train, d.X_val, d.y_val, epochs=1, batch_size=200,
                             weight_scale=1e-2, seed=0)


def test_trials_figure_traces_axes_and_colours(result):
    f = fig.trials_figure(result, t, lr_range=(-4, 6), reg_range=(-5, 5), proposal=((-1, 1), (-5, -1)), title="T")
    names = [d.name for d in f.data]
    assert names == [t("search.viz.sampled_range"), t("search.viz.proposal"), t("search.viz.finished"),
                     t("search.viz.stopped"), t("search.viz.best")]
    done = f.data[2]
    assert len(done.x) == 3 and np.allclose(done.marker.color, result.val_acc[:3])
    assert len(f.data[3].x) == 1 and f.data[3].x[0] == 1e6
    assert f.data[4].x[0] == result.lr[result.best()]
    assert np.allclose(f.data[0].x, [1e-4, 1e6, 1e6, 1e-4, 1e-4])
    assert f.layout.xaxis.type == "log" and f.layout.yaxis.type == "log"
    assert f.layout.xaxis.title.text == t("search.viz.lr") and f.layout.yaxis.title.text == t("search.viz.reg")
    assert f.layout.title.text == "T"


def test_all_stopped_has_no_best_and_no_proposal():
    r = search.SearchResult(np.array([10.0, 20.0]), np.array([1.0, 1.0]), np.array([0.1, 0.1]),
                            np.array([0.1, 0.1]), np.full((2, 2), 0.1), np.full((2, 3), np.nan),
                            np.array([True, True]), np.array([0, 0]), 1, 3)
    f = fig.trials_figure(r, t, lr_range=(0, 2), reg_range=(-1, 1))
    assert [d.name for d in f.data] == [t("search.viz.sampled_range"), t("search.viz.finished"),
                                        t("search.viz.stopped")]
    assert len(f.data[1].x) == 0 and len(f.data[2].x) == 2


@pytest.mark.parametrize("n", [1, 9, 64])
def test_random_vs_grid_figure_panels(n):
    r = demos.random_vs_grid(n, seed=0)
    f = fig.random_vs_grid_figure(r, t)
    assert len(f.data) == 10
    grid_pts, rand_pts = f.data[0], f.data[5]
    assert len(set(np.round(grid_pts.x, 9))) == r.grid.distinct_x and len(rand_pts.x) == len(r.random.points)
    assert f.data[2].name == t("search.viz.important_curve") and f.data[4].name == t("search.viz.unimportant_curve")
    assert f.layout.xaxis.title.text == t("search.viz.important_axis")
    assert f.layout.yaxis.title.text == t("search.viz.unimportant_axis")
    texts = [a.text for a in f.layout.annotations]
    assert str(r.grid.distinct_x) in texts[0] and str(r.random.distinct_x) in texts[1]
    assert sum(bool(d.showlegend) or d.showlegend is None for d in f.data) == 4


def test_log_sampling_figure_steps_on_a_log_axis():
    lv = demos.log_vs_linear(100, -6, -1, seed=0)
    f = fig.log_sampling_figure(lv, t)
    assert [d.name for d in f.data] == [t("search.viz.uniform"), t("search.viz.log_uniform")]
    assert f.layout.xaxis.type == "log" and f.layout.yaxis.title.text == t("search.viz.count")
    assert sum(f.data[0].y) / 2 == 100 and len(f.data[1].x) == 2 * (len(lv.edges) - 1)


def test_korean_labels():
    k = tr("ko")
    f = fig.log_sampling_figure(demos.log_vs_linear(10, -3, -1, 0), k)
    assert f.layout.xaxis.title.text == "학습률 (로그 스케일)"


def test_narrow_log_ranges_get_full_size_1_2_5_ticks():
    from viz.search import _log_ticks
    narrow = _log_ticks((-3.0, -1.0), None, 0)
    assert narrow["ticktext"] == ["0.001", "0.002", "0.005", "0.01", "0.02", "0.05", "0.1"]
    assert _log_ticks((-6.0, 0.0), None, 0) == {"exponentformat": "power", "dtick": 1}
    assert _log_ticks((-2.0, -1.0), ((-4.0, 0.0), (-1.0, 0.0)), 0)["dtick"] == 1     # the proposal widens it
