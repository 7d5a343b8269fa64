"""Batch norm lab: each section's computation at the page's defaults, the whole page, and the BN layer itself."""
import numpy as np

from benchmarks import Case
from sim import deepnet
from sim.batchnorm import batchnorm_backward, batchnorm_forward
from sim.deepnet import run_deep_net
from sim.labs import batchnorm as lab
from ui.i18n import tr
from viz import batchnorm as vb

t = tr("en")
X = np.random.default_rng(0).standard_normal((1000, 500))
ONES, ZEROS = np.ones(500), np.zeros(500)
A32 = X.astype(np.float32)
W32 = A32[:500].T.copy()


def matmul():
    """The unit of work of the deep net: one layer, (1000, 500) @ (500, 500) in float32."""
    return A32 @ W32


def section1():
    return lab.before_after(lab.layer_preactivations(layer=2, init="large", activation="relu"), gamma=1.0, beta=0.0), \
        lab.assignment_check()


def section2():
    deepnet.clear_cache()   # cold, as a first visit: BN off draws, BN on reuses the same draws
    return (run_deep_net(init="small", activation="tanh", batchnorm=False, gradients=False),
            run_deep_net(init="small", activation="tanh", batchnorm=True, gradients=False))


def section3():
    lab.clear_cache()         # time the cold computation, as a first visit does
    return lab.train_test(n_steps=50, batch_size=200, momentum=0.9, seed=0), lab.batch_noise(batch_size=200, seed=0)


def tab1_all():
    """What the page computes when it opens (tab 1 at defaults; only the open tab runs): sims + figure."""
    r, _ = section1()
    return vb.before_after_figure(r, t)


def tab2_all():
    off, on = section2()
    return vb.bn_histograms(off, t, on=False), vb.bn_histograms(on, t, on=True), vb.std_per_layer_figure(off, on, t)


def tab3_all():
    tt, bn = section3()
    return vb.running_stats_figure(tt, t), vb.train_test_figure(tt, t), vb.batch_noise_figure(bn, t)


def tab4_all():
    return vb.axes_figure(lab.axes_demo(), t)


def bn_layer():
    out, cache, _, _ = batchnorm_forward(X, ONES, ZEROS)
    return batchnorm_backward(out, cache)


def ioffe_view():
    from sim.labs import papers_bn
    from viz import papers
    runs = {bn: papers_bn.train_sigmoid_net(bn) for bn in (False, True)}
    return papers.ioffe_accuracy_figure(runs, t), papers.ioffe_percentile_figure(runs, 0, t)


MM = "1 layer: f32 (1000,500)@(500,500)"
CASES = [
    Case("batchnorm: BN forward+backward, (1000, 500) float64", bn_layer, baseline=lambda: X @ X[:500].T,
         baseline_name="one 1000×500×500 matmul", repeats=9),
    Case("batchnorm: page at defaults (tab 1: sims + figure)", tab1_all, baseline=matmul, baseline_name=MM,
         target_ms=200, repeats=9),
    Case("batchnorm: tab 2 at defaults (2 × run_deep_net + figures)", tab2_all, baseline=matmul, baseline_name=MM,
         target_ms=200, repeats=5),
    Case("batchnorm: tab 3 at defaults (sims + figures)", tab3_all, baseline=matmul, baseline_name=MM,
         target_ms=200, repeats=9),
    Case("batchnorm: tab 4 at defaults", tab4_all, target_ms=200),
    Case("batchnorm: Ioffe & Szegedy 2015, Fig 1 (2 × 1000 SGD steps, 3 × 100 sigmoids) + figures", ioffe_view,
         repeats=1),
]
