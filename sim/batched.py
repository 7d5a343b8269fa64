"""Many SGD runs of the two-layer net as one batched computation (one learning rate and reg per run).

All runs share the seed, hence the minibatch order, so the first layer's input is the same for every
run: the weights are held as W1 (D, R·H) and every run's first-layer product is ONE matrix
multiplication. Runs that blow up are dropped from the arrays (the others go on), so a search with
many diverging trials gets cheaper as it goes. Each run matches `sim.train.train` with the same seed."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim._fast import single_threaded
from sim.train import BLOWUP, WEIGHTS, iters_per_epoch, minibatch_order
from sim.twolayer import softmax_loss

_ACC_CHUNK = 2_000_000  # elements of the (N, R·H) hidden layer evaluated at once when scoring accuracy


@dataclass(frozen=True)
class ManyHistory:
    lrs: np.ndarray           # (R,)
    regs: np.ndarray          # (R,)
    loss: np.ndarray          # (R, T) minibatch loss; NaN after a run's diverged_at
    update_ratio: np.ndarray  # (R, T, 2) ‖lr·dW‖/‖W‖ for W1, W2; NaN where no update was applied
    train_acc: np.ndarray     # (R, E + 1) before training and after each epoch; NaN after divergence
    val_acc: np.ndarray       # (R, E + 1)
    iters_per_epoch: int
    diverged_at: np.ndarray   # (R,) int: first blown-up iteration, −1 if the run finished
    params: dict              # stacked final weights: W1 (R, D, H), b1 (R, H), W2 (R, H, C), b2 (R, C)

    def n_iters(self, r: int) -> int:
        """How many losses run r recorded (including the blown-up one)."""
        d = int(self.diverged_at[r])
        return self.loss.shape[1] if d < 0 else d + 1


def _stack(params: dict, R: int) -> dict:
    """Shared (W1 (D, H)) or per-run (W1 (R, D, H)) weights -> per-run float64 copies."""
    out = {}
    for k, v in params.items():
        v = np.asarray(v, dtype=np.float64)
        shared = v.ndim == (2 if k.startswith("W") else 1)
        out[k] = np.repeat(v[None], R, axis=0) if shared else v.copy()
    return out


def _accuracy(W1, b1, W2, b2, X, y) -> np.ndarray:
    """Accuracy of each run: W1 (D, R, H) … -> (R,); NaN scores count as wrong."""
    D, R, H = W1.shape
    step = max(1, _ACC_CHUNK // max(1, len(X) * H))
    acc = np.empty(R)
    for a in range(0, R, step):
        sl = slice(a, min(R, a + step))
        r = sl.stop - a
        h = np.maximum((X @ W1[:, sl].reshape(D, r * H)).reshape(len(X), r, H) + b1[sl], 0.0)
        s = np.matmul(h.transpose(1, 0, 2), W2[sl]) + b2[sl][:, None, :]       # (r, N, C)
        s = np.where(np.isfinite(s), s, -np.inf)
        acc[sl] = np.mean(np.argmax(s, axis=2) == y, axis=1)
    return acc


def train_many(params: dict, X: np.ndarray, y: np.ndarray, X_val: np.ndarray, y_val: np.ndarray, *,
               lrs, regs, epochs: int, batch_size: int, seed: int) -> ManyHistory:
    """Vanilla SGD for R runs at once: lrs (R,), regs (R,) or a scalar; params shared or stacked per run."""
    lrs = np.atleast_1d(np.asarray(lrs, dtype=np.float64))
    regs = np.broadcast_to(np.asarray(regs, dtype=np.float64), lrs.shape).copy()
    R, n = len(lrs), len(X)
    p = _stack(params, R)
    D, H = p["W1"].shape[1:]
    ipe = iters_per_epoch(n, batch_size)
    T = epochs * ipe
    loss = np.full((R, T), np.nan)
    ratio = np.full((R, T, len(WEIGHTS)), np.nan)
    tr_acc, va_acc = np.full((R, epochs + 1), np.nan), np.full((R, epochs + 1), np.nan)
    diverged = np.full(R, -1, dtype=np.int64)
    final = {k: v.copy() for k, v in p.items()}

    alive = np.arange(R)                                    # original run index of each live column block
    W1 = np.ascontiguousarray(p["W1"].transpose(1, 0, 2))   # (D, R, H): block r is run r's W1
    b1, W2, b2 = p["b1"], p["W2"], p["b2"]                  # (R, H), (R, H, C), (R, C)
    lr, reg = lrs.copy(), regs.copy()
    it = 0
    with np.errstate(all="ignore"), single_threaded():  # overflow at a huge lr is reported as diverged_at
        tr_acc[:, 0] = _accuracy(W1, b1, W2, b2, X, y)
        va_acc[:, 0] = _accuracy(W1, b1, W2, b2, X_val, y_val)
        for epoch in range(epochs):
            for idx in minibatch_order(n, batch_size, seed, epoch):
                if not len(alive):
                    break
                Xb, yb, B, A = X[idx], y[idx], len(idx), len(alive)
                pre = (Xb @ W1.reshape(D, A * H)).reshape(B, A, H) + b1          # one product for every run
                h = np.maximum(pre, 0.0).transpose(1, 0, 2)                      # (A, B, H)
                data_loss, ds = softmax_loss(np.matmul(h, W2) + b2[:, None, :], yb)   # (A,), (A, B, C)
                sq1, sq2 = np.sum(W1 * W1, axis=(0, 2)), np.sum(W2 * W2, axis=(1, 2))
                L = data_loss + 0.5 * reg * (sq1 + sq2)
                loss[alive, it] = L
                if it == 0:
                    initial = L.copy()
                bad = ~np.isfinite(L) | (L > BLOWUP * initial)
                if bad.any():                                   # record and drop the runs that blew up
                    diverged[alive[bad]] = it
                    keep = ~bad
                    for k, v in (("W1", W1.transpose(1, 0, 2)), ("b1", b1), ("W2", W2), ("b2", b2)):
                        final[k][alive[bad]] = v[bad]
                    W1, b1, W2, b2 = np.ascontiguousarray(W1[:, keep]), b1[keep], W2[keep], b2[keep]
                    lr, reg, initial, alive = lr[keep], reg[keep], initial[keep], alive[keep]
                    h, ds, sq1, sq2 = h[keep], ds[keep], sq1[keep], sq2[keep]
                    A = len(alive)
                    if not A:
                        it += 1
                        continue
                dW2 = np.matmul(h.transpose(0, 2, 1), ds) + reg[:, None, None] * W2
                dh = np.matmul(ds, W2.transpose(0, 2, 1))                        # (A, B, H)
                dh *= h > 0.0                                                    # ReLU gate
                dh = dh.transpose(1, 0, 2)                                       # (B, A, H)
                dW1 = (Xb.T @ dh.reshape(B, A * H)).reshape(D, A, H) + reg[None, :, None] * W1
                db1, db2 = dh.sum(axis=0), ds.sum(axis=1)
                ratio[alive, it, 0] = lr * np.sqrt(np.sum(dW1 * dW1, axis=(0, 2)) / np.maximum(sq1, 1e-300))
                ratio[alive, it, 1] = lr * np.sqrt(np.sum(dW2 * dW2, axis=(1, 2)) / np.maximum(sq2, 1e-300))
                W1 = W1 - lr[None, :, None] * dW1
                b1 = b1 - lr[:, None] * db1
                W2 = W2 - lr[:, None, None] * dW2
                b2 = b2 - lr[:, None] * db2
                it += 1
            if len(alive):
                tr_acc[alive, epoch + 1] = _accuracy(W1, b1, W2, b2, X, y)
                va_acc[alive, epoch + 1] = _accuracy(W1, b1, W2, b2, X_val, y_val)
    for k, v in (("W1", W1.transpose(1, 0, 2)), ("b1", b1), ("W2", W2), ("b2", b2)):
        final[k][alive] = v
    return ManyHistory(lrs, regs, loss, ratio, tr_acc, va_acc, ipe, diverged, final)
