"""Simulation core: pure NumPy, seeded, no Streamlit or Plotly.

Top level: the engine, one concept per module (activations, initializers, batchnorm, deepnet, twolayer, train,
batched, data, preprocess, search, live), with the speed plumbing apart in _fast; sim/labs/: one module per
lesson with the demos built on the engine, named like pages/, ui/ and viz/. Here: the argument checks every
public engine function starts with."""
from __future__ import annotations

import numbers

import numpy as np


class checks:  # noqa: N801  (a namespace, used as checks.counts(...), checks.seed(...))
    """The argument checks every public engine function starts with: a bad argument raises ValueError naming it."""

    @staticmethod
    def counts(**named) -> None:
        """Each value is an integer >= 1 (a size, a count of layers, epochs or classes)."""
        for name, v in named.items():
            if isinstance(v, bool) or not isinstance(v, numbers.Integral) or v < 1:
                raise ValueError(f"{name} must be an integer >= 1, not {v!r}")

    @staticmethod
    def seed(value) -> None:
        """An integer >= 0 (a np.random.Generator passes too: callers may hand over a named stream)."""
        if isinstance(value, np.random.Generator):
            return
        if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 0:
            raise ValueError(f"seed must be an integer >= 0, not {value!r}")

    @staticmethod
    def finite(**named) -> None:
        """Each value (a number or an array; None is let through) is numeric and finite everywhere."""
        for name, v in named.items():
            try:
                ok = v is None or bool(np.all(np.isfinite(np.asarray(v, dtype=float))))
            except (TypeError, ValueError):
                ok = False
            if not ok:
                raise ValueError(f"{name} must be finite numbers, not {str(v)[:60]}")

    @staticmethod
    def numeric(**named) -> None:
        """Each value is a real number or an array of them (inf and NaN pass: a deep net's overflow travels on)."""
        for name, v in named.items():
            if np.asarray(v).dtype.kind not in "biuf":
                raise ValueError(f"{name} must be real numbers, not {str(v)[:60]}")

    @staticmethod
    def positive(**named) -> None:
        checks.finite(**named)
        for name, v in named.items():
            if v is not None and not np.all(np.asarray(v, dtype=float) > 0):
                raise ValueError(f"{name} must be > 0, not {str(v)[:60]}")

    @staticmethod
    def within(name: str, v, lo: float, hi: float) -> None:
        checks.finite(**{name: v})
        if not lo <= v <= hi:
            raise ValueError(f"{name} must lie in [{lo:g}, {hi:g}], not {v!r}")

    @staticmethod
    def matrix(finite_only: bool = True, **named) -> None:
        """Each value is a non-empty (N, D) array of real numbers, finite unless finite_only=False."""
        for name, v in named.items():
            a = np.asarray(v)
            if a.ndim != 2 or 0 in a.shape:
                raise ValueError(f"{name} must be a non-empty (N, D) array, not shape {a.shape}")
            (checks.finite if finite_only else checks.numeric)(**{name: a})

    @staticmethod
    def labels(y, n: int, name: str = "y") -> None:
        """y holds n integer class labels >= 0."""
        y = np.asarray(y)
        if y.shape != (n,) or not np.issubdtype(y.dtype, np.integer) or (n and y.min() < 0):
            raise ValueError(f"{name} must be {n} integer labels >= 0, not shape {y.shape} {y.dtype}")
