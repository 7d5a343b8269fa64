"""Speed plumbing, kept apart from the math so the engine reads like the course notes: a bincount
histogram and float64-accurate mean/std of large float32 arrays, and a thread-local "one BLAS
thread" switch. Each is here because `python -m benchmarks` shows it pays."""
from __future__ import annotations

import contextlib
import ctypes
import glob
import os
from functools import cache

import numpy as np

N_BINS = 50


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
    scaled = (flat - flat.dtype.type(lo)) * flat.dtype.type(k)
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
def single_threaded():
    """Inside: BLAS calls from this thread use one thread; the previous setting is restored after."""
    fn = blas_set_threads_local()
    if fn is None:
        yield
        return
    previous = fn(1)
    try:
        yield
    finally:
        fn(previous)
