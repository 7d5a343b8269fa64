"""Batch norm lab, part 1: one layer's pre-activations before and after BN, with chosen γ and β."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.activations import forward as activate
from sim.batchnorm import batchnorm_forward, zero_variance
from sim.binning import bin_values
from sim.initializers import init_weights

EPS = 1e-5


def histogram(x, bins: int = 40, lo: float | None = None, hi: float | None = None):
    """(counts, edges) of the finite values of x; a constant input gets a unit-wide range around it."""
    x = np.asarray(x, dtype=float).ravel()
    x = x[np.isfinite(x)]
    if x.size == 0:
        return np.zeros(bins, dtype=np.int64), np.linspace(-1.0, 1.0, bins + 1)
    lo = float(x.min()) if lo is None else lo
    hi = float(x.max()) if hi is None else hi
    if not hi - lo > 1e-12 * max(1.0, abs(lo), abs(hi)):
        lo, hi = lo - 0.5, hi + 0.5
    counts, edges = np.histogram(x, bins=bins, range=(lo, hi))
    return counts, edges


def layer_preactivations(*, layer: int = 5, width: int = 500, n_samples: int = 1000, activation: str = "tanh",
                         init: str = "xavier", bn_below: bool = True, seed: int = 0) -> np.ndarray:
    """Pre-activations h_{layer−1} @ W_layer: (n_samples, width) of the 10-layer net (input randn, no biases).

    Below the chosen layer every linear layer is followed by BN (γ = 1, β = 0) when bn_below,
    then the nonlinearity; the chosen layer's own BN is what the lab shows. float32: only plotted."""
    rng = np.random.default_rng(seed)
    h = rng.standard_normal((n_samples, width)).astype(np.float32)
    ones, zeros = np.ones(width, np.float32), np.zeros(width, np.float32)
    for i in range(1, layer + 1):
        w = init_weights(init, width, width, rng, dtype=np.float32)
        a = h @ w                                                   # (N, width)
        if i == layer:
            return a
        if bn_below:
            a = batchnorm_forward(a, ones, zeros, eps=EPS)[0]
        h = activate(activation, a).astype(np.float32)
    raise ValueError(f"layer must be >= 1, got {layer}")


@dataclass(frozen=True)
class BeforeAfter:
    features: np.ndarray       # (k,) indices of the features shown one by one
    before_counts: np.ndarray  # (k, bins)
    before_edges: np.ndarray   # (k, bins+1)
    after_counts: np.ndarray   # (k, bins)
    after_edges: np.ndarray    # (k, bins+1)
    all_before_counts: np.ndarray  # (bins,) every feature pooled
    all_before_edges: np.ndarray
    all_after_counts: np.ndarray
    all_after_edges: np.ndarray
    before_mean: np.ndarray    # (k,)
    before_std: np.ndarray
    after_mean: np.ndarray
    after_std: np.ndarray
    gamma: np.ndarray          # (k,) γ used for the shown features
    beta: np.ndarray           # (k,) β used
    identity: bool             # γ = √(σ²+ε), β = μ per feature
    max_abs_change: float      # max |y − x| over everything: ≈ 0 when the identity is recovered
    n_constant: int            # features with zero batch variance (x̂ = 0 there)
    n_features: int


def before_after(pre, *, gamma: float = 1.0, beta: float = 0.0, identity: bool = False,
                 features=(0, 1, 2), bins: int = 40, eps: float = EPS) -> BeforeAfter:
    """BN (train mode) of pre: (N, D) with one γ and β for every feature, or the identity-recovering
    per-feature γ = √(σ²+ε), β = μ; histograms of a few features and of all features pooled."""
    x = np.asarray(pre, dtype=np.float64)
    n, d = x.shape
    feats = np.array([f for f in features if f < d], dtype=np.int64)
    mu, var = x.mean(axis=0), x.var(axis=0)
    g = np.sqrt(var + eps) if identity else np.full(d, float(gamma))
    b = mu.copy() if identity else np.full(d, float(beta))
    out = batchnorm_forward(x, g, b, eps=eps)[0]
    hb = [histogram(x[:, f], bins) for f in feats]
    ha = [histogram(out[:, f], bins) for f in feats]
    cb, eb = bin_values(x, bins)          # every feature pooled: 500 000 values, the fast binning
    ca, ea = bin_values(out, bins)
    return BeforeAfter(
        features=feats,
        before_counts=np.array([h[0] for h in hb]).reshape(len(feats), bins),
        before_edges=np.array([h[1] for h in hb]).reshape(len(feats), bins + 1),
        after_counts=np.array([h[0] for h in ha]).reshape(len(feats), bins),
        after_edges=np.array([h[1] for h in ha]).reshape(len(feats), bins + 1),
        all_before_counts=cb, all_before_edges=eb, all_after_counts=ca, all_after_edges=ea,
        before_mean=mu[feats], before_std=np.sqrt(var[feats]),
        after_mean=out[:, feats].mean(axis=0), after_std=out[:, feats].std(axis=0),
        gamma=g[feats], beta=b[feats], identity=identity,
        max_abs_change=float(np.max(np.abs(out - x))) if x.size else 0.0,
        n_constant=int(zero_variance(x).sum()), n_features=d,
    )


@dataclass(frozen=True)
class AssignmentCheck:
    before_mean: np.ndarray    # (3,) the 50 → 60 → 3 ReLU net's outputs, before BN
    before_std: np.ndarray
    unit_mean: np.ndarray      # after BN with γ = 1, β = 0
    unit_std: np.ndarray
    scaled_mean: np.ndarray    # after BN with γ = [1, 2, 3], β = [11, 12, 13]
    scaled_std: np.ndarray
    gamma: np.ndarray
    beta: np.ndarray


def assignment_net(rng: np.random.Generator, d_in: int = 50, d_hidden: int = 60, d_out: int = 3):
    """The course assignment's fixed random net a = relu(X W1) W2, as a function of a batch X: (N, d_in)."""
    w1 = rng.standard_normal((d_in, d_hidden))
    w2 = rng.standard_normal((d_hidden, d_out))
    return lambda x: np.maximum(0.0, x @ w1) @ w2


def assignment_check(*, n: int = 200, seed: int = 231) -> AssignmentCheck:
    """The assignment's train-mode check: N = 200 through 50 → 60 → 3 with ReLU, then BN two ways."""
    rng = np.random.default_rng(seed)
    net = assignment_net(rng)
    a = net(rng.standard_normal((n, 50)))                         # (N, 3)
    gamma, beta = np.array([1.0, 2.0, 3.0]), np.array([11.0, 12.0, 13.0])
    unit = batchnorm_forward(a, np.ones(3), np.zeros(3))[0]
    scaled = batchnorm_forward(a, gamma, beta)[0]
    return AssignmentCheck(a.mean(axis=0), a.std(axis=0), unit.mean(axis=0), unit.std(axis=0),
                           scaled.mean(axis=0), scaled.std(axis=0), gamma, beta)
