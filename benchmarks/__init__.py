"""Performance figures: `python -m benchmarks` prints one table over every benchmarks/bench_*.py.

Each bench module defines CASES, a list of `Case`. A case may name a baseline (the bare work it
cannot avoid, or the slow way) and the runner prints the ratio measured in the same run."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sim._fast import median_ms  # noqa: F401  (re-exported: benchmarks.median_ms)


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


