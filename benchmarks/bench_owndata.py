"""A student's own data: reading and preparing the largest CSV the uploader takes (20 000 rows × 256 features,
budget 1 s), against NumPy's bare parse of the same text; and a drawn set of 500 points training live
against the spiral (300 points) at the same settings: the chunk the player waits for, so the frame rate."""
from __future__ import annotations

import io

import numpy as np

from benchmarks import Case
from benchmarks.bench_live import BATCH, LR, REG
from sim import data, live
from sim.tabular import MAX_FEATURES, MAX_ROWS, read_dataset
from sim.twolayer import init_params


def _big_csv() -> bytes:
    rng = np.random.default_rng(0)
    X = rng.standard_normal((MAX_ROWS, MAX_FEATURES))
    y = rng.integers(0, 10, MAX_ROWS)
    buf = io.StringIO()
    buf.write(",".join([f"f{j}" for j in range(MAX_FEATURES)] + ["label"]) + "\n")
    np.savetxt(buf, np.c_[X, y], delimiter=",", fmt="%.5g")
    return buf.getvalue().encode()


_BIG = _big_csv()
MB = len(_BIG) / 2**20


def bare_parse():
    return np.loadtxt(io.StringIO(_BIG.decode()), delimiter=",", skiprows=1, ndmin=2)


def _second_chunk_setup(d: data.Dataset):
    s0 = live.start(init_params(2, 100, d.n_classes, weight_scale=1e-2, seed=0))
    return d, live.run_chunk(s0, d, lr=LR, reg=REG, batch_size=BATCH, seed=0)


_X, _Y = data.shape("blobs", 100, 5, seed=1)            # 500 points: the most a drawing holds
_DRAWN = _second_chunk_setup(data.from_arrays(_X, _Y, seed=0))
_SPIRAL = _second_chunk_setup(data.prepare("spiral", seed=0))


def chunk(setup):
    d, first = setup
    return live.run_chunk(first.end, d, lr=LR, reg=REG, batch_size=BATCH, seed=0, n_iters=live.CHUNK)


CASES = [
    Case(f"own data: read + prepare a {MAX_ROWS} × {MAX_FEATURES} CSV ({MB:.0f} MB)", lambda: read_dataset(_BIG),
         baseline=bare_parse, baseline_name="np.loadtxt of the same text", target_ms=1000, repeats=3),
    Case("own data: live chunk on a drawn set of 500 points, 5 classes (vs the spiral's 300)", lambda: chunk(_DRAWN),
         baseline=lambda: chunk(_SPIRAL), baseline_name="the spiral's chunk", target_ms=150, max_ratio=1.3,
         repeats=9),
]
