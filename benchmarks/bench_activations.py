"""Activation lab: each function's forward + gradient on 10^6 values, and the page's computation at defaults."""
import numpy as np

from benchmarks import Case
from sim.labs.activations import CURVE_NAMES, chain_rule, curves, dead_relu, evaluate, fit_prelu_alpha, zigzag
from ui.i18n import tr
from viz import activations as fig

X = 3.0 * np.random.default_rng(0).standard_normal(10**6)
DEFAULT = ("sigmoid", "tanh", "relu", "leaky_relu")
t = tr("en")


def page_sim():
    cs = curves(DEFAULT, -10.0, 10.0, threshold=0.01)
    steps = chain_rule(DEFAULT, 0.0, 1.0)
    return cs, steps, zigzag(lr=0.5), dead_relu(), fit_prelu_alpha()


def page_all():
    cs, steps, z, d, p = page_sim()
    return (fig.curves_figure(cs, t, steps), fig.zigzag_figure(z, t), fig.dead_relu_figure(d, t, False),
            fig.dead_relu_figure(d, t, True), fig.prelu_figure(p, t))


def _curves_args():
    return curves(DEFAULT, -10.0, 10.0, threshold=0.01), t, chain_rule(DEFAULT, 0.0, 1.0)


CASES = [
    Case(f"activations: {name} forward+grad, 1e6 values", lambda name=name: evaluate(name, X),
         baseline=lambda: evaluate("relu", X), baseline_name="ReLU", repeats=9)
    for name in CURVE_NAMES
] + [
    Case("activations: page sim at defaults (cost aside)", page_sim, target_ms=50),
    # Figures are cached per tab in ui/, so a slider move rebuilds one figure, not all of them.
    Case("activations: all figures at defaults (cold cache)", page_all, repeats=9),
    Case("activations: curves figure alone (one slider move)", lambda: fig.curves_figure(*_curves_args()), repeats=9),
]
