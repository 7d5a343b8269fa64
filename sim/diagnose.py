"""Reading a loss curve the way the lecture does: too low, good, too high, diverged, plateau then drop.

`diagnose` is a pure function from a loss curve to a label and a reason code; the page turns the
code into a sentence in the student's language (translation key `babysitting.reason.<code>`)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

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
