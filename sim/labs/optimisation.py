"""Optimisation lab on 2-D surfaces (cs231n.github.io/neural-networks-3, "Parameter updates"; Lecture 7's
"Problems with SGD", "SGD + Momentum", "Nesterov Momentum", "AdaGrad", "RMSProp", "Adam" and "Second-order
optimization"): the update rules of sim.optim race on an ill-conditioned quadratic, a saddle and a surface with a
shallow local minimum; momentum's (learning rate, momentum) map against the theory of Goh, "Why Momentum Really
Works" (distill 2017) and Nesterov's look-ahead; the adaptive rules' step sizes; Newton's step and the Hessian's cost.

The schedules are in sim.labs.optimisation_schedules; the real net (the two-layer net and logistic regression on
the digits, L-BFGS) in sim.labs.optimisation_net."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim import optim

SURFACES = ("quadratic", "saddle", "local")
LAM_MAX = 10.0                 # the quadratic's steep curvature; the shallow one is LAM_MAX / κ
# where each surface's race starts, and the window its contours cover (x0, x1, y0, y1)
START = {"quadratic": (-9.0, 2.5), "saddle": (-1.8, 1e-3), "local": (1.8, 1.2)}
BOUNDS = {"quadratic": (-10.0, 10.0, -3.5, 3.5), "saddle": (-2.0, 2.0, -1.6, 1.6), "local": (-2.0, 2.0, -1.5, 1.5)}
# the race's runners: name -> (engine rule, which learning rate it takes, extra config)
RACERS = {"sgd": ("sgd", "sgd", {}), "sgd_momentum": ("sgd_momentum", "sgd", {}),
          "nesterov": ("nesterov", "sgd", {}), "adagrad": ("adagrad", "adaptive", {}),
          "rmsprop": ("rmsprop", "adaptive", {}), "adam": ("adam", "adaptive", {}),
          "adam_nobc": ("adam", "adaptive", {"bias_correction": False})}
ESCAPE = 1e6                   # a runner beyond this distance from the origin has diverged and stops


def _local(x):
    """A double well along x, tilted so the right-hand minimum (x ≈ 0.93) is shallow and the left one deeper."""
    return 0.25 * (x ** 4 - 2 * x ** 2 + 0.5 * x), 0.25 * (4 * x ** 3 - 4 * x + 0.5)


def loss(surface: str, p: np.ndarray, kappa: float = 100.0) -> np.ndarray:
    """The surface's height at points p (..., 2) -> (...)."""
    x, y = p[..., 0], p[..., 1]
    if surface == "quadratic":       # ½(λmin x² + λmax y²): steep across, shallow along
        return 0.5 * (LAM_MAX / kappa * x ** 2 + LAM_MAX * y ** 2)
    if surface == "saddle":          # 5x² − ½y² near the origin (the slide's x² − y²), walls y⁴/4 far out
        return 5 * x ** 2 - 0.5 * y ** 2 + 0.25 * y ** 4
    if surface == "local":
        return _local(x)[0] + 5 * y ** 2
    raise KeyError(f"unknown surface {surface!r}; choose one of {SURFACES}")


def grad(surface: str, p: np.ndarray, kappa: float = 100.0) -> np.ndarray:
    """∇f at points p (..., 2) -> (..., 2)."""
    x, y = p[..., 0], p[..., 1]
    if surface == "quadratic":
        gx, gy = LAM_MAX / kappa * x, LAM_MAX * y
    elif surface == "saddle":
        gx, gy = 10 * x, -y + y ** 3
    elif surface == "local":
        gx, gy = _local(x)[1], 10 * y
    else:
        raise KeyError(f"unknown surface {surface!r}; choose one of {SURFACES}")
    return np.stack([gx, gy], axis=-1)


def minimum(surface: str) -> tuple[float, float, float]:
    """(x*, y*, f*) of the global minimum."""
    if surface == "quadratic":
        return 0.0, 0.0, 0.0
    if surface == "saddle":
        return 0.0, 1.0, -0.25
    roots = np.roots([1.0, 0.0, -1.0, 0.125])           # f'(x) = 0 for the double well
    x = float(min(r.real for r in roots if abs(r.imag) < 1e-12))
    return x, 0.0, float(_local(np.array(x))[0])


@dataclass(frozen=True)
class Race:
    surface: str
    kappa: float
    rules: tuple             # runner names, in the order of the rows below
    paths: np.ndarray        # (R, T + 1, 2) positions, the start first
    gap: np.ndarray          # (R, T + 1) f − f* (the loss above the global minimum), ≥ 0
    diverged_at: tuple       # per runner: first step beyond ESCAPE, or None
    steps_to: tuple          # per runner: first step with f − f* < tol, or None
    tol: float


def race(surface: str = "quadratic", rules=tuple(RACERS), *, kappa: float = 100.0, steps: int = 200,
         lr_sgd: float = 0.12, lr_adaptive: float = 0.1, momentum: float = 0.9, noise: float = 0.0,
         start=None, tol: float = 1e-3, seed: int = 0) -> Race:
    """Every runner from one start for `steps` updates; gradients plus noise·N(0, 1) (the same draws for every
    runner: mini-batch noise), each update the engine's rule with its own config carried from step to step."""
    start = np.asarray(START[surface] if start is None else start, dtype=float)
    f_star = minimum(surface)[2]
    noise_draws = noise * np.random.default_rng(seed).standard_normal((steps, 2))
    n = len(rules)
    paths = np.empty((n, steps + 1, 2))
    paths[:, 0] = start
    updates, cfgs = [], []
    for name in rules:
        rule_name, lr_kind, extra = RACERS[name]
        cfg = {"learning_rate": lr_sgd if lr_kind == "sgd" else lr_adaptive, **extra}
        if rule_name in ("sgd_momentum", "nesterov"):
            cfg["momentum"] = momentum
        updates.append(optim.rule(rule_name))
        cfgs.append(cfg)
    diverged = [None] * n
    w = np.repeat(start[None], n, axis=0)                        # (R, 2): every runner's position
    with np.errstate(all="ignore"):
        for t in range(steps):
            dw = grad(surface, w, kappa) + noise_draws[t]        # one gradient call for the whole field
            for i in range(n):
                if diverged[i] is None:
                    w[i], cfgs[i] = updates[i](w[i], dw[i], cfgs[i])
                    if not np.all(np.isfinite(w[i])) or np.abs(w[i]).max() > ESCAPE:
                        diverged[i], w[i] = t + 1, paths[i, t]   # stops where it last was on the map
            paths[:, t + 1] = w
    gap = np.maximum(loss(surface, paths, kappa) - f_star, 0.0)
    steps_to = tuple(int(np.argmax(g < tol)) if np.any(g < tol) else None for g in gap)
    return Race(surface, float(kappa), tuple(rules), paths, gap, tuple(diverged), steps_to, tol)


# ---- momentum on the quadratic --------------------------------------------------------------------------------
def theory(kappa: float, lam_max: float = LAM_MAX) -> dict:
    """Goh's optimum for momentum on a quadratic with curvatures λmin = λmax/κ … λmax, and the rates per step."""
    lmin = lam_max / kappa
    alpha = (2 / (np.sqrt(lam_max) + np.sqrt(lmin))) ** 2
    beta = ((np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)) ** 2
    return {"alpha": float(alpha), "beta": float(beta), "rate": float((np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)),
            "gd_alpha": 2 / (lam_max + lmin), "gd_rate": float((kappa - 1) / (kappa + 1))}


@dataclass(frozen=True)
class MomentumMap:
    kappa: float
    alphas: np.ndarray       # (A,) learning rates, log-spaced
    betas: np.ndarray        # (B,) momenta
    rate: np.ndarray         # (B, A) measured rate per step (‖x_T‖/‖x_T/2‖)^(2/T); ≥ 1 or NaN: diverged
    best: tuple              # (alpha, beta, rate) of the grid's fastest cell
    theory: dict             # theory(κ)


def momentum_map(kappa: float = 100.0, *, n_alpha: int = 81, n_beta: int = 100, steps: int = 300) -> MomentumMap:
    """Momentum's rate of convergence over a (learning rate, momentum) grid on the quadratic, every cell run at
    once through sim.optim.sgd_momentum with arrays of hyperparameters. The grid is fixed, not centred on the
    theory: α from 1e-3 to 2·(1 + 1)/λmax (stability's limit), β from 0 to 0.99."""
    alphas = np.geomspace(1e-3, 4 / LAM_MAX, n_alpha)
    betas = np.linspace(0.0, 0.99, n_beta)
    a, b = np.meshgrid(alphas, betas)                      # (B, A)
    lam = np.array([LAM_MAX / kappa, LAM_MAX])
    w = np.ones(a.shape + (2,))                            # both curvatures excited equally
    cfg = {"learning_rate": a[..., None], "momentum": b[..., None]}
    half = None
    with np.errstate(all="ignore"):
        for t in range(steps):
            w, cfg = optim.sgd_momentum(w, lam * w, cfg)
            if t + 1 == steps // 2:
                half = np.linalg.norm(w, axis=-1)
    end = np.linalg.norm(w, axis=-1)
    rate = (np.maximum(end, 1e-300) / np.maximum(half, 1e-300)) ** (1 / (steps - steps // 2))
    rate = np.where(np.isfinite(rate) & (half > 0), rate, np.nan)
    rate = np.where(np.isnan(rate) & (half == 0), 0.0, rate)      # exactly converged (κ = 1 at its optimum)
    i, j = np.unravel_index(np.nanargmin(rate), rate.shape)
    return MomentumMap(float(kappa), alphas, betas, rate, (float(alphas[j]), float(betas[i]), float(rate[i, j])),
                       theory(kappa))


def steps_to_converge(kappa: float, alpha: float, beta: float = 0.0, tol: float = 1e-3, limit: int = 100_000) -> int:
    """Updates of momentum (β = 0: plain gradient descent) until ‖x‖ < tol·‖x0‖ on the quadratic from (1, 1)."""
    lam = np.array([LAM_MAX / kappa, LAM_MAX])
    w0 = np.ones(2)
    w, cfg = w0, {"learning_rate": alpha, "momentum": beta}
    for t in range(1, limit + 1):
        w, cfg = optim.sgd_momentum(w, lam * w, cfg)
        if np.linalg.norm(w) < tol * np.linalg.norm(w0):
            return t
    return limit


# ---- the adaptive rules' step size ------------------------------------------------------------------------------
ADAPTIVE = ("sgd", "adagrad", "rmsprop", "adam", "adam_nobc")


@dataclass(frozen=True)
class Steps:
    gradient: float
    lr: float
    rules: tuple
    step: np.ndarray         # (R, T) |Δw| / learning rate at each update t = 1…T under a steady gradient


def adaptive_steps(gradient: float = 1.0, lr: float = 1e-3, steps: int = 1000) -> Steps:
    """Each rule's step, in units of its learning rate, when the gradient stays `gradient` every update: SGD
    scales with the gradient; AdaGrad falls like 1/√t; RMSProp settles at 1; Adam is 1 from the first step with
    bias correction and (1 − β1)/√(1 − β2) ≈ 3.2 at t = 1 without."""
    out = np.empty((len(ADAPTIVE), steps))
    g = np.array([gradient])
    for i, name in enumerate(ADAPTIVE):
        rule_name, _, extra = RACERS[name]
        w, cfg = np.zeros(1), {"learning_rate": lr, **extra}
        for t in range(steps):
            nw, cfg = optim.rule(rule_name)(w, g, cfg)
            out[i, t] = abs(float(nw[0] - w[0])) / lr
            w = nw
    return Steps(float(gradient), float(lr), ADAPTIVE, out)


# ---- second order -----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Newton:
    kappa: float
    newton: np.ndarray       # (S + 1, 2) Newton's path: x ← x − H⁻¹∇f, no learning rate
    gd: np.ndarray           # (S + 1, 2) gradient descent at its best step 2/(λmin + λmax)
    newton_gap: np.ndarray   # (S + 1,) f − f*
    gd_gap: np.ndarray


def newton_vs_gd(kappa: float = 100.0, steps: int = 20) -> Newton:
    """On the quadratic the Hessian is diag(λmin, λmax) whatever the point: one Newton step lands on the minimum."""
    H = np.diag([LAM_MAX / kappa, LAM_MAX])
    start = np.array(START["quadratic"])
    paths = {"newton": [start], "gd": [start]}
    alpha = theory(kappa)["gd_alpha"]
    for _ in range(steps):
        x = paths["newton"][-1]
        paths["newton"].append(x - np.linalg.solve(H, grad("quadratic", x, kappa)))
        x = paths["gd"][-1]
        paths["gd"].append(x - alpha * grad("quadratic", x, kappa))
    nw, gd = np.array(paths["newton"]), np.array(paths["gd"])
    return Newton(float(kappa), nw, gd, loss("quadratic", nw, kappa), loss("quadratic", gd, kappa))


def hessian_cost(n_params) -> dict:
    """The Hessian of a net with N parameters: N² entries; bytes in float32; the notes' count in GiB (2³⁰ bytes)."""
    n = np.asarray(n_params, dtype=float)
    entries = n ** 2
    return {"params": n, "entries": entries, "bytes": 4 * entries, "gib": 4 * entries / 2 ** 30}


@dataclass(frozen=True)
class Contour:
    x: np.ndarray            # (nx,)
    y: np.ndarray            # (ny,)
    gap: np.ndarray          # (ny, nx) f − f* on the grid
    minimum: tuple           # (x*, y*)


def contour(surface: str, kappa: float = 100.0, n: int = 90) -> Contour:
    """The surface's height above its minimum on a grid over its window, for the contour plots."""
    x0, x1, y0, y1 = BOUNDS[surface]
    x, y = np.linspace(x0, x1, n), np.linspace(y0, y1, n)
    gap = loss(surface, np.stack(np.meshgrid(x, y), axis=-1), kappa) - minimum(surface)[2]
    return Contour(x, y, np.maximum(gap, 0.0), minimum(surface)[:2])


@dataclass(frozen=True)
class LookAhead:
    x: np.ndarray            # (2,) where the step starts, after `k` momentum updates from the quadratic's start
    v: np.ndarray            # (2,) the velocity there
    mu: float
    lr: float
    grad_here: np.ndarray    # −lr·∇f(x): momentum's gradient step, taken at x
    grad_ahead: np.ndarray   # −lr·∇f(x + μv): Nesterov's, taken at the look-ahead point


def look_ahead(kappa: float = 100.0, *, lr: float = 0.12, mu: float = 0.9, k: int = 3) -> LookAhead:
    """The two arrows of one update (the slides' "Nesterov Momentum" picture): both take the momentum step μv;
    momentum adds the gradient step at x, Nesterov the gradient step at the look-ahead point x + μv."""
    x, cfg = np.array(START["quadratic"]), {"learning_rate": lr, "momentum": mu}
    for _ in range(k):
        x, cfg = optim.sgd_momentum(x, grad("quadratic", x, kappa), cfg)
    v = cfg["velocity"]
    return LookAhead(x, v, mu, lr, -lr * grad("quadratic", x, kappa), -lr * grad("quadratic", x + mu * v, kappa))
