"""Curves, gradients, saturated regions and the chain rule at one point, for a set of activations."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.activations import ACTIVATIONS, forward, local_grad, maxout, maxout_grad

MAXOUT = "maxout"
CURVE_NAMES = (*ACTIVATIONS, MAXOUT)  # every function the curves lab can draw
MAXOUT_DEFAULTS = {"w1": 1.0, "b1": 0.0, "w2": 0.2, "b2": -0.5}


def label(name: str) -> str:
    return "Maxout" if name == MAXOUT else ACTIVATIONS[name].label


def evaluate(name: str, x: np.ndarray, params: dict | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(f(x), df/dx) for a registry activation or Maxout. params: that function's own parameters."""
    params = params or {}
    if name == MAXOUT:
        p = {**MAXOUT_DEFAULTS, **params}
        return maxout(x, **p), maxout_grad(x, **p).dx
    return forward(name, x, **params), local_grad(name, x, **params)


def saturated_intervals(x: np.ndarray, dy: np.ndarray, threshold: float) -> np.ndarray:
    """(K, 2) x-intervals where |df/dx| < threshold, each widened to the grid midpoints around it."""
    mask = np.abs(dy) < threshold
    if not mask.any():
        return np.empty((0, 2))
    edges = np.diff(mask.astype(np.int8), prepend=0, append=0)
    starts, stops = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) - 1
    mid = np.concatenate([[x[0]], (x[1:] + x[:-1]) / 2, [x[-1]]])  # cell boundaries
    return np.column_stack([mid[starts], mid[stops + 1]])


@dataclass(frozen=True)
class Curve:
    name: str
    label: str
    y: np.ndarray          # f(x), (P,)
    dy: np.ndarray         # df/dx, (P,)
    saturated: np.ndarray  # (K, 2) x-intervals with |df/dx| < threshold


@dataclass(frozen=True)
class CurveSet:
    x: np.ndarray          # (P,)
    curves: tuple[Curve, ...]
    threshold: float


def curves(names, x_min: float, x_max: float, *, params: dict | None = None, threshold: float = 0.01,
           n_points: int = 801) -> CurveSet:
    """Every named function and its gradient on a grid over [x_min, x_max] that contains 0 if in range.

    params: {name: {param: value}} for the functions that take parameters."""
    if not x_min < x_max:
        raise ValueError(f"x range must be increasing, got [{x_min}, {x_max}]")
    x = np.linspace(x_min, x_max, n_points)
    if x_min < 0 < x_max:  # put the kink exactly on the grid so ReLU's 0-gradient at 0 is drawn
        x[np.argmin(np.abs(x))] = 0.0
    params = params or {}
    out = []
    for name in names:
        y, dy = evaluate(name, x, params.get(name))
        out.append(Curve(name, label(name), y, dy, saturated_intervals(x, dy, threshold)))
    return CurveSet(x, tuple(out), threshold)


@dataclass(frozen=True)
class ChainStep:
    name: str
    label: str
    x: float
    f: float         # f(x)
    local: float     # df/dx at x
    upstream: float  # dL/df arriving from above
    passed: float    # dL/dx = upstream * local, what flows back


def chain_rule(names, x: float, upstream: float, params: dict | None = None) -> tuple[ChainStep, ...]:
    """The backward pass through one gate: dL/dx = dL/df · df/dx, per function."""
    params = params or {}
    steps = []
    for name in names:
        f, local = (float(v[0]) for v in evaluate(name, np.array([x], dtype=float), params.get(name)))
        steps.append(ChainStep(name, label(name), float(x), f, local, float(upstream), float(upstream) * local))
    return tuple(steps)
