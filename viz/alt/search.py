"""Text alternatives of the search lesson's figures (viz/search.py)."""
from __future__ import annotations

import numpy as np

from viz.alt import T, num


def _range(lo_hi) -> str:
    return f"{num(10.0 ** lo_hi[0])} … {num(10.0 ** lo_hi[1])}"


def trials(res, t: T, *, lr_range, reg_range, proposal=None) -> str:
    b = res.best()
    text = t("alt.search.trials", n=len(res), lr=_range(lr_range), reg=_range(reg_range),
             stopped=int(res.stopped_early.sum()))
    if b is not None:
        text += " " + t("alt.search.trials_best", acc=f"{res.val_acc[b]:.3f}", lr=num(res.lr[b]), reg=num(res.reg[b]))
        if res.momentum is not None:
            text += " " + t("search_opt.alt_momentum", mu=f"{res.momentum[b]:g}")
    if proposal is not None:
        text += " " + t("alt.search.trials_next", lr=_range(proposal[0]), reg=_range(proposal[1]))
    return text


def random_vs_grid(rvg, t: T) -> str:
    g, r = rvg.grid, rvg.random
    return t("alt.search.rvg", n=len(g.points), grid_k=g.distinct_x, grid_best=f"{g.score[g.best]:.3f}",
             rand_n=len(r.points), rand_k=r.distinct_x, rand_best=f"{r.score[r.best]:.3f}", opt=f"{rvg.optimum:.3f}")


def log_sampling(lv, t: T) -> str:
    lo, hi = np.log10(lv.decades[0]), np.log10(lv.decades[-1])
    return t("alt.search.log", n=lv.n, lo=num(10.0 ** lo), hi=num(10.0 ** hi), k=len(lv.uniform_per_decade),
             top=int(lv.uniform_per_decade[-1]), bottom=int(lv.uniform_per_decade[0]),
             log_lo=int(np.min(lv.log_per_decade)), log_hi=int(np.max(lv.log_per_decade)))
