"""Minibatch SGD for the two-layer net, recording what the lecture says to babysit
(cs231n.github.io/neural-networks-3, "Babysitting the learning process")."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim import checks
from sim._fast import single_threaded
from sim.twolayer import accuracy, loss_and_grads

WEIGHTS = ("W1", "W2")  # the matrices whose update/weight ratio is recorded, in column order
BLOWUP = 3.0            # a loss above BLOWUP × the initial loss counts as diverged (CS231n's early break)


@dataclass(frozen=True)
class TrainHistory:
    loss: np.ndarray          # (T,) minibatch loss before each update; when diverged, the last entry is the bad one
    update_ratio: np.ndarray  # (U, 2) ‖lr·dW‖/‖W‖ for W1, W2 per applied update (U = T, or T − 1 when diverged)
    train_acc: np.ndarray     # (E + 1,) accuracy before training and after each completed epoch
    val_acc: np.ndarray       # (E + 1,)
    iters_per_epoch: int
    diverged_at: int | None   # first iteration with a non-finite loss or one above 3× the initial loss
    params: dict              # the weights after the last applied update


def iters_per_epoch(n: int, batch_size: int) -> int:
    """Minibatches per pass over n examples (the last one may be smaller)."""
    return -(-n // max(1, min(batch_size, n)))


def minibatch_order(n: int, batch_size: int, seed: int, epoch: int) -> list[np.ndarray]:
    """The index arrays of one epoch: a fresh permutation from (seed, epoch), cut into batches of batch_size.

    Deriving each epoch's generator from (seed, epoch) lets any iteration be reproduced on its own
    (live training steps through it), and every trainer sharing a seed sees the same batches."""
    bs = max(1, min(batch_size, n))
    perm = np.random.default_rng([seed, epoch]).permutation(n)
    return [perm[i:i + bs] for i in range(0, n, bs)]


def batch_at(n: int, batch_size: int, seed: int, iteration: int) -> np.ndarray:
    """The example indices used at a given global iteration."""
    ipe = iters_per_epoch(n, batch_size)
    return minibatch_order(n, batch_size, seed, iteration // ipe)[iteration % ipe]


def is_blowup(loss: float, initial: float) -> bool:
    return not np.isfinite(loss) or loss > BLOWUP * initial


def sgd_step(params: dict, X: np.ndarray, y: np.ndarray, lr: float, reg: float) -> tuple[float, dict, np.ndarray]:
    """One vanilla SGD update on a minibatch: (loss before the update, new params, ratios (2,))."""
    loss, grads = loss_and_grads(params, X, y, reg)
    ratios = np.array([np.linalg.norm(lr * grads[k]) / max(np.linalg.norm(params[k]), 1e-300) for k in WEIGHTS])
    return loss, {k: v - lr * grads[k] for k, v in params.items()}, ratios


def train(params: dict, X: np.ndarray, y: np.ndarray, X_val: np.ndarray, y_val: np.ndarray, *,
          lr: float, reg: float, epochs: int, batch_size: int, seed: int) -> TrainHistory:
    """Vanilla minibatch SGD for `epochs` passes; stops (without raising) at the first blow-up.

    X (N, D), y (N,), X_val (M, D), y_val (M,). `params` is not modified."""
    checks.matrix(X=X, X_val=X_val), checks.labels(y, len(X)), checks.labels(y_val, len(X_val), "y_val")
    checks.within("lr", lr, 0.0, np.inf), checks.within("reg", reg, 0.0, np.inf), checks.counts(epochs=epochs, batch_size=batch_size), checks.seed(seed)
    n = len(X)
    ipe = iters_per_epoch(n, batch_size)
    losses, ratios = [], []
    train_acc, val_acc = [accuracy(params, X, y)], [accuracy(params, X_val, y_val)]
    diverged_at = None
    with np.errstate(all="ignore"), single_threaded():  # overflow at a huge lr is reported as diverged_at
        for epoch in range(epochs):
            for idx in minibatch_order(n, batch_size, seed, epoch):
                loss, new, r = sgd_step(params, X[idx], y[idx], lr, reg)
                losses.append(loss)
                if is_blowup(loss, losses[0]):
                    diverged_at = len(losses) - 1
                    break
                params = new
                ratios.append(r)
            if diverged_at is not None:
                break
            train_acc.append(accuracy(params, X, y))
            val_acc.append(accuracy(params, X_val, y_val))
    return TrainHistory(np.array(losses), np.array(ratios).reshape(-1, len(WEIGHTS)), np.array(train_acc),
                        np.array(val_acc), ipe, diverged_at, params)
