"""The course assignment's train-mode checks, and the before/after lab of one layer of the deep net."""
import numpy as np
import pytest

from sim.bn_lab import assignment_check, before_after, histogram, layer_preactivations


def test_assignment_checks_reproduced():
    r = assignment_check()
    # before BN the three outputs are far from unit Gaussian (the assignment: means ≈ [−2.4, −13.2, 1.9],
    # stds ≈ [27, 34, 38]; our RNG differs, so we check the same kind of numbers, not the same digits)
    assert np.all(r.before_std > 10) and np.all(r.before_std < 60)
    assert np.max(np.abs(r.before_mean)) > 1
    np.testing.assert_allclose(r.unit_mean, 0, atol=1e-8)
    np.testing.assert_allclose(r.unit_std, 1, atol=1e-4)
    np.testing.assert_allclose(r.scaled_mean, [11, 12, 13], atol=1e-8)
    np.testing.assert_allclose(r.scaled_std, [1, 2, 3], atol=1e-4)


@pytest.fixture(scope="module")
def pre():
    return layer_preactivations(layer=3, width=200, n_samples=400, activation="relu", init="large")


def test_after_bn_means_and_stds_read_beta_and_gamma(pre):
    assert np.all(np.abs(pre.std(axis=0)[:3] - 1) > 0.5)   # the 1.0·randn layer is far from unit std
    r = before_after(pre, gamma=2.5, beta=-1.5)
    np.testing.assert_allclose(r.after_mean, -1.5, atol=1e-4)
    np.testing.assert_allclose(r.after_std, 2.5, rtol=1e-4)
    np.testing.assert_allclose(r.before_std, pre.std(axis=0)[:3], rtol=1e-5)
    assert r.before_counts.shape == (3, 40) and r.before_edges.shape == (3, 41)
    assert r.before_counts.sum() == 3 * 400 and r.all_after_counts.sum() == pre.size
    # the after-BN histogram sits around β with width γ
    centres = 0.5 * (r.all_after_edges[1:] + r.all_after_edges[:-1])
    assert abs(np.average(centres, weights=r.all_after_counts) + 1.5) < 0.1


def test_identity_recovered(pre):
    r = before_after(pre, identity=True)
    assert r.max_abs_change < 1e-9
    np.testing.assert_allclose(r.after_mean, r.before_mean, atol=1e-6)
    np.testing.assert_allclose(r.gamma, np.sqrt(pre.astype(float).var(axis=0)[:3] + 1e-5))
    assert before_after(pre).max_abs_change > 1


def test_zero_init_gives_constant_features_flagged_and_finite():
    p = layer_preactivations(layer=2, width=50, n_samples=100, init="zeros")
    r = before_after(p, gamma=2.0, beta=1.0)
    assert r.n_constant == 50
    for a in (r.after_mean, r.after_std, r.before_counts, r.after_edges, r.all_after_edges):
        assert np.all(np.isfinite(a))
    np.testing.assert_allclose(r.after_mean, 1.0)   # x̂ = 0 so y = β
    assert np.all(np.diff(r.after_edges, axis=1) > 0)


def test_batch_of_one_is_finite():
    r = before_after(np.arange(5.0)[None, :], gamma=1.0, beta=0.0)
    assert r.n_constant == 5 and np.all(np.isfinite(r.after_std))


def test_bn_below_keeps_preactivations_scaled_by_init():
    """With BN in every layer below, layer k's pre-activations have std ≈ scale·√width·std(h)."""
    small = layer_preactivations(layer=6, width=200, n_samples=400, init="small", activation="tanh")
    plain = layer_preactivations(layer=6, width=200, n_samples=400, init="small", activation="tanh",
                                 bn_below=False)
    assert 0.05 < small.std() < 0.2
    assert plain.std() < 1e-4       # without BN the 0.01·randn net has collapsed by layer 6


def test_histogram_constant_and_empty():
    c, e = histogram(np.full(10, 3.0), 8)
    assert c.sum() == 10 and e[0] < 3 < e[-1]
    c, e = histogram(np.array([]), 8)
    assert c.sum() == 0 and len(e) == 9
