"""Text alternatives of the "from the paper" figures (viz/papers.py): the run's numbers beside the paper's."""
from __future__ import annotations

from viz.alt import T, num


def glorot(results: dict, t: T, kind: str = "act") -> str:
    std = {s: (r.act_std if kind == "act" else r.grad_std) for s, r in results.items()}
    first = next(iter(results.values()))
    return t(f"alt.papers.glorot_{kind}", n=len(first.act_std), width=first.width, samples=first.n_samples,
             s1=num(std["standard"][0]), s5=num(std["standard"][-1]), n1=num(std["normalised"][0]),
             n5=num(std["normalised"][-1]))


def glorot_std(results: dict, t: T) -> str:
    return glorot(results, t, "act") + " " + glorot(results, t, "grad")


def he(runs: dict, t: T) -> str:
    def one(init: str) -> str:
        r = runs[init]
        name = t(f"papers.he.init.{init}")
        if r.moved_at is None:
            return t("alt.papers.he_stalled", name=name, start=num(r.start), final=num(r.final),
                     change=f"{100 * r.max_change:.1f}")
        return t("alt.papers.he_moved", name=name, start=num(r.start), final=num(r.final), k=r.moved_at)
    first = next(iter(runs.values()))
    return t("alt.papers.he", n=first.n_layers, steps=len(first.loss), runs=" ".join(one(init) for init in runs))


def ioffe_accuracy(runs: dict, t: T) -> str:
    off, on = runs[False], runs[True]
    i = min(len(off.steps) - 1, 4)
    return t("alt.papers.ioffe_acc", steps=int(off.steps[-1]), k=int(off.steps[i]), off_k=num(off.test_acc[i]),
             on_k=num(on.test_acc[i]), off=num(off.test_acc[-1]), on=num(on.test_acc[-1]), n=off.n_test)


def ioffe_percentiles(runs: dict, unit: int, t: T) -> str:
    def band(r) -> dict:
        p = r.pct[:, unit, :]
        return {"a15": num(p[0, 0]), "a50": num(p[0, 1]), "a85": num(p[0, 2]), "b15": num(p[-1, 0]),
                "b50": num(p[-1, 1]), "b85": num(p[-1, 2]), "drift": num(r.drift(unit))}
    return t("alt.papers.ioffe_pct", unit=unit + 1, steps=int(runs[False].steps[-1]),
             off=t("alt.papers.ioffe_band", **band(runs[False])), on=t("alt.papers.ioffe_band", **band(runs[True])))
