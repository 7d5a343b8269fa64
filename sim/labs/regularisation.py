"""The regularisation lesson's demos (Lecture 7; cs231n.github.io/neural-networks-2 "Regularization" and -3
"Model Ensembles"): ensembles of nets averaging their predicted probabilities, Polyak averaging, L2/L1/elastic-net
penalties on a net that overfits, and dropout (the masks, its expectation, its effect on the gap). Data
augmentation and transfer learning are in sim/labs/augtransfer.py."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim import data
from sim._fast import N_BINS
from sim.dropout import dropout_mask
from sim.labs.regnet import RunSettings, init_runs, probs, train_runs

# The ensembles' members: the digits with 300 training examples, 50 hidden units, 30 epochs of SGD.
ENS_TRAIN, ENS_HIDDEN, ENS_LR, ENS_EPOCHS, BATCH = 300, 50, 0.3, 30, 50
POLYAK_DECAY = 0.9                 # w̄ ← 0.9·w̄ + 0.1·w after every step
KINDS = ("init", "snapshot", "cyclic", "search")   # members: different initialisations, snapshots of one run (constant
                                                   # or cyclic learning rate), the top trials of a search
CYCLE, CYCLIC_LR = 3, 1.0          # cyclic: the learning rate falls from 1.0 to 0 along a cosine every 3 epochs
SEARCH_TRIALS, SEARCH_LR, SEARCH_REG = 20, (-1.5, 0.3), (-5.0, -2.0)   # a small random search (log10 ranges)
PEN_TRAIN, PEN_HIDDEN, PEN_EPOCHS, PEN_LR = 100, 100, 100, 0.3
PENALTIES = ("l2", "l1", "elastic")
STRENGTHS = (0.0, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1)
ZERO = 1e-3                        # |w| below this counts as (near) zero in the histogram's spike
DROP_TRAIN, DROP_HIDDEN, DROP_LR = 200, 300, 0.3


def digits(seed: int, n_train: int | None = None) -> data.Dataset:
    return data.prepare("digits", seed=seed, n_train=n_train)


# ---- ensembles -------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Members:
    """Validation-set probabilities of some ensemble members."""
    probs: np.ndarray        # (N, M, C)
    val_acc: np.ndarray      # (N,) each member's own accuracy


def members(kind: str, first: int, last: int, seed: int) -> Members:
    """Members first..last − 1: nets from different initialisations (seeds seed·1000 + i, trained as one
    batched run), the snapshots of one run taken every 3 epochs (the last `last` of ENS_EPOCHS; with `cyclic`, at
    the end of each cycle of a cosine learning rate, where the weights settle in a minimum), or the best
    trials of a small random search over the learning rate and L2 strength, best first."""
    d = digits(seed, ENS_TRAIN)
    if kind == "init":
        p = init_runs([seed * 1000 + i for i in range(first, last)], d.X_train.shape[1], ENS_HIDDEN, d.n_classes)
        h = train_runs(p, d.X_train, d.y_train, d.X_val, d.y_val, settings=RunSettings(lr=(ENS_LR,)),
                       epochs=ENS_EPOCHS, batch_size=BATCH, seed=seed, eval_every=ENS_EPOCHS)
        P = probs(h.params, d.X_val)
    elif kind in ("snapshot", "cyclic"):
        h = one_run(seed, cyclic=kind == "cyclic")
        P = np.concatenate([probs(h.snapshots[e], d.X_val) for e in snapshot_epochs()[first:last]])
    elif kind == "search":
        P = search_pool(seed)[first:last]
    else:
        raise KeyError(f"unknown ensemble kind {kind!r}; valid: {', '.join(KINDS)}")
    return Members(P, np.mean(np.argmax(P, axis=-1) == d.y_val, axis=1))


def search_trials(seed: int, a: int, b: int) -> np.ndarray:
    """Trials a..b − 1 of a small random search (lr and L2 strength drawn on a log scale, all SEARCH_TRIALS draws
    made at once so a chunk's trials do not depend on the chunking), one batched run: their validation
    probabilities (b − a, M, C), in trial order."""
    d = digits(seed, ENS_TRAIN)
    rng = np.random.default_rng([seed, 23])
    lr, reg = 10 ** rng.uniform(*SEARCH_LR, SEARCH_TRIALS), 10 ** rng.uniform(*SEARCH_REG, SEARCH_TRIALS)
    p = init_runs([seed * 1000 + 500 + i for i in range(a, b)], d.X_train.shape[1], ENS_HIDDEN, d.n_classes)
    h = train_runs(p, d.X_train, d.y_train, d.X_val, d.y_val, settings=RunSettings(lr=tuple(lr[a:b]),
                   l2=tuple(reg[a:b])), epochs=ENS_EPOCHS, batch_size=BATCH, seed=seed, eval_every=ENS_EPOCHS)
    return probs(h.params, d.X_val)


def rank_trials(P: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Trials' probabilities (T, M, C) best validation accuracy first (the search ranks on the validation split,
    as the notes do; ties keep trial order)."""
    acc = np.nan_to_num(np.mean(np.argmax(P, axis=-1) == y, axis=1), nan=-1.0)
    return P[np.argsort(-acc, kind="stable")]


def search_pool(seed: int, chunks=((0, SEARCH_TRIALS),)) -> np.ndarray:
    """Every trial's validation probabilities (T, M, C), best first, from the given chunks of trials."""
    P = np.concatenate([search_trials(seed, a, b) for a, b in chunks])
    return rank_trials(P, digits(seed, ENS_TRAIN).y_val)


def snapshot_epochs(n: int = 10) -> tuple[int, ...]:
    """The epochs whose weights are the snapshots, newest first: 30, 27, 24, …"""
    return tuple(ENS_EPOCHS - 3 * i for i in range(n))


def cyclic_scale(epoch: float) -> float:
    """A cosine from 1 to 0 over every CYCLE epochs (snapshot ensembles' cyclic schedule)."""
    return 0.5 * (1.0 + np.cos(np.pi * (epoch % CYCLE) / CYCLE))


def one_run(seed: int, cyclic: bool = False):
    """One net trained with Polyak averaging and snapshots (the snapshot ensembles and the Polyak view)."""
    d = digits(seed, ENS_TRAIN)
    p = init_runs([seed * 1000], d.X_train.shape[1], ENS_HIDDEN, d.n_classes)
    return train_runs(p, d.X_train, d.y_train, d.X_val, d.y_val,
                      settings=RunSettings(lr=(CYCLIC_LR if cyclic else ENS_LR,)), epochs=ENS_EPOCHS,
                      batch_size=BATCH, seed=seed, polyak=POLYAK_DECAY, snapshot_epochs=snapshot_epochs(),
                      lr_scale=cyclic_scale if cyclic else None)


@dataclass(frozen=True)
class EnsembleCurve:
    n: np.ndarray            # (N,) ensemble sizes 1..N
    ensemble: np.ndarray     # (N,) accuracy of the first n members' averaged probabilities
    vote: np.ndarray         # (N,) accuracy of a majority vote of their labels (for comparison)
    mean: np.ndarray         # (N,) mean accuracy of the first n members alone
    best: np.ndarray         # (N,) best of them alone

    def gain(self, n: int) -> float:
        """The ensemble of n over the mean single net, in accuracy points (0.02 = the slide's 2 %)."""
        return float(self.ensemble[n - 1] - self.mean[n - 1])


def ensemble_curve(P: np.ndarray, y: np.ndarray) -> EnsembleCurve:
    """P (N, M, C) members' probabilities, y (M,): the ensemble AVERAGES PROBABILITIES, then takes the argmax."""
    N, _, C = P.shape
    ens = np.cumsum(P, axis=0) / np.arange(1, N + 1)[:, None, None]
    acc = np.mean(np.argmax(ens, axis=-1) == y, axis=1)
    single = np.mean(np.argmax(P, axis=-1) == y, axis=1)
    onehot = np.eye(C)[np.argmax(P, axis=-1)]                     # (N, M, C) each member's label
    votes = np.cumsum(onehot, axis=0)
    vote = np.mean(np.argmax(votes, axis=-1) == y, axis=1)         # ties go to the lower class
    n = np.arange(1, N + 1)
    return EnsembleCurve(n, acc, vote, np.cumsum(single) / n, np.maximum.accumulate(single))


@dataclass(frozen=True)
class PolyakResult:
    epochs: np.ndarray       # (E + 1,)
    raw: np.ndarray          # (E + 1,) validation accuracy of the weights themselves
    averaged: np.ndarray     # (E + 1,) of the running average of the weights
    decay: float


def polyak(seed: int) -> PolyakResult:
    h = one_run(seed)
    return PolyakResult(np.arange(ENS_EPOCHS + 1), h.val_acc[0], h.polyak_val_acc[0], POLYAK_DECAY)


# ---- penalties -------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PenaltyResult:
    kind: str
    strengths: np.ndarray    # (S,)
    train_acc: np.ndarray    # (S,)
    val_acc: np.ndarray      # (S,)
    hist: np.ndarray         # (S, N_BINS) counts of W1's entries
    edges: np.ndarray        # (N_BINS + 1,)
    near_zero: np.ndarray    # (S,) share of W1's entries with |w| < ZERO
    weight_norm: np.ndarray  # (S,) ‖W1‖ (Frobenius)

    @property
    def gap(self) -> np.ndarray:
        return self.train_acc - self.val_acc


def penalty_settings(kind: str, strengths) -> RunSettings:
    """L2: 0.5·λ·ΣW²; L1: λ·Σ|W|; elastic net: both with the same λ."""
    s = tuple(float(v) for v in strengths)
    zero = (0.0,) * len(s)
    if kind not in PENALTIES:
        raise KeyError(f"unknown penalty {kind!r}; valid: {', '.join(PENALTIES)}")
    return RunSettings(lr=(PEN_LR,), l2=s if kind in ("l2", "elastic") else zero, l1=s if kind in ("l1", "elastic")
                       else zero)


def penalties(kind: str, seed: int, strengths=STRENGTHS) -> PenaltyResult:
    """One net per strength on PEN_TRAIN training examples (a net this big overfits them), trained as one run."""
    d = digits(seed, PEN_TRAIN)
    p = init_runs([seed * 1000] * len(strengths), d.X_train.shape[1], PEN_HIDDEN, d.n_classes)
    h = train_runs(p, d.X_train, d.y_train, d.X_val, d.y_val, settings=penalty_settings(kind, strengths),
                   epochs=PEN_EPOCHS, batch_size=BATCH, seed=seed, eval_every=PEN_EPOCHS)   # only the end
    W1 = h.params["W1"].reshape(len(strengths), -1)
    lim = max(float(np.abs(W1).max()), 1e-6)
    edges = np.linspace(-lim, lim, N_BINS + 1)
    hist = np.stack([np.histogram(w, edges)[0] for w in W1])
    return PenaltyResult(kind, np.asarray(strengths, float), h.train_acc[:, -1], h.val_acc[:, -1], hist, edges,
                         np.mean(np.abs(W1) < ZERO, axis=1), np.linalg.norm(W1, axis=1))


# ---- dropout ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DropoutRun:
    """Srivastava et al. 2014's comparison at classroom scale: the same too-big net without and with dropout."""
    keep: float
    keep_input: float
    epochs: np.ndarray       # (E + 1,)
    train_acc: np.ndarray    # (2, E + 1) rows: without, with dropout
    val_acc: np.ndarray      # (2, E + 1)
    params: dict             # the two nets' final weights (stacked)

    @property
    def gap(self) -> np.ndarray:
        """(2,) final train − validation accuracy, without and with dropout."""
        return self.train_acc[:, -1] - self.val_acc[:, -1]


def dropout_run(keep: float, keep_input: float, epochs: int, seed: int, *, connect: bool = False) -> DropoutRun:
    """DROP_HIDDEN hidden units on DROP_TRAIN examples, same start, same minibatches; the second run drops
    hidden units with keep probability `keep` (or, connect=True, first-layer weights: DropConnect) and input
    pixels with keep_input."""
    d = digits(seed, DROP_TRAIN)
    p = init_runs([seed * 1000] * 2, d.X_train.shape[1], DROP_HIDDEN, d.n_classes)
    s = RunSettings(lr=(DROP_LR,), keep=(1.0, 1.0 if connect else keep), keep_weight=(1.0, keep if connect else 1.0),
                    keep_input=(1.0, keep_input))
    h = train_runs(p, d.X_train, d.y_train, d.X_val, d.y_val, settings=s, epochs=epochs, batch_size=BATCH,
                   seed=seed)
    return DropoutRun(keep, keep_input, np.arange(epochs + 1), h.train_acc, h.val_acc, h.params)


@dataclass(frozen=True)
class MonteCarlo:
    k: np.ndarray            # (K,) masks averaged
    mc_acc: np.ndarray       # (K,) accuracy of the average of k dropout passes' probabilities
    scaled_acc: float        # one test pass (inverted dropout: no scaling needed)
    unscaled_acc: float      # the no-/p version at test without multiplying by p (the bug the notes warn of)


def monte_carlo(run: DropoutRun, K: int, seed: int) -> MonteCarlo:
    """The "ensemble of sub-networks" view: average K masked passes of the dropout net against one test pass."""
    d = digits(seed, DROP_TRAIN)
    W1, b1, W2, b2 = (run.params[k][1] for k in ("W1", "b1", "W2", "b2"))
    h = np.maximum(d.X_val @ W1 + b1, 0.0)
    rng = np.random.default_rng([seed, 7])
    acc = np.empty(K)
    total = np.zeros((len(d.y_val), W2.shape[1]))
    for i in range(K):
        s = (h * dropout_mask(h.shape, run.keep, rng)) @ W2 + b2
        e = np.exp(s - s.max(axis=1, keepdims=True))
        total += e / e.sum(axis=1, keepdims=True)
        acc[i] = np.mean(np.argmax(total, axis=1) == d.y_val)
    scaled = float(np.mean(np.argmax(h @ W2 + b2, axis=1) == d.y_val))
    # a net trained without the /p sees outputs p times smaller at training: W2·p, here as h·p·W2 vs h·W2 (biased)
    unscaled = float(np.mean(np.argmax((h / run.keep) @ W2 + b2, axis=1) == d.y_val))
    return MonteCarlo(np.arange(1, K + 1), acc, scaled, unscaled)


@dataclass(frozen=True)
class Expectation:
    """One unit's output a = w·(x ⊙ mask) over many masks: its running mean against the test-time output."""
    n: np.ndarray            # (K,) masks drawn so far
    inverted: np.ndarray     # (K,) running mean with mask = (rand < p) / p
    vanilla: np.ndarray      # (K,) running mean with mask = (rand < p) (no /p)
    test: float              # w·x: inverted dropout's test output (and vanilla's before scaling)
    test_scaled: float       # p·w·x: vanilla dropout's test output, multiplied by p
    keep: float


def expectation(keep: float, K: int, seed: int, n_in: int = 64) -> Expectation:
    rng = np.random.default_rng([seed, 11])
    x, w = rng.uniform(0, 1, n_in), rng.standard_normal(n_in) / np.sqrt(n_in) + 0.1
    keepers = rng.random((K, n_in)) < keep
    a_van = keepers.astype(float) @ (w * x)
    n = np.arange(1, K + 1)
    return Expectation(n, np.cumsum(a_van / keep) / n, np.cumsum(a_van) / n, float(w @ x), float(keep * (w @ x)),
                       keep)


@dataclass(frozen=True)
class Masks:
    unit: np.ndarray         # (K, H) 0/1: the hidden units each forward pass keeps
    weight: np.ndarray       # (K, D, H) 0/1: the first-layer weights DropConnect keeps


def masks(keep: float, K: int, D: int, H: int, seed: int) -> Masks:
    rng = np.random.default_rng([seed, 13])
    return Masks((rng.random((K, H)) < keep).astype(float), (rng.random((K, D, H)) < keep).astype(float))
