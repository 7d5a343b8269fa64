"""Learning-rate schedules (cs231n.github.io/neural-networks-3, "Annealing the learning rate"; Lecture 7's
"Learning rate schedules"): step, exponential and 1/t decay, cosine with a linear warm-up, and their effect on plain
SGD on a noisy bowl. Their effect on the two-layer net is in sim.labs.optimisation_net."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim import optim

SCHEDULES = ("constant", "step", "step20", "exponential", "inverse", "cosine")


def schedule(name: str, epochs: np.ndarray, lr0: float = 0.1, *, k: float = 0.1, total: float = 30.0,
             warmup: float = 2.0) -> np.ndarray:
    """The learning rate at (fractional) epochs t: constant; step (×0.5 every 5 epochs); step20 (×0.1 every 20);
    exponential α0·e^(−kt); inverse (1/t decay) α0/(1 + kt); cosine: linear warm-up to α0 over `warmup` epochs,
    then α0·½(1 + cos(π·progress)) down to 0 at `total`."""
    t = np.asarray(epochs, dtype=float)
    if name == "constant":
        return np.full_like(t, lr0)
    if name == "step":
        return lr0 * 0.5 ** np.floor(t / 5)
    if name == "step20":
        return lr0 * 0.1 ** np.floor(t / 20)
    if name == "exponential":
        return lr0 * np.exp(-k * t)
    if name == "inverse":
        return lr0 / (1 + k * t)
    if name == "cosine":
        progress = np.clip((t - warmup) / max(total - warmup, 1e-9), 0.0, 1.0)
        warm = lr0 * np.minimum(1.0, (t + 1e-9) / warmup) if warmup > 0 else np.full_like(t, lr0)
        return np.where(t < warmup, warm, lr0 * 0.5 * (1 + np.cos(np.pi * progress)))
    raise KeyError(f"unknown schedule {name!r}; choose one of {SCHEDULES}")


@dataclass(frozen=True)
class ScheduleRun:
    names: tuple
    lr: np.ndarray           # (S, T) the learning rate of each update
    loss: np.ndarray         # (S, T) f − f* before each update, averaged over the noise draws
    iters_per_epoch: int


def schedules_on_bowl(names, *, lr0: float = 0.1, epochs: int = 30, k: float = 0.1, noise: float = 1.0,
                      iters_per_epoch: int = 20, runs: int = 32, seed: int = 0) -> ScheduleRun:
    """Plain SGD on a noisy bowl (curvatures 0.3 and 1, gradient noise·N(0, 1)) under each schedule, `runs`
    noise draws averaged: a constant rate stalls at a noise floor that scales with it; decay lowers the floor."""
    lam = np.array([0.3, 1.0])
    T = epochs * iters_per_epoch
    lrs = np.array([schedule(n, np.arange(T) / iters_per_epoch, lr0, k=k, total=epochs) for n in names])
    w = np.broadcast_to(np.array([-3.0, 3.0]), (len(names), runs, 2)).copy()
    draws = np.random.default_rng(seed).standard_normal((T, runs, 2)) * noise    # the same draws for all
    gap = np.empty((len(names), T))
    for i in range(T):
        gap[:, i] = (0.5 * (lam * w ** 2).sum(-1)).mean(-1)
        w, _ = optim.sgd(w, lam * w + draws[i], {"learning_rate": lrs[:, i, None, None]})
    return ScheduleRun(tuple(names), lrs, gap, iters_per_epoch)
