"""Text alternatives of the preprocessing lesson's figures (viz/preprocessing.py)."""
from __future__ import annotations

from viz.alt import T, num
from viz.preprocessing import mat, vec


def steps(lab, t: T) -> str:
    by = {s.name: s for s in lab.steps}
    o, w = by["original"], by["whiten"]
    return t("alt.preprocessing.steps", n=len(o.points), mean=vec(o.mean), cov=mat(o.cov),
             centred=vec(by["zero_center"].mean), norm_cov=mat(by["normalize"].cov),
             rot_cov=mat(by["decorrelate"].cov), white_cov=mat(w.cov))


def leak(demo, t: T) -> str:
    wrong = demo.val_wrong
    return t("alt.preprocessing.leak", step=t(f"preprocessing.step.{demo.step}"), train=vec(demo.train.mean(axis=0)),
             right=vec(demo.val_right.mean(axis=0)), right_std=vec(demo.val_right.std(axis=0)),
             fit=t("preprocessing.leak.panel_" + demo.fit_on), wrong=vec(wrong.mean(axis=0)),
             wrong_std=vec(wrong.std(axis=0)))


def variance(d, t: T) -> str:
    k = d.k
    return t("alt.preprocessing.variance", k=k, share=f"{d.cum_share[k - 1]:.1%}", train=f"{d.err_train[k - 1]:.4f}",
             val=f"{d.err_val[k - 1]:.4f}", n=len(d.gain), first=num(d.gain[0]), gain=num(d.gain[k - 1]),
             last=num(d.gain[-1]))


def pca_digits(d, t: T, whiten: bool = True) -> str:
    key = "alt.preprocessing.digits_white" if whiten else "alt.preprocessing.digits"
    return t(key, n=len(d.originals), labels=", ".join(str(int(y)) for y in d.labels), k=d.k,
             err=f"{d.err_val[d.k - 1]:.4f}")


def centring(c, t: T) -> str:
    return t("alt.preprocessing.centring", n=len(c.originals), v=f"{c.channel_mean:.3f}",
             train=f"{c.train_mean_abs:.1e}", val=f"{c.val_mean_abs:.3f}")
