"""Text alternatives of the gradient-checks lesson's figures (viz/gradcheck.py)."""
from __future__ import annotations

import numpy as np

from viz.alt import T, listing, num, pct
from viz.gradcheck import sci


def _e(v: float) -> str:
    return sci(v)


def error_h(s, t: T, *, float32: bool = True) -> str:
    def curve(centred: bool, dtype: str) -> str:
        c = s.curve(centred, dtype)
        name = t("gradcheck.fig.curve", formula=t("gradcheck.fig.centred" if centred else "gradcheck.fig.one_sided"),
                 dtype=dtype)
        slope = "" if not np.isfinite(c.slope) else " " + t("alt.gradcheck.slope", slope=f"{c.slope:.2f}")
        return t("alt.gradcheck.curve", name=name, h=_e(c.best_h), err=_e(c.best_err)) + slope
    parts = [curve(True, "float64"), curve(False, "float64")]
    if float32:
        parts += [curve(True, "float32"), curve(False, "float32")]
    return t("alt.gradcheck.error_h", fn=t(f"gradcheck.fn.{s.function}"), curves="; ".join(parts))


def kink(k, t: T) -> str:
    return t("alt.gradcheck.kink", fn=t(f"gradcheck.kink.{k.function}"), h=num(k.h), x=num(k.x0), num=num(k.num0),
             ana=num(k.ana0), err=_e(k.err0),
             where=t("alt.gradcheck.straddles" if k.crosses else "alt.gradcheck.clear"))


def kink_net(kn, t: T) -> str:
    c = kn.crossed
    med = _e(np.median(kn.err[c])) if c.any() else "—"
    clean = _e(kn.err[~c].max()) if (~c).any() else "—"
    return t("alt.gradcheck.kink_net", n=len(kn.err), h=num(kn.h), ws=num(kn.weight_scale), k=int(c.sum()),
             share=pct(kn.share), med=med, clean=clean)


def reg_trap(r, t: T) -> str:
    hidden = r.hidden_from()
    return t("alt.gradcheck.reg", data=_e(r.data_err), lo=num(r.regs[0]), hi=num(r.regs[-1]), first=_e(r.err[0]),
             last=_e(r.err[-1]), hidden=num(hidden) if np.isfinite(hidden) else "—")


def dropout(d, t: T) -> str:
    return t("alt.gradcheck.dropout", p=num(d.keep), n=len(d.fixed), fixed=_e(d.fixed.max()),
             fresh=_e(np.median(d.fresh)))


def sample(s, t: T) -> str:
    nb = sum(1 for n in s.flat_names if n in ("b1", "b2"))
    return t("alt.gradcheck.sample", n=len(s.flat_err), total=sum(s.sizes), nb=nb, flat=_e(s.flat_err.max()),
             b1=_e(s.per_param[1].max()), miss=pct(s.miss))


def bug(b, t: T) -> str:
    errs = listing(f"{p} {_e(e)}" for p, e in zip(b.params, b.err, strict=True))
    fails = listing(b.fails) if b.fails else t("gradcheck.none_fail")
    return t("alt.gradcheck.bug", bug=t(f"gradcheck.bug.{b.bug}"), errs=errs, fails=fails)
