"""Text alternatives of the babysitting lesson's figures (viz/babysitting.py)."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from viz.alt import T, num


def overfit(h, t: T) -> str:
    if not len(h.loss):
        return t("babysitting.fig.no_data")
    fin = h.loss[np.isfinite(h.loss)]
    return t("alt.babysitting.overfit", iters=len(h.loss), first=num(fin[0]) if fin.size else "—",
             last=num(fin[-1]) if fin.size else "—", acc=f"{h.train_acc[-1]:.2f}", epochs=len(h.train_acc) - 1)


def _run(m, r: int, label: str, t: T) -> str:
    d = int(m.diverged_at[r])
    lr = num(m.lrs[r])
    if d >= 0:
        return t("alt.babysitting.run_blown", lr=lr, label=label, k=d)
    loss = m.loss[r, :m.n_iters(r)]
    return t("alt.babysitting.run", lr=lr, label=label, first=num(loss[0]), last=num(np.mean(loss[-10:])))


def loss(m, diags: Sequence | None, t: T) -> str:
    """diags None: the runs still train (each labelled so, as the figure does)."""
    if not len(m.lrs):
        return t("babysitting.fig.no_runs")
    labels = [t(f"babysitting.label.{d.label}") for d in diags] if diags else [t("babysitting.fig.training")] * len(m.lrs)
    runs = "; ".join(_run(m, r, label, t) for r, label in enumerate(labels))
    return t("alt.babysitting.loss", n=len(m.lrs), runs=runs)


def accuracy(m, t: T) -> str:
    if not len(m.lrs):
        return t("babysitting.fig.no_runs")
    runs = []
    for r, lr in enumerate(m.lrs):
        ok = np.flatnonzero(np.isfinite(m.val_acc[r]))
        e = int(ok[-1]) if ok.size else 0
        runs.append(t("alt.babysitting.acc_run", lr=num(lr), train=f"{m.train_acc[r, e]:.2f}",
                      val=f"{m.val_acc[r, e]:.2f}", e=e))
    return t("alt.babysitting.accuracy", n=len(m.lrs), runs="; ".join(runs))


def gap(m, r: int, t: T) -> str:
    if not 0 <= r < len(m.lrs) or not np.isfinite(m.val_acc[r, 1:]).any():
        return t("babysitting.fig.no_epoch")
    e = int(np.flatnonzero(np.isfinite(m.val_acc[r]))[-1])
    tr_, va = float(m.train_acc[r, e]), float(m.val_acc[r, e])
    return t("alt.babysitting.gap", lr=num(m.lrs[r]), e=e, train=f"{tr_:.3f}", val=f"{va:.3f}", gap=f"{tr_ - va:.3f}")


def ratio(m, r: int, t: T) -> str:
    if not 0 <= r < len(m.lrs):
        return t("babysitting.fig.no_runs")
    med = []
    for j in range(2):
        v = m.update_ratio[r][:, j]
        v = v[np.isfinite(v) & (v > 0)]
        med.append(num(np.median(v)) if v.size else "—")
    return t("alt.babysitting.ratio", lr=num(m.lrs[r]), w1=med[0], w2=med[1])
