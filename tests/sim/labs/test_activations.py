"""sim.labs.activations: curves, the chain rule, zig-zag, dead ReLUs and PReLU's α."""

import numpy as np
import pytest

from sim.gradcheck import eval_numerical_gradient, rel_error
from sim.labs.activations import (
    CURVE_NAMES,
    chain_rule,
    curves,
    dead_relu,
    evaluate,
    fit_prelu_alpha,
    prelu_loss_grad,
    relu_layer_loss_grads,
    saturated_intervals,
    zigzag,
)


def test_every_curve_has_matching_shapes_and_zero_on_the_grid():
    cs = curves(CURVE_NAMES, -10, 10, threshold=0.01)
    assert 0.0 in cs.x
    assert [c.name for c in cs.curves] == list(CURVE_NAMES)
    for c in cs.curves:
        assert c.y.shape == c.dy.shape == cs.x.shape and np.all(np.isfinite(c.y))


def test_saturated_regions_sigmoid_both_tails_relu_only_negative_side():
    cs = curves(("sigmoid", "relu", "leaky_relu"), -10, 10, threshold=0.01)
    sig, relu, leaky = cs.curves
    # sigmoid'(x) = 0.01 at |x| ≈ 4.59: two tails
    assert len(sig.saturated) == 2
    assert sig.saturated[0][0] == -10 and sig.saturated[0][1] == pytest.approx(-4.59, abs=0.05)
    assert sig.saturated[1][0] == pytest.approx(4.59, abs=0.05) and sig.saturated[1][1] == 10
    # ReLU: the whole negative side including 0, nothing on the positive side
    assert len(relu.saturated) == 1 and relu.saturated[0][0] == -10 and 0 <= relu.saturated[0][1] < 0.05
    # Leaky ReLU's gradient 0.01 is not below 0.01: never saturated
    assert len(leaky.saturated) == 0


def test_saturated_intervals_of_a_simple_mask():
    x = np.arange(6.0)
    dy = np.array([0, 0, 1, 1, 0, 1.0])
    assert saturated_intervals(x, dy, 0.5).tolist() == [[0.0, 1.5], [3.5, 4.5]]
    assert saturated_intervals(x, np.ones(6), 0.5).shape == (0, 2)


def test_bad_range_raises():
    with pytest.raises(ValueError):
        curves(("relu",), 1.0, 1.0)


def test_chain_rule_multiplies_upstream_by_local():
    steps = {s.name: s for s in chain_rule(CURVE_NAMES, 0.0, 2.0)}
    assert steps["sigmoid"].local == 0.25 and steps["sigmoid"].passed == 0.5
    assert steps["relu"].local == 0.0 and steps["relu"].passed == 0.0
    assert steps["leaky_relu"].passed == pytest.approx(0.02)
    for x in (-10.0, 10.0):
        s = chain_rule(("sigmoid",), x, 1.0)[0]
        assert s.passed < 5e-5  # "at x = ±10 sigmoid passes almost nothing"


def test_maxout_with_relu_pieces_is_relu():
    x = np.linspace(-3, 3, 13)
    y, dy = evaluate("maxout", x, {"w1": 1.0, "b1": 0.0, "w2": 0.0, "b2": 0.0})
    assert np.allclose(y, np.maximum(x, 0)) and np.allclose(dy[x > 0], 1) and np.allclose(dy[x < 0], 0)


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
        num = eval_numerical_gradient(lambda _: relu_layer_loss_grads(X, y, W, b, v)[0], arr, h=1e-6)
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
