"""Text alternatives of the batch-normalisation lesson's figures (viz/batchnorm.py)."""
from __future__ import annotations

import numpy as np

from viz.alt import T, num, vec
from viz.alt import initialization as init_alt


def before_after(r, t: T) -> str:
    return t("alt.batchnorm.before_after", k=len(r.features), d=r.n_features, b_mean=vec(r.before.mean),
             b_std=vec(r.before.std), gamma=vec(r.gamma), beta=vec(r.beta), a_mean=vec(r.after.mean, zero=1e-9),
             a_std=vec(r.after.std))


def bn_histograms(res, t: T, *, on: bool) -> str:
    name = t("batchnorm.fig.bn_on" if on else "batchnorm.fig.bn_off")
    return f"{name}: " + init_alt.histograms(res, t, kinds=("act",))


def std_per_layer(off, on, t: T, *, gradients: bool = False) -> str:
    def span(res, kind="act") -> dict:
        std = np.asarray(getattr(res, kind).std, float)
        return {"first": num(std[0]), "last": num(std[-1]), "lo": num(np.nanmin(std)), "hi": num(np.nanmax(std))}
    text = t("alt.batchnorm.std", n=len(off.act.std), off=t("alt.batchnorm.std_run", **span(off)),
             on=t("alt.batchnorm.std_run", **span(on)))
    if gradients:
        text += " " + t("alt.batchnorm.std_grad", off=num(off.grad.std[0]), on=num(on.grad.std[0]))
    return text


def lr_rescue(runs: dict, lr: float, t: T) -> str:
    def run(bn: bool) -> str:
        loss, blown = runs[bn]
        name = t("batchnorm.fig.bn_on" if bn else "batchnorm.fig.bn_off")
        if blown is not None:
            return t("alt.batchnorm.lr_blown", name=name, k=blown)
        return t("alt.batchnorm.lr_final", name=name, loss=num(float(loss[-20:].mean())))
    return t("alt.batchnorm.lr", lr=f"{lr:g}", iters=len(runs[False][0]), off=run(False), on=run(True))


def running_stats(r, t: T) -> str:
    return t("alt.batchnorm.running", n=r.running_mean.shape[1], k=len(r.steps), m=num(r.momentum),
             mean=vec(r.running_mean[-1]), pop_mean=vec(r.pop_mean), std=vec(np.sqrt(r.running_var[-1])),
             pop_std=vec(np.sqrt(r.pop_var)))


def train_test(r, t: T) -> str:
    return t("alt.batchnorm.train_test", n=r.batch_size, train_mean=vec(r.train_mean, zero=1e-9), train_std=vec(r.train_std),
             test_mean=vec(r.test_mean), test_std=vec(r.test_std))


def batch_noise(r, t: T) -> str:
    i = int(np.argmin(np.abs(np.asarray(r.sizes) - r.batch_size)))
    return t("alt.batchnorm.noise", n=r.batch_size, batches=r.n_batches, mean=num(r.mean_spread[i]),
             std=num(r.std_spread[i]), root=num(1 / np.sqrt(r.batch_size)), lo=int(r.sizes[0]), hi=int(r.sizes[-1]),
             mean_lo=num(r.mean_spread[0]), mean_hi=num(r.mean_spread[-1]))


def axes(demo, t: T, highlight: int = 0) -> str:
    n, d = demo.fc_shape
    _, c, h, w = demo.conv_shape
    return t("alt.batchnorm.axes", n=n, d=d, fc=demo.fc_count, c=c, h=h, w=w, conv=demo.conv_count,
             j=min(highlight, d - 1), k=min(highlight, c - 1))
