"""The lecture's deep-net experiment: per-layer activation and gradient statistics and histograms."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from sim import _checks as checks
from sim.activations import ACTIVATIONS, forward, local_grad
from sim.batchnorm import batchnorm_backward, batchnorm_forward
from sim.binning import N_BINS, bin_values, mean_std
from sim.initializers import scheme_scale
from sim.workspace import POOL

DRAW_CACHE_ELEMENTS = 8_000_000  # cache the standard-normal draws of runs up to 32 MB (float32), two at a time
SATURATION = 0.97  # |a| beyond 97% of a bounded side's asymptote counts as saturated (tanh ±1, sigmoid 0/1, ELU -α)


@dataclass(frozen=True)
class DeepNetResult:
    activation: str
    init: str
    scale: float | None             # the multiplier that overrode the scheme's, if any
    batchnorm: bool
    n_samples: int
    width: int
    act_mean: np.ndarray            # (L,) mean of each layer's output
    act_std: np.ndarray             # (L,)
    grad_mean: np.ndarray           # (L,) mean of dL/d(layer output), standard-normal dL/d(top output)
    grad_std: np.ndarray            # (L,)
    saturated_frac: np.ndarray      # (L,) share of (sample, unit) outputs near a flat asymptote
    dead_frac: np.ndarray           # (L,) share of units whose local gradient is 0 on every sample
    act_counts: np.ndarray          # (L, B) int64 histogram counts of each layer's output
    act_edges: np.ndarray           # (L, B+1)
    grad_counts: np.ndarray         # (L, B)
    grad_edges: np.ndarray          # (L, B+1)
    overflow_layer: int | None      # first layer (1-based) whose outputs are not finite; later layers are NaN
    grad_overflow_layer: int | None  # first layer, going down, whose gradient is not finite

    @property
    def n_layers(self) -> int:
        return len(self.act_std)

    @property
    def layers(self) -> np.ndarray:
        return np.arange(1, self.n_layers + 1)


def _draw(seed: int, n_samples: int, width: int, n_layers: int, dtype) -> tuple:
    """The run's standard-normal draws in the order input, W_1 … W_L, top gradient (read-only).
    A scheme only multiplies them (sim.initializers draws N(0, 1) for every scheme, zeros included)."""
    rng = np.random.default_rng(seed)
    draws = (rng.standard_normal((n_samples, width), dtype=dtype),
             tuple(rng.standard_normal((width, width), dtype=dtype) for _ in range(n_layers)),
             rng.standard_normal((n_samples, width), dtype=dtype))
    for a in (draws[0], *draws[1], draws[2]):
        a.flags.writeable = False
    return draws


# Runs that differ only in scheme, scale, nonlinearity or BN (compare-all, BN off vs on, a new selectbox
# choice) share the same draws: drawing them is about a quarter of a default run.
_draw_cached = lru_cache(maxsize=2)(_draw)


def draws(seed: int, n_samples: int, width: int, n_layers: int, dtype=np.float32) -> tuple:
    dtype = np.dtype(dtype)
    small = n_layers * width * width + 2 * n_samples * width <= DRAW_CACHE_ELEMENTS
    return (_draw_cached if small else _draw)(int(seed), int(n_samples), int(width), int(n_layers), dtype)


def layer_forward(a_prev: np.ndarray, w: np.ndarray, activation: str, *, batchnorm: bool = False,
                  params: dict | None = None, out: np.ndarray | None = None):
    """a = f(BN(a_prev @ w)) with BN optional (γ = 1, β = 0, train mode). a_prev: (N, D), w: (D, H).

    Returns (a: (N, H), cache) for layer_backward; the cache's local gradient goes into `out` if given."""
    params = params or {}
    # all-zero weights (W = 0): the product is known, skip the matmul
    z = a_prev @ w if w.any() else np.zeros((a_prev.shape[0], w.shape[1]), dtype=np.result_type(a_prev, w))
    bn_cache = None
    if batchnorm:
        z, bn_cache, _, _ = batchnorm_forward(z, 1.0, 0.0, train=True)
    a = forward(activation, z, **params)
    return a, (w, _local_grad(activation, z, a, params, out), bn_cache)


def _local_grad(activation: str, z: np.ndarray, a: np.ndarray, params: dict, out=None) -> np.ndarray:
    """f'(z), from the output where that is cheaper than the registry's recomputation from z
    (tanh' = 1 − a², sigmoid' = a(1 − a), ReLU' = [a > 0]); tests check all give the registry's numbers."""
    if out is None or out.shape != z.shape or out.dtype != z.dtype:
        out = np.empty_like(z)
    if activation == "tanh":
        np.multiply(a, a, out=out)
        return np.subtract(1, out, out=out)
    if activation == "sigmoid":
        np.subtract(1, a, out=out)
        return np.multiply(out, a, out=out)
    if activation == "relu":
        return np.greater(z, 0, out=out, casting="unsafe")   # 0 at z == 0, as the registry
    out[...] = local_grad(activation, z, **params)
    return out


def layer_backward(da: np.ndarray, cache, *, need_input_grad: bool = True) -> np.ndarray | None:
    """dL/da_prev: (N, D) from dL/da: (N, H). Overwrites `da` (the caller's copy is spent)."""
    w, lg, bn_cache = cache
    da *= lg                                                           # dL/dz
    if bn_cache is not None:
        da, _, _ = batchnorm_backward(da, bn_cache)
    if not need_input_grad:
        return None
    return da @ w.T if w.any() else np.zeros((da.shape[0], w.shape[0]), dtype=da.dtype)


def _saturated(activation: str, a: np.ndarray, lg: np.ndarray, params: dict) -> float:
    """Share of outputs within 3% of a flat asymptote. For tanh and sigmoid the test runs on the local
    gradient, which is the same condition (|a| > 0.97 ⇔ 1 − a² < 1 − 0.97²; a(1 − a) < 0.97·0.03 ⇔
    a < 0.03 or a > 0.97) without a temporary."""
    if activation == "tanh":
        hit = lg < lg.dtype.type(1 - SATURATION ** 2)
    elif activation == "sigmoid":
        hit = lg < lg.dtype.type(SATURATION * (1 - SATURATION))
    elif activation == "elu":
        hit = a < -SATURATION * params["alpha"]
    else:                                    # ReLU family: no flat asymptote (the zero side is "dead")
        return 0.0
    return np.count_nonzero(hit) / a.size


def run_deep_net(*, n_layers: int = 10, width: int = 500, n_samples: int = 1000, activation: str = "tanh",
                 init: str = "xavier", scale: float | None = None, batchnorm: bool = False, seed: int = 0,
                 n_bins: int = N_BINS, dtype=np.float32, gradients: bool = True) -> DeepNetResult:
    """Forward randn(n_samples, width) through n_layers fully connected layers of `width` units (no biases),
    then feed a standard-normal gradient in at the top and send it back down.

    Draw order: input, W_1 … W_L, top gradient. float32 by default (outputs are only plotted;
    statistics accumulate in float64); overflow is recorded, never warned about.
    gradients=False skips the backward pass (grad_* stay NaN / zero) for views that show activations only."""
    if activation not in ACTIVATIONS:
        raise KeyError(f"unknown activation {activation!r}; valid: {', '.join(ACTIVATIONS)}")
    checks.counts(n_layers=n_layers, width=width, n_samples=n_samples, n_bins=n_bins)
    checks.finite(scale=scale), checks.seed(seed)
    params = dict(ACTIVATIONS[activation].params)
    x, z, top_grad = draws(seed, n_samples, width, n_layers, dtype)
    mult = np.dtype(dtype).type(scheme_scale(init, width, scale))
    weights = [zi * mult for zi in z]   # bit for bit init_weights(init, width, width, rng, scale, dtype=dtype)

    nan = np.full(n_layers, np.nan)
    act_mean, act_std, grad_mean, grad_std, sat, dead = (nan.copy() for _ in range(6))
    act_counts = np.zeros((n_layers, n_bins), dtype=np.int64)
    grad_counts = np.zeros((n_layers, n_bins), dtype=np.int64)
    act_edges = np.tile(np.linspace(-0.5, 0.5, n_bins + 1), (n_layers, 1))
    grad_edges = act_edges.copy()
    overflow = grad_overflow = None
    caches = []
    # work arrays from the pool: the local gradients kept for the backward pass, histogram scratch
    held = [POOL.take((n_samples, width), dtype) for _ in range(n_layers)]
    scratch = (POOL.take((x.size,), dtype), POOL.take((x.size,), np.intp))
    try:
        with np.errstate(all="ignore"):
            a = x
            for i, w in enumerate(weights):
                a, cache = layer_forward(a, w, activation, batchnorm=batchnorm, params=params, out=held[i])
                m, s = mean_std(a, scratch=scratch)
                if not np.isfinite(s):
                    overflow = i + 1
                    break
                caches.append(cache)
                act_mean[i], act_std[i] = m, s
                act_counts[i], act_edges[i] = bin_values(a, n_bins, scratch=scratch)
                sat[i] = _saturated(activation, a, cache[1], params)
                dead[i] = np.count_nonzero(cache[1].max(axis=0) <= 0) / width
            if overflow is None and gradients:   # gradients through an overflowed forward pass mean nothing
                da = top_grad
                for i in range(n_layers - 1, -1, -1):
                    m, s = mean_std(da, scratch=scratch)
                    if not np.isfinite(s):
                        grad_overflow = i + 1
                        break
                    grad_mean[i], grad_std[i] = m, s
                    grad_counts[i], grad_edges[i] = bin_values(da, n_bins, scratch=scratch)
                    da = layer_backward(da if i < n_layers - 1 else da.copy(), caches[i], need_input_grad=i > 0)
    finally:
        caches.clear()
        POOL.give(held + list(scratch))   # nothing of them reaches the result
    return DeepNetResult(activation, init, None if scale is None else float(scale), bool(batchnorm),
                         n_samples, width, act_mean, act_std, grad_mean, grad_std, sat, dead,
                         act_counts, act_edges, grad_counts, grad_edges, overflow, grad_overflow)
