"""Text alternatives of the activation lesson's figures (viz/activations.py)."""
from __future__ import annotations

import numpy as np

from sim.labs.activations import ChainStep, CostResult, CurveSet, DeadReluResult, PreluFit, ZigzagResult
from viz.alt import T, listing, num, pct


def curves(cs: CurveSet, t: T, chain: tuple[ChainStep, ...] = ()) -> str:
    """Which functions, over which x, how much of the range each saturates, and df/dx at the chain-rule point."""
    if not cs.curves:
        return t("activations.fig.no_functions")
    lo, hi = float(cs.x[0]), float(cs.x[-1])
    span = hi - lo or 1.0
    sat = listing(f"{c.label} {pct(float(np.sum(np.diff(c.saturated, axis=1))) / span if len(c.saturated) else 0.0)}"
                  for c in cs.curves)
    text = t("alt.activations.curves", names=listing(c.label for c in cs.curves), lo=num(lo), hi=num(hi),
             thr=num(cs.threshold), sat=sat)
    if chain:
        text += " " + t("alt.activations.curves_point", x=num(chain[0].x),
                        grads=listing(f"{s.label} {num(s.local)}" for s in chain))
    return text


def zigzag(z: ZigzagResult, t: T) -> str:
    def steps(p) -> str:
        return t("alt.activations.steps", n=p.steps) if p.converged else t("alt.activations.not_converged", n=p.steps)
    return t("alt.activations.zigzag", lr=num(z.lr), w1=num(z.target[0]), w2=num(z.target[1]),
             pos=steps(z.positive), pos_same=pct(z.positive.same_sign_frac), cen=steps(z.centered),
             cen_same=pct(z.centered.same_sign_frac))


def dead_relu(d: DeadReluResult, t: T, after: bool) -> str:
    dead = d.dead_after if after else d.dead_before
    key = "alt.activations.dead_after" if after else "alt.activations.dead_before"
    return t(key, n=len(dead), dead=int(dead.sum()), pct=pct(dead.mean()), lr=num(d.lr),
             loss=num(d.loss_after if after else d.loss_before))


def prelu(p: PreluFit, t: T) -> str:
    return t("alt.activations.prelu", steps=len(p.alpha) - 1, a0=num(p.alpha[0]), a=f"{p.alpha[-1]:.4f}",
             true=num(p.alpha_true), loss0=num(p.loss[0]), loss=num(p.loss[-1]))


def cost(c: CostResult, t: T) -> str:
    order = np.argsort(c.grad_ms)
    times = listing(f"{c.labels[i]} {c.grad_ms[i]:.1f} ms" for i in order)
    return t("alt.activations.cost", n=f"{c.n:,}", times=times,
             exp=listing(c.labels[i] for i in np.flatnonzero(c.uses_exp)))
