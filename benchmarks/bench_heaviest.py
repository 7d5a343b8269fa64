"""The heaviest settings a student can choose, as the page computes them (bounded), against the default view.

Issue 13: no single view may take more than a few seconds. Each case runs the computation of one view at the
extreme corner of its controls, cold (first visit), after the page's bounds have cut it; the baseline is the same
view at its defaults."""
from __future__ import annotations

import numpy as np
from streamlit.logger import set_log_level

from benchmarks import Case
from sim import deepnet
from sim.batched import train_many
from sim.deepnet import run_deep_net
from sim.initializers import SCHEMES
from sim.twolayer import init_params

set_log_level("error")   # the ui caches are made bare here: no "No runtime found" warning for each of them
from ui.lessons.babysitting import RunConfig, bounded  # noqa: E402
from ui.lessons.initialization import NetConfig, compare_net  # noqa: E402

BIG = NetConfig(n_layers=20, width=1000, n_samples=1000, init="xavier")
HEAVY_LRS = (1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0, 3.0)     # eight: the most the page trains at once
HEAVY = RunConfig(hidden=200, batch_size=10, epochs=50)        # digits: 7200 iterations per run unbounded


def compare_all_view(net: NetConfig) -> None:
    """The page's own net, then every scheme through compare_net(net): what compare-all computes cold."""
    deepnet.clear_cache()
    run_deep_net(n_layers=net.n_layers, width=net.width, n_samples=net.n_samples, activation=net.activation,
                 init=net.init, seed=0)
    small = compare_net(net)
    for init in SCHEMES:
        run_deep_net(n_layers=small.n_layers, width=small.width, n_samples=small.n_samples,
                     activation=small.activation, init=init, seed=0)


def lr_view(run: RunConfig, lrs) -> None:
    """The learning-rate tab's batched run, with the epochs bounded() leaves."""
    run = bounded(run, len(lrs))
    d = run.data
    p = init_params(d.X_train.shape[1], run.hidden, d.n_classes, weight_scale=run.weight_scale, seed=0)
    train_many(p, d.X_train, d.y_train, d.X_val, d.y_val, lrs=np.array(lrs), regs=0.0, epochs=run.epochs,
               batch_size=run.batch_size, seed=0)


CASES = [
    Case("heaviest: compare-all at 20 layers × 1000 units × 1000 samples", lambda: compare_all_view(BIG),
         baseline=lambda: compare_all_view(NetConfig()), baseline_name="compare-all at the defaults",
         target_ms=3000, repeats=3),
    Case("heaviest: 8 lrs × 50 epochs, 200 hidden, batch 10 (bounded)", lambda: lr_view(HEAVY, HEAVY_LRS),
         baseline=lambda: lr_view(RunConfig(), (1e-6, 1e-2, 1e-1, 1.0, 30.0, 1e6)),
         baseline_name="the lecture preset (6 lrs × 20 epochs)", target_ms=3000, repeats=3),
]
