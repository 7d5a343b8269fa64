"""The gradient-checks lab reproduces the notes' numbers (cs231n.github.io/neural-networks-3, "Gradient checks"):
the V of error against h and its slopes, kinks and their detection, the traps, and the planted bugs."""
import numpy as np
import pytest

from sim.batchnorm import batchnorm_backward, batchnorm_forward
from sim.labs import gradcheck as gc
from sim.labs.gradcheck_bugs import FAIL, bn_backward, net_loss_and_grads
from sim.twolayer import loss_and_grads


@pytest.fixture(scope="module")
def tanh():
    return gc.error_vs_h("tanh", 0)


def test_centred_float64_best_h_and_error(tanh):
    c = tanh.curve(True, "float64")
    assert 1e-6 <= c.best_h <= 1e-4 and c.best_err < 1e-9


def test_float32_best_h_larger_and_error_above_1e_5(tanh):
    c64, c32 = tanh.curve(True, "float64"), tanh.curve(True, "float32")
    assert c32.best_h > c64.best_h and c32.best_err > 1e-5


@pytest.mark.parametrize("function", gc.FUNCTIONS)
def test_truncation_slopes_one_and_two(function):
    s = gc.error_vs_h(function, 0)
    assert s.curve(False, "float64").slope == pytest.approx(1, abs=0.1)
    assert s.curve(True, "float64").slope == pytest.approx(2, abs=0.1)
    # and the round-off side: smaller h than the best, the error grows again (the V)
    for c in s.curves:
        assert c.err[-1] > 100 * c.best_err


def test_sweep_is_seeded(tanh):
    again = gc.error_vs_h("tanh", 0)
    assert all(np.array_equal(a.err, b.err) for a, b in zip(tanh.curves, again.curves, strict=True))
    assert not np.array_equal(gc.error_vs_h("tanh", 1).curves[1].err, tanh.curves[1].err)
    with pytest.raises(KeyError, match="tanh"):
        gc.error_vs_h("sigmoid")


@pytest.mark.parametrize("function", list(gc.KINKS))
def test_kink_straddled_gives_a_wrong_numerical_gradient(function):
    inside = gc.kink_scalar(function, 3e-6, 1e-5)
    outside = gc.kink_scalar(function, 3e-5, 1e-5)
    assert inside.crosses and inside.err0 > 1e-2
    assert not outside.crosses and outside.err0 < 1e-9
    # the ramp: the centred derivative is exact beyond ±h and in between elsewhere
    far = np.abs(inside.x) > inside.h * 1.01
    assert np.allclose(inside.centred[far], inside.analytic[far])


def test_kinks_in_the_net_detected_by_the_winners():
    kn = gc.kink_net(1e-4, 1e-5, 0)
    assert 0.1 < kn.share < 0.6
    assert np.array_equal(kn.crossed, kn.margin < 1)             # winners changed ⇔ a z within one step of 0
    assert np.median(kn.err[kn.crossed]) > 1e-3 > 1e-4 > kn.err[~kn.crossed].max() / 2
    assert gc.kink_net(1.0, 1e-5, 0).share == 0                  # large weights: no z near 0


@pytest.mark.parametrize("bug", list(gc.BUGS))
def test_each_bug_fails_exactly_the_parameters_it_touches(bug):
    r = gc.bug_check(bug, 0)
    assert set(r.fails) == set(r.touched)
    rest = r.err[[p not in r.touched for p in r.params]]
    assert np.all(rest < 1e-7)                                    # the rest: happy


def test_correct_passes_are_the_engines():
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((8, 6)), rng.integers(0, 5, 8)
    p = {"W1": rng.standard_normal((6, 5)), "b1": rng.standard_normal(5), "W2": rng.standard_normal((5, 5)),
         "b2": rng.standard_normal(5)}
    la, ga = net_loss_and_grads(p, X, y, 0.3)
    lb, gb = loss_and_grads(p, X, y, 0.3)
    assert la == pytest.approx(lb) and all(np.allclose(ga[k], gb[k]) for k in p)
    x = rng.standard_normal((8, 4))
    cache = batchnorm_forward(x, np.ones(4), np.zeros(4))[1]
    dout = rng.standard_normal((8, 4))
    assert all(np.allclose(a, b) for a, b in zip(bn_backward(dout, cache), batchnorm_backward(dout, cache),
                                                  strict=True))


def test_regularisation_hides_a_data_bug():
    r = gc.reg_trap()
    assert r.data_err > 0.1                                       # the data loss alone: clearly wrong
    assert r.err[0] > FAIL and 1 <= r.hidden_from() <= 1e4 and np.all(r.err[r.regs >= r.hidden_from()] < FAIL)


def test_dropout_needs_its_seed():
    d = gc.dropout_trap(0.5)
    assert d.fixed.max() < 1e-7 and np.median(d.fresh) > 1e-2
    d1 = gc.dropout_trap(1.0)
    assert d1.fresh.max() < 1e-7                                  # keep every unit: nothing random left


def test_a_flat_sample_misses_the_biases():
    s = gc.sample_trap(10, 0)
    assert sum(s.sizes[i] for i in (1, 3)) / sum(s.sizes) < 0.02
    assert "b1" not in s.flat_names and s.flat_err.max() < 1e-7   # every sampled check passes …
    assert s.per_param[1].max() > 0.1                             # … and a few of b1's elements fail
    assert max(s.per_param[i].max() for i in (0, 2, 3)) < 1e-7
    assert s.miss == pytest.approx((1 - 50 / 3760) ** 10)
