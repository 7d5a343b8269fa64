"""sim.labs.papers_bn: Ioffe & Szegedy 2015, Figure 1, holds on this run (the sigmoid input's percentile band
moves less with BN; BN's test accuracy climbs sooner); the net's backward pass passes a numeric gradient check."""
import numpy as np
import pytest

from sim.gradcheck import eval_numerical_gradient, rel_error
from sim.labs import papers_bn as pb


@pytest.fixture(scope="module")
def runs():
    return {bn: pb.train_sigmoid_net(bn) for bn in (False, True)}


@pytest.mark.slow   # two 1000-step trainings (the module's `runs`)
def test_bn_percentile_band_moves_less_than_without(runs):
    off, on = runs[False], runs[True]
    assert off.drift(0) > 3 * on.drift(0)
    drift_off = np.array([off.drift(u) for u in range(100)])
    drift_on = np.array([on.drift(u) for u in range(100)])
    assert np.median(drift_off) > 3 * np.median(drift_on)        # not one lucky unit: the typical sigmoid


@pytest.mark.slow   # two 1000-step trainings (the module's `runs`)
def test_percentiles_are_ordered_and_recorded_over_training(runs):
    for r in runs.values():
        assert r.pct.shape == (len(r.steps), 100, 3) and r.steps[0] == 0 and r.steps[-1] == 1000
        assert np.all(np.diff(r.pct, axis=2) >= 0)
    p0 = runs[True].pct[0, :, :]                                   # BN at step 0: x̂ of each unit, ≈ N(0, 1)
    assert np.abs(p0[:, 1]).mean() < 0.3 and np.all(p0[:, 2] - p0[:, 0] > 1.5)


@pytest.mark.slow   # two 1000-step trainings (the module's `runs`)
def test_accuracy_climbs_sooner_with_bn_and_both_learn(runs):
    off, on = runs[False], runs[True]
    assert off.test_acc[0] < 0.2 and on.test_acc[0] < 0.2
    assert on.test_acc[4] > off.test_acc[4]                         # step 100
    assert off.test_acc[-1] > 0.85 and on.test_acc[-1] > 0.85


@pytest.mark.parametrize("batchnorm", [False, True])
def test_gradients_pass_a_numeric_check(batchnorm):
    gen = np.random.default_rng(1)
    X, y = gen.standard_normal((6, 4)), np.array([0, 1, 2, 1, 0, 2])
    p = pb.init_params([4, 5, 5, 5, 3], seed=0, scale=1.0)
    p["gamma"] = [1 + 0.1 * gen.standard_normal(5) for _ in range(3)]
    p["beta"] = [0.1 * gen.standard_normal(5) for _ in range(3)]
    _, g, _ = pb.loss_and_grads(p, X, y, batchnorm)
    keys = ("W", "b", "gamma", "beta") if batchnorm else ("W", "b")
    for k in keys:
        for i, v in enumerate(p[k]):
            num = eval_numerical_gradient(lambda _: pb.loss_and_grads(p, X, y, batchnorm)[0], v)
            if batchnorm and k == "b" and i < 3:          # BN subtracts the batch mean: a bias before it does nothing
                assert np.abs(num).max() < 1e-9 and np.abs(g[k][i]).max() < 1e-12
                continue
            assert rel_error(num, g[k][i]) < 1e-7, (k, i)


def test_running_statistics_accumulate_with_bn():
    d = pb.train_sigmoid_net(True, steps=30, every=10)
    assert len(d.steps) == 4 and d.steps[-1] == 30


@pytest.mark.parametrize("batchnorm", [False, True])
def test_a_run_cut_into_pieces_is_the_same_run(batchnorm):
    """ui.papers trains in chunks (the accuracy curves show at once); the numbers are those of one run."""
    whole = pb.train_sigmoid_net(batchnorm, steps=75)
    state = pb.sigmoid_net_start(batchnorm)
    for stop in (25, 50, 75):
        state = pb.sigmoid_net_steps(state, stop, last=stop == 75)
    pieces = pb.as_run(state)
    np.testing.assert_array_equal(pieces.steps, whole.steps)
    np.testing.assert_array_equal(pieces.test_acc, whole.test_acc)
    np.testing.assert_array_equal(pieces.pct, whole.pct)
    assert pieces.n_test == whole.n_test == 359
