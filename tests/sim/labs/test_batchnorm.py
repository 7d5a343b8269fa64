"""sim.labs.batchnorm: before/after BN, the assignment check, running statistics, batch noise and the axes."""

import numpy as np
import pytest

from sim.labs.batchnorm import (
    BATCH_SIZES,
    assignment_check,
    axes_demo,
    batch_noise,
    before_after,
    layer_preactivations,
    train_test,
)


def test_assignment_checks_reproduced():
    r = assignment_check()
    # before BN the three outputs are far from unit Gaussian (the assignment: means ≈ [−2.4, −13.2, 1.9],
    # stds ≈ [27, 34, 38]; our RNG differs, so we check the same kind of numbers, not the same digits)
    assert np.all(r.before.std > 10) and np.all(r.before.std < 60)
    assert np.max(np.abs(r.before.mean)) > 1
    np.testing.assert_allclose(r.unit.mean, 0, atol=1e-8)
    np.testing.assert_allclose(r.unit.std, 1, atol=1e-4)
    np.testing.assert_allclose(r.scaled.mean, [11, 12, 13], atol=1e-8)
    np.testing.assert_allclose(r.scaled.std, [1, 2, 3], atol=1e-4)


@pytest.fixture(scope="module")
def pre():
    return layer_preactivations(layer=3, width=200, n_samples=400, activation="relu", init="large")


def test_after_bn_means_and_stds_read_beta_and_gamma(pre):
    assert np.all(np.abs(pre.std(axis=0)[:3] - 1) > 0.5)   # the 1.0·randn layer is far from unit std
    r = before_after(pre, gamma=2.5, beta=-1.5)
    np.testing.assert_allclose(r.after.mean, -1.5, atol=1e-4)
    np.testing.assert_allclose(r.after.std, 2.5, rtol=1e-4)
    np.testing.assert_allclose(r.before.std, pre.std(axis=0)[:3], rtol=1e-5)
    assert r.before.counts.shape == (3, 40) and r.before.edges.shape == (3, 41)
    assert r.before.counts.sum() == 3 * 400 and r.after.all_counts.sum() == pre.size
    # the after-BN histogram sits around β with width γ
    centres = 0.5 * (r.after.all_edges[1:] + r.after.all_edges[:-1])
    assert abs(np.average(centres, weights=r.after.all_counts) + 1.5) < 0.1


def test_identity_recovered(pre):
    r = before_after(pre, identity=True)
    assert r.max_abs_change < 1e-9
    np.testing.assert_allclose(r.after.mean, r.before.mean, atol=1e-6)
    np.testing.assert_allclose(r.gamma, np.sqrt(pre.astype(float).var(axis=0)[:3] + 1e-5))
    assert before_after(pre).max_abs_change > 1


def test_zero_init_gives_constant_features_flagged_and_finite():
    p = layer_preactivations(layer=2, width=50, n_samples=100, init="zeros")
    r = before_after(p, gamma=2.0, beta=1.0)
    assert r.n_constant == 50
    for a in (r.after.mean, r.after.std, r.before.counts, r.after.edges, r.after.all_edges):
        assert np.all(np.isfinite(a))
    np.testing.assert_allclose(r.after.mean, 1.0)   # x̂ = 0 so y = β
    assert np.all(np.diff(r.after.edges, axis=1) > 0)


def test_batch_of_one_is_finite():
    r = before_after(np.arange(5.0)[None, :], gamma=1.0, beta=0.0)
    assert r.n_constant == 5 and np.all(np.isfinite(r.after.std))


def test_bn_below_keeps_preactivations_scaled_by_init():
    """With BN in every layer below, layer k's pre-activations have std ≈ scale·√width·std(h)."""
    small = layer_preactivations(layer=6, width=200, n_samples=400, init="small", activation="tanh")
    plain = layer_preactivations(layer=6, width=200, n_samples=400, init="small", activation="tanh",
                                 bn_below=False)
    assert 0.05 < small.std() < 0.2
    assert plain.std() < 1e-4       # without BN the 0.01·randn net has collapsed by layer 6


@pytest.mark.parametrize("seed", [231, 0, 1, 2])
def test_test_mode_after_50_passes_is_near_unit_gaussian(seed):
    r = train_test(n_steps=50, batch_size=200, seed=seed)
    assert np.all(np.abs(r.test_mean) < 0.15), r.test_mean
    assert np.all((r.test_std > 0.9) & (r.test_std < 1.1)), r.test_std
    np.testing.assert_allclose(r.train_mean, 0, atol=1e-8)
    np.testing.assert_allclose(r.train_std, 1, atol=1e-4)
    assert r.train_counts.sum() == r.test_counts.sum() == 3 * 1000


def test_running_statistics_converge_with_momentum():
    r = train_test(n_steps=60, batch_size=200, momentum=0.9)
    pop_std = np.sqrt(r.pop_var)
    # step 1: 0.1 of the batch mean; by step 50 within a few % of the population
    np.testing.assert_allclose(r.running_mean[0], 0.1 * r.batch_mean[0])
    assert np.all(np.abs(r.running_mean[-1] - r.pop_mean) < 0.15 * pop_std)
    assert np.all(np.abs(np.sqrt(r.running_var[-1]) / pop_std - 1) < 0.1)
    err = np.abs(r.running_mean - r.pop_mean).max(axis=1)
    assert err[:5].mean() > 3 * err[-10:].mean()


def test_small_batches_bias_the_running_variance_low():
    """Biased batch variance: E[σ²_B] = (N−1)/N·σ², so N = 2 halves it and test-mode stds grow."""
    r = train_test(batch_size=2, n_steps=200)
    assert r.test_std.mean() > 1.15, r.test_std   # √2 in expectation, noisy with ~10 batches of 2
    assert not r.zero_variance


def test_batch_size_one_is_flagged_and_finite():
    r = train_test(batch_size=1)
    assert r.zero_variance
    np.testing.assert_array_equal(r.batch_var, 0)
    for a in (r.test_mean, r.test_std, r.train_counts, r.test_counts, r.edges):
        assert np.all(np.isfinite(a))


def test_batch_noise_shrinks_like_one_over_sqrt_n():
    r = batch_noise(batch_size=16)
    assert list(r.sizes) == list(BATCH_SIZES)
    big = r.sizes >= 4
    ratio = r.mean_spread[big] * np.sqrt(r.sizes[big])
    assert np.all((ratio > 0.8) & (ratio < 1.2)), ratio      # spread of the batch mean ≈ σ/√N
    assert np.all(np.diff(r.mean_spread) < 0)
    assert r.std_bias[0] == 0 and r.std_bias[1] < 0.7 and r.std_bias[-1] > 0.98
    assert r.mean_counts.sum() == r.n_batches


def test_batch_noise_off_grid_size():
    r = batch_noise(batch_size=3, n_batches=50)
    assert r.batch_size == 3 and r.mean_counts.sum() == 50


def test_statistic_shapes_and_counts():
    r = axes_demo(n=5, d=7, c=3, h=4, w=2)
    assert r.fc_shape == (5, 7) and r.fc_stat_shape == (7,) and r.fc_count == 5
    assert r.conv_shape == (5, 3, 4, 2) and r.conv_stat_shape == (3,) and r.conv_count == 5 * 4 * 2
    assert abs(r.conv_mean_after).max() < 1e-10 and abs(r.conv_std_after - 1).max() < 1e-4
    assert abs(r.fc_mean_after).max() < 1e-10
    assert r.conv_mean_before[2] - r.conv_mean_before[0] > 1   # channels were offset before BN
