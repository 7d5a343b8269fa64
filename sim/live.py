"""Live training in chunks: the same SGD run as `sim.train.train`, recorded as snapshots a browser can play.

A chunk is a few hundred iterations computed in one call, with a snapshot every few iterations of what the
lecture says to babysit (loss, train/val accuracy, the hidden layer's activation histogram, update/weight
ratios) and, as in the course notes' spiral case study (cs231n.github.io/neural-networks-case-study), the
net's predicted class on a grid over 2-D data; for the digits, predictions on a few validation digits and
the validation confusion matrix. A chunk ends in a `LiveState`, from which the next chunk continues, with
the same or a new learning rate and regularisation.

The update is vanilla SGD by default, or any rule of `sim.optim` (momentum, Nesterov, AdaGrad, RMSProp, Adam):
the rule's state (velocity, cache, m, v, t) is carried in the `LiveState` like the weights, so a run cut into
chunks is the same run as one uninterrupted one, and a learning-rate change mid-run keeps the state."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim import optim
from sim._fast import single_threaded
from sim.data import Dataset
from sim.train import WEIGHTS, batch_at, is_blowup, iters_per_epoch, minibatch_order, sgd_step
from sim.twolayer import hidden, loss_and_grads

HIST_EDGES = np.logspace(-4, 2, 37)  # fixed log-spaced bins for ReLU outputs > 0, so snapshots line up over time
CHUNK = 300        # iterations per chunk
EVERY = 5          # iterations between snapshots
GRID = 48          # decision-region grid cells per side (2-D data)
LEVELS = 16        # confidence levels per grid cell: a cell is class·LEVELS + level, one byte
N_DIGITS = 24      # validation digits shown with their predicted labels


@dataclass(frozen=True)
class LiveState:
    """Where a live run stands: the weights after `iteration` updates, and iteration 0's loss."""
    params: dict
    iteration: int
    initial_loss: float | None = None   # the blow-up test compares with it (None before iteration 0 ran)
    diverged_at: int | None = None      # once set, the run is over
    opt_state: dict | None = None       # per parameter, the update rule's state (velocity, cache, m, v, t)


@dataclass(frozen=True)
class Chunk:
    """Iterations start … stop − 1 of a run, and snapshots of the net at start, start + every, …, stop."""
    start: int
    stop: int                     # iterations applied: stop − start (fewer than asked at a blow-up)
    lr: float
    reg: float
    loss: np.ndarray              # (T,) minibatch loss before each update; at a blow-up the last is the bad one
    ratio: np.ndarray             # (T, 2) ‖lr·dW‖/‖W‖ for W1, W2
    snap_iter: np.ndarray         # (S,) iteration of each snapshot (updates applied so far)
    train_acc: np.ndarray         # (S,)
    val_acc: np.ndarray           # (S,)
    hist: np.ndarray              # (S, B) fraction of the N·H hidden outputs on the validation set per bin
    inactive: np.ndarray          # (S,) fraction of hidden outputs that are exactly 0
    grid: np.ndarray | None       # (S, G, G) uint8 class·LEVELS + confidence level, row 0 at the bottom
    digit_pred: np.ndarray | None  # (S, K) predicted labels of the shown validation digits
    confusion: np.ndarray | None  # (S, C, C) validation counts, rows true class, columns predicted
    iters_per_epoch: int
    diverged_at: int | None
    end: LiveState
    opt: str = "sgd"              # the update rule (a name of sim.optim.RULES)


def step(params: dict, X: np.ndarray, y: np.ndarray, lr: float, reg: float, opt: str = "sgd",
         opt_state: dict | None = None) -> tuple[float, dict, np.ndarray, dict | None]:
    """One update on a minibatch with the rule `opt` of `sim.optim` ("sgd": `sim.train.sgd_step` itself):
    (loss before the update, new params, ‖ΔW‖/‖W‖ for W1, W2, the rule's new state per parameter).

    The rule's hyperparameters other than the learning rate are its defaults (momentum 0.9, decay 0.99,
    Adam's β1 0.9 and β2 0.999)."""
    if opt == "sgd":
        loss, new, r = sgd_step(params, X, y, lr, reg)
        return loss, new, r, opt_state
    update = optim.rule(opt)
    loss, grads = loss_and_grads(params, X, y, reg)
    new, state = {}, {}
    for k, v in params.items():
        cfg = {**((opt_state or {}).get(k) or {}), "learning_rate": lr}
        new[k], cfg = update(v, grads[k], cfg)
        state[k] = {n: a for n, a in cfg.items() if n in ("velocity", "cache", "m", "v", "t")}
    r = np.array([np.linalg.norm(new[k] - params[k]) / max(np.linalg.norm(params[k]), 1e-300) for k in WEIGHTS])
    return loss, new, r, state


def start(params: dict) -> LiveState:
    """A run at iteration 0 with these initial weights."""
    return LiveState(params, 0)


def grid_extent(X: np.ndarray, margin: float = 0.15) -> tuple[float, float, float, float]:
    """(x0, x1, y0, y1): the bounding box of 2-D points X (N, 2) with a margin, made square."""
    lo, hi = X.min(axis=0), X.max(axis=0)
    c, half = (lo + hi) / 2, (hi - lo).max() / 2 * (1 + margin)
    return float(c[0] - half), float(c[0] + half), float(c[1] - half), float(c[1] + half)


def grid_axes(extent: tuple[float, float, float, float], n: int = GRID) -> tuple[np.ndarray, np.ndarray]:
    """Cell centres along x (n,) and along y (n,), bottom (y0) up."""
    x0, x1, y0, y1 = extent
    return x0 + (np.arange(n) + 0.5) * (x1 - x0) / n, y0 + (np.arange(n) + 0.5) * (y1 - y0) / n


def grid_scores(params: dict, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """Class scores (n·n, C) at the cells (xs[j], ys[i]), row i by row, in float32.

    The first layer is separable on a grid, x·W1[0] + y·W1[1] + b1, so it is two (n, H) products and one
    broadcast sum (a (n·n, 2) @ (2, H) product is several times slower in BLAS)."""
    W1, b1, W2, b2 = (params[k].astype(np.float32) for k in ("W1", "b1", "W2", "b2"))
    pre = (ys.astype(np.float32)[:, None] * W1[1] + b1)[:, None, :] + (xs.astype(np.float32)[:, None] * W1[0])[None]
    h = np.maximum(pre, 0, out=pre).reshape(len(xs) * len(ys), -1)     # (n·n, H)
    return h @ W2 + b2


def shown_digits(y_val: np.ndarray, k: int = N_DIGITS) -> np.ndarray:
    """Indices of k validation examples, the first few of each class in turn, so every class appears."""
    per = [np.flatnonzero(y_val == c) for c in range(int(y_val.max()) + 1)]
    out = [p[j] for j in range(k) for p in per if j < len(p)]
    return np.array(out[:k], dtype=np.int64)


def _winner(s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Predicted class and its softmax probability for scores s (N, C)."""
    if not np.isfinite(s).all():                            # a blown-up net: NaN scores never win
        s = np.where(np.isfinite(s), s, -np.inf)
    pred = np.argmax(s, axis=1)
    with np.errstate(invalid="ignore"):
        s = s - s.max(axis=1, keepdims=True)
        p = 1.0 / np.exp(s, out=s).sum(axis=1)              # softmax of the winner
    return pred, np.nan_to_num(p, copy=False)


def _predict(params: dict, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Predicted class for X (N, D) (−1 where a score is not finite), and the hidden activations (N, H)."""
    h = hidden(params, X)
    s = h @ params["W2"] + params["b2"]
    return np.where(np.isfinite(s).all(axis=1), np.argmax(s, axis=1), -1), h


def activation_histogram(params: dict, X: np.ndarray, edges: np.ndarray = HIST_EDGES,
                         h: np.ndarray | None = None) -> tuple[np.ndarray, float]:
    """Hidden ReLU outputs of X binned over `edges` (values beyond the ends go to the end bins).

    Returns (fractions of all N·H outputs per bin (len(edges) − 1,), fraction that is exactly 0 — inactive)."""
    with np.errstate(all="ignore"):
        h = (hidden(params, X) if h is None else h).ravel()
    h = h[np.isfinite(h)]
    if not h.size:
        return np.zeros(len(edges) - 1), 0.0
    pos = np.clip(h[h > 0], edges[0], edges[-1])
    n_bins = len(edges) - 1
    lo, hi = np.log10(edges[0]), np.log10(edges[-1])
    if np.allclose(np.log10(edges), np.linspace(lo, hi, n_bins + 1)):  # log-spaced: bin by index, ~5× faster
        k = np.minimum(((np.log10(pos) - lo) * (n_bins / (hi - lo))).astype(np.int64), n_bins - 1)
        counts = np.bincount(k, minlength=n_bins)
    else:
        counts, _ = np.histogram(pos, bins=edges)
    return counts / h.size, float(np.count_nonzero(h == 0) / h.size)


class _Snapshots:
    """Collects one snapshot per call: accuracies, histogram, and the grid or the digits panel."""

    def __init__(self, d: Dataset, grid: tuple[np.ndarray, np.ndarray] | None, digits: np.ndarray | None):
        self.d, self.grid, self.digits = d, grid, digits
        self.rows: dict[str, list] = {k: [] for k in ("it", "tr", "va", "hist", "inact", "grid", "dig", "conf")}

    def take(self, params: dict, iteration: int) -> None:
        d, r = self.d, self.rows
        pred_tr, _ = _predict(params, d.X_train)
        pred_va, h_va = _predict(params, d.X_val)
        frac, zero = activation_histogram(params, d.X_val, h=h_va)
        r["it"].append(iteration)
        r["tr"].append(np.count_nonzero(pred_tr == d.y_train) / len(d.y_train))
        r["va"].append(np.count_nonzero(pred_va == d.y_val) / len(d.y_val))
        r["hist"].append(frac)
        r["inact"].append(zero)
        if self.grid is not None:
            xs, ys = self.grid
            pred, p = _winner(grid_scores(params, xs, ys))
            # confidence from chance (1/C) to certain (1) in LEVELS steps
            level = np.clip((p - 1 / d.n_classes) / (1 - 1 / d.n_classes) * LEVELS, 0, LEVELS - 1).astype(np.uint8)
            r["grid"].append((pred.astype(np.uint8) * LEVELS + level).reshape(len(ys), len(xs)))
        if self.digits is not None:
            r["dig"].append(pred_va[self.digits])
            c = d.n_classes
            ok = pred_va >= 0   # a non-finite prediction counts as wrong and lands in no cell
            r["conf"].append(np.bincount(d.y_val[ok] * c + pred_va[ok], minlength=c * c).reshape(c, c))

    def arrays(self) -> dict:
        r = self.rows
        return dict(snap_iter=np.array(r["it"], dtype=np.int64), train_acc=np.array(r["tr"]),
                    val_acc=np.array(r["va"]), hist=np.array(r["hist"]), inactive=np.array(r["inact"]),
                    grid=np.array(r["grid"], dtype=np.uint8) if self.grid is not None else None,
                    digit_pred=np.array(r["dig"], dtype=np.int64) if self.digits is not None else None,
                    confusion=np.array(r["conf"], dtype=np.int64) if self.digits is not None else None)


class _Batches:
    """`sim.train.batch_at`, with each epoch's order computed once rather than once per iteration."""

    def __init__(self, n: int, batch_size: int, seed: int):
        self.n, self.bs, self.seed, self.ipe = n, batch_size, seed, iters_per_epoch(n, batch_size)
        self.epoch, self.order = -1, []

    def at(self, i: int) -> np.ndarray:
        if i // self.ipe != self.epoch:
            self.epoch = i // self.ipe
            self.order = minibatch_order(self.n, self.bs, self.seed, self.epoch)
        return self.order[i % self.ipe]


def run_chunk(state: LiveState, d: Dataset, *, lr: float, reg: float, batch_size: int, seed: int,
              n_iters: int = CHUNK, every: int = EVERY, grid: int = GRID, opt: str = "sgd") -> Chunk:
    """The next n_iters iterations from `state` (minibatches from (seed, epoch) exactly as `sim.train.train`;
    vanilla SGD, or the rule `opt` of `sim.optim`), with a snapshot every `every` iterations and at the end.

    2-D data get the predicted-class grid over `grid_extent(d.X_train)`; other data the digits panel
    (`shown_digits`) and confusion matrices. A run that has diverged yields an empty chunk."""
    two_d = d.X_train.shape[1] == 2
    snaps = _Snapshots(d, grid_axes(grid_extent(d.X_train), grid) if two_d else None,
                       None if two_d else shown_digits(d.y_val))
    params, initial, diverged, ostate = state.params, state.initial_loss, state.diverged_at, state.opt_state
    losses, ratios, blew_up = [], [], 0
    batches = _Batches(len(d.X_train), batch_size, seed)
    with np.errstate(all="ignore"), single_threaded():  # overflow at a huge lr is reported as diverged_at
        snaps.take(params, state.iteration)
        for i in range(state.iteration, state.iteration + (n_iters if diverged is None else 0)):
            idx = batches.at(i)
            loss, new, r, new_state = step(params, d.X_train[idx], d.y_train[idx], lr, reg, opt, ostate)
            losses.append(loss)
            initial = loss if initial is None else initial
            if is_blowup(loss, initial):
                diverged, blew_up = i, 1
                ratios.append(np.full(len(WEIGHTS), np.nan))
                break
            params, ostate = new, new_state
            ratios.append(r)
            if (i + 1 - state.iteration) % every == 0 or i + 1 == state.iteration + n_iters:
                snaps.take(params, i + 1)
    stop = state.iteration + len(losses) - blew_up   # the blown-up iteration's update is not applied
    return Chunk(start=state.iteration, stop=stop, lr=float(lr), reg=float(reg), loss=np.array(losses),
                 ratio=np.array(ratios).reshape(-1, len(WEIGHTS)), **snaps.arrays(),
                 iters_per_epoch=iters_per_epoch(len(d.X_train), batch_size), diverged_at=diverged,
                 end=LiveState(params, stop, initial, diverged, ostate), opt=opt)


def steps(params: dict, X: np.ndarray, y: np.ndarray, *, lr: float, reg: float, batch_size: int, seed: int,
          start: int, n_steps: int, initial_loss: float | None = None, opt: str = "sgd",
          opt_state: dict | None = None, with_state: bool = False):
    """Iterations start … start + n_steps − 1 of the same run as `sim.train.train` with this seed (or with the
    rule `opt` from its state `opt_state`), bare (no snapshots): how a run is brought to the iteration where
    its learning rate changed.

    Returns (params after the last applied update, losses (k,), the blown-up iteration or None), and the
    rule's state after the last applied update as a fourth item when `with_state`; `initial_loss` is
    iteration 0's loss (None when start == 0: this call measures it)."""
    losses, div = [], None
    with np.errstate(all="ignore"), single_threaded():
        for i in range(start, start + n_steps):
            idx = batch_at(len(X), batch_size, seed, i)
            loss, new, _, new_state = step(params, X[idx], y[idx], lr, reg, opt, opt_state)
            losses.append(loss)
            if initial_loss is None:
                initial_loss = loss
            if is_blowup(loss, initial_loss):
                div = i
                break
            params, opt_state = new, new_state
    out = (params, np.array(losses), div)
    return out + (opt_state,) if with_state else out


def rewind(state: LiveState, d: Dataset, *, lr: float, reg: float, batch_size: int, seed: int,
           to: int, opt: str = "sgd") -> LiveState:
    """The state at iteration `to` (≥ state.iteration) of the run continued from `state` with lr, reg, opt."""
    n = max(0, to - state.iteration)
    if n == 0 or state.diverged_at is not None:
        return state
    p, losses, div, o = steps(state.params, d.X_train, d.y_train, lr=lr, reg=reg, batch_size=batch_size, seed=seed,
                              start=state.iteration, n_steps=n, initial_loss=state.initial_loss, opt=opt,
                              opt_state=state.opt_state, with_state=True)
    initial = state.initial_loss if state.initial_loss is not None else float(losses[0])
    return LiveState(p, state.iteration + len(losses) - (div is not None), initial, div, o)


def cut(chunk: Chunk, state: LiveState) -> Chunk:
    """`chunk` ended early at `state.iteration` (start ≤ it ≤ stop), where the run continues differently:
    the losses and ratios before it, the snapshots up to it, and `state` (from `rewind`) as its end."""
    at = state.iteration
    k, keep = at - chunk.start, chunk.snap_iter <= at

    def snap(a):
        return None if a is None else a[keep]
    return Chunk(start=chunk.start, stop=at, lr=chunk.lr, reg=chunk.reg, loss=chunk.loss[:k], ratio=chunk.ratio[:k],
                 snap_iter=chunk.snap_iter[keep], train_acc=chunk.train_acc[keep], val_acc=chunk.val_acc[keep],
                 hist=chunk.hist[keep], inactive=chunk.inactive[keep], grid=snap(chunk.grid),
                 digit_pred=snap(chunk.digit_pred), confusion=snap(chunk.confusion),
                 iters_per_epoch=chunk.iters_per_epoch, diverged_at=None, end=state, opt=chunk.opt)
