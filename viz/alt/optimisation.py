"""Text alternatives of the optimisation lesson's figures (viz/optimisation.py, viz/optimisation_net.py)."""
from __future__ import annotations

import numpy as np

from viz.alt import T, listing, num, pct


def _rule(t: T, name: str) -> str:
    return t(f"optimisation.rule.{name}")


def race(r, t: T) -> str:
    def one(i, n) -> str:
        x, y = r.paths[i, -1]
        if r.diverged_at[i] is not None:
            return t("alt.optimisation.runner_diverged", name=_rule(t, n), k=r.diverged_at[i])
        if r.steps_to[i] is not None:
            return t("alt.optimisation.runner_reached", name=_rule(t, n), k=r.steps_to[i], x=num(x), y=num(y),
                     tol=num(r.tol))
        return t("alt.optimisation.runner_end", name=_rule(t, n), gap=num(r.gap[i, -1]), x=num(x), y=num(y))
    if not len(r.rules):
        return t("optimisation.fig.no_rules")
    return t("alt.optimisation.race", surface=t(f"optimisation.surface.{r.surface}"), kappa=num(r.kappa),
             n=len(r.rules), steps=r.paths.shape[1] - 1, tol=num(r.tol),
             runners=listing(one(i, n) for i, n in enumerate(r.rules)))


def heatmap(m, t: T) -> str:
    th = m.theory
    return t("alt.optimisation.map", kappa=num(m.kappa), a=num(m.best[0]), b=num(m.best[1]), r=num(m.best[2]),
             ta=num(th["alpha"]), tb=num(th["beta"]), tr=num(th["rate"]), gd=num(th["gd_rate"]))


def steps(s, t: T) -> str:
    at = (0, 9, s.step.shape[1] - 1)
    return t("alt.optimisation.steps", g=num(s.gradient), last=s.step.shape[1], rules=listing(
        t("alt.optimisation.steps_rule", name=_rule(t, n), a=num(s.step[i, at[0]]), b=num(s.step[i, at[1]]),
          c=num(s.step[i, at[2]])) for i, n in enumerate(s.rules)))


def newton(n, t: T) -> str:
    return t("alt.optimisation.newton", kappa=num(n.kappa), g0=num(n.newton_gap[0]), g1=num(n.newton_gap[1]),
             steps=len(n.gd_gap) - 1, gd=num(n.gd_gap[-1]))


def net(r, t: T, label=None) -> str:
    label = label or (lambda n: _rule(t, n))
    ipe = r.iters_per_epoch
    return t("alt.optimisation.net", epochs=r.val_acc.shape[1] - 1, runs=listing(
        t("alt.optimisation.net_run", name=label(n), loss=num(np.nanmean(r.loss[i, -ipe:])),
          acc=pct(r.val_acc[i, -1])) if r.diverged_at[i] is None else
        t("alt.optimisation.runner_diverged", name=label(n), k=r.diverged_at[i]) for i, n in enumerate(r.names)))


def kingma_ba(k, t: T) -> str:
    return t("alt.optimisation.kb", iters=k.loss.shape[-1], runs=listing(
        t("alt.optimisation.kb_run", name=_rule(t, n), lr=num(k.lrs[k.best[i]]),
          cost=num(np.mean(k.loss[i, k.best[i], -k.iters_per_epoch:]))) for i, n in enumerate(k.names)))


def lbfgs(so, t: T) -> str:
    return t("alt.optimisation.lbfgs", runs=listing(
        t("alt.optimisation.lbfgs_run", name=_rule(t, n), passes=num(so.passes[n][-1]), loss=num(so.loss[n][-1]))
        for n in so.passes))


def schedules(r, t: T, label, key: str) -> str:
    ipe = r.iters_per_epoch
    return t(key, epochs=r.loss.shape[1] // ipe, runs=listing(
        t("alt.optimisation.sched_run", name=label(n), lr=num(r.lr[i, -1]), loss=num(np.nanmean(r.loss[i, -ipe:])))
        for i, n in enumerate(r.names)))


def look_ahead(la, t: T) -> str:
    def vec(v) -> str:
        return f"({num(v[0])}, {num(v[1])})"
    return t("alt.optimisation.look_ahead", x=vec(la.x), mv=vec(la.mu * la.v), g=vec(la.grad_here),
             ga=vec(la.grad_ahead), s=vec(la.mu * la.v + la.grad_here), sa=vec(la.mu * la.v + la.grad_ahead))
