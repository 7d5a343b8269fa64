"""Text alternatives of the regularisation lesson's figures (viz/regularisation.py)."""
from __future__ import annotations

import numpy as np

from viz.alt import T, num, pct


def ensemble(c, t: T, kind: str) -> str:
    n = len(c.n)
    return t("alt.regularisation.ensemble", kind=t(f"regularisation.kind.{kind}"), n=n, ens=pct(c.ensemble[-1]),
             mean=pct(c.mean[-1]), best=pct(c.best[-1]), vote=pct(c.vote[-1]),
             gain=f"{100 * (c.ensemble[-1] - c.mean[-1]):+.1f}")


def polyak(r, t: T) -> str:
    return t("alt.regularisation.polyak", e=len(r.epochs) - 1, raw=pct(r.raw[-1]), avg=pct(r.averaged[-1]),
             decay=num(r.decay))


def penalty_hist(r, i: int, t: T) -> str:
    return t("alt.regularisation.hist", kind=t(f"regularisation.penalty.{r.kind}"), s=num(r.strengths[i]),
             zero0=pct(r.near_zero[0]), zero=pct(r.near_zero[i]), norm0=num(r.weight_norm[0]),
             norm=num(r.weight_norm[i]))


def penalty_curve(r, i: int, t: T) -> str:
    b = int(np.argmax(r.val_acc))
    return t("alt.regularisation.curve", kind=t(f"regularisation.penalty.{r.kind}"), n=len(r.strengths),
             best_s=num(r.strengths[b]), best=pct(r.val_acc[b]), s=num(r.strengths[i]), train=pct(r.train_acc[i]),
             val=pct(r.val_acc[i]), val0=pct(r.val_acc[0]), train0=pct(r.train_acc[0]))


def dropout_curves(run, t: T) -> str:
    return t("alt.regularisation.dropout", e=len(run.epochs) - 1, keep=num(run.keep), keep_in=num(run.keep_input),
             err0=pct(1 - run.val_acc[0, -1]), err1=pct(1 - run.val_acc[1, -1]), gap0=pct(run.gap[0]),
             gap1=pct(run.gap[1]))


def masks(m, t: T, connect: bool) -> str:
    K, H = m.unit.shape
    if connect:
        return t("alt.regularisation.masks_connect", k=K, share=pct(m.weight.mean()))
    return t("alt.regularisation.masks", k=K, h=H, kept=", ".join(str(int(v)) for v in m.unit.sum(axis=1)))


def expectation(e, t: T) -> str:
    return t("alt.regularisation.expectation", k=len(e.n), p=num(e.keep), inv=num(e.inverted[-1]), test=num(e.test),
             van=num(e.vanilla[-1]), scaled=num(e.test_scaled))


def monte_carlo(mc, t: T) -> str:
    return t("alt.regularisation.mc", k=len(mc.k), one=pct(mc.mc_acc[0]), mc=pct(mc.mc_acc[-1]),
             single=pct(mc.scaled_acc))


def variants(v, t: T) -> str:
    return t("alt.regularisation.variants", label=v.label, n=len(v.images))


def augment(run, t: T) -> str:
    return t("alt.regularisation.augment", n=run.n_train, e=int(run.epochs[-1]), without=pct(run.val_acc[0, -1]),
             with_=pct(run.val_acc[1, -1]), gain=f"{100 * run.gain:+.1f}")


def pattern(p, t: T) -> str:
    rows = ("dropout", "augmentation", "batchnorm")
    parts = [t("alt.regularisation.pattern_row", name=t(f"regularisation.pattern.{r}"), lo=num(p.samples[k].min()),
               hi=num(p.samples[k].max()), mean=num(p.mean[k]), test=num(p.test[k])) for k, r in enumerate(rows)]
    return t("alt.regularisation.pattern", k=p.samples.shape[1]) + " " + " ".join(parts)


def transfer(c, t: T) -> str:
    parts = [t("alt.regularisation.transfer_row", shots=int(s), scratch=pct(a[0]), frozen=pct(a[1]),
               finetune=pct(a[2])) for s, a in zip(c.shots, c.val_acc, strict=True)]
    return t("alt.regularisation.transfer", pre=pct(c.pretrained_acc)) + " " + " ".join(parts)


def table(t: T, shots: tuple[int, ...]) -> str:
    """The 2 × 2 table, with the experiment's own sizes: examples per class from the fewest to the most."""
    return t("alt.regularisation.table", lo=shots[0], hi=shots[-1])
