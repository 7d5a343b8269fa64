"""sim._fast: the bincount histogram and float32 statistics agree with NumPy's float64 references;
the BLAS switch found its function on this platform and is thread-local."""
import os

import numpy as np
import pytest

from sim._fast import bin_values, blas_set_threads_local, keep_freed_arrays, mean_std, single_threaded


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_bin_values_matches_np_histogram_on_its_own_edges(dtype):
    x = np.random.default_rng(0).standard_normal((400, 300)).astype(dtype)
    counts, edges = bin_values(x, 50)
    assert counts.shape == (50,) and edges.shape == (51,) and counts.sum() == x.size
    assert edges[0] == pytest.approx(float(x.min())) and edges[-1] == pytest.approx(float(x.max()))
    ref, _ = np.histogram(x.astype(np.float64), edges)
    assert np.abs(counts - ref).max() <= 2          # only values on a bin edge may land one bin over


def test_constant_and_empty_arrays_get_increasing_edges():
    for x in (np.zeros(100, np.float32), np.full(7, 3e-40, np.float32), np.full(5, 1e6)):
        counts, edges = bin_values(x, 20)
        assert counts.sum() == x.size and np.all(np.diff(edges) > 0)
        assert edges[0] <= x.min() <= x.max() <= edges[-1]
    counts, edges = bin_values(np.array([]), 10)
    assert counts.sum() == 0 and len(edges) == 11


def test_given_range_clips_into_end_bins():
    counts, edges = bin_values(np.array([-5.0, 0.1, 0.2, 9.0]), 4, lo=0.0, hi=1.0)
    assert counts.tolist() == [3, 0, 0, 1] and edges.tolist() == [0, 0.25, 0.5, 0.75, 1.0]


def test_mean_std_float32_is_accurate_even_off_centre_and_tiny():
    rng = np.random.default_rng(1)
    for loc, sd in ((0.5, 1e-4), (0.0, 3e-7), (-2.0, 5.0)):
        x = (loc + sd * rng.standard_normal(500_000)).astype(np.float32)
        m, s = mean_std(x)
        x64 = x.astype(np.float64)
        assert m == pytest.approx(x64.mean(), rel=1e-5, abs=1e-6 * sd)
        assert s == pytest.approx(x64.std(), rel=1e-4)


def test_mean_std_survives_float32_square_overflow_and_reports_inf():
    x = np.array([1e30, -2e30, 3e30], dtype=np.float32)
    m, s = mean_std(x)
    assert s == pytest.approx(x.astype(np.float64).std(), rel=1e-6)
    assert not np.isfinite(mean_std(np.array([1.0, np.inf], np.float32))[1])


def test_blas_switch_found_openblas_thread_local_setter_here():
    """NumPy's wheels bundle OpenBLAS >= 0.3.27; if the lookup silently fails, single_threaded does nothing."""
    fn = blas_set_threads_local()
    assert fn is not None
    with single_threaded():
        assert fn(1) == 1                  # inside: this thread is set to one thread (returns the old value)
    outside = fn(1)
    fn(outside)
    assert outside != 1 or os.cpu_count() == 1   # restored to the default (all cores) after the block


def test_glibc_accepted_the_memory_reuse_settings_here():
    assert keep_freed_arrays()
