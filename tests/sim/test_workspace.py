"""The work-array pool: reuse by size, the cap, and runs that reuse it give identical results."""
import numpy as np

from sim.deepnet import run_deep_net
from sim.workspace import POOL, Pool


def test_take_give_reuses_the_same_memory_by_size():
    pool = Pool(max_bytes=10_000)
    a = pool.take((10, 10), np.float32)
    pool.give([a])
    assert pool.take((10, 10), np.float32) is a
    assert pool.take((10, 10), np.float32) is not a          # only one was given back
    assert pool.take((10, 10), np.float64).dtype == np.float64


def test_cap_and_other_sizes_are_dropped_for_room():
    pool = Pool(max_bytes=1000)
    pool.give([np.empty(100, np.float32), np.empty(100, np.float32), np.empty(100, np.float32)])
    assert pool.held_bytes == 800                            # the third would pass the cap
    pool.give([np.empty(200, np.float32)])
    assert pool.held_bytes == 800 and pool.take((100,), np.float32).shape == (100,)


def test_repeated_runs_reusing_the_pool_are_identical():
    kw = dict(n_layers=4, width=30, n_samples=40, activation="tanh", init="xavier", seed=4)
    a, b = run_deep_net(**kw), run_deep_net(**kw)
    for f in ("act_std", "grad_std", "act_counts", "grad_counts", "saturated_frac", "dead_frac"):
        assert np.array_equal(getattr(a, f), getattr(b, f)), f
    other = run_deep_net(**dict(kw, activation="relu"))   # same buffers, another nonlinearity
    assert not np.array_equal(other.act_std, a.act_std)
    assert POOL.held_bytes <= POOL.max_bytes
