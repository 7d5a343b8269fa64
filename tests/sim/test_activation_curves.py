"""Curves, saturated intervals and the chain rule of the activation lab."""
import numpy as np
import pytest

from sim.activation_curves import CURVE_NAMES, chain_rule, curves, evaluate, saturated_intervals


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
