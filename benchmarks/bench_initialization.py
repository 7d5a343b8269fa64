"""Initialisation lab: the default 10×500×1000 run against its bare matmul work, compare-all, figure payload."""
import numpy as np

from benchmarks import Case
from sim import deepnet
from sim.deepnet import run_deep_net
from sim.initializers import SCHEMES
from sim.labs.initialization import train_symmetry
from ui.i18n import tr
from viz import initialization as fig

L, D, N = 10, 500, 1000
t = tr("en")


def bare_work():
    """What the run cannot avoid: the same float32 draws (input, weights, top gradient) and the same
    matmuls (L forward; L − 1 backward, the input's own gradient is never needed)."""
    rng = np.random.default_rng(0)
    a = rng.standard_normal((N, D), dtype=np.float32)
    ws = [rng.standard_normal((D, D), dtype=np.float32) for _ in range(L)]
    g = rng.standard_normal((N, D), dtype=np.float32)
    for w in ws:
        a = a @ w
    for w in ws[:0:-1]:
        g = g @ w.T
    return a, g


def default_run():
    deepnet.clear_cache()   # cold: a first visit draws its input and weights
    return run_deep_net(n_layers=L, width=D, n_samples=N, activation="tanh", init="small")


def warm_run():
    """The same run with the draws already made (another scheme or nonlinearity on the same seed)."""
    return run_deep_net(n_layers=L, width=D, n_samples=N, activation="relu", init="he")


def compare_view():
    deepnet.clear_cache()   # the five schemes share one set of draws, made once here
    results = {s: run_deep_net(n_layers=L, width=D, n_samples=N, activation="tanh", init=s) for s in SCHEMES}
    return fig.compare_figure(results, {s: s for s in SCHEMES}, t)


def _payload_kb() -> float:
    res = default_run()
    runs = (train_symmetry("constant", 0.5, steps=200), train_symmetry("random", 0.1, steps=200))
    figs = (fig.histograms_figure(res, t, fixed_axes=True), fig.stats_figure(res, t, log_y=True), compare_view(),
            fig.symmetry_figure(runs, t), fig.weights_figure(runs, t))
    return sum(len(f.to_json()) for f in figs) / 1e3


def glorot_view():
    from sim.labs import papers_init
    from viz import papers
    res = {s: papers_init.glorot_net(s) for s in papers_init.GLOROT_SCHEMES}
    return papers.glorot_figure(res, t, "act"), papers.glorot_figure(res, t, "grad"), papers.glorot_std_figure(res, t)


def glorot_jacobian():
    from sim.labs import papers_init
    return [papers_init.jacobian_mean_sv(s) for s in papers_init.GLOROT_SCHEMES]


def he_view():
    from sim.labs import papers_init
    from viz import papers
    return papers.he_figure({i: papers_init.train_relu_net(i, 30) for i in papers_init.HE_INITS}, t)


RES = default_run()
CASES = [
    Case("initialization: default run, fwd+bwd+histograms (10×500×1000)", default_run, baseline=bare_work,
         baseline_name="bare draws+matmuls", target_ms=150, max_ratio=1.5),
    Case("initialization: same run after a selectbox change (draws shared)", warm_run, baseline=bare_work,
         baseline_name="bare draws+matmuls"),
    Case("initialization: compare all 5 schemes (runs + figure)", compare_view, target_ms=800, repeats=5),
    Case("initialization: histogram + stats figures at defaults (sim cached)",
         lambda: (fig.histograms_figure(RES, t, fixed_axes=True), fig.stats_figure(RES, t, log_y=True)), repeats=5),
    Case(f"initialization: figure payload at defaults {_payload_kb():.0f} KB (<300 KB); build time",
         _payload_kb, repeats=3),
    Case("initialization: Glorot & Bengio 2010, Figs 6/7 (2 × 5 tanh layers of 1000, 300 digits) + figures",
         glorot_view, target_ms=1000, repeats=3),
    Case("initialization: Glorot & Bengio 2010, Jacobian mean singular value (2 × one 1000×1000 SVD)",
         glorot_jacobian, repeats=1),
    Case("initialization: He et al. 2015, Figs 2/3 (30 layers, 2 × 1200 SGD steps) + figure", he_view,
         repeats=1),
]
