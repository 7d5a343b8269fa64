"""The activation-functions lesson's demos: curves and the chain rule at a point, zig-zag updates,
dead ReLUs, PReLU learning α, and the measured cost of exp() vs max()."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim._fast import median_ms
from sim.activations import ACTIVATIONS, forward, local_grad, maxout, maxout_grad, prelu_alpha_grad

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


@dataclass(frozen=True)
class ZigzagPath:
    path: np.ndarray       # (S+1, 2) weights after each step, starting at the origin
    steps: int             # steps until ||w - target|| < tol (== max_steps if never)
    converged: bool
    same_sign_frac: float  # fraction of steps that moved both weights in the same direction


@dataclass(frozen=True)
class ZigzagResult:
    target: np.ndarray     # (2,)
    positive: ZigzagPath   # inputs are sigmoid outputs: all positive
    centered: ZigzagPath   # the same inputs minus 0.5, rescaled to the same mean squared norm
    lr: float


def _sgd_path(x: np.ndarray, target: np.ndarray, lr: float, tol: float) -> ZigzagPath:
    # One neuron f = w·x fitted to the teacher target·x by per-example SGD on 0.5·(f − target·x)²:
    # dL/dw = (dL/df)·x, so when every x_i > 0 both components share the sign of dL/df.
    w = np.zeros(2)
    path, same = [w], 0
    converged = False
    for xi in x:
        step = -lr * ((w - target) @ xi) * xi
        same += bool(step[0] * step[1] > 0)
        w = w + step
        path.append(w)
        if not np.all(np.isfinite(w)) or np.abs(w).max() > 1e6:
            break
        if np.linalg.norm(w - target) < tol:
            converged = True
            break
    steps = len(path) - 1
    return ZigzagPath(np.array(path), steps, converged, same / max(steps, 1))


def zigzag(*, lr: float = 0.5, target=(1.0, -1.0), tol: float = 0.05, max_steps: int = 400,
           seed: int = 0) -> ZigzagResult:
    """Per-example SGD of a 2-weight neuron towards a target whose components have opposite signs,
    once on all-positive inputs (sigmoid outputs) and once on the same inputs zero-centred."""
    rng = np.random.default_rng(seed)
    x_pos = forward("sigmoid", 2.0 * rng.standard_normal((max_steps, 2)))  # (S, 2), all in (0, 1)
    x_cen = x_pos - 0.5
    # Same input energy, so one learning rate is a fair comparison.
    x_cen *= np.sqrt((x_pos**2).sum(1).mean() / (x_cen**2).sum(1).mean())
    t = np.asarray(target, dtype=float)
    with np.errstate(all="ignore"):
        return ZigzagResult(t, _sgd_path(x_pos, t, lr, tol), _sgd_path(x_cen, t, lr, tol), lr)


@dataclass(frozen=True)
class DeadReluResult:
    X: np.ndarray            # (N, 2) the data cloud
    W_before: np.ndarray     # (U, 2) one row per ReLU unit: the hyperplane w·x + b = 0
    b_before: np.ndarray     # (U,)
    W_after: np.ndarray      # after one SGD step
    b_after: np.ndarray
    dead_before: np.ndarray  # (U,) bool: fires on no data point
    dead_after: np.ndarray
    loss_before: float
    loss_after: float
    lr: float


def _dead(X, W, b) -> np.ndarray:
    with np.errstate(all="ignore"):
        return ~np.any(X @ W.T + b > 0, axis=0)


def relu_layer_loss_grads(X, y, W, b, v) -> tuple[float, np.ndarray, np.ndarray]:
    """Loss 0.5·mean((relu(X Wᵀ + b)·v − y)²) and its gradients (dW, db); v is a fixed readout.
    X: (N, 2), W: (U, 2), b: (U,), v: (U,)."""
    with np.errstate(all="ignore"):
        z = X @ W.T + b                                     # (N, U)
        err = np.maximum(z, 0) @ v - y                      # (N,)
        dz = np.outer(err / len(X), v) * (z > 0)            # (N, U)
        return float(0.5 * np.mean(err**2)), dz.T @ X, dz.sum(0)


def dead_relu(*, n_units: int = 30, init_scale: float = 1.0, bias_init: float = 0.0, lr: float = 0.1,
              offset: float = 2.5, n_points: int = 200, seed: int = 0) -> DeadReluResult:
    """A layer of 2-input ReLU units on a data cloud `offset` away from the origin, before and after
    one SGD step of a regression loss; a unit is dead when it is zero on every data point."""
    rng = np.random.default_rng(seed)
    X = 0.6 * rng.standard_normal((n_points, 2)) + offset * np.array([0.8, 0.6])  # (N, 2)
    y = np.sin(2 * X[:, 0]) + X[:, 1]                                             # (N,) target
    W = init_scale * rng.standard_normal((n_units, 2))                            # (U, 2)
    b = np.full(n_units, float(bias_init))
    v = rng.standard_normal(n_units) / np.sqrt(n_units)                           # fixed readout
    loss, dW, db = relu_layer_loss_grads(X, y, W, b, v)
    with np.errstate(all="ignore"):
        W2, b2 = W - lr * dW, b - lr * db
    return DeadReluResult(X, W, b, W2, b2, _dead(X, W, b), _dead(X, W2, b2),
                          loss, relu_layer_loss_grads(X, y, W2, b2, v)[0], lr)


@dataclass(frozen=True)
class PreluFit:
    alpha: np.ndarray   # (S+1,) alpha after each step
    loss: np.ndarray    # (S+1,) mean squared error
    alpha_true: float


def fit_prelu_alpha(*, alpha0: float = 0.0, alpha_true: float = 0.25, lr: float = 0.05, steps: int = 100,
                    noise: float = 0.05, n: int = 256, seed: int = 0) -> PreluFit:
    """Learn PReLU's slope by backprop: gradient descent on 0.5·mean((PReLU(x; α) − t)²), where the
    targets t come from a PReLU with slope alpha_true plus noise. dL/dα = mean((y − t)·x·[x ≤ 0])."""
    rng = np.random.default_rng(seed)
    x = 2.0 * rng.standard_normal(n)
    t = forward("prelu", x, alpha=alpha_true) + noise * rng.standard_normal(n)
    alphas, losses = [float(alpha0)], []
    for _ in range(steps):
        loss, d_alpha = prelu_loss_grad(x, t, alphas[-1])
        losses.append(loss)
        alphas.append(alphas[-1] - lr * d_alpha)
    losses.append(prelu_loss_grad(x, t, alphas[-1])[0])
    return PreluFit(np.array(alphas), np.array(losses), float(alpha_true))


def prelu_loss_grad(x, t, alpha: float) -> tuple[float, float]:
    """0.5·mean((PReLU(x; α) − t)²) and its derivative with respect to α. x, t: (N,)."""
    with np.errstate(all="ignore"):
        err = forward("prelu", x, alpha=alpha) - t
        return 0.5 * float(np.mean(err**2)), float(np.mean(err * prelu_alpha_grad(x)))


@dataclass(frozen=True)
class CostResult:
    names: tuple[str, ...]
    labels: tuple[str, ...]
    forward_ms: np.ndarray   # (F,) median over repeats
    grad_ms: np.ndarray      # (F,) forward + gradient together, as a backward pass needs both
    uses_exp: np.ndarray     # (F,) bool
    n: int


@dataclass(frozen=True)
class OpCost:
    """What the lecture compares: one exp() against one max() per element."""
    exp_ns: float    # median nanoseconds per element of np.exp
    max_ns: float    # median nanoseconds per element of np.maximum(x, 0)
    n: int           # elements per call (small enough to stay in cache: compute, not memory traffic)
    repeats: int

    @property
    def ratio(self) -> float:
        return self.exp_ns / self.max_ns


def measure_ops(*, n: int = 8192, calls: int = 200, repeats: int = 21, seed: int = 0) -> OpCost:
    """Median over `repeats` of `calls` back-to-back calls on the same n float64 values, per element."""
    x = 3.0 * np.random.default_rng(seed).standard_normal(n)
    out = np.empty_like(x)

    def per_element_ns(fn) -> float:
        def many():
            for _ in range(calls):
                fn()
        many()   # warm up
        return 1e6 * median_ms(many, repeats, warm_up=False) / (n * calls)

    return OpCost(per_element_ns(lambda: np.exp(x, out=out)), per_element_ns(lambda: np.maximum(x, 0.0, out=out)),
                  n, repeats)


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
        fwd.append(median_ms(f, repeats, warm_up=False))
        both.append(median_ms(lambda name=name: evaluate(name, x), repeats, warm_up=False))
    exp = np.array([name != MAXOUT and ACTIVATIONS[name].uses_exp for name in CURVE_NAMES])
    return CostResult(CURVE_NAMES, tuple(label(n_) for n_ in CURVE_NAMES), np.array(fwd), np.array(both), exp, n)
