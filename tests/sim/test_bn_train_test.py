"""Running statistics, test mode after 50 training passes, and how noisy small batches are."""
import numpy as np
import pytest

from sim.bn_train_test import BATCH_SIZES, batch_noise, train_test


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
