"""sim.gradcheck, the one numerical gradient check of the project: known derivatives, the in-place contract,
float32 on request, the sparse check's seed and its errors, rel_error's definition, and that it can fail."""
import numpy as np
import pytest

from sim.gradcheck import (
    eval_numerical_gradient,
    eval_numerical_gradient_array,
    grad_check_sparse,
    rel_error,
    sample_indices,
)


def test_numerical_gradient_of_a_quadratic_and_x_restored():
    rng = np.random.default_rng(0)
    A = rng.standard_normal((4, 4))
    x = rng.standard_normal((2, 2))
    before = x.copy()
    grad = eval_numerical_gradient(lambda v: float(v.ravel() @ A @ v.ravel()), x)
    assert grad.shape == x.shape and grad.dtype == np.float64
    assert rel_error(grad.ravel(), (A + A.T) @ x.ravel()) < 1e-9
    assert np.array_equal(x, before)


def test_one_sided_is_worse_than_centred():
    x = np.array([0.7])
    exact = np.cos(0.7)
    centred = eval_numerical_gradient(lambda v: float(np.sin(v[0])), x, h=1e-4)
    one_sided = eval_numerical_gradient(lambda v: float(np.sin(v[0])), x, h=1e-4, centred=False)
    assert rel_error(centred, exact) < 1e-8 < 1e-6 < rel_error(one_sided, exact) < 1e-4


def test_float32_on_request_and_its_round_off():
    x64 = np.array([0.3, -1.2])
    x32 = x64.astype(np.float32)
    f = lambda v: float(np.sum(np.tanh(v)))   # noqa: E731
    g32 = eval_numerical_gradient(f, x32, h=1e-5)
    g64 = eval_numerical_gradient(f, x64, h=1e-5)
    exact = 1 - np.tanh(x64) ** 2
    assert g32.dtype == np.float32
    assert rel_error(g64, exact) < 1e-9 and rel_error(g32, exact) > 1e-5


def test_array_version_matches_a_layer_backward():
    rng = np.random.default_rng(1)
    x, w, dout = rng.standard_normal((3, 4)), rng.standard_normal((4, 5)), rng.standard_normal((3, 5))
    dx = eval_numerical_gradient_array(lambda v: v @ w, x, dout)
    dw = eval_numerical_gradient_array(lambda v: x @ v, w, dout)
    assert rel_error(dx, dout @ w.T) < 1e-9 and rel_error(dw, x.T @ dout) < 1e-9


def test_sparse_check_is_seeded_and_returns_its_errors():
    rng = np.random.default_rng(2)
    W = rng.standard_normal((5, 6))
    f = lambda v: float(np.sum(v ** 3))   # noqa: E731
    right = grad_check_sparse(f, W, 3 * W ** 2, num_checks=7, seed=4)
    assert right.shape == (7,) and right.max() < 1e-8
    assert np.array_equal(right, grad_check_sparse(f, W, 3 * W ** 2, num_checks=7, seed=4))
    assert sample_indices(W.shape, 7, 4) != sample_indices(W.shape, 7, 5)
    wrong = grad_check_sparse(f, W, 2 * W ** 2, num_checks=7, seed=4)
    assert np.all(wrong > 0.1)                            # the check fails a wrong gradient


def test_rel_error_is_the_assignments():
    assert rel_error(1.0, 1.0) == 0.0
    assert rel_error(np.array([1.0, 2.0]), np.array([1.0, 3.0])) == pytest.approx(1 / 5)
    assert rel_error(0.0, 1e-10) == pytest.approx(1e-2)    # the 1e-8 floor
    assert rel_error(np.float32(1.0), np.float32(1.0 + 2 ** -20)) > 0


def test_bad_h_raises():
    with pytest.raises(ValueError, match="h"):
        eval_numerical_gradient(lambda v: 0.0, np.zeros(2), h=0.0)
