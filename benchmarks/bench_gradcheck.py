"""Gradient checks lesson: the error-against-h sweep (4 curves × 49 steps), the kink checks of W1, the traps and
the bug finder (every element of every parameter), each with its figure, as a first visit computes them."""
import numpy as np

from benchmarks import Case
from sim.gradcheck import eval_numerical_gradient
from sim.labs import gradcheck as lab
from ui.i18n import tr
from viz import gradcheck as vg

t = tr("en")
X = np.random.default_rng(0).standard_normal(200)


def one_check():
    """The unit of work: a centred numerical gradient of a cheap function of 200 variables (400 evaluations)."""
    return eval_numerical_gradient(lambda v: float(np.tanh(v).sum()), X.copy())


def tab1():
    return vg.error_h_figure(lab.error_vs_h("twolayer", 0), t)


def tab2():
    return vg.kink_figure(lab.kink_scalar("relu"), t), vg.kink_net_figure(lab.kink_net(1e-4, 1e-5, 0), t)


def tab3():
    return (vg.reg_trap_figure(lab.reg_trap(), t, 1e3), vg.dropout_figure(lab.dropout_trap(0.5), t),
            vg.sample_figure(lab.sample_trap(60), t))


def bug_finder():
    return [vg.bug_figure(lab.bug_check(b, 0), t) for b in lab.BUGS]


ONE = "400 evaluations of tanh(200)"
CASES = [
    # 4 curves × 49 steps × 6 weights × 2 evaluations of the net's loss: the heaviest first visit of the lesson
    Case("gradcheck: error against h (two-layer net) + figure", tab1, baseline=one_check, baseline_name=ONE,
         target_ms=500, max_ratio=800, repeats=5),
    Case("gradcheck: kinks (W1's 200 checks) + figures", tab2, baseline=one_check, baseline_name=ONE,
         target_ms=300, repeats=5),
    Case("gradcheck: traps + figures", tab3, baseline=one_check, baseline_name=ONE, target_ms=400, repeats=5),
    Case("gradcheck: bug finder, all 7 backward passes + figures", bug_finder, baseline=one_check,
         baseline_name=ONE, target_ms=300, repeats=5),
]
