"""The regularisation lesson's data demos (Lecture 7, "Data Augmentation" and "Transfer Learning"): a small
digits training set with and without augmentation, and a net pretrained on digits 0–4 reused for 5–9 from a
few examples per class: from scratch, frozen hidden layer with a new last layer, or fine-tuned at a tenth of the
learning rate."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim import data
from sim.labs.augment import Augmentation, augment, hflip
from sim.labs.regnet import RunSettings, accuracy, init_runs, train_runs

AUG_HIDDEN, AUG_LR, AUG_BATCH = 100, 0.3, 50
AUG_STEPS = 500                     # SGD steps whatever the training set's size (epochs = steps / batches)
TR_HIDDEN, TR_LR, TR_BATCH, PRE_EPOCHS, TR_STEPS = 100, 0.3, 50, 20, 200
SHOTS = (1, 5, 10, 20, 50)          # examples per class of digits 5–9
METHODS = ("scratch", "frozen", "finetune")
FINETUNE = 0.1                      # fine-tuning's learning rate as a fraction of the original


# ---- augmentation ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Variants:
    original: np.ndarray     # (8, 8) pixels in [0, 1]
    label: int
    images: np.ndarray       # (n, 8, 8) random augmented copies
    flipped: np.ndarray      # (8, 8) its horizontal mirror (not used: it changes the class)


def variants(index: int, aug: Augmentation, n: int, seed: int) -> Variants:
    """One training digit (by index in the seed's shuffled training split) and n augmented copies of it."""
    d = data.prepare("digits", seed=seed)
    x = d.X_train[index % len(d.y_train)] + d.mean
    rng = np.random.default_rng([seed, 17, index])
    imgs = augment(np.repeat(x[None], n, axis=0), aug, rng)
    return Variants(x.reshape(8, 8), int(d.y_train[index % len(d.y_train)]), imgs.reshape(n, 8, 8),
                    hflip(x[None])[0].reshape(8, 8))


@dataclass(frozen=True)
class AugmentRun:
    n_train: int
    epochs: np.ndarray       # (P,) the scored epochs (about 50 of them)
    train_acc: np.ndarray    # (2, P) rows: without, with augmentation (train accuracy on the clean images)
    val_acc: np.ndarray      # (2, P)

    @property
    def gain(self) -> float:
        return float(self.val_acc[1, -1] - self.val_acc[0, -1])


def augment_run(n_train: int, aug: Augmentation, seed: int) -> AugmentRun:
    """The same net and minibatches on n_train examples, the second run on freshly augmented copies each step."""
    d = data.prepare("digits", seed=seed, n_train=n_train)
    n = len(d.y_train)
    epochs = max(1, AUG_STEPS // -(-n // AUG_BATCH))

    def fn(Xb, rng):
        return augment(Xb + d.mean, aug, rng) - d.mean                       # augment raw pixels, re-centre

    p = init_runs([seed * 1000] * 2, d.X_train.shape[1], AUG_HIDDEN, d.n_classes)
    h = train_runs(p, d.X_train, d.y_train, d.X_val, d.y_val, settings=RunSettings(lr=(AUG_LR,), augment=(False, True)),
                   epochs=epochs, batch_size=AUG_BATCH, seed=seed, augment_fn=fn, eval_every=max(1, epochs // 50))
    return AugmentRun(n, h.scored, h.train_acc, h.val_acc)


# ---- transfer learning -----------------------------------------------------------------------------------------
def split(seed: int):
    """(the 0–4 data set, the 5–9 pool, its validation set) with labels 0–4 in both."""
    d = data.prepare("digits", seed=seed)
    lo, lo_v = d.y_train < 5, d.y_val < 5
    return (d.X_train[lo], d.y_train[lo], d.X_val[lo_v], d.y_val[lo_v]), \
        (d.X_train[~lo], d.y_train[~lo] - 5), (d.X_val[~lo_v], d.y_val[~lo_v] - 5)


@dataclass(frozen=True)
class Pretrained:
    params: dict             # stacked (R = 1) weights of the net trained on digits 0–4
    val_acc: float           # its accuracy on digits 0–4


def pretrain(seed: int) -> Pretrained:
    (X, y, Xv, yv), _, _ = split(seed)
    p = init_runs([seed * 1000 + 1], X.shape[1], TR_HIDDEN, 5)
    h = train_runs(p, X, y, Xv, yv, settings=RunSettings(lr=(TR_LR,)), epochs=PRE_EPOCHS, batch_size=TR_BATCH,
                   seed=seed, eval_every=PRE_EPOCHS)
    return Pretrained(h.params, float(h.val_acc[0, -1]))


@dataclass(frozen=True)
class ShotResult:
    shots: int
    val_acc: np.ndarray      # (3,) scratch, frozen, finetune on digits 5–9
    frozen_unchanged: bool   # the frozen hidden layer is bit for bit the pretrained one
    params: dict             # the three nets' final weights (stacked)


def transfer_shots(pre: Pretrained, shots: int, seed: int, finetune: float = FINETUNE) -> ShotResult:
    """Learn digits 5–9 from `shots` examples per class, TR_STEPS SGD steps, three ways as one batched run:
    a fresh net; the pretrained hidden layer frozen (its learning rate 0) with a new last layer; every layer
    fine-tuned from the pretrained one at `finetune` × the learning rate (the last layer new)."""
    _, (X, y), (Xv, yv) = split(seed)
    idx = np.concatenate([np.flatnonzero(y == c)[:shots] for c in range(5)])
    fresh = init_runs([seed * 1000 + 2] * 3, X.shape[1], TR_HIDDEN, 5)
    start = {"W1": np.stack([fresh["W1"][0], pre.params["W1"][0], pre.params["W1"][0]]),
             "b1": np.stack([fresh["b1"][0], pre.params["b1"][0], pre.params["b1"][0]]),
             "W2": fresh["W2"], "b2": fresh["b2"]}
    epochs = max(1, TR_STEPS // -(-len(idx) // TR_BATCH))
    s = RunSettings(lr=(TR_LR, TR_LR, TR_LR * finetune), lr_hidden=(1.0, 0.0, 1.0))
    h = train_runs(start, X[idx], y[idx], Xv, yv, settings=s, epochs=epochs, batch_size=TR_BATCH, seed=seed,
                   eval_every=epochs)
    same = bool(np.array_equal(h.params["W1"][1], pre.params["W1"][0])
                and np.array_equal(h.params["b1"][1], pre.params["b1"][0]))
    return ShotResult(shots, accuracy(h.params, Xv, yv), same, h.params)


@dataclass(frozen=True)
class TransferCurves:
    shots: np.ndarray        # (S,)
    val_acc: np.ndarray      # (S, 3) scratch, frozen, finetune
    pretrained_acc: float


def curves(pre: Pretrained, results) -> TransferCurves:
    return TransferCurves(np.array([r.shots for r in results]), np.array([r.val_acc for r in results]).reshape(-1, 3),
                          pre.val_acc)


# ---- the common pattern ----------------------------------------------------------------------------------------
PATTERN_ROWS = ("dropout", "augmentation", "batchnorm")


@dataclass(frozen=True)
class Pattern:
    """"Training: add randomness; testing: average it out", one number per row: its values at training (one
    per random draw), their mean, and the single deterministic value used at test time."""
    samples: np.ndarray      # (3, K) dropout: a unit's output over K masks; augmentation: a linear score over K
    mean: np.ndarray         # (3,)   augmented copies of one digit; batch norm: one example's x̂ over K batches
    test: np.ndarray         # (3,)   dropout: w·x; augmentation: the clean digit's score; BN: x̂ with the running
                             #        (population) statistics


def pattern(seed: int, K: int = 40) -> Pattern:
    rng = np.random.default_rng([seed, 19])
    d = data.prepare("digits", seed=seed)
    x = d.X_train[0] + d.mean                                                  # one digit's pixels in [0, 1]
    w = rng.standard_normal(64) / 8 + 0.05
    drop = (rng.random((K, 64)) < 0.5) / 0.5 @ (w * x)                          # inverted dropout, keep 0.5
    aug = augment(np.repeat(x[None], K, axis=0), Augmentation(), rng) @ w
    pool = 3.0 + 2.0 * rng.standard_normal(10_000)                              # one feature over the data
    batches = rng.choice(pool, size=(K, 15))
    ex = pool[0]
    bn = (ex - np.concatenate([batches, np.full((K, 1), ex)], axis=1).mean(1)) \
        / np.sqrt(np.concatenate([batches, np.full((K, 1), ex)], axis=1).var(1) + 1e-5)   # x̂ inside each batch
    test = np.array([w @ x, w @ x, (ex - pool.mean()) / np.sqrt(pool.var() + 1e-5)])
    samples = np.stack([drop, aug, bn])
    return Pattern(samples, samples.mean(axis=1), test)
