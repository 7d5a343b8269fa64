"""Dropout and DropConnect: test mode is the identity, the inverted mask keeps the expectation, the share of
zeros is 1 − p, and backward goes through the same mask (float64 numeric gradient checks, seed fixed)."""
import numpy as np
import pytest

from sim.dropout import (
    dropconnect_backward,
    dropconnect_forward,
    dropout_backward,
    dropout_forward,
    scaled_dropout_forward,
)
from sim.gradcheck import eval_numerical_gradient, rel_error


def test_test_mode_is_identity():
    x = np.random.default_rng(0).standard_normal((7, 5))
    out, cache = dropout_forward(x, {"p": 0.3, "mode": "test", "seed": 1})
    assert np.array_equal(out, x)
    dout = np.ones_like(x)
    assert np.array_equal(dropout_backward(dout, cache), dout)


@pytest.mark.parametrize("p", [0.25, 0.5, 0.8])
def test_train_mean_and_zero_share(p):
    x = np.random.default_rng(1).uniform(1, 2, (500, 40))
    outs = np.stack([dropout_forward(x, {"p": p, "mode": "train", "seed": s})[0] for s in range(200)])
    assert abs(outs.mean() / x.mean() - 1) < 0.01                    # E[out] = x: within 1 %
    n = outs.size
    zeros = float(np.mean(outs == 0))
    assert abs(zeros - (1 - p)) < 5 * np.sqrt(p * (1 - p) / n)        # binomial: 5 standard errors
    kept = outs[outs != 0] / np.broadcast_to(x, outs.shape)[outs != 0]
    assert np.allclose(kept, 1 / p)                                    # inverted: kept units scaled by 1/p


def test_seeded_not_global():
    x = np.ones((20, 20))
    np.random.seed(0)
    a = dropout_forward(x, {"p": 0.5, "mode": "train", "seed": 3})[0]
    np.random.seed(99)
    b = dropout_forward(x, {"p": 0.5, "mode": "train", "seed": 3})[0]
    c = dropout_forward(x, {"p": 0.5, "mode": "train", "seed": 4})[0]
    assert np.array_equal(a, b) and not np.array_equal(a, c)


def test_backward_same_mask_gradcheck():
    rng = np.random.default_rng(231)
    x = rng.standard_normal((6, 8))
    dout = rng.standard_normal((6, 8))
    param = {"p": 0.6, "mode": "train", "seed": 123}
    out, cache = dropout_forward(x, param)
    dx = dropout_backward(dout, cache)
    num = eval_numerical_gradient(lambda _: float(np.sum(dropout_forward(x, param)[0] * dout)), x)
    assert rel_error(dx, num) < 1e-7
    assert np.array_equal(dx == 0, out == 0)                           # zero exactly where the unit was dropped


def test_backward_fails_with_another_mask():
    x = np.ones((10, 10))
    _, cache = dropout_forward(x, {"p": 0.5, "mode": "train", "seed": 1})
    num = eval_numerical_gradient(lambda _: float(np.sum(dropout_forward(x, {"p": 0.5, "mode": "train", "seed": 2})[0])), x)
    assert rel_error(dropout_backward(np.ones_like(x), cache), num) > 1e-2


def test_scaled_dropout_expectation():
    x = np.full((300, 30), 2.0)
    train = np.mean([scaled_dropout_forward(x, {"p": 0.5, "mode": "train", "seed": s}).mean() for s in range(100)])
    test = scaled_dropout_forward(x, {"p": 0.5, "mode": "test"}).mean()
    assert test == pytest.approx(1.0) and train == pytest.approx(test, rel=0.01)


def test_dropconnect_gradcheck_and_mean():
    rng = np.random.default_rng(5)
    x, w, b = rng.standard_normal((4, 6)), rng.standard_normal((6, 3)), rng.standard_normal(3)
    dout = rng.standard_normal((4, 3))
    param = {"p": 0.7, "mode": "train", "seed": 9}
    _, cache = dropconnect_forward(x, w, b, param)
    dx, dw, db = dropconnect_backward(dout, cache)

    def f():
        return float(np.sum(dropconnect_forward(x, w, b, param)[0] * dout))
    for analytic, arr in ((dx, x), (dw, w), (db, b)):
        assert rel_error(analytic, eval_numerical_gradient(lambda _: f(), arr)) < 1e-7
    mean = np.mean([dropconnect_forward(x, w, b, {"p": 0.7, "seed": s})[0] for s in range(3000)], axis=0)
    test = dropconnect_forward(x, w, b, {"p": 0.7, "mode": "test"})[0]
    assert np.allclose(mean, test, atol=0.1)


@pytest.mark.parametrize("bad", [{"p": 0.0}, {"p": 1.5}, {"p": 0.5, "mode": "eval"}])
def test_bad_params(bad):
    with pytest.raises(ValueError):
        dropout_forward(np.ones(3), bad)
