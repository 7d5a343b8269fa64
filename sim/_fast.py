"""Speed plumbing, kept apart from the math so the engine reads like the course notes: a bincount
histogram and float64-accurate mean/std of large float32 arrays, a thread-local "one BLAS thread"
switch, and glibc settings that let freed large arrays be reused. Each is here because
`python -m benchmarks` shows it pays. And the one timer both the activation lesson's cost table and the
benchmarks use (median_ms)."""
from __future__ import annotations

import contextlib
import ctypes
import glob
import os
import time
from collections.abc import Callable
from functools import cache

import numpy as np

N_BINS = 50

# Fresh memory costs a page fault per 4 KB, about 10 ms per 20 MB: a third of the deep-net run's overhead,
# as the textbook expressions allocate a new (N, D) array per step. glibc gives arrays above a moving
# threshold their own mapping and returns it when freed; fixing the threshold at 32 MB and keeping up to
# 64 MB of free heap lets the next layer and the next run reuse the memory instead (bounded, like the
# work-array pool it replaces). Elsewhere (no glibc) this does nothing.
MMAP_THRESHOLD, TRIM_THRESHOLD = 32 * 2**20, 64 * 2**20


@cache
def keep_freed_arrays() -> bool:
    """Apply the settings above once per process; True where glibc accepted them."""
    try:
        mallopt = ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):
        return False
    m_trim_threshold, m_mmap_threshold = -1, -3           # <malloc.h>
    return bool(mallopt(m_mmap_threshold, MMAP_THRESHOLD)) and bool(mallopt(m_trim_threshold, TRIM_THRESHOLD))


def bin_values(x: np.ndarray, n_bins: int = N_BINS, lo: float | None = None,
               hi: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Histogram of every value of a finite array over [lo, hi] (its own min and max by default).

    Returns (counts: (n_bins,) int64, edges: (n_bins + 1,) float64); values outside [lo, hi] go to the
    end bins. (Near-)constant values get a unit-wide range around them, so edges always increase.
    One scaled copy and a bincount: about 3× faster than np.histogram on 500 000 float32 values."""
    flat = np.asarray(x).ravel()
    if flat.size == 0:
        return np.zeros(n_bins, dtype=np.int64), np.linspace(-0.5, 0.5, n_bins + 1)
    own_range = lo is None and hi is None
    lo = float(flat.min()) if lo is None else float(lo)
    hi = float(flat.max()) if hi is None else float(hi)
    k = n_bins / (hi - lo) if hi > lo else np.inf
    if not np.isfinite(k) or k > 1e30:   # a (near-)constant array: float32 could not resolve the bins
        mid = 0.5 * (lo + hi)
        half = max(0.5, abs(mid) * 1e-3)
        lo, hi, k, own_range = mid - half, mid + half, n_bins / (2 * half), False
    scaled = flat - flat.dtype.type(lo)
    scaled *= flat.dtype.type(k)                   # (x − lo)·k: the bin index, before flooring
    if not own_range:                              # with its own min/max every index is already in range
        np.clip(scaled, 0, n_bins, out=scaled)
    counts = np.bincount(scaled.astype(np.intp), minlength=n_bins + 1)   # truncation = floor: all >= 0
    counts[n_bins - 1] += counts[n_bins:].sum()    # the maximum itself lands on the closed right edge
    return counts[:n_bins].astype(np.int64), np.linspace(lo, hi, n_bins + 1)


def mean_std(x: np.ndarray) -> tuple[float, float]:
    """Mean and (population) std of all values. Pairwise sums keep float32 within ~1e-6 relative;
    if float32 squares overflow while the values are finite, it redoes the sums in float64."""
    flat = np.asarray(x).ravel()
    with np.errstate(over="ignore", invalid="ignore"):
        m = float(flat.sum()) / flat.size
        c = flat - flat.dtype.type(m) if np.isfinite(m) else flat.astype(np.float64)
        s = float(np.sqrt(np.square(c).sum() / flat.size))
    if not (np.isfinite(m) and np.isfinite(s)) and flat.dtype != np.float64 and np.isfinite(flat).all():
        return mean_std(flat.astype(np.float64))
    return m, s


# On a busy 2-core machine OpenBLAS's second thread makes a (100, 64) @ (64, 250) product several times
# slower, not faster. OpenBLAS >= 0.3.27 has a thread-local setting, so other Streamlit sessions (threads)
# are unaffected. Where the symbol is missing (another BLAS), single_threaded does nothing.
@cache
def blas_set_threads_local():
    """OpenBLAS's `openblas_set_num_threads_local` from NumPy's bundled library, or None if absent."""
    libdir = os.path.join(os.path.dirname(os.path.dirname(np.__file__)), "numpy.libs")
    for path in sorted(glob.glob(os.path.join(libdir, "lib*openblas*.so*"))):
        try:
            fn = ctypes.CDLL(path).openblas_set_num_threads_local
        except (OSError, AttributeError):
            continue
        fn.argtypes, fn.restype = [ctypes.c_int], ctypes.c_int
        return fn
    return None


@contextlib.contextmanager
def blas_threads(n: int):
    """Inside: BLAS calls from this thread use n threads; the previous setting is restored after."""
    fn = blas_set_threads_local()
    if fn is None:
        yield
        return
    previous = fn(n)
    try:
        yield
    finally:
        fn(previous)


def single_threaded():
    """Inside: BLAS calls from this thread use one thread (what every engine loop asks for; a server serves
    many students at once, and benchmarks/bench_search.py measures what a second thread would do)."""
    return blas_threads(1)


keep_freed_arrays()


def median_ms(fn: Callable[[], object], repeats: int, *, warm_up: bool = True) -> float:
    """Median wall time of `repeats` calls of fn, in ms; first one untimed call (caches, lazy imports) unless
    warm_up is False (the activation lesson times cold calls as a student's first view does)."""
    if warm_up:
        fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return 1e3 * float(np.median(times))
