"""Wall-clock cost of each activation function: exp-based vs max-based, forward and gradient."""
from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from sim.activation_curves import CURVE_NAMES, MAXOUT, evaluate, label
from sim.activations import ACTIVATIONS


@dataclass(frozen=True)
class CostResult:
    names: tuple[str, ...]
    labels: tuple[str, ...]
    forward_ms: np.ndarray   # (F,) median over repeats
    grad_ms: np.ndarray      # (F,) forward + gradient together, as a backward pass needs both
    uses_exp: np.ndarray     # (F,) bool
    n: int


def _median_ms(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return 1e3 * float(np.median(times))


def measure_cost(*, n: int = 10**6, repeats: int = 5, seed: int = 0) -> CostResult:
    """Median time of f(x) and of (f(x), df/dx) on n float64 values from N(0, 3²)."""
    x = 3.0 * np.random.default_rng(seed).standard_normal(n)
    fwd, both = [], []
    for name in CURVE_NAMES:
        if name == MAXOUT:
            f = lambda: np.maximum(x * 1.0 + 0.0, x * 0.2 - 0.5)  # noqa: E731  two affine maps and a max
        else:
            act = ACTIVATIONS[name]
            f = lambda act=act: act.forward(x, **act.params)  # noqa: E731
        f()  # warm up
        fwd.append(_median_ms(f, repeats))
        both.append(_median_ms(lambda name=name: evaluate(name, x), repeats))
    exp = np.array([name != MAXOUT and ACTIVATIONS[name].uses_exp for name in CURVE_NAMES])
    return CostResult(CURVE_NAMES, tuple(label(n_) for n_ in CURVE_NAMES), np.array(fwd), np.array(both), exp, n)
