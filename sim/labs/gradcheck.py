"""Gradient checks lab (cs231n.github.io/neural-networks-3, "Gradient checks"): the numerical gradient's error
against h (one-sided and centred, float64 and float32) and kinks (ReLU, max; the two-layer net). The traps and
the find-the-bug exercise are in sim/labs/gradcheck_bugs.py, re-exported here."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim import checks, twolayer
from sim.gradcheck import eval_numerical_gradient, rel_error
from sim.labs.gradcheck_bugs import (  # noqa: F401  (the lesson's one door to its labs)
    BN_BUGS,
    BUGS,
    FAIL,
    NET_BUGS,
    REGS,
    BugCheck,
    DropoutTrap,
    RegTrap,
    SampleTrap,
    bug_check,
    dropout_trap,
    reg_trap,
    sample_trap,
)

FUNCTIONS = ("tanh", "softmax", "twolayer")       # one tanh unit, a softmax loss, the two-layer net's loss
HS = 10.0 ** -np.arange(1.0, 13.01, 0.25)         # h from 1e-1 down to 1e-13, four per decade
BANDS = (1e-7, 1e-4, 1e-2)                        # the notes: < 1e-7 happy, 1e-4…1e-2 uncomfortable, > 1e-2 wrong
TRUNCATION_FROM = 30.0                            # the truncation side: h at least 30× the best h …
TRUNCATION_TO = 1e-2                              # … and at most 1e-2 (higher orders bend the line above)


@dataclass(frozen=True)
class Curve:
    centred: bool
    dtype: str                  # "float64" or "float32"
    err: np.ndarray             # (K,) relative error at each h of HS
    best_h: float
    best_err: float
    slope: float                # of log err against log h on the truncation side (1: one-sided, 2: centred)


@dataclass(frozen=True)
class HSweep:
    function: str
    h: np.ndarray               # (K,) = HS
    analytic: np.ndarray        # (V,) the gradient the curves are checked against (float64)
    curves: tuple[Curve, ...]   # one-sided float64, centred float64, one-sided float32, centred float32

    def curve(self, centred: bool, dtype: str) -> Curve:
        return next(c for c in self.curves if c.centred == centred and c.dtype == dtype)


def _problem(function: str, seed: int):
    """(f(v) -> float for the checked variables v in the asked dtype, v0 (K,), the analytic gradient (K,) in
    float64). Several variables are checked at once and rel_error takes the worst, as a check of a whole
    parameter does: one variable alone can be lucky at some h."""
    rng = np.random.default_rng(seed)
    if function == "tanh":      # a = tanh(w·x + b), one unit with 16 inputs; the checked variables are w
        x, w, b = rng.standard_normal(16), 0.3 * rng.standard_normal(16), 0.1
        a = np.tanh(w @ x + b)

        def f(v):
            return float(np.tanh(v @ x.astype(v.dtype) + v.dtype.type(b)))
        return f, w, (1 - a ** 2) * x
    if function == "softmax":   # L = −log softmax(s)[y] of 10 scores; the checked variables are the scores
        s, y = 2 * rng.standard_normal(10), 3

        def f(v):
            return float(twolayer.softmax_loss(v[None, :], np.array([y]))[0])
        p = np.exp(s - s.max())
        p /= p.sum()
        return f, s, p - (np.arange(10) == y)
    if function == "twolayer":  # the two-layer ReLU net's loss (sim.twolayer); the weights into hidden unit 0
        X, y = rng.standard_normal((10, 6)), rng.integers(0, 3, 10)
        params = twolayer.init_params(6, 8, 3, weight_scale=0.5, seed=rng)
        _, grads = twolayer.loss_and_grads(params, X, y, 0.0)

        cast = {dt: ({k: a.astype(dt) for k, a in params.items()}, X.astype(dt)) for dt in ("float64", "float32")}

        def f(v):                                   # the loss alone, all in v's dtype
            p, Xc = cast[v.dtype.name]
            p["W1"][:, 0] = v
            return float(twolayer.softmax_loss(twolayer.scores(p, Xc), y)[0])
        return f, params["W1"][:, 0].copy(), grads["W1"][:, 0].copy()
    raise KeyError(f"{function!r}: choose one of {FUNCTIONS}")


def _slope(h: np.ndarray, err: np.ndarray, best_h: float) -> float:
    side = (h >= TRUNCATION_FROM * best_h) & (h <= TRUNCATION_TO) & (err > 0)
    if side.sum() < 2:
        return float("nan")
    return float(np.polyfit(np.log10(h[side]), np.log10(err[side]), 1)[0])


def error_vs_h(function: str = "tanh", seed: int = 0) -> HSweep:
    """The relative error of the numerical derivative against the analytic one at every h of HS, for the four
    combinations of formula (one-sided, centred) and precision (float64, float32: x, h and f all in float32)."""
    checks.seed(seed)
    f, x0, analytic = _problem(function, seed)
    curves = []
    for dtype in ("float64", "float32"):
        for centred in (False, True):
            err = np.array([rel_error(eval_numerical_gradient(f, x0.astype(dtype), h=float(h), centred=centred),
                                      analytic) for h in HS])
            i = int(np.argmin(err))
            curves.append(Curve(centred, dtype, err, float(HS[i]), float(err[i]), _slope(HS, err, float(HS[i]))))
    return HSweep(function, HS.copy(), np.asarray(analytic, float), tuple(curves))


# ---- kinks -------------------------------------------------------------------------------------------------------
KINKS = {"relu": (lambda x: np.maximum(0.0, x), lambda x: (x > 0) * 1.0),
         # a maxout unit of two lines, max(x/2, 2x): slopes 1/2 and 2 meet at 0
         "max": (lambda x: np.maximum(0.5 * x, 2.0 * x), lambda x: np.where(x > 0, 2.0, 0.5))}


@dataclass(frozen=True)
class KinkScalar:
    function: str
    h: float
    x: np.ndarray               # (K,) points around the kink at 0
    analytic: np.ndarray        # (K,) the derivative (the negative side's at 0)
    centred: np.ndarray         # (K,) (f(x+h) − f(x−h)) / 2h: a ramp between −h and h
    x0: float                   # the chosen point
    num0: float                 # its centred numerical derivative
    ana0: float
    err0: float                 # their relative error
    crosses: bool               # x0 − h < 0 < x0 + h: the check straddles the kink


def kink_scalar(function: str = "relu", x0: float = 3e-6, h: float = 1e-5, span: float = 5e-5) -> KinkScalar:
    """The centred numerical derivative of ReLU or max near their kink at 0, for the points in ±span."""
    f, df = KINKS[function]
    checks.positive(h=h, span=span), checks.finite(x0=x0)
    x = np.linspace(-span, span, 401)
    num = (f(x + h) - f(x - h)) / (2 * h)
    n0 = float((f(x0 + h) - f(x0 - h)) / (2 * h))
    a0 = float(df(np.array(x0)))
    return KinkScalar(function, h, x, df(x), num, x0, n0, a0, rel_error(n0, a0), bool(x0 - h < 0 < x0 + h))


@dataclass(frozen=True)
class KinkNet:
    h: float
    weight_scale: float
    err: np.ndarray             # (D·H,) relative error of each weight of W1
    crossed: np.ndarray         # (D·H,) bool: some ReLU's winner changed between f(W1 + h) and f(W1 − h)
    margin: np.ndarray          # (D·H,) distance to the nearest kink in steps: min_n |z_nj| / (h·|x_ni|)

    @property
    def share(self) -> float:
        return float(self.crossed.mean())


def kink_net(weight_scale: float = 1e-4, h: float = 1e-5, seed: int = 0, n: int = 20, d: int = 10,
             hidden: int = 20, n_classes: int = 3) -> KinkNet:
    """Check every weight of W1 of the two-layer ReLU net (biases 0, as initialised) and flag each check whose
    ±h changed the winner of some max(0, z) — the notes' way of detecting that a kink was crossed."""
    checks.positive(weight_scale=weight_scale, h=h), checks.seed(seed)
    rng = np.random.default_rng(seed)
    X, y = rng.standard_normal((n, d)), rng.integers(0, n_classes, n)
    params = twolayer.init_params(d, hidden, n_classes, weight_scale=weight_scale, seed=rng)
    _, grads = twolayer.loss_and_grads(params, X, y, 0.0)
    W1 = params["W1"]
    err, crossed = np.zeros(W1.size), np.zeros(W1.size, bool)
    for k in range(W1.size):
        old, masks, fs = W1.flat[k], [], []
        for step in (h, -h):
            W1.flat[k] = old + step
            masks.append(twolayer.hidden(params, X) > 0)     # the winners of every max(0, z)
            fs.append(twolayer.loss_and_grads(params, X, y, 0.0)[0])
        W1.flat[k] = old
        crossed[k] = bool(np.any(masks[0] != masks[1]))
        err[k] = rel_error((fs[0] - fs[1]) / (2 * h), grads["W1"].flat[k])
    z = X @ W1 + params["b1"]                                  # (n, H)
    i, j = np.unravel_index(np.arange(W1.size), W1.shape)
    with np.errstate(divide="ignore"):
        margin = np.min(np.abs(z[:, j]) / (h * np.abs(X[:, i])), axis=0)
    return KinkNet(h, weight_scale, err, crossed, margin)
