"""Many two-layer nets trained at once with the regularisers of Lecture 7: L2 and L1 penalties (elastic net is
both), dropout on the hidden layer (inverted, p = keep probability), DropConnect on the first layer's weights,
data augmentation of the minibatch, a frozen or slowed first layer (transfer learning), Polyak averaging of the
weights and snapshots of one run (cs231n.github.io/neural-networks-2 "Regularization", -3 "Model Ensembles").

The R runs are stacked on a leading axis (W1 (R, D, H), b1 (R, H), W2 (R, H, C), b2 (R, C)) and every step is a
few batched matrix products, as in sim.batched; each run has its own settings. Minibatches come from
sim.train.minibatch_order (shared by all runs), masks and augmentations from generators derived from
(seed, epoch, step), so a run is reproducible on its own."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from sim._fast import single_threaded
from sim.dropout import dropout_mask
from sim.train import minibatch_order
from sim.twolayer import init_params, softmax_loss

KEYS = ("W1", "b1", "W2", "b2")


@dataclass(frozen=True)
class RunSettings:
    """Per-run settings, each a tuple of R values (a scalar is broadcast to every run)."""
    lr: tuple = (0.1,)            # learning rate of the last layer (and of the first, times lr_hidden)
    lr_hidden: tuple = (1.0,)     # the first layer's rate as a multiple of lr: 0 freezes it (transfer), 0.1 slows it
    l2: tuple = (0.0,)            # 0.5·l2·ΣW² in the loss
    l1: tuple = (0.0,)            # l1·Σ|W| in the loss (both: elastic net)
    keep: tuple = (1.0,)          # dropout on the hidden units: probability of keeping a unit (1: no dropout)
    keep_input: tuple = (1.0,)    # dropout on the input pixels (Srivastava et al. 2014 keep 0.8 of them)
    keep_weight: tuple = (1.0,)   # DropConnect on W1: probability of keeping a weight (1: none)
    augment: tuple = (False,)     # train this run on augmented minibatches


@dataclass(frozen=True)
class RunsHistory:
    train_acc: np.ndarray          # (R, P) test-mode accuracy on the (clean) training set at each scored epoch
    val_acc: np.ndarray            # (R, P)
    loss: np.ndarray               # (R, E) mean minibatch loss of each epoch (data + penalty)
    params: dict                   # final stacked weights
    polyak: dict | None            # the running average of the weights (decay per step), or None
    polyak_val_acc: np.ndarray | None   # (R, P) accuracy of the averaged weights
    snapshots: dict = field(default_factory=dict)   # epoch -> stacked weights at its end
    scored: np.ndarray = field(default_factory=lambda: np.zeros(0, int))   # (P,) the scored epochs: 0, k, 2k, …, E


def _per_run(v, R: int, dtype=float) -> np.ndarray:
    return np.broadcast_to(np.asarray(v, dtype=dtype), (R,)).copy()


def init_runs(seeds, input_dim: int, hidden_dim: int, n_classes: int, *, weight_scale: float | None = None) -> dict:
    """Stacked sim.twolayer.init_params, one per seed (different initialisations); weight_scale None: √(2/D)."""
    ws = np.sqrt(2.0 / input_dim) if weight_scale is None else weight_scale
    ps = [init_params(input_dim, hidden_dim, n_classes, weight_scale=ws, seed=int(s)) for s in seeds]
    return {k: np.stack([p[k] for p in ps]) for k in KEYS}


def probs(params: dict, X: np.ndarray) -> np.ndarray:
    """Softmax probabilities of each run at test time: stacked params, X (N, D) -> (R, N, C)."""
    h = np.maximum(np.matmul(X, params["W1"]) + params["b1"][:, None, :], 0.0)
    s = np.matmul(h, params["W2"]) + params["b2"][:, None, :]
    s -= s.max(axis=-1, keepdims=True)
    e = np.exp(s)
    return e / e.sum(axis=-1, keepdims=True)


def accuracy(params: dict, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """(R,) test-mode accuracy of every run (the argmax of the scores: no softmax needed)."""
    h = np.maximum(np.matmul(X, params["W1"]) + params["b1"][:, None, :], 0.0)
    s = np.matmul(h, params["W2"]) + params["b2"][:, None, :]
    return np.mean(np.argmax(s, axis=-1) == y, axis=1)


def take(params: dict, runs) -> dict:
    """The stacked weights of some runs (an index array or slice)."""
    return {k: v[runs] for k, v in params.items()}


def train_runs(params: dict, X: np.ndarray, y: np.ndarray, X_val: np.ndarray, y_val: np.ndarray, *,
               settings: RunSettings, epochs: int, batch_size: int, seed: int,
               augment_fn: Callable[[np.ndarray, np.random.Generator], np.ndarray] | None = None,
               polyak: float | None = None, snapshot_epochs: tuple = (), eval_every: int = 1,
               lr_scale: Callable[[float], float] | None = None) -> RunsHistory:
    """Minibatch SGD of R stacked nets (params stacked as init_runs makes them; not modified).

    augment_fn(Xb, rng) -> a transformed copy of the minibatch (runs with augment=True train on it). polyak: the
    decay of the running average w̄ ← decay·w̄ + (1 − decay)·w after every step. Accuracies are scored before
    training, every `eval_every` epochs and after the last (scoring costs more than a step on a tiny set).
    lr_scale(epoch + fraction of the epoch done) multiplies every learning rate (a schedule; None: constant)."""
    R = params["W1"].shape[0]
    lr, lr1 = _per_run(settings.lr, R), _per_run(settings.lr, R) * _per_run(settings.lr_hidden, R)
    l2, l1 = _per_run(settings.l2, R), _per_run(settings.l1, R)
    keep, keep_w = _per_run(settings.keep, R), _per_run(settings.keep_weight, R)
    keep_in = _per_run(settings.keep_input, R)
    aug = _per_run(settings.augment, R, bool)
    p = {k: np.array(v, dtype=np.float64) for k, v in params.items()}
    avg = {k: v.copy() for k, v in p.items()} if polyak is not None else None
    scored = np.array(sorted({*range(0, epochs + 1, max(1, eval_every)), epochs}))
    slot = {int(e): i for i, e in enumerate(scored)}
    tr, va = np.full((R, len(scored)), np.nan), np.full((R, len(scored)), np.nan)
    pva = np.full((R, len(scored)), np.nan) if polyak is not None else None
    losses = np.zeros((R, epochs))
    snaps = {}
    n = len(X)
    col = (slice(None), None, None)
    with single_threaded(), np.errstate(over="ignore", invalid="ignore"):
        tr[:, 0], va[:, 0] = accuracy(p, X, y), accuracy(p, X_val, y_val)
        if pva is not None:
            pva[:, 0] = va[:, 0]
        for epoch in range(epochs):
            batches = minibatch_order(n, batch_size, seed, epoch)
            for step, idx in enumerate(batches):
                rng = np.random.default_rng([seed, epoch, step])
                Xb, yb = X[idx], y[idx]
                Xr = np.broadcast_to(Xb, (R, *Xb.shape))
                if aug.any() and augment_fn is not None:
                    Xr = np.where(aug[col], augment_fn(Xb, rng), Xr)           # (R, B, D)
                if (keep_in < 1).any():                                         # input dropout
                    Xr = Xr * np.stack([dropout_mask(Xb.shape, k, rng) if k < 1 else np.ones(Xb.shape)
                                        for k in keep_in])
                W1, mw = p["W1"], None
                if (keep_w < 1).any():                                          # DropConnect: one mask a batch
                    mw = np.stack([dropout_mask(W1.shape[1:], k, rng) if k < 1 else np.ones(W1.shape[1:])
                                   for k in keep_w])
                    W1 = W1 * mw
                h = np.maximum(np.matmul(Xr, W1) + p["b1"][:, None, :], 0.0)  # (R, B, H)
                gate = h > 0
                if (keep < 1).any():                                            # dropout: a mask per unit and example
                    u = np.stack([dropout_mask(h.shape[1:], k, rng) if k < 1 else np.ones(h.shape[1:])
                                  for k in keep])
                    h = h * u
                    gate = gate * u
                s = np.matmul(h, p["W2"]) + p["b2"][:, None, :]                # (R, B, C)
                data_loss, ds = softmax_loss(s, yb)
                penalty = sum(0.5 * l2 * np.sum(p[k] ** 2, axis=(1, 2)) + l1 * np.sum(np.abs(p[k]), axis=(1, 2))
                              for k in ("W1", "W2"))
                losses[:, epoch] += (data_loss + penalty) / len(batches)
                dW2 = np.matmul(h.transpose(0, 2, 1), ds)
                db2 = ds.sum(axis=1)
                dz = np.matmul(ds, p["W2"].transpose(0, 2, 1)) * gate          # (R, B, H)
                dW1 = np.matmul(Xr.transpose(0, 2, 1), dz)
                if mw is not None:
                    dW1 *= mw                                                   # through the same weight mask
                db1 = dz.sum(axis=1)
                for k, g in (("W1", dW1), ("W2", dW2)):
                    g += l2[col] * p[k] + l1[col] * np.sign(p[k])
                f = 1.0 if lr_scale is None else lr_scale(epoch + step / len(batches))
                p["W2"] -= f * lr[col] * dW2
                p["b2"] -= f * lr[:, None] * db2
                p["W1"] -= f * lr1[col] * dW1                                   # lr1 = 0: W1 - 0 is W1, bit for bit
                p["b1"] -= f * lr1[:, None] * db1
                if avg is not None:
                    for k in KEYS:
                        avg[k] *= polyak
                        avg[k] += (1 - polyak) * p[k]
            if epoch + 1 in slot:
                i = slot[epoch + 1]
                tr[:, i], va[:, i] = accuracy(p, X, y), accuracy(p, X_val, y_val)
                if pva is not None:
                    pva[:, i] = accuracy(avg, X_val, y_val)
            if epoch + 1 in snapshot_epochs:
                snaps[epoch + 1] = {k: v.copy() for k, v in p.items()}
    return RunsHistory(tr, va, losses, p, avg, pva, snaps, scored)

