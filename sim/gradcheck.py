"""Numerical gradient checks, named and written as in the CS231n assignment's `gradient_check.py`
(cs231n.github.io/neural-networks-3, "Gradient checks"): centred differences (f(x+h) − f(x−h)) / 2h and the
relative error. Every backward pass of this project is checked with these functions (tests/)."""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from sim import checks


def eval_numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, verbose: bool = False,
                            h: float = 1e-5, *, centred: bool = True) -> np.ndarray:
    """The numerical gradient of a scalar function f at x, one element of x at a time.

    f(x) -> float reads x, which is changed in place (x[i] ± h) and restored after each element, as in the
    assignment. Centred: (f(x+h) − f(x−h)) / 2h, error O(h²); centred=False: the one-sided
    (f(x+h) − f(x)) / h, error O(h). The gradient has x's dtype: float64 unless x is float32, and then
    x[i] + h is rounded to float32 too (the round-off the notes warn about). Returns grad: x.shape."""
    checks.positive(h=h)
    x = np.asarray(x)
    grad = np.zeros_like(x)
    fx = None if centred else f(x)
    it = np.nditer(x, flags=["multi_index"], op_flags=[["readwrite"]])
    while not it.finished:
        ix = it.multi_index
        old = x[ix]
        x[ix] = old + h
        fxph = f(x)
        if centred:
            x[ix] = old - h
            fxmh = f(x)
            grad[ix] = (fxph - fxmh) / (2 * h)
        else:
            grad[ix] = (fxph - fx) / h
        x[ix] = old
        if verbose:
            print(ix, grad[ix])
        it.iternext()
    return grad


def eval_numerical_gradient_array(f: Callable[[np.ndarray], np.ndarray], x: np.ndarray, df: np.ndarray,
                                  h: float = 1e-5) -> np.ndarray:
    """The numerical gradient of sum(f(x) · df) for an array-valued f: what a layer's backward pass returns for
    the upstream gradient df (f(x).shape). x is changed in place and restored. Returns grad: x.shape."""
    checks.positive(h=h)
    x = np.asarray(x)
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"], op_flags=[["readwrite"]])
    while not it.finished:
        ix = it.multi_index
        old = x[ix]
        x[ix] = old + h
        pos = np.array(f(x), copy=True)
        x[ix] = old - h
        neg = np.array(f(x), copy=True)
        x[ix] = old
        grad[ix] = np.sum((pos - neg) * df) / (2 * h)
        it.iternext()
    return grad


def sample_indices(shape: tuple[int, ...], num_checks: int, seed: int | np.random.Generator = 0) -> list[tuple]:
    """The elements grad_check_sparse checks: num_checks index tuples drawn uniformly, with replacement, as the
    assignment's `randrange` per axis does."""
    checks.counts(num_checks=num_checks), checks.seed(seed)
    rng = np.random.default_rng(seed)
    return [tuple(int(rng.integers(m)) for m in shape) for _ in range(num_checks)]


def grad_check_sparse(f: Callable[[np.ndarray], float], x: np.ndarray, analytic_grad: np.ndarray,
                      num_checks: int = 10, h: float = 1e-5, seed: int | np.random.Generator = 0,
                      verbose: bool = False) -> np.ndarray:
    """Check num_checks random elements of x (sample_indices, seeded): the centred numerical derivative
    against analytic_grad there. x is changed in place and restored. Returns the relative errors (num_checks,)."""
    x = np.asarray(x)
    errors = np.zeros(num_checks)
    for k, ix in enumerate(sample_indices(x.shape, num_checks, seed)):
        old = x[ix]
        x[ix] = old + h
        fxph = f(x)
        x[ix] = old - h
        fxmh = f(x)
        x[ix] = old
        numeric = (fxph - fxmh) / (2 * h)
        errors[k] = rel_error(numeric, analytic_grad[ix])
        if verbose:
            print(f"numerical: {numeric:f} analytic: {float(analytic_grad[ix]):f}, relative error: {errors[k]:e}")
    return errors


def rel_error(x, y) -> float:
    """max |x − y| / max(1e-8, |x| + |y|): above 1e-2 the gradient is probably wrong, below 1e-7 it is right
    (with kinks, below 1e-4 is fine). Computed in float64."""
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    return float(np.max(np.abs(x - y) / np.maximum(1e-8, np.abs(x) + np.abs(y))))
