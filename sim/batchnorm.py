"""Batch normalisation forward/backward for (N, D) and per-channel (N, C, H, W) inputs, CS231n style."""
from __future__ import annotations

import numpy as np

from sim import _checks as checks


def batchnorm_forward(x, gamma, beta, *, train=True, running_mean=None, running_var=None,
                      momentum=0.9, eps=1e-5):
    """Normalise each feature of x: (N, D) over the batch, then scale by gamma and shift by beta.

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
        mu = x.mean(axis=0)                                   # (D,)
        xc = x - mu                                           # (N, D)
        var = np.einsum("nd,nd->d", xc, xc) / x.shape[0]      # (D,) biased; no (N, D) temporary
        new_mean = momentum * running_mean + (1.0 - momentum) * mu
        new_var = momentum * running_var + (1.0 - momentum) * var
    else:
        mu, var = running_mean, running_var
        xc = x - mu
        new_mean, new_var = running_mean.copy(), running_var.copy()
    inv_std = 1.0 / np.sqrt(var + eps)                        # (D,)
    xhat = np.multiply(xc, inv_std, out=xc)                   # (N, D), in the centred copy's memory
    out = xhat * gamma
    out += beta
    cache = (xhat, gamma, inv_std, train)
    return out, cache, new_mean, new_var


def batchnorm_backward(dout, cache):
    """Gradients of batchnorm_forward: dout (N, D) -> (dx (N, D), dgamma (D,), dbeta (D,)).

    Train mode uses the simplified closed form (the batch statistics depend on x);
    test mode is an affine map per feature."""
    if np.shape(dout) != np.shape(cache[0]):
        raise ValueError(f"dout must have the forward input's shape {np.shape(cache[0])}, not {np.shape(dout)}")
    xhat, gamma, inv_std, train = cache
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xhat).sum(axis=0)
    dxhat = dout * gamma
    if train:
        n = dout.shape[0]
        dx = inv_std / n * (n * dxhat - dxhat.sum(axis=0) - xhat * (dxhat * xhat).sum(axis=0))
    else:
        dx = dxhat * inv_std
    return dx, dgamma, dbeta


def _to_rows(x):
    """(N, C, H, W) -> (N·H·W, C): every pixel of every example is a row, channels are features."""
    n, c, h, w = x.shape
    return x.transpose(0, 2, 3, 1).reshape(-1, c)


def _from_rows(rows, shape):
    n, c, h, w = shape
    return rows.reshape(n, h, w, c).transpose(0, 3, 1, 2)


def spatial_batchnorm_forward(x, gamma, beta, *, train=True, running_mean=None, running_var=None,
                              momentum=0.9, eps=1e-5):
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
