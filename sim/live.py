"""Live training, a few SGD steps at a time, and the hidden layer's activation histogram at each snapshot."""
from __future__ import annotations

import numpy as np

from sim._fast import single_threaded
from sim.train import batch_at, is_blowup, sgd_step
from sim.twolayer import hidden

HIST_EDGES = np.logspace(-4, 2, 37)  # fixed log-spaced bins for ReLU outputs > 0, so snapshots line up over time


def steps(params: dict, X: np.ndarray, y: np.ndarray, *, lr: float, reg: float, batch_size: int, seed: int,
          start: int, n_steps: int, initial_loss: float | None = None) -> tuple[dict, np.ndarray, int | None]:
    """Iterations start … start + n_steps − 1 of the same SGD run as `sim.train.train` with this seed.

    Returns (params after the last applied update, losses (k,), the blown-up iteration or None);
    `initial_loss` is iteration 0's loss (None when start == 0: this call measures it)."""
    losses = []
    with np.errstate(all="ignore"), single_threaded():
        for i in range(start, start + n_steps):
            idx = batch_at(len(X), batch_size, seed, i)
            loss, new, _ = sgd_step(params, X[idx], y[idx], lr, reg)
            losses.append(loss)
            if initial_loss is None:
                initial_loss = loss
            if is_blowup(loss, initial_loss):
                return params, np.array(losses), i
            params = new
    return params, np.array(losses), None


def activation_histogram(params: dict, X: np.ndarray, edges: np.ndarray = HIST_EDGES) -> tuple[np.ndarray, float]:
    """Hidden ReLU outputs of X binned over `edges` (values beyond the ends go to the end bins).

    Returns (fractions of all N·H outputs per bin (len(edges) − 1,), fraction that is exactly 0 — inactive)."""
    with np.errstate(all="ignore"):
        h = hidden(params, X).ravel()
    h = h[np.isfinite(h)]
    if not h.size:
        return np.zeros(len(edges) - 1), 0.0
    pos = np.clip(h[h > 0], edges[0], edges[-1])
    counts, _ = np.histogram(pos, bins=edges)
    return counts / h.size, float(np.mean(h == 0))
