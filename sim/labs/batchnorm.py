"""The batch-normalisation lesson's demos: one layer before/after BN with chosen γ and β, the assignment's
train-mode check, running statistics and test mode, batch-size noise, per-feature vs per-channel axes, and
a learning rate that only trains with BN."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from sim._fast import bin_values
from sim.activations import forward as activate
from sim.batchnorm import EPS, batchnorm_backward, batchnorm_forward, spatial_batchnorm_forward, zero_variance
from sim.data import rng
from sim.initializers import init_weights
from sim.train import batch_at, is_blowup
from sim.twolayer import softmax_loss


def layer_preactivations(*, layer: int = 5, width: int = 500, n_samples: int = 1000, activation: str = "tanh",
                         init: str = "xavier", bn_below: bool = True, seed: int = 0) -> np.ndarray:
    """Pre-activations h_{layer−1} @ W_layer: (n_samples, width) of the 10-layer net (input randn, no biases).

    Below the chosen layer every linear layer is followed by BN (γ = 1, β = 0) when bn_below,
    then the nonlinearity; the chosen layer's own BN is what the lab shows. float32: only plotted."""
    gen = np.random.default_rng(seed)
    h = gen.standard_normal((n_samples, width)).astype(np.float32)
    ones, zeros = np.ones(width, np.float32), np.zeros(width, np.float32)
    for i in range(1, layer + 1):
        w = init_weights(init, width, width, gen, dtype=np.float32)
        a = h @ w                                                   # (N, width)
        if i == layer:
            return a
        if bn_below:
            a = batchnorm_forward(a, ones, zeros, eps=EPS)[0]
        h = activate(activation, a).astype(np.float32)
    raise ValueError(f"layer must be >= 1, got {layer}")


@dataclass(frozen=True)
class Moments:
    """Per-feature mean and std of some values."""
    mean: np.ndarray
    std: np.ndarray


@dataclass(frozen=True)
class Side(Moments):
    """One side of BN (its input or its output) for the shown features, and all features pooled."""
    counts: np.ndarray         # (k, bins) histogram of each shown feature
    edges: np.ndarray          # (k, bins+1)
    all_counts: np.ndarray     # (bins,) every feature pooled
    all_edges: np.ndarray      # (bins+1,)


@dataclass(frozen=True)
class BeforeAfter:
    features: np.ndarray       # (k,) indices of the features shown one by one
    before: Side               # BN's input x
    after: Side                # BN's output y = γ·x̂ + β
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
    k = len(feats)

    def side(v: np.ndarray, mean: np.ndarray, std: np.ndarray) -> Side:
        hists = [bin_values(v[:, f], bins) for f in feats]
        all_counts, all_edges = bin_values(v, bins)          # every feature pooled: the fast binning
        return Side(mean, std, np.array([h[0] for h in hists]).reshape(k, bins),
                    np.array([h[1] for h in hists]).reshape(k, bins + 1), all_counts, all_edges)

    return BeforeAfter(
        features=feats,
        before=side(x, mu[feats], np.sqrt(var[feats])),
        after=side(out, out[:, feats].mean(axis=0), out[:, feats].std(axis=0)),
        gamma=g[feats], beta=b[feats], identity=identity,
        max_abs_change=float(np.max(np.abs(out - x))) if x.size else 0.0,
        n_constant=int(zero_variance(x).sum()), n_features=d,
    )


@dataclass(frozen=True)
class AssignmentCheck:
    before: Moments            # (3,) each: the 50 → 60 → 3 ReLU net's outputs, before BN
    unit: Moments              # after BN with γ = 1, β = 0
    scaled: Moments            # after BN with γ = [1, 2, 3], β = [11, 12, 13]
    gamma: np.ndarray
    beta: np.ndarray


def assignment_net(gen: np.random.Generator, d_in: int = 50, d_hidden: int = 60, d_out: int = 3):
    """The course assignment's fixed random net a = relu(X W1) W2, as a function of a batch X: (N, d_in)."""
    w1 = gen.standard_normal((d_in, d_hidden))
    w2 = gen.standard_normal((d_hidden, d_out))
    return lambda x: np.maximum(0.0, x @ w1) @ w2


def assignment_check(*, n: int = 200, seed: int = 231) -> AssignmentCheck:
    """The assignment's train-mode check: N = 200 through 50 → 60 → 3 with ReLU, then BN two ways."""
    gen = np.random.default_rng(seed)
    net = assignment_net(gen)
    a = net(gen.standard_normal((n, 50)))                         # (N, 3)
    gamma, beta = np.array([1.0, 2.0, 3.0]), np.array([11.0, 12.0, 13.0])
    unit = batchnorm_forward(a, np.ones(3), np.zeros(3))[0]
    scaled = batchnorm_forward(a, gamma, beta)[0]
    moments = lambda v: Moments(v.mean(axis=0), v.std(axis=0))  # noqa: E731
    return AssignmentCheck(moments(a), moments(unit), moments(scaled), gamma, beta)

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
    net = assignment_net(rng(seed, "bn_net"))
    batches = rng(seed, "bn_batches")
    pool = _pool(seed)
    rm, rv = np.zeros(3), np.ones(3)
    bm, bv, rms, rvs = (np.zeros((n_steps, 3)) for _ in range(4))
    g, b = np.ones(3), np.zeros(3)
    for k in range(n_steps):
        a = net(batches.standard_normal((batch_size, D_IN)))               # (batch_size, 3)
        bm[k], bv[k] = a.mean(axis=0), a.var(axis=0)
        _, _, rm, rv = batchnorm_forward(a, g, b, running_mean=rm, running_var=rv, momentum=momentum)
        rms[k], rvs[k] = rm, rv
    x = net(batches.standard_normal((TEST_N, D_IN)))
    out_train = batchnorm_forward(x, g, b)[0]
    out_test = batchnorm_forward(x, g, b, train=False, running_mean=rm, running_var=rv)[0]
    lo = float(min(out_train.min(), out_test.min()))
    hi = float(max(out_train.max(), out_test.max()))
    ct, edges = bin_values(out_train, bins, lo, hi)
    cs, _ = bin_values(out_test, bins, lo, hi)
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
    pool = assignment_net(rng(seed, "bn_net"))(rng(seed, "bn_pool").standard_normal((POOL_N, D_IN)))
    pool.setflags(write=False)
    return pool


def clear_cache() -> None:
    """Forget the cached image pool (a benchmark times a cold first visit)."""
    _pool.cache_clear()


def _standardised_pool(seed: int) -> np.ndarray:
    a = _pool(seed)[:, 0]
    return (a - a.mean()) / a.std()


def batch_noise(*, batch_size: int = 16, n_batches: int = 400, sizes=BATCH_SIZES, seed: int = 231,
                bins: int = 30) -> BatchNoise:
    """How far one batch's mean and std stray from the data's, for batches of N drawn from the
    first output feature of the assignment net (standardised, so the truth is mean 0, std 1)."""
    pool = _standardised_pool(seed)
    draws = rng(seed, "bn_noise")
    stats = {}
    for n in sorted(set(sizes) | {batch_size}):
        batch = pool[draws.integers(0, pool.size, (n_batches, n))]       # (n_batches, n)
        stats[n] = (batch.mean(axis=1), batch.std(axis=1))
    sz = np.array(sorted(set(sizes)))
    mc, me = bin_values(stats[batch_size][0], bins)
    sc, se = bin_values(stats[batch_size][1], bins)
    return BatchNoise(sz, np.array([stats[n][0].std() for n in sz]), np.array([stats[n][1].std() for n in sz]),
                      np.array([stats[n][1].mean() for n in sz]), batch_size, mc, me, sc, se, n_batches)


@dataclass(frozen=True)
class AxesDemo:
    fc_shape: tuple            # (N, D)
    fc_stat_shape: tuple       # (D,)
    fc_count: int              # values behind one statistic: N
    conv_shape: tuple          # (N, C, H, W)
    conv_stat_shape: tuple     # (C,)
    conv_count: int            # N·H·W
    fc_mean_before: np.ndarray   # (D,)
    fc_mean_after: np.ndarray
    fc_std_after: np.ndarray
    conv_mean_before: np.ndarray  # (C,)
    conv_mean_after: np.ndarray
    conv_std_after: np.ndarray


def axes_demo(*, n: int = 4, d: int = 6, c: int = 3, h: int = 4, w: int = 4, seed: int = 0) -> AxesDemo:
    """Run both BN variants on small random tensors whose features/channels have different offsets,
    and report the statistics' shapes and how many values each statistic averages."""
    gen = np.random.default_rng(seed)
    x_fc = gen.standard_normal((n, d)) * 2 + np.arange(d)                       # (N, D)
    x_cv = gen.standard_normal((n, c, h, w)) * 2 + np.arange(c)[None, :, None, None]  # (N, C, H, W)
    out_fc, _, rm_fc, _ = batchnorm_forward(x_fc, np.ones(d), np.zeros(d))
    out_cv, _, rm_cv, _ = spatial_batchnorm_forward(x_cv, np.ones(c), np.zeros(c))
    return AxesDemo(x_fc.shape, rm_fc.shape, n, x_cv.shape, rm_cv.shape, n * h * w,
                    x_fc.mean(axis=0), out_fc.mean(axis=0), out_fc.std(axis=0),
                    x_cv.mean(axis=(0, 2, 3)), out_cv.mean(axis=(0, 2, 3)), out_cv.std(axis=(0, 2, 3)))



def mlp_loss_and_grads(p: dict, X: np.ndarray, y: np.ndarray, batchnorm: bool) -> tuple[float, dict]:
    """affine – [BN] – ReLU (× len(p["W"]) − 1) – affine – softmax. p: lists "W", "b", "gamma", "beta";
    X: (N, D), y: (N,). Returns the mean cross-entropy and grads with p's structure (γ, β: zero without BN)."""
    depth = len(p["W"]) - 1
    h, caches = X, []
    for layer in range(depth):                                       # forward, keeping what backward needs
        z, bn = h @ p["W"][layer] + p["b"][layer], None
        if batchnorm:
            z, bn, _, _ = batchnorm_forward(z, p["gamma"][layer], p["beta"][layer])
        caches.append((h, z, bn))
        h = np.maximum(z, 0.0)
    loss, ds = softmax_loss(h @ p["W"][-1] + p["b"][-1], y)
    g = {k: [np.zeros_like(v) for v in p[k]] for k in p}
    g["W"][-1], g["b"][-1], dh = h.T @ ds, ds.sum(axis=0), ds @ p["W"][-1].T
    for layer in reversed(range(depth)):
        h_in, z, bn = caches[layer]
        dz = dh * (z > 0)                                            # ReLU: 0 at exactly 0
        if bn is not None:
            dz, g["gamma"][layer], g["beta"][layer] = batchnorm_backward(dz, bn)
        g["W"][layer], g["b"][layer], dh = h_in.T @ dz, dz.sum(axis=0), dz @ p["W"][layer].T
    return float(loss), g


def train_mlp(X: np.ndarray, y: np.ndarray, *, lr: float, batchnorm: bool, depth: int = 4, hidden: int = 50,
              iters: int = 300, batch_size: int = 100, seed: int = 0) -> tuple[np.ndarray, int | None]:
    """Minibatch SGD on mlp_loss_and_grads, He-initialised (the same draws with and without BN). Returns the
    loss per iteration (iters,), NaN after a blow-up (over 3× the initial loss, as the trainers stop), and the
    blow-up iteration or None."""
    gen = rng(seed, "bn_lr")
    dims = [X.shape[1]] + [hidden] * depth + [int(y.max()) + 1]
    p = {"W": [init_weights("he", a, b, gen) for a, b in zip(dims[:-1], dims[1:], strict=True)],
         "b": [np.zeros(n) for n in dims[1:]], "gamma": [np.ones(hidden) for _ in range(depth)], "beta": [np.zeros(hidden) for _ in range(depth)]}
    losses = np.full(iters, np.nan)
    with np.errstate(all="ignore"):
        for it in range(iters):
            idx = batch_at(len(X), batch_size, seed, it)
            losses[it], g = mlp_loss_and_grads(p, X[idx], y[idx], batchnorm)
            if is_blowup(losses[it], losses[0]):
                return losses, it
            p = {k: [v - lr * dv for v, dv in zip(p[k], g[k], strict=True)] for k in p}
    return losses, None
