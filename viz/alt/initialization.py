"""Text alternatives of the weight-initialisation lesson's figures (viz/initialization.py)."""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from sim.activations import ACTIVATIONS
from viz.alt import T, listing, num


def setup(res, t: T) -> str:
    """'10 tanh layers of 500 units with W = 0.01·randn' (the scheme's formula is the same in every language)."""
    init = f"{num(res.scale)}·randn" if res.scale is not None else t(f"common.init.{res.init}")
    return t("alt.initialization.setup", n=res.n_layers, act=ACTIVATIONS[res.activation].label, width=res.width,
             init=init)


def _ends(stats) -> dict:
    return {"first": num(stats.std[0]), "last": num(stats.std[-1]), "n": len(stats.std)}


def _overflow(res, t: T) -> str | None:
    """What an overflowed forward pass leaves: the last finite layer, said instead of 'NaN at layer 20'."""
    k = res.act.overflow_layer
    if k is None:
        return None
    last = k - 1
    head = t("alt.initialization.hist", setup=setup(res, t), first=num(res.act.std[0]), last=num(res.act.std[last - 1]),
             n=last) if last >= 1 else ""
    return (head + " " + t("alt.initialization.overflow", k=k, last=last)).strip()


def histograms(res, t: T, kinds=("act", "grad")) -> str:
    if res.n_layers == 0:
        return t("initialization.fig.nothing")
    if (over := _overflow(res, t)) is not None:
        return over
    text = t("alt.initialization.hist", setup=setup(res, t), **_ends(res.act))
    if "grad" in kinds and np.isfinite(res.grad.std).any():
        text += " " + t("alt.initialization.hist_grad", **_ends(res.grad))
    return text


def stats(res, t: T) -> str:
    if res.n_layers == 0:
        return t("initialization.fig.nothing")
    if (over := _overflow(res, t)) is not None:
        return over
    worst = float(np.nanmax(np.abs(res.act.mean))) if np.isfinite(res.act.mean).any() else float("nan")
    return t("alt.initialization.stats", setup=setup(res, t), mean=num(worst), act_first=num(res.act.std[0]),
             act_last=num(res.act.std[-1]), grad_first=num(res.grad.std[0]), grad_last=num(res.grad.std[-1]),
             n=res.n_layers)


def compare(results: Mapping[str, object], labels: Mapping[str, str], t: T) -> str:
    if not results:
        return t("initialization.fig.nothing")
    first = next(iter(results.values()))
    last = listing(f"{labels.get(k, k)}: {num(r.act.std[-1])}" for k, r in results.items())
    grad = listing(f"{labels.get(k, k)}: {num(r.grad.std[0])}" for k, r in results.items())
    return t("alt.initialization.compare", n=first.n_layers, act=ACTIVATIONS[first.activation].label, last=last,
             grad=grad)


def symmetry(runs, t: T) -> str:
    runs = [r for r in runs if r is not None and len(r.loss)]
    if not runs:
        return t("initialization.fig.nothing")
    parts = [t("alt.initialization.sym_run", name=t(f"initialization.sym.{r.init}", v=f"{r.value:g}"),
               spread=num(r.spread[-1]), loss0=num(r.loss[0]), loss=num(r.loss[-1]), acc=f"{100 * r.accuracy:.0f}")
             for r in runs]
    return t("alt.initialization.symmetry", steps=len(runs[0].loss) - 1, runs="; ".join(parts))


def weights(runs, t: T) -> str:
    runs = [r for r in runs if r is not None and r.w1.size]
    if not runs:
        return t("initialization.fig.nothing")
    parts = [t("alt.initialization.weights_run", name=t(f"initialization.sym.{r.init}", v=f"{r.value:g}"),
               spread=num(np.ptp(r.w1, axis=1).max()), lo=num(r.w1.min()), hi=num(r.w1.max())) for r in runs]
    return t("alt.initialization.weights", units=runs[0].w1.shape[1], rows=runs[0].w1.shape[0], runs="; ".join(parts))
