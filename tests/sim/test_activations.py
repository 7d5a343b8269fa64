"""Activation functions: values, float64 numeric gradient checks, the x == 0 convention, Maxout."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.activations import ACTIVATIONS, forward, local_grad, maxout, maxout_grad, prelu_alpha_grad
from sim.gradcheck import eval_numerical_gradient, eval_numerical_gradient_array, rel_error


def numeric(f, x, h=1e-5):
    """The derivative of an elementwise f at every point of x: sim's check of sum(f(x) · 1)."""
    return eval_numerical_gradient_array(f, np.array(x, dtype=float), np.ones(np.shape(x)), h=h)


# Points away from the kink at 0, on both sides, where the gradient is large enough for a central
# difference in float64 to resolve it to 1e-7 (deep in saturation it is ~1e-9 and pure round-off).
X = np.concatenate([-np.logspace(-2, np.log10(4), 40), np.logspace(-2, np.log10(4), 40)])


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_local_grad_matches_numeric_gradient(name):
    err = rel_error(local_grad(name, X), numeric(lambda v: forward(name, v), X))
    assert err < 1e-7, f"{name}: {err:.2e}"


@pytest.mark.parametrize("name,alpha", [("leaky_relu", 0.1), ("prelu", 0.7), ("elu", 2.5)])
def test_parametrised_grads_match_numeric(name, alpha):
    err = rel_error(local_grad(name, X, alpha=alpha), numeric(lambda v: forward(name, v, alpha=alpha), X))
    assert err < 1e-7


def test_known_values():
    assert forward("sigmoid", 0.0) == 0.5 and local_grad("sigmoid", 0.0) == 0.25
    assert local_grad("tanh", 0.0) == 1.0
    assert forward("relu", -3.0) == 0 and forward("relu", 2.0) == 2.0
    assert forward("leaky_relu", -2.0) == pytest.approx(-0.02)
    assert forward("elu", -1.0) == pytest.approx(np.exp(-1) - 1)
    # The lecture's saturation: at |x| = 10 sigmoid passes almost nothing back.
    assert local_grad("sigmoid", 10.0) < 5e-5 and local_grad("sigmoid", -10.0) < 5e-5


def test_derivative_at_zero_is_the_negative_side_one():
    assert local_grad("relu", 0.0) == 0.0
    assert local_grad("leaky_relu", 0.0) == pytest.approx(0.01)
    assert local_grad("prelu", 0.0) == pytest.approx(0.25)
    assert local_grad("elu", 0.0) == pytest.approx(1.0)
    assert local_grad("elu", 0.0, alpha=0.5) == pytest.approx(0.5)


def test_no_overflow_warning_at_extremes():
    x = np.array([-1e4, -800.0, 800.0, 1e4])
    for name in ACTIVATIONS:
        assert np.all(np.isfinite(forward(name, x))) and np.all(np.isfinite(local_grad(name, x)))


def test_unknown_names_and_params_raise_helpfully():
    with pytest.raises(KeyError, match="sigmoid"):
        forward("swish", 1.0)
    with pytest.raises(TypeError):
        forward("relu", 1.0, alpha=0.1)


def test_prelu_alpha_grad_matches_numeric():
    a, h = 0.25, 1e-6
    num = (forward("prelu", X, alpha=a + h) - forward("prelu", X, alpha=a - h)) / (2 * h)
    assert rel_error(prelu_alpha_grad(X), num) < 1e-7


@settings(max_examples=100)   # as before profiles: cheap examples
@given(st.floats(-50, 50), st.floats(-5, 5))
def test_sigmoid_and_its_gradient_stay_in_range(x, upstream):
    s, g = forward("sigmoid", x), local_grad("sigmoid", x)
    assert 0 <= s <= 1 and 0 <= g <= 0.25
    assert abs(upstream * g) <= abs(upstream) * 0.25


def test_maxout_scalar_and_its_gradients_match_numeric():
    w1, b1, w2, b2 = 0.5, 0.3, -1.5, -0.2
    x = X[np.abs((w1 - w2) * X + (b1 - b2)) > 1e-3]  # away from the crossing point
    g = maxout_grad(x, w1, b1, w2, b2)
    assert rel_error(g.dx, numeric(lambda v: maxout(v, w1, b1, w2, b2), x)) < 1e-7
    h = 1e-6
    for name, grad, f in [
        ("w1", g.dw1, lambda d: maxout(x, w1 + d, b1, w2, b2)), ("b1", g.db1, lambda d: maxout(x, w1, b1 + d, w2, b2)),
        ("w2", g.dw2, lambda d: maxout(x, w1, b1, w2 + d, b2)), ("b2", g.db2, lambda d: maxout(x, w1, b1, w2, b2 + d)),
    ]:
        assert rel_error(grad, (f(h).sum() - f(-h).sum()) / (2 * h)) < 1e-7, name


def test_maxout_matrix_gradients_match_numeric():
    rng = np.random.default_rng(0)
    x, w1, w2 = rng.normal(size=(5, 4)), rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    b1, b2 = rng.normal(size=3), rng.normal(size=3)
    dout = rng.normal(size=(5, 3))
    g = maxout_grad(x, w1, b1, w2, b2, dout)

    f = lambda: np.sum(maxout(x, w1, b1, w2, b2) * dout)  # noqa: E731
    for arr, grad in [(x, g.dx), (w1, g.dw1), (b1, g.db1), (w2, g.dw2), (b2, g.db2)]:
        assert rel_error(grad, eval_numerical_gradient(lambda _: f(), arr, h=1e-6)) < 1e-7


def test_maxout_generalises_relu_and_leaky_relu():
    assert np.allclose(maxout(X, 1.0, 0.0, 0.0, 0.0), forward("relu", X))
    assert np.allclose(maxout(X, 1.0, 0.0, 0.01, 0.0), forward("leaky_relu", X))
