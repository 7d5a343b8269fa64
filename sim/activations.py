"""Activation functions, each with its local gradient side by side, and Maxout."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from sim import checks


def _sigmoid(x):
    # exp(-x) overflows to inf for x < -709, and 1/(1+inf) = 0 is the right answer: silence the warning.
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-x))


def _sigmoid_grad(x):
    s = _sigmoid(x)
    return s * (1.0 - s)


def _tanh(x):
    return np.tanh(x)


def _tanh_grad(x):
    return 1.0 - np.tanh(x) ** 2


def _relu(x):
    return np.maximum(x, 0.0)


def _relu_grad(x):
    return (x > 0).astype(np.result_type(x, np.float32))  # 0 at x == 0, as PyTorch


def _leaky(x, alpha):
    if 0.0 <= alpha <= 1.0:
        return np.maximum(x, alpha * x)  # one max, no branch mask: as cheap as ReLU plus a multiply
    return np.where(x > 0, x, alpha * x)


def _leaky_grad(x, alpha):
    g = (x > 0).astype(np.result_type(x, np.float32))  # keeps float32 inputs float32
    g *= 1.0 - alpha
    g += alpha  # alpha at x == 0
    return g


def _elu(x, alpha):
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0.0)))


def _elu_grad(x, alpha):
    return np.where(x > 0, 1.0, alpha * np.exp(np.minimum(x, 0.0))).astype(np.result_type(x, np.float32))


@dataclass(frozen=True)
class Activation:
    name: str                                   # registry key, also the URL code
    label: str                                  # display name (the same in every language)
    forward: Callable[..., np.ndarray]
    grad: Callable[..., np.ndarray]             # local gradient df/dx, elementwise
    params: dict = field(default_factory=dict)  # default parameters, e.g. {"alpha": 0.01}
    zero_centered: bool = False
    uses_exp: bool = False                      # exp() costs more than max()


ACTIVATIONS: MappingProxyType[str, Activation] = MappingProxyType({
    "sigmoid": Activation("sigmoid", "Sigmoid", _sigmoid, _sigmoid_grad, uses_exp=True),
    "tanh": Activation("tanh", "tanh", _tanh, _tanh_grad, zero_centered=True, uses_exp=True),
    "relu": Activation("relu", "ReLU", _relu, _relu_grad),
    "leaky_relu": Activation("leaky_relu", "Leaky ReLU", _leaky, _leaky_grad, {"alpha": 0.01}),
    "prelu": Activation("prelu", "PReLU", _leaky, _leaky_grad, {"alpha": 0.25}),
    "elu": Activation("elu", "ELU", _elu, _elu_grad, {"alpha": 1.0}, uses_exp=True),
})


def get(name: str) -> Activation:
    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise KeyError(f"unknown activation {name!r}; valid: {', '.join(ACTIVATIONS)}") from None


def _params(act: Activation, params: dict) -> dict:
    unknown = set(params) - set(act.params)
    if unknown:
        raise TypeError(f"{act.name} takes {sorted(act.params) or 'no parameters'}, not {sorted(unknown)}")
    return {**act.params, **params}


def forward(name: str, x, **params) -> np.ndarray:
    """f(x), elementwise. x: any shape."""
    checks.numeric(x=x), checks.finite(**params)
    act = get(name)
    return act.forward(np.asarray(x), **_params(act, params))


def local_grad(name: str, x, **params) -> np.ndarray:
    """df/dx, elementwise; at x == 0 the negative-side derivative."""
    checks.numeric(x=x), checks.finite(**params)
    act = get(name)
    return act.grad(np.asarray(x), **_params(act, params))


def prelu_alpha_grad(x) -> np.ndarray:
    """d PReLU(x; alpha) / d alpha = x where x <= 0, else 0: how PReLU learns its slope."""
    x = np.asarray(x)
    return np.where(x > 0, 0.0, x)


def _affine(x, w, b):
    w = np.asarray(w)
    return x @ w + b if w.ndim == 2 else x * w + b


def maxout(x, w1, b1, w2, b2) -> np.ndarray:
    """max(x·w1 + b1, x·w2 + b2). x: (N, D) with w: (D, H), b: (H,) -> (N, H); or scalar w, b elementwise."""
    x = np.asarray(x)
    return np.maximum(_affine(x, w1, b1), _affine(x, w2, b2))


@dataclass(frozen=True)
class MaxoutGrads:
    dx: np.ndarray
    dw1: np.ndarray
    db1: np.ndarray
    dw2: np.ndarray
    db2: np.ndarray


def maxout_grad(x, w1, b1, w2, b2, dout=None) -> MaxoutGrads:
    """Gradients of maxout given the upstream gradient `dout` (ones by default).

    The gradient flows through whichever piece is larger; on a tie, through the first.
    With scalar weights dx is elementwise (the local gradient when dout is ones)."""
    x = np.asarray(x, dtype=float)
    z1, z2 = _affine(x, w1, b1), _affine(x, w2, b2)
    dout = np.ones_like(z1) if dout is None else np.asarray(dout, dtype=float)
    m1 = (z1 >= z2).astype(float)
    d1, d2 = dout * m1, dout * (1.0 - m1)
    if np.ndim(w1) == 2:
        return MaxoutGrads(d1 @ np.asarray(w1).T + d2 @ np.asarray(w2).T,
                           x.T @ d1, d1.sum(0), x.T @ d2, d2.sum(0))
    return MaxoutGrads(d1 * w1 + d2 * w2, np.sum(d1 * x), np.sum(d1), np.sum(d2 * x), np.sum(d2))
