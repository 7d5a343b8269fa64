"""Live training: one 300-iteration chunk with snapshots (and the decision grid) vs the bare 300 SGD iterations,
and the JSON payload the browser receives per chunk (its size is in the case name; budget 1 MB)."""
from __future__ import annotations

import json

from benchmarks import Case
from sim import live
from sim.data import prepare
from sim.twolayer import init_params
from ui.i18n import tr
from viz.live import payload

BATCH, LR, REG = 100, 1.0, 1e-3


def _setup(name: str, hidden: int = 100):
    d = prepare(name, seed=0)
    s0 = live.start(init_params(d.X_train.shape[1], hidden, d.n_classes, weight_scale=1e-2, seed=0))
    first = live.run_chunk(s0, d, lr=LR, reg=REG, batch_size=BATCH, seed=0)
    return d, first   # benchmark the second chunk: a run in progress


_SPIRAL, _S_FIRST = _setup("spiral")
_DIGITS, _D_FIRST = _setup("digits")


def chunk(d, first):
    return live.run_chunk(first.end, d, lr=LR, reg=REG, batch_size=BATCH, seed=0, n_iters=live.CHUNK)


def bare(d, first):
    s = first.end
    return live.steps(s.params, d.X_train, d.y_train, lr=LR, reg=REG, batch_size=BATCH, seed=0, start=s.iteration,
                      n_steps=live.CHUNK, initial_loss=s.initial_loss)


_S_SECOND = chunk(_SPIRAL, _S_FIRST)


def spiral_json() -> str:
    """What one answered request sends: the new chunk (the browser keeps the earlier ones)."""
    return json.dumps(payload("1", _SPIRAL, [_S_FIRST, _S_SECOND], t=tr("en"), cap=1500, lr=LR, reg=REG,
                              send_from=1))


KB = len(spiral_json().encode()) / 1024

CASES = [
    Case(f"live: 300-iteration chunk, spiral, 100 hidden, snapshot every {live.EVERY} + {live.GRID}² grid",
         lambda: chunk(_SPIRAL, _S_FIRST), baseline=lambda: bare(_SPIRAL, _S_FIRST),
         baseline_name="300 bare SGD iterations", target_ms=150, repeats=9),
    Case("live: 300-iteration chunk, digits, 100 hidden, digits panel + confusion matrices",
         lambda: chunk(_DIGITS, _D_FIRST), baseline=lambda: bare(_DIGITS, _D_FIRST),
         baseline_name="300 bare SGD iterations", repeats=5),
    Case(f"live: payload of one spiral chunk to JSON ({KB:.0f} KB per chunk; budget 1024 KB)", spiral_json,
         target_ms=50 if KB <= 1024 else 0.0, repeats=9),
]
