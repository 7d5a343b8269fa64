"""Search lab: 100 coarse trials × 5 epochs on the digits as one batched run vs train() one after another."""
from __future__ import annotations

from benchmarks import Case
from sim.data import prepare
from sim.search import random_trials, run_trials
from sim.train import train
from sim.twolayer import init_params

_D = prepare("digits", seed=0)
COARSE = random_trials(100, (-4.0, 2.0), (-5.0, 5.0), 0)   # the page's default ranges: about half break out early
WORKING = random_trials(100, (-1.0, 0.5), (-5.0, -2.0), 0)  # none breaks out: the batched run's worst case


def batched(trials=COARSE, epochs=5):
    return run_trials(trials, _D.X_train, _D.y_train, _D.X_val, _D.y_val, epochs=epochs, batch_size=100,
                      weight_scale=1e-2, seed=0)


def chunked(trials=COARSE, epochs=5, chunk=25):
    """What the page does: four cached batched runs of 25 trials, so a progress bar can move between them."""
    return [batched(trials[i:i + chunk], epochs) for i in range(0, len(trials), chunk)]


def one_after_another(trials=COARSE, epochs=5):
    p = init_params(64, 50, 10, weight_scale=1e-2, seed=0)
    return [train(p, _D.X_train, _D.y_train, _D.X_val, _D.y_val, lr=lr, reg=reg, epochs=epochs, batch_size=100,
                  seed=0) for lr, reg in trials]


CASES = [
    Case("search: 100 coarse trials × 5 epochs, batched", batched, baseline=one_after_another,
         baseline_name="train() one after another", target_ms=3000, repeats=5),
    Case("search: 100 coarse trials × 5 epochs, 4 chunks of 25", chunked, baseline=batched,
         baseline_name="one batched run", target_ms=3000, repeats=5),
    Case("search: 100 non-diverging trials × 5 epochs, batched", lambda: batched(WORKING),
         baseline=lambda: one_after_another(WORKING), baseline_name="train() one after another", target_ms=3000,
         repeats=5),
    Case("search: 30 fine trials × 15 epochs, batched", lambda: batched(WORKING[:30], 15),
         baseline=lambda: one_after_another(WORKING[:30], 15), baseline_name="train() one after another",
         repeats=3),
]
