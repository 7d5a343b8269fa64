"""The babysitting lesson's demos: the sanity checks before training and reading a loss curve's shape."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.data import Dataset
from sim.train import TrainHistory, train
from sim.twolayer import init_params, loss_and_grads, reg_loss

CHECK_REG = 1e3    # the lecture's "crank up the regularisation" value
N_TINY = 20        # examples in the overfitting check
TINY_EPOCHS = 200


@dataclass(frozen=True)
class SanityChecks:
    n_classes: int
    loss_no_reg: float     # initial loss with reg = 0
    ln_c: float            # ln(n_classes): the loss of uniform class probabilities
    loss_with_reg: float   # initial loss with reg = CHECK_REG
    reg_term: float        # 0.5·CHECK_REG·(ΣW1² + ΣW2²), what the difference must equal
    tiny: TrainHistory     # training on N_TINY examples with reg 0 for TINY_EPOCHS epochs

    @property
    def initial_ok(self) -> bool:
        return abs(self.loss_no_reg - self.ln_c) < 0.02

    @property
    def reg_ok(self) -> bool:
        return bool(np.isclose(self.loss_with_reg - self.loss_no_reg, self.reg_term, rtol=1e-9, atol=1e-12))

    @property
    def overfit_ok(self) -> bool:
        return len(self.tiny.train_acc) > 0 and self.tiny.train_acc[-1] == 1.0


def sanity_checks(d: Dataset, *, hidden_dim: int, weight_scale: float, lr: float, seed: int) -> SanityChecks:
    """Run the three checks on the training split of `d` with a fresh net from `seed`."""
    D = d.X_train.shape[1]
    p = init_params(D, hidden_dim, d.n_classes, weight_scale=weight_scale, seed=seed)
    with np.errstate(all="ignore"):
        l0, _ = loss_and_grads(p, d.X_train, d.y_train, 0.0)
        l1, _ = loss_and_grads(p, d.X_train, d.y_train, CHECK_REG)
    n = min(N_TINY, len(d.X_train))
    tiny = train(p, d.X_train[:n], d.y_train[:n], d.X_val, d.y_val, lr=lr, reg=0.0, epochs=TINY_EPOCHS,
                 batch_size=n, seed=seed)
    return SanityChecks(d.n_classes, l0, float(np.log(d.n_classes)), l1, reg_loss(p, CHECK_REG), tiny)


LABELS = ("too_low", "good", "too_high", "diverged", "plateau")
N_WINDOWS = 20       # the curve is averaged over this many windows before its shape is read
FLAT = 0.01          # a loss that moved less than 1% of its initial value "did not move"
SLOW = 0.2           # a run that removed less than 20% of its initial loss is slow
BUMPY = 0.3          # rises adding up to 30% of the total fall mean the steps overshoot
PLATEAU_START = 0.2  # flat for at least the first 20% of the run …
PLATEAU_FALL = 0.5   # … then fell from 95% to 60% of the initial loss in under half the plateau's length


@dataclass(frozen=True)
class Diagnosis:
    label: str    # one of LABELS
    reason: str   # reason code: nonfinite, blowup, bounces, rises, flat, plateau, slow, steady, fast_then_slow


def smooth(loss: np.ndarray, n_windows: int = N_WINDOWS) -> np.ndarray:
    """Mean of the loss over up to n_windows equal consecutive windows (minibatch noise removed)."""
    loss = np.asarray(loss, dtype=float)
    w = max(1, len(loss) // n_windows)
    n = len(loss) // w
    return loss[:n * w].reshape(n, w).mean(axis=1) if n else loss


def _first_below(c: np.ndarray, level: float) -> int | None:
    hits = np.flatnonzero(c < level)
    return int(hits[0]) if len(hits) else None


def diagnose(loss: np.ndarray, diverged_at: int | None = None) -> Diagnosis:
    """Label a minibatch loss curve (T,); diverged_at is the trainer's blow-up iteration (None or < 0: none)."""
    loss = np.asarray(loss, dtype=float)
    if diverged_at is not None and diverged_at >= 0:
        bad = loss[diverged_at] if diverged_at < len(loss) else np.nan
        return Diagnosis("diverged", "blowup" if np.isfinite(bad) else "nonfinite")
    if len(loss) < 2 or not np.all(np.isfinite(loss)):
        return Diagnosis("too_low", "flat") if np.all(np.isfinite(loss)) else Diagnosis("diverged", "nonfinite")
    start = float(loss[0])
    c = smooth(loss)
    best = float(c.min())
    fallen = start - best
    ups = float(np.clip(np.diff(c), 0.0, None).sum())
    if fallen > 0.05 * start and ups > BUMPY * fallen:
        return Diagnosis("too_high", "bounces")
    if c[-1] > start * (1 + FLAT):
        return Diagnosis("too_high", "rises")
    drop = (start - float(c[-1])) / start
    if abs(drop) < FLAT:
        return Diagnosis("too_low", "flat")
    t_leave, t_low = _first_below(c, 0.95 * start), _first_below(c, 0.6 * start)
    if (t_leave is not None and t_low is not None and t_leave >= PLATEAU_START * len(c)
            and t_low - t_leave <= PLATEAU_FALL * t_leave):
        return Diagnosis("plateau", "plateau")
    if drop < SLOW:
        return Diagnosis("too_low", "slow")
    q = max(1, len(c) // 4)
    late_rate = (c[-q - 1] - c[-1]) / q
    mean_rate = (start - c[-1]) / len(c)
    if late_rate >= 0.5 * mean_rate:
        return Diagnosis("too_low", "steady")
    return Diagnosis("good", "fast_then_slow")


def creeps(loss: np.ndarray, final_train_acc: float, n_classes: int) -> bool:
    """The lecture's tiny-learning-rate reading: the loss (T,) moved less than FLAT of its initial value while
    the training accuracy rose to at least 1.5× chance — the scores move the right way, the probabilities stay
    diffuse."""
    loss = smooth(loss)
    return (len(loss) > 1 and bool(np.all(np.isfinite(loss))) and abs(loss[0] - loss[-1]) < FLAT * loss[0]
            and final_train_acc >= 1.5 / n_classes)


GAP_OVERFIT = 0.08   # train − val accuracy above this: the model memorises the training set
GAP_NONE = 0.02      # below this while train accuracy is under CAPACITY: the model cannot fit either set
CAPACITY = 0.95


def gap_verdict(train_acc: float, val_acc: float) -> str:
    """The lecture's reading of the train/val accuracy gap: 'overfit', 'no_gap' (needs capacity), 'ok', 'na'."""
    if not (np.isfinite(train_acc) and np.isfinite(val_acc)):
        return "na"
    gap = train_acc - val_acc
    if gap > GAP_OVERFIT:
        return "overfit"
    if gap < GAP_NONE and train_acc < CAPACITY:
        return "no_gap"
    return "ok"
