import math

import numpy as np
import pytest

from sim import search
from sim.data import prepare
from sim.train import train
from sim.twolayer import init_params


@pytest.fixture(scope="module")
def digits():
    return prepare("digits", seed=0)


def test_log_uniform_lies_in_range_and_is_uniform_in_log_space():
    rng = np.random.default_rng(0)
    v = search.log_uniform(-6, -1, 50_000, rng)
    assert v.min() >= 1e-6 and v.max() <= 1e-1
    per_decade = np.histogram(np.log10(v), bins=np.arange(-6, 0))[0] / len(v)
    assert np.allclose(per_decade, 0.2, atol=0.01)            # every decade equally likely
    assert search.log_uniform(2, -3, 10, rng).max() <= 1e2      # swapped bounds (the slides' 10**uniform(-3, -6))


def test_random_trials_are_seeded_and_streams_differ():
    a = search.random_trials(30, (-4, 2), (-5, 5), seed=1)
    assert a.shape == (30, 2)
    assert np.array_equal(a, search.random_trials(30, (-4, 2), (-5, 5), seed=1))
    assert not np.allclose(a, search.random_trials(30, (-4, 2), (-5, 5), seed=1, stream=1))
    assert np.all((a[:, 0] >= 1e-4) & (a[:, 0] <= 1e2) & (a[:, 1] >= 1e-5) & (a[:, 1] <= 1e5))
    assert len(np.unique(a[:, 0])) == 30


@pytest.mark.parametrize("n", [1, 4, 9, 10, 16, 99, 100])
def test_grid_has_sqrt_n_distinct_values_per_axis(n):
    g = search.grid_trials(n, (-4, 2), (-5, 5))
    k = math.isqrt(n)
    assert g.shape == (k * k, 2)
    assert len(np.unique(g[:, 0])) == k and len(np.unique(g[:, 1])) == k
    lg = np.log10(np.unique(g[:, 0]))
    assert np.allclose(np.diff(lg), 6 / k) and lg.min() > -4 and lg.max() < 2  # cell centres, evenly spaced


def test_run_trials_matches_train_per_trial(digits):
    trials = [(0.01, 0.0), (0.3, 1e-3), (1.0, 1e-4), (3.0, 1e-2), (0.1, 10.0)]
    res = search.run_trials(trials, digits.X_train, digits.y_train, digits.X_val, digits.y_val, epochs=3,
                            batch_size=100, weight_scale=1e-2, seed=2, dtype=np.float64)
    p = init_params(64, 50, 10, weight_scale=1e-2, seed=2)
    for r, (lr, reg) in enumerate(trials):
        h = train(p, digits.X_train, digits.y_train, digits.X_val, digits.y_val, lr=lr, reg=reg, epochs=3,
                  batch_size=100, seed=2)
        assert np.allclose(res.loss[r, :len(h.loss)], h.loss, rtol=1e-6, atol=0), r
        assert res.val_acc[r] == h.val_acc[-1] and res.train_acc[r] == h.train_acc[-1]
        assert bool(res.stopped_early[r]) == (h.diverged_at is not None)
    assert res.lr.tolist() == [t[0] for t in trials] and res.epochs == 3 and len(res) == 5
    assert res.val_acc[2] > 0.85                               # lr 1 learns the digits in 3 epochs


def test_stopped_early_flags_blowups(digits):
    trials = [(1.0, 1e-4), (1e6, 0.0), (30.0, 0.0), (1e-2, 1e5)]   # fine; NaN at once; lr too high; reg too high
    res = search.run_trials(trials, digits.X_train, digits.y_train, digits.X_val, digits.y_val, epochs=2,
                            batch_size=100, weight_scale=1e-2, seed=0)
    assert res.stopped_early.tolist() == [False, True, True, True]
    assert res.stopped_at[0] == -1 and np.all(res.stopped_at[1:] >= 0)
    for r in (1, 2, 3):   # the loss before the stop stays below 3× the initial one, then NaN
        s = res.stopped_at[r]
        assert np.all(res.loss[r, 1:s] <= 3 * res.loss[r, 0]) and np.all(np.isnan(res.loss[r, s + 1:]))
    assert res.order()[0] == 0 and res.best() == 0 and set(res.order()[1:]) == {1, 2, 3}


def _fake(lr, reg, acc, stopped=None):
    n = len(lr)
    stopped = np.zeros(n, bool) if stopped is None else np.asarray(stopped)
    acc = np.asarray(acc, float)
    return search.SearchResult(np.asarray(lr, float), np.asarray(reg, float), acc, acc, acc[:, None],
                               np.zeros((n, 1)), stopped, np.where(stopped, 0, -1), 1, 1)


def test_narrowing_shrinks_the_ranges_around_the_best():
    rng = np.random.default_rng(0)
    lr, reg = 10 ** rng.uniform(-6, -3, 100), 10 ** rng.uniform(-5, 5, 100)
    acc = 0.5 - 0.1 * (np.log10(lr) + 4.5) ** 2 - 0.01 * np.abs(np.log10(reg) + 2)  # peak at lr 10^-4.5, reg 10^-2
    n = search.narrow(_fake(lr, reg, acc), (-6, -3), (-5, 5))
    assert n.lr_edge == "" and n.reg_edge == "" and n.n_finished == 100
    assert -6 <= n.lr_range[0] < -4.5 < n.lr_range[1] <= -3 and n.lr_range[1] - n.lr_range[0] < 3
    assert -5 <= n.reg_range[0] < -2 < n.reg_range[1] <= 5 and n.reg_range[1] - n.reg_range[0] < 10
    assert n.top[0] == int(np.argmax(acc))


def test_narrowing_flags_a_best_on_the_edge_and_widens_past_it():
    lr = np.array([1e-3, 3e-4, 1e-5, 1e-6])
    reg = np.array([1e-5, 1e-4, 1e2, 1e4])
    n = search.narrow(_fake(lr, reg, [0.9, 0.88, 0.3, 0.1]), (-6, -3), (-5, 5))
    assert n.lr_edge == "high" and n.lr_range[1] == -2.0      # one decade beyond the old top
    assert n.reg_edge == "low" and n.reg_range[0] == -6.0
    m = search.narrow(_fake(lr, reg, [0.1, 0.3, 0.88, 0.9]), (-6, -3), (-5, 5))
    assert m.lr_edge == "low" and m.reg_edge == "high" and m.lr_range[0] == -7.0


def test_narrowing_with_every_trial_stopped_keeps_the_ranges():
    n = search.narrow(_fake([1.0, 2.0], [1.0, 1.0], [0.1, 0.1], stopped=[True, True]), (-3, 1), (-5, 5))
    assert n.n_finished == 0 and n.lr_range == (-3, 1) and n.reg_range == (-5, 5) and len(n.top) == 0


def test_coarse_to_fine_on_the_digits_improves_the_best(digits):
    """The lesson's own numbers: stage 2 (narrowed, longer) beats stage 1 on the validation split."""
    kw = dict(batch_size=100, weight_scale=1e-2, seed=0)
    args = (digits.X_train, digits.y_train, digits.X_val, digits.y_val)
    r1 = search.run_trials(search.random_trials(30, (-4, 2), (-5, 5), 0), *args, epochs=5, **kw)
    n1 = search.narrow(r1, (-4, 2), (-5, 5))
    r2 = search.run_trials(search.random_trials(30, n1.lr_range, n1.reg_range, 0, stream=1), *args, epochs=15, **kw)
    assert r1.stopped_early.sum() > 5                          # the wide coarse ranges blow up often
    assert r2.val_acc[r2.best()] > r1.val_acc[r1.best()] > 0.85
    assert r2.stopped_early.mean() < r1.stopped_early.mean()


def test_merge_joins_chunks_in_order(digits):
    trials = search.random_trials(6, (-1, 0.5), (-5, -2), 0)
    args = (digits.X_train, digits.y_train, digits.X_val, digits.y_val)
    kw = dict(epochs=1, batch_size=200, weight_scale=1e-2, seed=0)
    whole = search.run_trials(trials, *args, **kw)
    parts = search.merge([search.run_trials(trials[:4], *args, **kw), search.run_trials(trials[4:], *args, **kw)])
    assert np.array_equal(parts.lr, whole.lr) and np.allclose(parts.loss, whole.loss, rtol=1e-9)
    assert np.array_equal(parts.val_acc, whole.val_acc)


@pytest.mark.parametrize("seed", range(20))
def test_proposal_stays_inside_the_old_range_unless_the_best_is_on_its_edge(seed):
    rng = np.random.default_rng(seed)
    lo, hi = sorted(np.round(rng.uniform(-6, 3, 2), 1))
    hi = max(hi, lo + 0.2)
    n = int(rng.integers(1, 40))
    lr, reg = 10 ** rng.uniform(lo, hi, n), 10 ** rng.uniform(-5, 5, n)
    p = search.narrow(_fake(lr, reg, rng.uniform(0, 1, n)), (lo, hi), (-5, 5))
    assert p.lr_range[0] < p.lr_range[1]
    if p.lr_edge != "low":
        assert p.lr_range[0] >= lo - 1e-9
    if p.lr_edge != "high":
        assert p.lr_range[1] <= hi + 1e-9
    best = np.log10(lr[p.top[0]])
    assert p.lr_range[0] <= best <= p.lr_range[1]


def _rank(x: np.ndarray) -> np.ndarray:
    """Ranks with ties averaged (what Spearman's correlation compares)."""
    _, inv, counts = np.unique(x, return_inverse=True, return_counts=True)
    return (np.cumsum(counts) - (counts - 1) / 2.0)[inv]


def _page_rows(res, k=5) -> list[tuple]:
    """The best-trials table as the page prints it: lr, reg, val and train accuracy to 3 decimals."""
    return [(f"{res.lr[i]:.3g}", f"{res.reg[i]:.3g}", "stopped" if res.stopped_early[i] else
             f"{res.val_acc[i]:.3f}", "stopped" if res.stopped_early[i] else f"{res.train_acc[i]:.3f}")
            for i in res.order()[:k]]


@pytest.mark.parametrize("seed,n,ranges,epochs,stream", [
    (0, 100, ((-4, 2), (-5, 5)), 5, 0),                                  # the page's coarse stage at its widest
    pytest.param(1, 100, ((-4, 2), (-5, 5)), 5, 0, marks=pytest.mark.slow),
    pytest.param(3, 100, ((-4, 2), (-5, 5)), 5, 0, marks=pytest.mark.slow),
    pytest.param(4, 100, ((-4, 2), (-5, 5)), 5, 0, marks=pytest.mark.slow),
    pytest.param(0, 30, ((-1, 0.5), (-5, -2)), 15, 1, marks=pytest.mark.slow),   # a fine stage
])
def test_float32_search_agrees_with_float64(seed, n, ranges, epochs, stream):
    """The search runs in float32. Stated tolerance, against float64 on the same trials: the same trials break
    out, at the same iteration; the same best trial and the same top-5 table to the page's printed precision;
    every finished trial's validation accuracy within 0.025 (9 of the 360 validation digits), and at most 2 %
    of them different at all (a trial bouncing at the edge of stability amplifies float32's rounding);
    Spearman's rank correlation of the finished trials' accuracies at least 0.99."""
    d = prepare("digits", seed=seed)
    trials = search.random_trials(n, *ranges, seed, stream)
    kw = dict(epochs=epochs, batch_size=100, weight_scale=1e-2, seed=seed)
    a, b = (search.run_trials(trials, d.X_train, d.y_train, d.X_val, d.y_val, dtype=dt, **kw)
            for dt in (np.float64, np.float32))
    assert np.array_equal(a.stopped_early, b.stopped_early) and np.array_equal(a.stopped_at, b.stopped_at)
    assert a.best() == b.best() and _page_rows(a) == _page_rows(b)
    fin = ~a.stopped_early
    dv = np.abs(a.val_acc - b.val_acc)[fin]
    assert dv.max() <= 0.025 and np.mean(dv > 0) <= 0.02
    ra, rb = _rank(a.val_acc[fin]), _rank(b.val_acc[fin])
    assert np.corrcoef(ra, rb)[0, 1] >= 0.99
    na, nb = search.narrow(a, *ranges), search.narrow(b, *ranges)      # the same proposal for the next stage
    assert (na.lr_range, na.reg_range, na.lr_edge, na.reg_edge) == (nb.lr_range, nb.reg_range, nb.lr_edge, nb.reg_edge)


# --- SGD + momentum: momentum a third searched hyperparameter from the notes' {0.5, 0.9, 0.95, 0.99} ---

def test_momentum_trials_keep_the_sgd_draws_and_sample_the_notes_values():
    base = search.random_trials(400, (-4, 2), (-5, 5), seed=1)
    t = search.with_momentum(base, seed=1)
    assert t.shape == (400, 3) and np.array_equal(t[:, :2], base)
    assert set(t[:, 2]) == set(search.MOMENTA) and np.array_equal(t, search.with_momentum(base, seed=1))
    counts = np.array([np.sum(t[:, 2] == m) for m in search.MOMENTA])
    assert counts.min() > 70                                   # each about 100 of 400
    assert not np.array_equal(t[:, 2], search.with_momentum(base, seed=1, stream=1)[:, 2])


def test_momentum_search_runs_batched_and_matches_one_trial_at_a_time(digits):
    d = digits
    t = search.with_momentum(search.random_trials(6, (-3, 0), (-5, -1), seed=0), seed=0)
    kw = dict(epochs=2, batch_size=100, weight_scale=1e-2, seed=0)
    res = search.run_trials(t, d.X_train, d.y_train, d.X_val, d.y_val, **kw)
    assert np.array_equal(res.momentum, t[:, 2])
    sgd = search.run_trials(t[:, :2], d.X_train, d.y_train, d.X_val, d.y_val, **kw)
    assert sgd.momentum is None and not np.allclose(res.val_acc, sgd.val_acc)
    for i in (0, 5):                                           # batched float32 == one trial alone
        one = search.run_trials(t[i:i + 1], d.X_train, d.y_train, d.X_val, d.y_val, **kw)
        assert one.val_acc[0] == pytest.approx(res.val_acc[i], abs=2e-3)
    merged = search.merge([search.run_trials(t[:3], d.X_train, d.y_train, d.X_val, d.y_val, **kw),
                           search.run_trials(t[3:], d.X_train, d.y_train, d.X_val, d.y_val, **kw)])
    assert np.array_equal(merged.momentum, res.momentum) and np.array_equal(merged.val_acc, res.val_acc)
