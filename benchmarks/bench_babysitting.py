"""Babysitting lab: 5 learning rates × 20 epochs on the digits (batch 100), batched vs one after another."""
from __future__ import annotations

from benchmarks import Case
from sim.batched import train_many
from sim.data import prepare
from sim.train import train
from sim.twolayer import init_params

LRS = (1e-6, 1e-1, 1.0, 10.0, 1e6)   # the page's default presets
LIVE5 = (1e-3, 1e-2, 1e-1, 1.0, 3.0)  # none of these diverges: all five run all 20 epochs
_D = prepare("digits", seed=0)
_P = init_params(64, 50, 10, weight_scale=1e-2, seed=0)


def batched():
    return train_many(_P, _D.X_train, _D.y_train, _D.X_val, _D.y_val, lrs=LRS, regs=0.0, epochs=20,
                      batch_size=100, seed=0)


def one_after_another(lrs=LRS):
    return [train(_P, _D.X_train, _D.y_train, _D.X_val, _D.y_val, lr=lr, reg=0.0, epochs=20, batch_size=100,
                  seed=0) for lr in lrs]


def batched_live5():
    """Five learning rates none of which diverges: the worst case for the batched trainer."""
    return train_many(_P, _D.X_train, _D.y_train, _D.X_val, _D.y_val, lrs=LIVE5, regs=0.0, epochs=20,
                      batch_size=100, seed=0)


CASES = [
    Case("babysitting: 5 lrs × 20 epochs, digits, batched", batched, baseline=one_after_another,
         baseline_name="train() one after another", target_ms=300, repeats=7),
    Case("babysitting: 5 non-diverging lrs × 20 epochs, batched", batched_live5,
         baseline=lambda: one_after_another(LIVE5), baseline_name="train() one after another", repeats=7),
]
