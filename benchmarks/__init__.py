"""Performance figures: `python -m benchmarks` prints one table over every benchmarks/bench_*.py.

Each bench module defines CASES, a list of `Case`. A case may name a baseline (the bare work it
cannot avoid, or the slow way) and the runner prints the ratio measured in the same run."""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Case:
    name: str
    fn: Callable[[], object]
    baseline: Callable[[], object] | None = None  # timed in the same run; ratio = fn / baseline
    baseline_name: str = ""
    target_ms: float | None = None                # time budget for this case (ms)
    max_ratio: float | None = None                # budget for fn / baseline
    repeats: int = 15
    flop: float | None = None                     # floating-point operations of one fn call: GFLOP/s is printed


def median_ms(fn: Callable[[], object], repeats: int) -> float:
    fn()  # warm caches and lazy imports
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e3)
    return float(np.median(times))
