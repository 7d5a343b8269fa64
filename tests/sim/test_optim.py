"""The update rules of sim.optim against two steps worked by hand from the notes' formulas
(cs231n.github.io/neural-networks-3, "Parameter updates"), their defaults, and the no-mutation contract."""
import numpy as np
import pytest

from sim import optim

W0, G1, G2 = 1.0, 0.5, -1.0   # one parameter; the gradient at step 1 and at step 2


def two_steps(rule, config):
    w = np.array([W0])
    w, config = rule(w, np.array([G1]), config)
    w1 = float(w[0])
    w, config = rule(w, np.array([G2]), config)
    return w1, float(w[0]), config


# By hand: lr 1e-2 (default): 1 − 0.01·0.5 = 0.995, then 0.995 + 0.01·1 = 1.005.
def test_sgd_two_steps_and_default():
    w1, w2, c = two_steps(optim.sgd, None)
    assert (w1, w2) == pytest.approx((0.995, 1.005), abs=1e-12)
    assert c["learning_rate"] == 1e-2


# v1 = −0.1·0.5 = −0.05, w1 = 0.95; v2 = 0.9·(−0.05) + 0.1 = 0.055, w2 = 1.005.
def test_momentum_two_steps():
    w1, w2, c = two_steps(optim.sgd_momentum, {"learning_rate": 0.1})
    assert (w1, w2) == pytest.approx((0.95, 1.005), abs=1e-12)
    assert float(c["velocity"][0]) == pytest.approx(0.055, abs=1e-12)
    assert c["momentum"] == 0.9


# v1 = −0.05, w1 = 1 − 0.9·0 + 1.9·(−0.05) = 0.905; v2 = 0.055, w2 = 0.905 + 0.9·0.05 + 1.9·0.055 = 1.0545.
def test_nesterov_two_steps():
    w1, w2, _ = two_steps(optim.nesterov, {"learning_rate": 0.1})
    assert (w1, w2) == pytest.approx((0.905, 1.0545), abs=1e-12)


# cache1 = 0.25, w1 = 1 − 0.1·0.5/0.5 = 0.9; cache2 = 1.25, w2 = 0.9 + 0.1/√1.25.
def test_adagrad_two_steps():
    w1, w2, c = two_steps(optim.adagrad, {"learning_rate": 0.1, "epsilon": 0.0})
    assert (w1, w2) == pytest.approx((0.9, 0.9 + 0.1 / np.sqrt(1.25)), abs=1e-12)
    assert float(c["cache"][0]) == pytest.approx(1.25)


# decay 0.9: cache1 = 0.025, w1 = 1 − 0.05/√0.025; cache2 = 0.0225 + 0.1 = 0.1225 = 0.35², w2 = w1 + 0.1/0.35.
def test_rmsprop_two_steps_and_default():
    w1, w2, c = two_steps(optim.rmsprop, {"learning_rate": 0.1, "decay_rate": 0.9, "epsilon": 0.0})
    assert w1 == pytest.approx(1 - 0.05 / np.sqrt(0.025), abs=1e-12)
    assert w2 == pytest.approx(w1 + 0.1 / 0.35, abs=1e-12)
    assert optim.rmsprop(np.zeros(1), np.ones(1))[1]["decay_rate"] == 0.99


# Bias-corrected: t=1: m = 0.05, v = 2.5e-4, mt = 0.5, vt = 0.25: a step of exactly lr, w1 = 0.9.
# t=2: m = 0.045 − 0.1 = −0.055, v = 0.999·2.5e-4 + 1e-3 = 1.24975e-3; mt = −0.055/0.19, vt = v/1.999e-3.
def test_adam_two_steps_with_bias_correction():
    w1, w2, c = two_steps(optim.adam, {"learning_rate": 0.1, "epsilon": 0.0})
    assert w1 == pytest.approx(0.9, abs=1e-12)
    assert w2 == pytest.approx(0.9 + 0.1 * (0.055 / 0.19) / np.sqrt(1.24975e-3 / 1.999e-3), abs=1e-12)
    assert c["t"] == 2 and float(c["m"][0]) == pytest.approx(-0.055) and float(c["v"][0]) == pytest.approx(1.24975e-3)


# Without: w1 = 1 − 0.1·0.05/√2.5e-4 = 1 − 0.1·√10 (the step is (1−β1)/√(1−β2) ≈ 3.16 × lr).
def test_adam_two_steps_without_bias_correction():
    w1, w2, _ = two_steps(optim.adam, {"learning_rate": 0.1, "epsilon": 0.0, "bias_correction": False})
    assert w1 == pytest.approx(1 - 0.1 * np.sqrt(10), abs=1e-12)
    assert w2 == pytest.approx(w1 + 0.1 * 0.055 / np.sqrt(1.24975e-3), abs=1e-12)


def test_adam_defaults():
    _, c = optim.adam(np.zeros(3), np.ones(3))
    assert (c["learning_rate"], c["beta1"], c["beta2"], c["epsilon"], c["t"]) == (1e-3, 0.9, 0.999, 1e-8, 1)
    assert c["bias_correction"] is True


def test_defaults_of_every_rule():
    expect = {"sgd": {"learning_rate": 1e-2}, "sgd_momentum": {"learning_rate": 1e-2, "momentum": 0.9},
              "nesterov": {"learning_rate": 1e-2, "momentum": 0.9},
              "adagrad": {"learning_rate": 1e-2, "epsilon": 1e-8},
              "rmsprop": {"learning_rate": 1e-2, "decay_rate": 0.99, "epsilon": 1e-8},
              "adam": {"learning_rate": 1e-3, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8}}
    for name, defaults in expect.items():
        _, c = optim.rule(name)(np.ones(2), np.ones(2))
        assert {k: c[k] for k in defaults} == defaults, name


def test_epsilon_is_added_after_the_square_root():
    # a zero gradient with a zero cache: 0 / (0 + eps) = 0, and eps shows in the denominator as eps, not √eps
    w, _ = optim.adagrad(np.ones(1), np.array([1e-8]), {"learning_rate": 1.0, "epsilon": 1e-8})
    assert float(w[0]) == pytest.approx(1 - 1e-8 / (1e-8 + 1e-8))


@pytest.mark.parametrize("name", list(optim.RULES))
def test_no_mutation_of_the_callers_config_or_arrays(name):
    rule = optim.rule(name)
    w, dw = np.array([1.0, -2.0]), np.array([0.3, 0.4])
    _, c1 = rule(w, dw, None)
    snapshot = {k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in c1.items()}
    w_copy = w.copy()
    _, c2 = rule(w, dw, c1)
    assert c2 is not c1
    np.testing.assert_array_equal(w, w_copy)
    for k, v in snapshot.items():
        np.testing.assert_array_equal(c1[k], v)


@pytest.mark.parametrize("name", list(optim.RULES))
def test_hyperparameters_broadcast_as_arrays(name):
    # a column of learning rates runs one row of w each: the same as running them one by one
    lrs = np.array([[1e-3], [1e-2], [1e-1]])
    w, dw = np.ones((3, 2)), np.array([[0.5, -1.0]] * 3)
    together, _ = optim.rule(name)(w, dw, {"learning_rate": lrs})
    for i, lr in enumerate(lrs[:, 0]):
        alone, _ = optim.rule(name)(w[i], dw[i], {"learning_rate": float(lr)})
        np.testing.assert_allclose(together[i], alone, rtol=1e-14)


def test_unknown_rule_names_the_valid_ones():
    with pytest.raises(KeyError, match="adam"):
        optim.rule("adamw")


def test_momentum_with_zero_momentum_is_sgd_and_nesterov_agrees():
    w, dw = np.array([1.0, 2.0]), np.array([0.1, -0.2])
    a, _ = optim.sgd(w, dw, {"learning_rate": 0.3})
    b, _ = optim.sgd_momentum(w, dw, {"learning_rate": 0.3, "momentum": 0.0})
    c, _ = optim.nesterov(w, dw, {"learning_rate": 0.3, "momentum": 0.0})
    np.testing.assert_allclose(a, b)
    np.testing.assert_allclose(a, c)
