import numpy as np
import pytest

from sim.data import prepare
from sim.gradcheck import eval_numerical_gradient, rel_error
from sim.twolayer import accuracy, init_params, loss_and_grads, reg_loss


@pytest.mark.parametrize("reg", [0.0, 0.7])
def test_gradient_check_float64(reg):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((7, 5))
    y = rng.integers(0, 4, 7)
    params = init_params(5, 6, 4, weight_scale=0.5, seed=1)
    params["b1"] = rng.standard_normal(6) * 0.1  # keep ReLU inputs away from the kink
    params["b2"] = rng.standard_normal(4)
    _, grads = loss_and_grads(params, X, y, reg)
    for k in params:
        num = eval_numerical_gradient(lambda _: loss_and_grads(params, X, y, reg)[0], params[k])
        assert rel_error(num, grads[k]) < 1e-7, (k, rel_error(num, grads[k]))


def test_initial_loss_is_ln_c_on_digits():
    d = prepare("digits", seed=0)
    p = init_params(64, 50, 10, weight_scale=1e-4, seed=0)
    loss, _ = loss_and_grads(p, d.X_train, d.y_train, 0.0)
    assert abs(loss - np.log(10)) < 0.02


def test_reg_adds_exactly_half_reg_sum_w2():
    d = prepare("digits", seed=0)
    p = init_params(64, 50, 10, weight_scale=1e-4, seed=0)
    l0, _ = loss_and_grads(p, d.X_train, d.y_train, 0.0)
    l1, _ = loss_and_grads(p, d.X_train, d.y_train, 1e3)
    expected = 0.5 * 1e3 * (np.sum(p["W1"] ** 2) + np.sum(p["W2"] ** 2))
    assert l1 - l0 == pytest.approx(expected, rel=1e-9)
    assert reg_loss(p, 1e3) == pytest.approx(expected, rel=1e-12)


def test_accuracy_counts_nan_as_wrong():
    p = init_params(2, 3, 2, weight_scale=1.0, seed=0)
    p["W2"][:] = np.nan
    assert accuracy(p, np.ones((4, 2)), np.zeros(4, dtype=int)) == 0.0
