"""Run NumPy's OpenBLAS with one thread in the calling thread only, for loops of many small products.

On a busy 2-core machine OpenBLAS's second thread makes a (100, 64) @ (64, 250) product several times
slower, not faster. OpenBLAS ≥ 0.3.27 has a thread-local setting, so other Streamlit sessions (threads)
are unaffected. Where the symbol is missing (another BLAS), this does nothing."""
from __future__ import annotations

import contextlib
import ctypes
import glob
import os
from functools import cache

import numpy as np


@cache
def _set_local():
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
    fn = _set_local()
    if fn is None:
        yield
        return
    previous = fn(1)
    try:
        yield
    finally:
        fn(previous)
