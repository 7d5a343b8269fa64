"""Batch normalisation forward/backward for (N, D) and per-channel (N, C, H, W) inputs, as in the
CS231n assignment (cs231n.github.io/neural-networks-2, "Batch Normalization"); state is returned, never mutated."""
from __future__ import annotations

import numpy as np

from sim import checks

EPS = 1e-5   # ε added to a variance before its square root: batch norm here, whitening in sim.preprocess


def batchnorm_forward(x, gamma, beta, *, train=True, running_mean=None, running_var=None,
                      momentum=0.9, eps=EPS):
    """Normalise each feature of x: (N, D) over the batch, then scale by gamma and shift by beta.

        mu = mean_n x,  var = mean_n (x − mu)²,  x̂ = (x − mu) / √(var + ε),  out = γ·x̂ + β

    Train mode uses the batch mean/variance (biased) and returns updated running statistics
    running = momentum·running + (1−momentum)·batch; test mode uses the running statistics as
    given. Nothing is mutated in place: the new running_mean/var are fresh arrays.

    Returns (out: (N, D), cache, running_mean: (D,), running_var: (D,)).
    A feature with zero variance (constant column, or N = 1) gives x̂ = 0 there, finite thanks to eps.
    """
    checks.matrix(x=x, finite_only=False), checks.finite(gamma=gamma, beta=beta, running_mean=running_mean, running_var=running_var)
    checks.positive(eps=eps), checks.within("momentum", momentum, 0.0, 1.0)
    x = np.asarray(x)
    d = x.shape[1]
    running_mean = np.zeros(d, dtype=x.dtype) if running_mean is None else np.asarray(running_mean)
    running_var = np.ones(d, dtype=x.dtype) if running_var is None else np.asarray(running_var)
    if train:
        mu = x.mean(0)                                        # (D,)
        var = x.var(0)                                        # (D,) biased
        running_mean = momentum * running_mean + (1.0 - momentum) * mu
        running_var = momentum * running_var + (1.0 - momentum) * var
    else:
        mu, var = running_mean, running_var
        running_mean, running_var = running_mean.copy(), running_var.copy()
    xhat = (x - mu) / np.sqrt(var + eps)                      # (N, D)
    out = gamma * xhat + beta                                 # (N, D)
    cache = (xhat, gamma, np.sqrt(var + eps), train)
    return out, cache, running_mean, running_var


def batchnorm_backward(dout, cache):
    """Gradients of batchnorm_forward: dout (N, D) -> (dx (N, D), dgamma (D,), dbeta (D,)).

    Train mode uses the simplified closed form (the batch statistics depend on x);
    test mode is an affine map per feature."""
    if np.shape(dout) != np.shape(cache[0]):
        raise ValueError(f"dout must have the forward input's shape {np.shape(cache[0])}, not {np.shape(dout)}")
    xhat, gamma, std, train = cache
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xhat).sum(axis=0)
    dxhat = dout * gamma
    if train:
        n = dout.shape[0]
        dx = (n * dxhat - dxhat.sum(axis=0) - xhat * (dxhat * xhat).sum(axis=0)) / (n * std)
    else:
        dx = dxhat / std
    return dx, dgamma, dbeta


def _to_rows(x):
    """(N, C, H, W) -> (N·H·W, C): every pixel of every example is a row, channels are features."""
    n, c, h, w = x.shape
    return x.transpose(0, 2, 3, 1).reshape(-1, c)


def _from_rows(rows, shape):
    n, c, h, w = shape
    return rows.reshape(n, h, w, c).transpose(0, 3, 1, 2)


def spatial_batchnorm_forward(x, gamma, beta, *, train=True, running_mean=None, running_var=None,
                              momentum=0.9, eps=EPS):
    """Batch norm for conv activations x: (N, C, H, W): one mean and variance per channel,
    taken over N, H and W together. gamma, beta: (C,). Returns (out, cache, running_mean (C,), running_var (C,))."""
    x = np.asarray(x)
    out, cache, rm, rv = batchnorm_forward(_to_rows(x), gamma, beta, train=train, running_mean=running_mean,
                                           running_var=running_var, momentum=momentum, eps=eps)
    return _from_rows(out, x.shape), (cache, x.shape), rm, rv


def spatial_batchnorm_backward(dout, cache):
    """Gradients of spatial_batchnorm_forward: dout (N, C, H, W) -> (dx (N, C, H, W), dgamma (C,), dbeta (C,))."""
    inner, shape = cache
    dx, dgamma, dbeta = batchnorm_backward(_to_rows(dout), inner)
    return _from_rows(dx, shape), dgamma, dbeta


def zero_variance(x, *, axis=0, tol=1e-12):
    """Mask of features whose batch variance is (numerically) zero: constant columns, or a batch of one.

    x: (N, D) with axis=0 -> (D,); for (N, C, H, W) pass axis=(0, 2, 3) -> (C,)."""
    x = np.asarray(x, dtype=float)
    scale = np.maximum(np.abs(x).max(axis=axis), 1.0) if x.size else 1.0
    return x.var(axis=axis) <= tol * scale**2
