"""Many SGD runs of the two-layer net as one batched computation (one learning rate and reg per run).

All runs share the seed, hence the minibatch order, so every step is the same few matrix products with a
leading run axis (`np.matmul` over (A, H, B) stacks), never a Python loop over runs; the first layer of
every run is even ONE product, the runs' W1ᵀ stacked into an (A·H, D + 1) matrix whose last column is b1
(against a column of ones in X, so the bias add and its gradient come out of the product). Activations
are kept transposed, examples last: the hidden layer is (A, H, B), the scores (A, C, B). Runs that blow
up are dropped from the arrays (the others go on), so a search with many diverging trials gets cheaper as
it goes. In float64 each run matches `sim.train.train` with the same seed; float32 halves the memory
traffic (tests/sim/test_search.py states how closely a search agrees). A history can be trained on
(`resume_many`): a page shows the first epochs while the rest compute, with the same final numbers.

With `momenta` (R,) every run uses SGD + momentum instead (cs231n.github.io/neural-networks-3, "Momentum
update": v = mu·v − lr·dx; x += v, `sim.optim.sgd_momentum` with the L2 term in dx), its momentum an array
broadcast over the run axis like the learning rate; the velocities are handed over like the weights."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim._fast import single_threaded
from sim.train import BLOWUP, WEIGHTS, iters_per_epoch, minibatch_order

_ACC_CHUNK = 2_000_000  # elements of the (r, H, N) hidden layer evaluated at once when scoring accuracy


@dataclass(frozen=True)
class ManyHistory:
    lrs: np.ndarray           # (R,)
    regs: np.ndarray          # (R,)
    loss: np.ndarray          # (R, T) minibatch loss; NaN after a run's diverged_at
    update_ratio: np.ndarray  # (R, T, 2) ‖lr·dW‖/‖W‖ for W1, W2; NaN where no update was applied (or not asked)
    train_acc: np.ndarray     # (R, E + 1) before training and after each epoch; NaN after divergence (and, with
    val_acc: np.ndarray       # (R, E + 1)  curves=False, except before training and at a run's last epoch)
    iters_per_epoch: int
    diverged_at: np.ndarray   # (R,) int: first blown-up iteration, −1 if the run finished
    params: dict              # stacked final weights: W1 (R, D, H), b1 (R, H), W2 (R, H, C), b2 (R, C)
    momenta: np.ndarray | None = None   # (R,) SGD + momentum's mu per run; None: vanilla SGD
    velocity: dict | None = None        # the momentum runs' velocities: W1T (R, H, D + 1) (b1 last), W2, b2

    def n_iters(self, r: int) -> int:
        """How many losses run r recorded (including the blown-up one)."""
        d = int(self.diverged_at[r])
        return self.loss.shape[1] if d < 0 else d + 1


def _with_ones(X: np.ndarray, dtype) -> np.ndarray:
    """X (N, D) -> (N, D + 1) with a last column of ones: [W1ᵀ b1] @ X1ᵀ = (X @ W1 + b1)ᵀ."""
    out = np.empty((len(X), X.shape[1] + 1), dtype=dtype)
    out[:, :-1] = X
    out[:, -1] = 1.0
    return out


def _stack(params: dict, R: int, dtype) -> dict:
    """Shared (W1 (D, H)) or per-run (W1 (R, D, H)) weights -> per-run copies in `dtype`, the first layer
    transposed with its bias as the last column: W1T (R, H, D + 1), W2 (R, H, C), b2 (R, C)."""
    per_run = {k: np.broadcast_to(np.asarray(v, dtype=dtype), (R, *np.shape(v)[-(2 if k.startswith("W") else 1):]))
               for k, v in params.items()}
    W1T = np.concatenate([per_run["W1"].transpose(0, 2, 1), per_run["b1"][:, :, None]], axis=2)
    return {"W1T": W1T, "W2": per_run["W2"].copy(), "b2": per_run["b2"].copy()}


def _hidden_t(W1T: np.ndarray, X1: np.ndarray) -> np.ndarray:
    """Every run's hidden layer, transposed: W1T (A, H, D + 1), X1 (B, D + 1) -> relu(X W1 + b1)ᵀ (A, H, B)."""
    A, H, D1 = W1T.shape
    hT = (W1T.reshape(A * H, D1) @ X1.T).reshape(A, H, len(X1))          # one product for every run
    return np.maximum(hT, 0.0, out=hT)


def _accuracy(W1T, W2, b2, X1, y) -> np.ndarray:
    """Accuracy of each run: W1T (R, H, D + 1), W2 (R, H, C), b2 (R, C), X1 (N, D + 1) -> (R,)."""
    R, H, _ = W1T.shape
    step = max(1, _ACC_CHUNK // max(1, len(X1) * H))
    acc = np.empty(R)
    for a in range(0, R, step):
        sl = slice(a, min(R, a + step))
        s = np.matmul(W2[sl].transpose(0, 2, 1), _hidden_t(W1T[sl], X1))    # (r, C, N)
        s += b2[sl][:, :, None]
        s[~np.isfinite(s)] = -np.inf                                       # NaN scores count as wrong
        acc[sl] = np.mean(np.argmax(s, axis=1) == y, axis=1)
    return acc


def _softmax_loss_t(s: np.ndarray, y: np.ndarray, lr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean cross-entropy of scores s (A, C, B) for labels y (B,), and lr·dL/ds (A, C, B), s overwritten.

    `sim.twolayer.softmax_loss` with examples last: the sums over the 10 classes then add whole rows of
    B values, several times faster than summing along a last axis of 10."""
    B = len(y)
    cols = np.arange(B)
    s -= s.max(axis=1, keepdims=True)                                      # exp never overflows
    correct = s[:, y, cols]                                                # (A, B) shifted score of the true class
    np.exp(s, out=s)
    z = s.sum(axis=1, keepdims=True)                                       # (A, 1, B)
    loss = (np.log(z[:, 0]) - correct).astype(np.float64).mean(axis=1)    # −mean log softmax[y]
    s *= lr[:, None, None] / (B * z)                                       # lr·softmax/B …
    s[:, y, cols] -= (lr / B)[:, None]                                     # … minus lr/B at the true class
    return loss, s


def _sum_sq(W: np.ndarray) -> np.ndarray:
    """Σ W² of each run's block: W (A, I, J) -> (A,) float64 (summed in W's dtype, without a temporary)."""
    return np.einsum("aij,aij->a", W, W).astype(np.float64)


def train_many(params: dict, X: np.ndarray, y: np.ndarray, X_val: np.ndarray, y_val: np.ndarray, *,
               lrs, regs, epochs: int, batch_size: int, seed: int, dtype=np.float64, ratios: bool = True,
               curves: bool = True, momenta=None) -> ManyHistory:
    """Vanilla SGD for R runs at once: lrs (R,), regs (R,) or a scalar; params shared or stacked per run.
    momenta (R,) or a scalar: SGD + momentum with these mu instead (velocities from zero).

    dtype: the arithmetic (float32 for a search, float64 to match `train`); ratios: record the update/weight
    ratios; curves: score both splits after every epoch (else only before training and at each run's last
    completed epoch, which is all a search reports)."""
    lrs = np.atleast_1d(np.asarray(lrs, dtype=np.float64))
    regs = np.broadcast_to(np.asarray(regs, dtype=np.float64), lrs.shape).copy()
    R = len(lrs)
    shared = all(np.ndim(v) == (2 if k.startswith("W") else 1) for k, v in params.items())
    p = _stack(params, 1 if shared else R, dtype)                        # a shared start is scored once
    X1, X1_val = _with_ones(X, dtype), _with_ones(X_val, dtype)
    with np.errstate(all="ignore"), single_threaded():
        acc0 = (_accuracy(p["W1T"], p["W2"], p["b2"], X1, y), _accuracy(p["W1T"], p["W2"], p["b2"], X1_val, y_val))
    stacked = {k: np.broadcast_to(np.asarray(v, dtype=np.float64), (R, *np.shape(v)[-(2 if k.startswith("W") else 1):]))
               for k, v in params.items()}
    start = ManyHistory(lrs, regs, np.zeros((R, 0)), np.zeros((R, 0, len(WEIGHTS))),
                        np.broadcast_to(acc0[0], (R,))[:, None].copy(), np.broadcast_to(acc0[1], (R,))[:, None].copy(),
                        iters_per_epoch(len(X), batch_size), np.full(R, -1, dtype=np.int64), stacked,
                        None if momenta is None else np.broadcast_to(np.asarray(momenta, dtype=np.float64),
                                                                     lrs.shape).copy())
    return resume_many(start, X, y, X_val, y_val, epochs=epochs, batch_size=batch_size, seed=seed, dtype=dtype,
                       ratios=ratios, curves=curves)


def resume_many(h: ManyHistory, X: np.ndarray, y: np.ndarray, X_val: np.ndarray, y_val: np.ndarray, *,
                epochs: int, batch_size: int, seed: int, dtype=np.float64, ratios: bool = True,
                curves: bool = True) -> ManyHistory:
    """Train the runs of `h` (trained on X, y with this batch size and seed) on to `epochs` epochs in all.

    Training to 5 epochs and resuming to 20 gives exactly the numbers of training to 20 at once (the
    minibatches of an epoch come from (seed, epoch); the weights are handed over unrounded)."""
    R, n = len(h.lrs), len(X)
    done = h.train_acc.shape[1] - 1                                        # epochs h has trained
    ipe = h.iters_per_epoch
    epochs = max(epochs, done)
    T = epochs * ipe
    loss, ratio = np.full((R, T), np.nan), np.full((R, T, len(WEIGHTS)), np.nan)
    tr_acc, va_acc = np.full((R, epochs + 1), np.nan), np.full((R, epochs + 1), np.nan)
    loss[:, :done * ipe], ratio[:, :done * ipe] = h.loss, h.update_ratio
    tr_acc[:, :done + 1], va_acc[:, :done + 1] = h.train_acc, h.val_acc
    diverged = h.diverged_at.copy()
    final = _stack(h.params, R, dtype)
    alive = np.flatnonzero(diverged < 0)                                   # original run index of each live run
    W1T, W2, b2 = final["W1T"][alive], final["W2"][alive], final["b2"][alive]   # (A, H, D + 1), (A, H, C), (A, C)
    mom = h.momenta is not None
    if mom:                                                                # SGD + momentum: velocities as weights
        vel = {k: (np.zeros_like(v) if h.velocity is None else h.velocity[k].astype(dtype))
               for k, v in final.items()}
        V1, V2, Vb, mu = vel["W1T"][alive], vel["W2"][alive], vel["b2"][alive], h.momenta[alive].astype(dtype)
    snap = None if curves else {"W1T": final["W1T"].copy(), "W2": final["W2"].copy(), "b2": final["b2"].copy()}
    X1, X1_val = _with_ones(X, dtype), _with_ones(X_val, dtype)
    lr, reg = h.lrs[alive].astype(dtype), h.regs[alive].astype(dtype)
    decay = 1 - lr * reg                                                   # W − lr·(dW + reg·W) = decay·W − lr·dW
    regularised = bool(np.any(reg))
    initial = loss[alive, 0]                                               # the blow-up test's reference
    it = done * ipe
    with np.errstate(all="ignore"), single_threaded():                    # overflow is reported as diverged_at
        for epoch in range(done, epochs):
            for idx in minibatch_order(n, batch_size, seed, epoch):
                if not len(alive):
                    break
                Xb, yb = X1[idx], y[idx]                                   # (B, D + 1)
                hT = _hidden_t(W1T, Xb)                                    # (A, H, B)
                s = np.matmul(W2.transpose(0, 2, 1), hT)                   # (A, C, B) scores
                s += b2[:, :, None]
                data_loss, ds = _softmax_loss_t(s, yb, lr)                 # (A,), lr·dL/ds (A, C, B)
                sq1 = _sum_sq(W1T[:, :, :-1])                              # ΣW1² (the bias column left out)
                sq2 = _sum_sq(W2)
                L = data_loss + 0.5 * reg.astype(np.float64) * (sq1 + sq2)
                loss[alive, it] = L
                if it == 0:
                    initial = L.copy()
                bad = ~np.isfinite(L) | (L > BLOWUP * initial)
                if bad.any():                                              # record and drop the runs that blew up
                    diverged[alive[bad]] = it
                    for name, v in (("W1T", W1T), ("W2", W2), ("b2", b2)):
                        final[name][alive[bad]] = v[bad]
                    keep = ~bad
                    W1T, W2, b2, hT, ds = W1T[keep], W2[keep], b2[keep], hT[keep], ds[keep]
                    if mom:
                        for name, v in (("W1T", V1), ("W2", V2), ("b2", Vb)):
                            vel[name][alive[bad]] = v[bad]
                        V1, V2, Vb, mu = V1[keep], V2[keep], Vb[keep], mu[keep]
                    lr, reg, decay, initial, alive = lr[keep], reg[keep], decay[keep], initial[keep], alive[keep]
                    sq1, sq2 = sq1[keep], sq2[keep]
                    if not len(alive):
                        it += 1
                        continue
                A, H, D1 = W1T.shape
                dW2 = np.matmul(hT, ds.transpose(0, 2, 1))                 # (A, H, C)
                db2 = ds.sum(axis=2)                                       # (A, C)
                dhT = np.matmul(W2, ds)                                    # (A, H, B)
                dhT *= hT > 0.0                                            # ReLU gate
                dW1T = (dhT.reshape(A * H, len(idx)) @ Xb).reshape(A, H, D1)   # one product; last column lr·db1
                if ratios:
                    ratio[alive, it] = _ratios(dW1T, dW2, W1T, W2, lr * reg, sq1, sq2)
                if mom:                                                    # v = mu·v − lr·(dW + reg·W); W += v
                    if regularised:
                        lr_reg = (lr * reg)[:, None, None]
                        dW1T[:, :, :-1] += lr_reg * W1T[:, :, :-1]
                        dW2 += lr_reg * W2
                    for W, V, dW in ((W1T, V1, dW1T), (W2, V2, dW2), (b2, Vb, db2)):
                        V *= mu.reshape(-1, *([1] * (V.ndim - 1)))
                        V -= dW
                        W += V
                else:
                    if regularised:
                        W1T[:, :, :-1] *= decay[:, None, None]
                        W2 *= decay[:, None, None]
                    W1T -= dW1T
                    W2 -= dW2
                    b2 -= db2
                it += 1
            if len(alive):
                if curves or epoch == epochs - 1:
                    va_acc[alive, epoch + 1] = _accuracy(W1T, W2, b2, X1_val, y_val)
                    tr_acc[alive, epoch + 1] = _accuracy(W1T, W2, b2, X1, y)
                else:                                                      # for runs that stop in a later epoch
                    for name, v in (("W1T", W1T), ("W2", W2), ("b2", b2)):
                        snap[name][alive] = v
        for name, v in (("W1T", W1T), ("W2", W2), ("b2", b2)):
            final[name][alive] = v
        if mom:
            for name, v in (("W1T", V1), ("W2", V2), ("b2", Vb)):
                vel[name][alive] = v
        if snap is not None:
            _score_stopped((tr_acc, va_acc), snap, diverged, ipe, ((X1, y), (X1_val, y_val)))
    W1T = final["W1T"].astype(np.float64)
    out = {"W1": W1T[:, :, :-1].transpose(0, 2, 1).copy(), "b1": W1T[:, :, -1].copy(),
           "W2": final["W2"].astype(np.float64), "b2": final["b2"].astype(np.float64)}
    return ManyHistory(h.lrs, h.regs, loss, ratio, tr_acc, va_acc, ipe, diverged, out, h.momenta,
                       {k: v.astype(np.float64) for k, v in vel.items()} if mom else None)


def _ratios(dW1T, dW2, W1T, W2, lr_reg, sq1, sq2) -> np.ndarray:
    """(A, 2) ‖lr·(dW + reg·W)‖/‖W‖ for W1 (its bias column left out) and W2, given lr·dW and ‖W‖²."""
    out = np.empty((len(sq1), 2))
    for j, (dW, W, sq) in enumerate(((dW1T[:, :, :-1], W1T[:, :, :-1], sq1), (dW2, W2, sq2))):
        step = dW + lr_reg[:, None, None] * W
        out[:, j] = np.sqrt(np.einsum("aij,aij->a", step, step, dtype=np.float64) / np.maximum(sq, 1e-300))
    return out


def _score_stopped(accs, snap, diverged, ipe, splits) -> None:
    """Accuracies (train, val) of each run that stopped with a completed epoch still unscored, from its weights
    at the end of that epoch (without curves only a run's last completed epoch is scored)."""
    done = np.maximum(diverged, 0) // ipe                                  # completed epochs of each stopped run
    late = np.flatnonzero((diverged >= 0) & ~np.isfinite(accs[0][np.arange(len(done)), done]))
    for acc, (X1, y) in zip(accs, splits, strict=True):
        if len(late):
            acc[late, done[late]] = _accuracy(snap["W1T"][late], snap["W2"][late], snap["b2"][late], X1, y)
