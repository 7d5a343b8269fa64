"""Numeric gradient checking, CS231n style: centred differences in float64 and the relative error."""
import numpy as np


def num_grad(f, x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """(f(x+h) − f(x−h)) / 2h for every element of x, where f() reads x (modified in place and restored)."""
    g = np.zeros_like(x, dtype=float)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        fp = f()
        x[i] = old - h
        fm = f()
        x[i] = old
        g[i] = (fp - fm) / (2 * h)
    return g


def rel_error(a, b) -> float:
    """max |a − b| / max(1e-8, |a| + |b|): below 1e-7 means the analytic gradient is right."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))
