import numpy as np
import pytest

from sim.labs import search as demos


def test_the_important_parameter_matters_ten_times_more():
    x = np.linspace(0, 1, 501)
    imp, unimp = demos.important(x, 0.5), demos.MINOR * demos.unimportant(x)
    assert np.ptp(imp) > 9 * np.ptp(unimp)
    assert np.argmax(demos.objective(x, np.full_like(x, 0.4), 0.5)) == 250


def test_nine_trials_grid_tries_three_values_random_tries_nine():
    r = demos.random_vs_grid(9, seed=0)
    assert r.grid.distinct_x == 3 and r.random.distinct_x == 9
    assert len(r.grid.points) == len(r.random.points) == 9
    assert r.grid.score.max() <= r.optimum and r.random.score.max() <= r.optimum
    assert r.random.score[r.random.best] == r.random.score.max()


@pytest.mark.parametrize("n", [4, 10, 16, 64])
def test_random_tries_more_distinct_important_values_for_every_budget(n):
    r = demos.random_vs_grid(n, seed=3)
    k = int(np.sqrt(n))
    assert r.grid.distinct_x == k < r.random.distinct_x == k * k


def test_random_beats_grid_on_average_over_seeds():
    c = demos.compare_over_seeds(9, n_seeds=200)
    assert c.random_better > 0.5 and c.random_better + c.grid_better == pytest.approx(1.0)
    assert c.mean_best_random > c.mean_best_grid
    c25 = demos.compare_over_seeds(25, n_seeds=200)
    assert c25.random_better > 0.65 and c25.mean_best_random > c.mean_best_random


def test_uniform_piles_into_the_top_decade_log_uniform_spreads():
    lv = demos.log_vs_linear(1000, -6, -1, seed=0)
    assert lv.uniform_counts.sum() == lv.log_counts.sum() == 1000 and len(lv.edges) == 5 * 4 + 1
    assert lv.uniform_per_decade[-1] > 850 and lv.uniform_per_decade[0] == 0
    assert np.all(np.abs(lv.log_per_decade - 200) < 60)
    assert demos.log_vs_linear(10, -3, -3, seed=0).decades.tolist() == [1e-3, 1e-2]  # empty range: one decade
