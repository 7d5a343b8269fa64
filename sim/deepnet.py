"""The lecture's deep-net experiment (cs231n.github.io/neural-networks-2, "Weight Initialization"; slides
"Weight Initialization: Activation statistics"): per-layer activation and gradient statistics and histograms."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from sim import checks
from sim._fast import N_BINS, bin_values, mean_std
from sim.activations import ACTIVATIONS, forward, local_grad
from sim.batchnorm import batchnorm_backward, batchnorm_forward
from sim.initializers import scheme_scale

DRAW_CACHE_ELEMENTS = 8_000_000  # cache the standard-normal draws of runs up to 32 MB (float32), two at a time
SATURATION = 0.97  # |a| beyond 97% of a bounded side's asymptote counts as saturated (tanh ±1, sigmoid 0/1, ELU -α)


@dataclass(frozen=True)
class LayerStats:
    """Per-layer statistics of one quantity (the layers' outputs, or the gradients flowing into them)."""
    mean: np.ndarray                # (L,)
    std: np.ndarray                 # (L,)
    counts: np.ndarray              # (L, B) int64 histogram counts
    edges: np.ndarray               # (L, B+1)
    overflow_layer: int | None      # first layer (1-based, in the pass's order) that is not finite; later ones NaN


@dataclass(frozen=True)
class DeepNetResult:
    activation: str
    init: str
    scale: float | None             # the multiplier that overrode the scheme's, if any
    batchnorm: bool
    n_samples: int
    width: int
    act: LayerStats                 # each layer's output
    grad: LayerStats                # dL/d(layer output), standard-normal dL/d(top output), filled going down
    saturated_frac: np.ndarray      # (L,) share of (sample, unit) outputs near a flat asymptote
    dead_frac: np.ndarray           # (L,) share of units whose local gradient is 0 on every sample

    @property
    def n_layers(self) -> int:
        return len(self.act.std)

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


def clear_cache() -> None:
    """Forget the cached draws (a benchmark times a cold first visit)."""
    _draw_cached.cache_clear()


def draws(seed: int, n_samples: int, width: int, n_layers: int, dtype=np.float32) -> tuple:
    dtype = np.dtype(dtype)
    small = n_layers * width * width + 2 * n_samples * width <= DRAW_CACHE_ELEMENTS
    return (_draw_cached if small else _draw)(int(seed), int(n_samples), int(width), int(n_layers), dtype)


def layer_forward(a_prev: np.ndarray, w: np.ndarray, activation: str, *, batchnorm: bool = False,
                  params: dict | None = None):
    """a = f(BN(a_prev @ w)), BN optional (γ = 1, β = 0, train mode). a_prev: (N, D), w: (D, H).

    Returns (a: (N, H), cache) for layer_backward; the cache holds f'(z), which the statistics reuse."""
    params = params or {}
    z = a_prev @ w                                                     # (N, H)
    bn_cache = None
    if batchnorm:
        z, bn_cache, _, _ = batchnorm_forward(z, 1.0, 0.0, train=True)
    a = forward(activation, z, **params)                               # (N, H)
    return a, (w, _local_grad(activation, z, a, params), bn_cache)


def _local_grad(activation: str, z: np.ndarray, a: np.ndarray, params: dict) -> np.ndarray:
    """f'(z), from the output where the notes write it that way: tanh' = 1 − a², sigmoid' = a(1 − a),
    ReLU' = [z > 0] (0 at z == 0, as the registry); the registry's local_grad otherwise."""
    if activation == "tanh":
        return 1 - a * a
    if activation == "sigmoid":
        return a * (1 - a)
    if activation == "relu":
        return (z > 0).astype(z.dtype)
    return local_grad(activation, z, **params)


def layer_backward(da: np.ndarray, cache) -> np.ndarray:
    """dL/da_prev: (N, D) from dL/da: (N, H)."""
    w, lg, bn_cache = cache
    dz = da * lg                                                       # (N, H)
    if bn_cache is not None:
        dz, _, _ = batchnorm_backward(dz, bn_cache)
    return dz @ w.T                                                    # (N, D)


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
                 n_bins: int = N_BINS, dtype=np.float32, gradients: bool = True,
                 histograms: bool = True) -> DeepNetResult:
    """Forward randn(n_samples, width) through n_layers fully connected layers of `width` units (no biases),
    then feed a standard-normal gradient in at the top and send it back down.

    Draw order: input, W_1 … W_L, top gradient. float32 by default (outputs are only plotted;
    statistics accumulate in float64); overflow is recorded, never warned about.
    gradients=False skips the backward pass (grad_* stay NaN / zero) for views that show activations only;
    histograms=False keeps only the per-layer means and stds (counts zero, saturated and dead fractions NaN)
    for views that plot nothing else, such as every scheme side by side."""
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
    with np.errstate(all="ignore"):
        a = x
        for i, w in enumerate(weights):
            a, cache = layer_forward(a, w, activation, batchnorm=batchnorm, params=params)
            m, s = mean_std(a)
            if not np.isfinite(s):
                overflow = i + 1
                break
            if gradients:                    # only the backward pass needs the caches; dropped, their memory is reused
                caches.append(cache)
            act_mean[i], act_std[i] = m, s
            if histograms:
                act_counts[i], act_edges[i] = bin_values(a, n_bins)
                sat[i] = _saturated(activation, a, cache[1], params)
                dead[i] = np.count_nonzero(cache[1].max(axis=0) <= 0) / width
        if overflow is None and gradients:   # gradients through an overflowed forward pass mean nothing
            da = top_grad
            for i in range(n_layers - 1, -1, -1):
                m, s = mean_std(da)
                if not np.isfinite(s):
                    grad_overflow = i + 1
                    break
                grad_mean[i], grad_std[i] = m, s
                if histograms:
                    grad_counts[i], grad_edges[i] = bin_values(da, n_bins)
                if i > 0:
                    da = layer_backward(da, caches.pop())   # a spent cache is freed, its memory reused
    return DeepNetResult(activation, init, None if scale is None else float(scale), bool(batchnorm),
                         n_samples, width, LayerStats(act_mean, act_std, act_counts, act_edges, overflow),
                         LayerStats(grad_mean, grad_std, grad_counts, grad_edges, grad_overflow), sat, dead)
