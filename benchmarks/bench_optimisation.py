"""Optimisation lab: the race of 6 rules × 500 steps, momentum's (learning rate, momentum) map, the animated figure,
the real-net comparison, Kingma & Ba's search, the schedules and L-BFGS. The sims keep no cache: every call is a
cold computation, as a first visit is (the ui layer caches them)."""
from benchmarks import Case
from sim.labs import optimisation as lab
from sim.labs import optimisation_net as net
from sim.labs import optimisation_schedules as sched
from ui.i18n import tr
from viz import optimisation as viz

t = tr("en")
SIX = ("sgd", "sgd_momentum", "nesterov", "adagrad", "rmsprop", "adam")


def race():
    return lab.race("quadratic", SIX, kappa=100.0, steps=500)


def race_figure():
    r = race()
    return viz.paths_figure(r, lab.contour("quadratic", 100.0), t, animate=True), viz.loss_figure(r, t)


def heat_map():
    return lab.momentum_map(100.0)


def real_net():
    return net.compare_rules(epochs=10, batch_size=64)


CASES = [
    Case("optimisation: race, 6 rules × 500 steps (quadratic, κ = 100)", race, target_ms=200, repeats=9),
    Case("optimisation: race + animated figure (40 frames) + loss figure", race_figure, target_ms=300, repeats=5),
    Case("optimisation: momentum map, 81 × 100 cells × 300 steps", heat_map, target_ms=200, repeats=9),
    Case("optimisation: real net, 6 rules × 10 epochs (digits)", real_net, target_ms=2000, repeats=3),
    Case("optimisation: Kingma & Ba, 4 rules × 11 learning rates × 20 epochs", net.kingma_ba, target_ms=3000, repeats=3),
    Case("optimisation: schedules, 3 on the noisy bowl + 3 on the net × 30 epochs",
         lambda: (sched.schedules_on_bowl(("constant", "step", "cosine")),
                  net.train_schedules(("constant", "step", "cosine"))), target_ms=3000, repeats=3),
    Case("optimisation: L-BFGS full batch vs SGD + momentum, 30 passes", net.lbfgs_vs_sgd, target_ms=3000, repeats=3),
]
