"""Symmetry breaking: exact gradients of the tiny net; a constant start keeps hidden units identical."""
import numpy as np
import pytest

from sim.labs.initialization import make_data, symmetry_params, train_symmetry, unit_spread
from sim.twolayer import loss_and_grads


def test_gradients_match_numeric_differences():
    X, y = make_data(n=15, seed=3)
    p = symmetry_params("random", 0.7, 2, 5, 2, seed=4)
    p["b1"] = np.random.default_rng(5).standard_normal(5) * 0.3
    _, g = loss_and_grads(p, X, y, 0.0, "tanh")
    h = 1e-5
    for k in p:
        num = np.zeros_like(p[k])
        for idx in np.ndindex(*p[k].shape):
            plus = {n: v.copy() for n, v in p.items()}
            minus = {n: v.copy() for n, v in p.items()}
            plus[k][idx] += h
            minus[k][idx] -= h
            num[idx] = (loss_and_grads(plus, X, y, 0.0, "tanh")[0] - loss_and_grads(minus, X, y, 0.0, "tanh")[0]) / (2 * h)
        rel = np.abs(num - g[k]) / np.maximum(np.abs(num) + np.abs(g[k]), 1e-8)
        assert rel.max() < 1e-7, (k, rel.max())


@pytest.mark.parametrize("value", [0.0, 0.1, 0.5, 1.0])
def test_constant_init_units_stay_identical(value):
    r = train_symmetry("constant", value, steps=60)
    assert r.spread.shape == (61,) and np.all(r.spread < 1e-12)
    assert np.allclose(r.w1, r.w1[:, :1])                   # every column (hidden unit) the same
    if value == 0.0:
        assert np.all(r.w1 == 0)                            # W2 = 0 and h = tanh(0) = 0: W1 gets no gradient
    else:
        assert r.loss[-1] < r.loss[0]                       # it does learn, only as one unit


def test_small_random_init_breaks_the_symmetry_and_learns_more():
    const, rand = train_symmetry("constant", 0.5, steps=200), train_symmetry("random", 0.1, steps=200)
    assert rand.spread[0] > 0 and rand.spread[-1] > 10 * rand.spread[0]
    assert rand.accuracy > const.accuracy and rand.loss[-1] < const.loss[-1]


def test_unit_spread_and_bad_init():
    assert unit_spread(np.array([[0.0, 3.0]]), np.array([0.0, 4.0])) == pytest.approx(5.0)
    with pytest.raises(KeyError):
        train_symmetry("ones")
