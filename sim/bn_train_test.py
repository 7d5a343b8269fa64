"""Batch norm lab, part 3: running statistics over training batches, test vs train mode, batch-size noise."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from sim.batchnorm import batchnorm_forward
from sim.bn_lab import assignment_net, histogram

D_IN = 50
TEST_N = 1000      # a test set 5× the assignment's batch of 200, so its own sampling noise stays small
POOL_N = 10_000    # samples that stand in for the whole data distribution


@dataclass(frozen=True)
class TrainTest:
    steps: np.ndarray          # (K,) 1 … K
    batch_mean: np.ndarray     # (K, 3) each training batch's own mean
    batch_var: np.ndarray      # (K, 3) biased
    running_mean: np.ndarray   # (K, 3) after each step
    running_var: np.ndarray    # (K, 3)
    pop_mean: np.ndarray       # (3,) over POOL_N samples: what the running mean should approach
    pop_var: np.ndarray
    train_mean: np.ndarray     # (3,) train-mode output of a fresh test batch (its own statistics)
    train_std: np.ndarray
    test_mean: np.ndarray      # (3,) test-mode output of the same batch (running statistics)
    test_std: np.ndarray
    train_counts: np.ndarray   # (bins,) pooled over the 3 features, shared edges with test
    test_counts: np.ndarray
    edges: np.ndarray          # (bins+1,)
    batch_size: int
    momentum: float
    zero_variance: bool        # batch size 1: every batch variance is 0


def train_test(*, n_steps: int = 50, batch_size: int = 200, momentum: float = 0.9, seed: int = 231,
               bins: int = 40) -> TrainTest:
    """The assignment's 50 → 60 → 3 ReLU net fed n_steps fresh random batches through BN in train mode
    (γ = 1, β = 0), then one fresh test set of TEST_N through both modes."""
    rng = np.random.default_rng(seed)
    net = assignment_net(rng)
    rng.standard_normal((POOL_N, D_IN))          # the pool's draw, made by _pool: keeps later draws in step
    pool = _pool(seed)
    rm, rv = np.zeros(3), np.ones(3)
    bm, bv, rms, rvs = (np.zeros((n_steps, 3)) for _ in range(4))
    g, b = np.ones(3), np.zeros(3)
    for k in range(n_steps):
        a = net(rng.standard_normal((batch_size, D_IN)))               # (batch_size, 3)
        bm[k], bv[k] = a.mean(axis=0), a.var(axis=0)
        _, _, rm, rv = batchnorm_forward(a, g, b, running_mean=rm, running_var=rv, momentum=momentum)
        rms[k], rvs[k] = rm, rv
    x = net(rng.standard_normal((TEST_N, D_IN)))
    out_train = batchnorm_forward(x, g, b)[0]
    out_test = batchnorm_forward(x, g, b, train=False, running_mean=rm, running_var=rv)[0]
    lo = float(min(out_train.min(), out_test.min()))
    hi = float(max(out_train.max(), out_test.max()))
    ct, edges = histogram(out_train, bins, lo, hi)
    cs, _ = histogram(out_test, bins, lo, hi)
    return TrainTest(np.arange(1, n_steps + 1), bm, bv, rms, rvs, pool.mean(axis=0), pool.var(axis=0),
                     out_train.mean(axis=0), out_train.std(axis=0), out_test.mean(axis=0), out_test.std(axis=0),
                     ct, cs, edges, batch_size, momentum, batch_size == 1)


BATCH_SIZES = (1, 2, 4, 8, 16, 32, 64, 128, 256, 512)


@dataclass(frozen=True)
class BatchNoise:
    sizes: np.ndarray          # (S,) batch sizes
    mean_spread: np.ndarray    # (S,) std over batches of the batch mean, in units of the population std
    std_spread: np.ndarray     # (S,) std over batches of the batch std (biased), same units
    std_bias: np.ndarray       # (S,) mean over batches of batch std / population std (< 1 for small N)
    batch_size: int            # the chosen N
    mean_counts: np.ndarray    # (bins,) batch means (standardised) at the chosen N
    mean_edges: np.ndarray
    std_counts: np.ndarray     # (bins,) batch stds (standardised) at the chosen N
    std_edges: np.ndarray
    n_batches: int


@lru_cache(maxsize=4)
def _pool(seed: int) -> np.ndarray:
    """POOL_N outputs of the seed's assignment net: (POOL_N, 3), read-only (shared between calls)."""
    rng = np.random.default_rng(seed)
    pool = assignment_net(rng)(rng.standard_normal((POOL_N, D_IN)))
    pool.setflags(write=False)
    return pool


def _standardised_pool(seed: int) -> np.ndarray:
    a = _pool(seed)[:, 0]
    return (a - a.mean()) / a.std()


def batch_noise(*, batch_size: int = 16, n_batches: int = 400, sizes=BATCH_SIZES, seed: int = 231,
                bins: int = 30) -> BatchNoise:
    """How far one batch's mean and std stray from the data's, for batches of N drawn from the
    first output feature of the assignment net (standardised, so the truth is mean 0, std 1)."""
    pool = _standardised_pool(seed)
    rng = np.random.default_rng(seed + 1)
    stats = {}
    for n in sorted(set(sizes) | {batch_size}):
        batch = pool[rng.integers(0, pool.size, (n_batches, n))]       # (n_batches, n)
        stats[n] = (batch.mean(axis=1), batch.std(axis=1))
    sz = np.array(sorted(set(sizes)))
    mc, me = histogram(stats[batch_size][0], bins)
    sc, se = histogram(stats[batch_size][1], bins)
    return BatchNoise(sz, np.array([stats[n][0].std() for n in sz]), np.array([stats[n][1].std() for n in sz]),
                      np.array([stats[n][1].mean() for n in sz]), batch_size, mc, me, sc, se, n_batches)
