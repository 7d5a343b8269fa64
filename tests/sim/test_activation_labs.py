"""Zig-zag, dead ReLU and PReLU experiments: their gradients check numerically and they show the effect."""
import numpy as np
import pytest

from sim.activation_labs import dead_relu, fit_prelu_alpha, prelu_loss_grad, relu_layer_loss_grads, zigzag
from tests.gradcheck import num_grad, rel_error


def test_positive_inputs_move_both_weights_together_and_zigzag_longer():
    z = zigzag(lr=0.5, seed=0)
    assert z.positive.same_sign_frac == 1.0            # every step: both weights the same way
    assert 0.3 < z.centered.same_sign_frac < 0.75       # zero-centred: either way
    assert z.positive.converged and z.centered.converged
    assert z.positive.steps > 1.5 * z.centered.steps
    # on average over seeds too, not just seed 0
    pos = np.mean([zigzag(lr=0.5, seed=s).positive.steps for s in range(5)])
    cen = np.mean([zigzag(lr=0.5, seed=s).centered.steps for s in range(5)])
    assert pos > 1.5 * cen


def test_zigzag_huge_learning_rate_stops_without_warnings():
    z = zigzag(lr=50.0, seed=1)
    assert not z.positive.converged and np.all(np.isfinite(z.positive.path[:-1]))


def test_relu_layer_gradients_match_numeric():
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(30, 2)) + 0.5, rng.normal(size=30)
    W, b, v = rng.normal(size=(6, 2)), rng.normal(size=6) * 0.1, rng.normal(size=6)
    _, dW, db = relu_layer_loss_grads(X, y, W, b, v)
    for arr, grad in ((W, dW), (b, db)):
        num = num_grad(lambda: relu_layer_loss_grads(X, y, W, b, v)[0], arr, h=1e-6)
        assert rel_error(grad, num) < 1e-7


def test_prelu_alpha_gradient_matches_numeric():
    rng = np.random.default_rng(0)
    x, t = rng.normal(size=50), rng.normal(size=50)
    _, g = prelu_loss_grad(x, t, 0.3)
    num = (prelu_loss_grad(x, t, 0.3 + 1e-6)[0] - prelu_loss_grad(x, t, 0.3 - 1e-6)[0]) / 2e-6
    assert abs(g - num) / (abs(g) + abs(num)) < 1e-7


def test_dead_units_zero_centred_data_none_at_init_big_step_kills():
    centred = dead_relu(n_units=50, offset=0.0, lr=0.1, seed=0)
    assert centred.dead_before.mean() == 0.0
    raw = dead_relu(n_units=50, offset=2.0, lr=0.1, seed=0)
    assert raw.dead_before.mean() > 0.05                 # bad init relative to uncentred data
    big = dead_relu(n_units=50, offset=2.0, lr=10.0, seed=0)
    assert big.dead_after.mean() > raw.dead_after.mean() + 0.1
    assert big.loss_after > big.loss_before              # the big step overshoots


def test_dead_unit_never_updates():
    d = dead_relu(n_units=50, offset=2.0, lr=1.0, seed=0)
    dead = d.dead_before
    assert dead.any()
    assert np.array_equal(d.W_after[dead], d.W_before[dead]) and np.array_equal(d.b_after[dead], d.b_before[dead])


def test_small_positive_bias_keeps_small_units_alive():
    zero = dead_relu(n_units=50, init_scale=0.001, bias_init=0.0, seed=0)
    pos = dead_relu(n_units=50, init_scale=0.001, bias_init=0.01, seed=0)
    assert pos.dead_before.mean() == 0.0 < zero.dead_before.mean()


def test_prelu_learns_alpha():
    fit = fit_prelu_alpha(alpha0=0.0, alpha_true=0.25, lr=0.05, steps=200, seed=0)
    assert fit.alpha[0] == 0.0 and fit.alpha[-1] == pytest.approx(0.25, abs=0.01)
    assert fit.loss[-1] < 0.1 * fit.loss[0]
    assert len(fit.alpha) == len(fit.loss) == 201
