"""Hyperparameter search (cs231n.github.io/neural-networks-3, "Hyperparameter optimization"; slide "Random Search vs. Grid Search"): log-uniform random/grid trials, one batched run, coarse-to-fine narrowing."""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sim.batched import train_many
from sim.data import rng
from sim.twolayer import init_params

Range = tuple[float, float]  # (lo, hi) exponents of 10: the values 10**lo … 10**hi
MOMENTA = (0.5, 0.9, 0.95, 0.99)   # the notes: momentum "cross-validated over [0.5, 0.9, 0.95, 0.99]"


def log_uniform(lo: float, hi: float, n: int, rng: np.random.Generator) -> np.ndarray:
    """n values 10**uniform(lo, hi): every decade of the range is equally likely (the lecture's sampling)."""
    return 10.0 ** rng.uniform(min(lo, hi), max(lo, hi), n)


def grid_axis(lo: float, hi: float, k: int) -> np.ndarray:
    """k values at the centres of k equal cells of [lo, hi] in log space (never on the range's edges)."""
    lo, hi = min(lo, hi), max(lo, hi)
    return 10.0 ** (lo + (np.arange(k) + 0.5) * (hi - lo) / k)


def random_trials(n: int, lr_range: Range, reg_range: Range, seed: int, stream: int = 0) -> np.ndarray:
    """(n, 2) trials [lr, reg], each drawn independently and log-uniformly from its range.

    `stream` gives each stage of a search its own draws under the same seed."""
    g = rng(seed, "search_trials", stream)
    lr = log_uniform(*lr_range, n, g)
    return np.column_stack([lr, log_uniform(*reg_range, n, g)])


def with_momentum(trials: np.ndarray, seed: int, stream: int = 0) -> np.ndarray:
    """(n, 3) trials [lr, reg, momentum]: `trials` (n, 2) with a momentum drawn for each from MOMENTA, equally
    likely, from a sub-stream of the stage's own (so the lr and reg draws are the SGD search's with this seed)."""
    t = np.asarray(trials, dtype=np.float64)
    t = t if t.ndim == 2 and t.shape[1] == 3 else t.reshape(-1, 2)
    mu = t[:, 2].copy() if t.shape[1] == 3 else None
    mu = rng(seed, "search_trials", stream, 1).choice(np.array(MOMENTA), len(t))
    return np.column_stack([t, mu])


def grid_trials(n: int, lr_range: Range, reg_range: Range) -> np.ndarray:
    """(k·k, 2) trials [lr, reg] on a k × k log grid, k = ⌊√n⌋ (at least 1): only k distinct values per axis."""
    k = max(1, math.isqrt(max(1, n)))
    lr, reg = np.meshgrid(grid_axis(*lr_range, k), grid_axis(*reg_range, k), indexing="ij")
    return np.column_stack([lr.ravel(), reg.ravel()])


@dataclass(frozen=True)
class SearchResult:
    lr: np.ndarray             # (R,)
    reg: np.ndarray            # (R,)
    val_acc: np.ndarray        # (R,) after the last completed epoch (what train().val_acc[-1] reports)
    train_acc: np.ndarray      # (R,) after the last completed epoch
    val_curve: np.ndarray      # (R, E + 1) before training and at the last completed epoch (NaN between: a search
                               # scores only what it reports)
    loss: np.ndarray           # (R, T) minibatch loss; NaN after a trial stopped
    stopped_early: np.ndarray  # (R,) bool: the loss exceeded 3× its initial value (or went non-finite)
    stopped_at: np.ndarray     # (R,) int iteration of the stop, −1 if the trial ran all its epochs
    epochs: int
    iters_per_epoch: int
    momentum: np.ndarray | None = None   # (R,) SGD + momentum's mu per trial; None: vanilla SGD

    def __len__(self) -> int:
        return len(self.lr)

    def order(self) -> np.ndarray:
        """Trial indices, best first: finished trials by val accuracy (high first), then the stopped ones."""
        key = np.where(self.stopped_early, -np.inf, np.nan_to_num(self.val_acc, nan=-np.inf))
        return np.argsort(-key, kind="stable")

    def best(self) -> int | None:
        """The best finished trial, or None when every trial stopped early."""
        finished = ~self.stopped_early
        return int(self.order()[0]) if finished.any() else None


def _last_finite(a: np.ndarray) -> np.ndarray:
    """(R, K) -> (R,): each row's last non-NaN entry (NaN for a row without one)."""
    last = a.shape[1] - 1 - np.argmax(np.isfinite(a[:, ::-1]), axis=1)
    return a[np.arange(len(a)), last]


def run_trials(trials, X: np.ndarray, y: np.ndarray, X_val: np.ndarray, y_val: np.ndarray, *,
               hidden_dim: int = 50, epochs: int, batch_size: int, weight_scale: float, seed: int,
               dtype=np.float32) -> SearchResult:
    """Train every (lr, reg) trial from the same initial weights and minibatch order, as ONE batched run.

    trials (R, 2) or a list of pairs (vanilla SGD); (R, 3) [lr, reg, momentum] trains SGD + momentum; X (N, D), y (N,), X_val (M, D), y_val (M,): any dataset. A trial whose
    loss exceeds 3× its initial loss is stopped there (the lecture's early break) and flagged. float32 by
    default: the ranking and the printed accuracies are float64's (tests/sim/test_search.py); dtype=np.float64
    reproduces `sim.train.train` trial by trial."""
    t = np.asarray(trials, dtype=np.float64)
    t = t if t.ndim == 2 and t.shape[1] == 3 else t.reshape(-1, 2)
    mu = t[:, 2].copy() if t.shape[1] == 3 else None
    n_classes = int(max(y.max(), y_val.max())) + 1
    p = init_params(X.shape[1], hidden_dim, n_classes, weight_scale=weight_scale, seed=seed)
    m = train_many(p, X, y, X_val, y_val, lrs=t[:, 0], regs=t[:, 1], epochs=epochs, batch_size=batch_size,
                   seed=seed, dtype=dtype, ratios=False, curves=False, momenta=mu)
    stopped = m.diverged_at >= 0
    return SearchResult(t[:, 0].copy(), t[:, 1].copy(), _last_finite(m.val_acc), _last_finite(m.train_acc),
                        m.val_acc, m.loss, stopped, m.diverged_at.copy(), epochs, m.iters_per_epoch, mu)


def merge(parts: list[SearchResult]) -> SearchResult:
    """Trials run in chunks (same data, epochs and seed) joined back into one result, in order."""
    cat = {f: np.concatenate([getattr(p, f) for p in parts]) for f in
           ("lr", "reg", "val_acc", "train_acc", "val_curve", "loss", "stopped_early", "stopped_at")}
    mu = None if parts[0].momentum is None else np.concatenate([p.momentum for p in parts])
    return SearchResult(**cat, epochs=parts[0].epochs, iters_per_epoch=parts[0].iters_per_epoch, momentum=mu)


@dataclass(frozen=True)
class Narrowing:
    lr_range: Range    # proposed exponents for the next (finer) stage
    reg_range: Range
    lr_edge: str       # "low" / "high" when the best lr lies at that end of its range, else ""
    reg_edge: str
    top: np.ndarray    # indices of the trials the proposal was built around
    n_finished: int    # trials that were not stopped early


def _edge(v: float, lo: float, hi: float, frac: float) -> str:
    w = hi - lo
    return "low" if v <= lo + frac * w else "high" if v >= hi - frac * w else ""


def _propose(logs: np.ndarray, lo: float, hi: float, edge: str, pad: float, widen: float,
             min_width: float) -> Range:
    """Around the top trials' log values, inside the old range except beyond an edge the best sits on."""
    a, b = float(logs.min()) - pad, float(logs.max()) + pad
    a = lo - widen if edge == "low" else max(a, lo)
    b = hi + widen if edge == "high" else min(b, hi)
    if b - a < min_width:   # widen to min_width, shifted to stay inside the old range where it allows
        c = (a + b) / 2
        a, b = c - min_width / 2, c + min_width / 2
        floor_, ceil_ = (-np.inf if edge == "low" else lo), (np.inf if edge == "high" else hi)
        shift = max(0.0, floor_ - a) - max(0.0, b - ceil_)
        a, b = max(a + shift, min(floor_, a)), min(b + shift, max(ceil_, b))
    a, b = round(math.floor(a * 10 + 1e-9) / 10, 1), round(math.ceil(b * 10 - 1e-9) / 10, 1)
    return (a if edge == "low" else max(a, lo)), (b if edge == "high" else min(b, hi))


def narrow(result: SearchResult, lr_range: Range, reg_range: Range, *, top: int = 5, within: float = 0.05,
           pad: float = 0.5, edge: float = 0.1, widen: float = 1.0, min_width: float = 1.0) -> Narrowing:
    """The next stage's log ranges: the span of the (at most `top`) finished trials whose val accuracy is
    within `within` of the best, padded by `pad` decades and at least `min_width` decades wide.

    A best value within `edge` × the range's width of one end is flagged ("the range is wrong: widen
    it") and the proposal then reaches `widen` decades past that end instead of staying inside."""
    lr_range, reg_range = tuple(sorted(lr_range)), tuple(sorted(reg_range))
    finished = int(np.sum(~result.stopped_early))
    if not finished:
        return Narrowing(lr_range, reg_range, "", "", np.array([], dtype=np.int64), 0)
    idx = result.order()[:min(top, finished)]
    idx = idx[result.val_acc[idx] >= result.val_acc[idx[0]] - within]
    out = []
    for values, (lo, hi) in ((result.lr, lr_range), (result.reg, reg_range)):
        logs = np.log10(values[idx])
        e = _edge(float(logs[0]), lo, hi, edge)
        out.append((_propose(logs, lo, hi, e, pad, widen, min_width), e))
    return Narrowing(out[0][0], out[1][0], out[0][1], out[1][1], idx, finished)
