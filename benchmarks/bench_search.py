"""Search lab: a coarse stage (100 trials × 5 epochs) and a fine one (30 × 15) on the digits as one batched float32
run, against train() one after another; their FLOP rate beside this machine's matmul peak measured in the same run;
float64, the page's chunks, a second BLAS thread and two searches at once (two students) for comparison.

The FLOP count is the matrix products' (2·m·n·k each) of what the run did: trials that broke out early count up
to their blow-up. The peak is one large square product (1024², the best case for BLAS); the search's products
are (A·50 × 65) @ (65 × 100) and 100 × 50 × 10 per trial, far from it, and the elementwise work between them
(ReLU, softmax, updates) is memory traffic that no FLOP count sees."""
from __future__ import annotations

import threading

import numpy as np
from streamlit.logger import set_log_level

import sim.batched
from benchmarks import Case
from sim._fast import blas_threads
from sim.data import prepare
from sim.search import SearchResult, random_trials, run_trials
from sim.train import train
from sim.twolayer import init_params

_D = prepare("digits", seed=0)
COARSE = random_trials(100, (-4.0, 2.0), (-5.0, 5.0), 0)            # the page's default ranges: about half break out
FINE = random_trials(30, (-1.0, 0.5), (-5.0, -2.0), 0, stream=1)    # a fine stage's ranges: none breaks out
HIDDEN, BATCH, PEAK_N = 50, 100, 1024


def batched(trials=COARSE, epochs=5, dtype=np.float32):
    return run_trials(trials, _D.X_train, _D.y_train, _D.X_val, _D.y_val, hidden_dim=HIDDEN, epochs=epochs,
                      batch_size=BATCH, weight_scale=1e-2, seed=0, dtype=dtype)


def one_after_another(trials=COARSE, epochs=5):
    """The plain trainer (sim.train.train, float64), one trial at a time."""
    p = init_params(64, HIDDEN, 10, weight_scale=1e-2, seed=0)
    return [train(p, _D.X_train, _D.y_train, _D.X_val, _D.y_val, lr=lr, reg=reg, epochs=epochs, batch_size=BATCH,
                  seed=0) for lr, reg in trials]


def chunked(trials=COARSE, epochs=5):
    """What the page does: the stage's chunks (ui.search.chunks: a small first one, then CHUNK_WORK each)."""
    set_log_level("error")   # importing ui's cached functions outside a server warns once for each
    from ui.lessons.search import CHUNK_WORK, FIRST_WORK
    from ui.stream import bounds
    return [batched(trials[a:b], epochs) for a, b in bounds(len(trials), FIRST_WORK // epochs, CHUNK_WORK // epochs)]


def flop(res: SearchResult, n: int = len(_D.y_train), m: int = len(_D.y_val), d: int = 64, h: int = HIDDEN,
         c: int = 10) -> float:
    """Matrix-product FLOPs of a search: forward and backward of every trained minibatch (5 products), and
    scoring (2 products) the validation split after each completed epoch, the training set once per trial
    at its last completed epoch, and both before training (once: the trials share their start)."""
    ipe = res.iters_per_epoch
    iters = np.where(res.stopped_early, res.stopped_at + 1, res.epochs * ipe)
    epochs_done = np.where(res.stopped_early, res.stopped_at // ipe, res.epochs)
    step = (n / ipe) * (4 * (d + 1) * h + 6 * h * c)        # one minibatch of the average size
    score = 2 * (d + 1) * h + 2 * h * c                      # one example through the net
    return float(iters.sum() * step + (epochs_done.sum() * m + np.count_nonzero(epochs_done) * n + n + m) * score)


def peak(dtype, threads: int):
    a = np.random.default_rng(0).standard_normal((PEAK_N, PEAK_N)).astype(dtype)
    with blas_threads(threads):
        return a @ a


def with_blas_threads(threads: int, fn):
    """fn with the engine's BLAS setting (one thread per session) replaced by `threads` (set once, around
    every thread fn starts)."""
    def run():
        saved = sim.batched.single_threaded
        sim.batched.single_threaded = lambda: blas_threads(threads)
        try:
            return fn()
        finally:
            sim.batched.single_threaded = saved
    return run


def at_once(fn, k: int = 2):
    """k sessions asking for fn at the same moment (the server runs each session's script in its own thread)."""
    def run():
        ts = [threading.Thread(target=fn) for _ in range(k)]
        for x in ts:
            x.start()
        for x in ts:
            x.join()
    return run


_PEAK = 2.0 * PEAK_N ** 3
_COARSE_FLOP, _FINE_FLOP = flop(batched()), flop(batched(FINE, 15))
COARSE_1, FINE_1 = (lambda: batched()), (lambda: batched(FINE, 15))

CASES = [
    Case("matmul peak: float32 1024² @ 1024², 1 BLAS thread", lambda: peak(np.float32, 1), flop=_PEAK, repeats=9),
    Case("matmul peak: float32, 2 BLAS threads", lambda: peak(np.float32, 2), flop=_PEAK, repeats=9),
    Case("matmul peak: float64, 1 BLAS thread", lambda: peak(np.float64, 1), flop=_PEAK, repeats=9),
    Case("matmul peak: float64, 2 BLAS threads", lambda: peak(np.float64, 2), flop=_PEAK, repeats=9),
    Case("search: 100 coarse trials × 5 epochs, batched float32", COARSE_1, baseline=one_after_another,
         baseline_name="train() one after another", target_ms=400, max_ratio=0.25, flop=_COARSE_FLOP, repeats=7),
    Case("search: 30 fine trials × 15 epochs, batched float32", FINE_1, baseline=lambda: one_after_another(FINE, 15),
         baseline_name="train() one after another", target_ms=400, max_ratio=0.25, flop=_FINE_FLOP, repeats=7),
    Case("search: 100 coarse, batched float64", lambda: batched(dtype=np.float64), baseline=COARSE_1,
         baseline_name="float32", flop=_COARSE_FLOP, repeats=7),
    Case("search: 100 coarse, in the page's chunks", chunked, baseline=COARSE_1, baseline_name="one batched run",
         flop=_COARSE_FLOP, repeats=7),
    Case("search: 30 fine, in the page's chunks", lambda: chunked(FINE, 15), baseline=FINE_1,
         baseline_name="one batched run", flop=_FINE_FLOP, repeats=7),
    Case("search: 100 coarse, 2 BLAS threads", with_blas_threads(2, COARSE_1), baseline=COARSE_1,
         baseline_name="1 BLAS thread", flop=_COARSE_FLOP, repeats=7),
    Case("search: two coarse searches at once, 1 BLAS thread each", at_once(COARSE_1), baseline=COARSE_1,
         baseline_name="one search", flop=2 * _COARSE_FLOP, repeats=5),
    Case("search: two coarse searches at once, 2 BLAS threads each", with_blas_threads(2, at_once(COARSE_1)),
         baseline=at_once(COARSE_1), baseline_name="1 BLAS thread each", flop=2 * _COARSE_FLOP, repeats=5),
]
