"""Batch norm layers: float64 numeric gradient checks, running statistics returned not mutated, per-channel stats."""
import numpy as np
import pytest

from sim.batchnorm import (
    batchnorm_backward,
    batchnorm_forward,
    spatial_batchnorm_backward,
    spatial_batchnorm_forward,
    zero_variance,
)
from sim.gradcheck import eval_numerical_gradient, rel_error


@pytest.mark.parametrize("train", [True, False])
def test_batchnorm_gradients(train):
    rng = np.random.default_rng(231)
    n, d = 4, 5
    x = 5 * rng.standard_normal((n, d)) + 12
    gamma = rng.standard_normal(d)
    beta = rng.standard_normal(d)
    dout = rng.standard_normal((n, d))
    rm, rv = rng.standard_normal(d), rng.uniform(0.5, 2, d)
    kw = dict(train=train, running_mean=rm, running_var=rv)

    def loss():
        return float(np.sum(batchnorm_forward(x, gamma, beta, **kw)[0] * dout))

    _, cache, _, _ = batchnorm_forward(x, gamma, beta, **kw)
    dx, dgamma, dbeta = batchnorm_backward(dout, cache)
    assert rel_error(dx, eval_numerical_gradient(lambda _: loss(), x)) < 1e-7
    assert rel_error(dgamma, eval_numerical_gradient(lambda _: loss(), gamma)) < 1e-7
    assert rel_error(dbeta, eval_numerical_gradient(lambda _: loss(), beta)) < 1e-7


def test_spatial_batchnorm_gradients():
    rng = np.random.default_rng(231)
    n, c, h, w = 2, 3, 4, 5
    x = 5 * rng.standard_normal((n, c, h, w)) + 12
    gamma = rng.standard_normal(c)
    beta = rng.standard_normal(c)
    dout = rng.standard_normal((n, c, h, w))

    def loss():
        return float(np.sum(spatial_batchnorm_forward(x, gamma, beta)[0] * dout))

    _, cache, _, _ = spatial_batchnorm_forward(x, gamma, beta)
    dx, dgamma, dbeta = spatial_batchnorm_backward(dout, cache)
    assert dx.shape == x.shape and dgamma.shape == (c,) and dbeta.shape == (c,)
    assert rel_error(dx, eval_numerical_gradient(lambda _: loss(), x)) < 1e-7
    assert rel_error(dgamma, eval_numerical_gradient(lambda _: loss(), gamma)) < 1e-7
    assert rel_error(dbeta, eval_numerical_gradient(lambda _: loss(), beta)) < 1e-7


def test_gradient_check_can_fail():
    """A wrong backward (the test-mode formula in train mode) is caught by the same check."""
    rng = np.random.default_rng(0)
    x, dout = rng.standard_normal((4, 3)), rng.standard_normal((4, 3))
    g, b = np.ones(3), np.zeros(3)
    xhat, gamma, inv_std, _ = batchnorm_forward(x, g, b)[1]
    wrong = batchnorm_backward(dout, (xhat, gamma, inv_std, False))[0]
    numeric = eval_numerical_gradient(lambda v: float(np.sum(batchnorm_forward(v, g, b)[0] * dout)), x)
    assert rel_error(wrong, numeric) > 1e-3


def test_train_mode_normalises_per_feature():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((200, 3)) * [27, 34, 38] + [-2.4, -13.2, 1.9]
    out, *_ = batchnorm_forward(x, np.ones(3), np.zeros(3))
    np.testing.assert_allclose(out.mean(axis=0), 0, atol=1e-10)
    np.testing.assert_allclose(out.std(axis=0), 1, atol=1e-6)
    out, *_ = batchnorm_forward(x, np.array([1.0, 2, 3]), np.array([11.0, 12, 13]))
    np.testing.assert_allclose(out.mean(axis=0), [11, 12, 13], atol=1e-10)
    np.testing.assert_allclose(out.std(axis=0), [1, 2, 3], atol=1e-5)


def test_identity_is_recovered():
    rng = np.random.default_rng(2)
    x = rng.standard_normal((50, 4)) * 3 + 7
    eps = 1e-5
    out, *_ = batchnorm_forward(x, np.sqrt(x.var(axis=0) + eps), x.mean(axis=0), eps=eps)
    np.testing.assert_allclose(out, x, atol=1e-10)


def test_running_statistics_are_returned_not_mutated():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((10, 2)) + 5
    rm, rv = np.zeros(2), np.ones(2)
    _, _, rm2, rv2 = batchnorm_forward(x, np.ones(2), np.zeros(2), running_mean=rm, running_var=rv, momentum=0.9)
    np.testing.assert_array_equal(rm, 0)
    np.testing.assert_array_equal(rv, 1)
    np.testing.assert_allclose(rm2, 0.1 * x.mean(axis=0))
    np.testing.assert_allclose(rv2, 0.9 + 0.1 * x.var(axis=0))
    # test mode uses the running statistics and leaves them unchanged
    out, _, rm3, rv3 = batchnorm_forward(x, np.ones(2), np.zeros(2), train=False, running_mean=rm2, running_var=rv2)
    np.testing.assert_allclose(out, (x - rm2) / np.sqrt(rv2 + 1e-5))
    np.testing.assert_array_equal(rm3, rm2)
    assert rm3 is not rm2


def test_spatial_has_one_statistic_per_channel():
    rng = np.random.default_rng(4)
    x = rng.standard_normal((3, 2, 4, 4)) * np.array([1.0, 10.0])[None, :, None, None] + \
        np.array([5.0, -5.0])[None, :, None, None]
    out, _, rm, rv = spatial_batchnorm_forward(x, np.ones(2), np.zeros(2), momentum=0.0)
    assert rm.shape == (2,) and rv.shape == (2,)
    np.testing.assert_allclose(rm, x.mean(axis=(0, 2, 3)))
    np.testing.assert_allclose(rv, x.var(axis=(0, 2, 3)))
    np.testing.assert_allclose(out.mean(axis=(0, 2, 3)), 0, atol=1e-10)
    np.testing.assert_allclose(out.std(axis=(0, 2, 3)), 1, atol=1e-5)


def test_zero_variance_stays_finite_and_is_flagged():
    x = np.ones((1, 3)) * [1.0, 2.0, 3.0]           # a batch of one
    out, cache, rm, rv = batchnorm_forward(x, np.ones(3), np.zeros(3))
    assert np.all(np.isfinite(out)) and np.all(out == 0)
    dx, dg, db = batchnorm_backward(np.ones((1, 3)), cache)
    assert np.all(np.isfinite(dx))
    assert zero_variance(x).all()
    x2 = np.column_stack([np.full(8, 4.0), np.arange(8.0)])
    np.testing.assert_array_equal(zero_variance(x2), [True, False])
