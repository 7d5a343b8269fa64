"""The lecture's two-layer net: affine - nonlinearity - affine - softmax, with L2 regularisation on the weights
(cs231n.github.io/neural-networks-case-study). ReLU for the trainers, tanh for the symmetry lab."""
from __future__ import annotations

import numpy as np

from sim import checks

# name -> (f(z), f'(z) written from the output a = f(z)); at z == 0 ReLU takes the negative-side derivative 0
NONLINEARITIES = {
    "relu": (lambda z: np.maximum(z, 0.0), lambda a: (a > 0).astype(a.dtype)),
    "tanh": (np.tanh, lambda a: 1.0 - a * a),
}


def init_params(input_dim: int, hidden_dim: int, n_classes: int, *, weight_scale: float = 1e-4,
                seed: int | np.random.Generator = 0) -> dict[str, np.ndarray]:
    """W1 (D, H), W2 (H, C) = weight_scale·N(0, 1); b1 (H,), b2 (C,) = 0 — CS231n's `std * randn`."""
    checks.counts(input_dim=input_dim, hidden_dim=hidden_dim, n_classes=n_classes)
    checks.finite(weight_scale=weight_scale), checks.seed(seed)
    rng = np.random.default_rng(seed)
    return {"W1": weight_scale * rng.standard_normal((input_dim, hidden_dim)),
            "b1": np.zeros(hidden_dim),
            "W2": weight_scale * rng.standard_normal((hidden_dim, n_classes)),
            "b2": np.zeros(n_classes)}


def hidden(params: dict, X: np.ndarray, nonlinearity: str = "relu") -> np.ndarray:
    """The hidden layer's activations: X (N, D) -> (N, H)."""
    return NONLINEARITIES[nonlinearity][0](X @ params["W1"] + params["b1"])


def scores(params: dict, X: np.ndarray, nonlinearity: str = "relu") -> np.ndarray:
    """Class scores (N, C)."""
    return hidden(params, X, nonlinearity) @ params["W2"] + params["b2"]


def accuracy(params: dict, X: np.ndarray, y: np.ndarray, nonlinearity: str = "relu") -> float:
    """Fraction of rows whose highest score is the true class (NaN scores count as wrong)."""
    with np.errstate(all="ignore"):
        s = scores(params, X, nonlinearity)
    ok = np.all(np.isfinite(s), axis=1)
    return float(np.mean((np.argmax(np.where(np.isfinite(s), s, -np.inf), axis=1) == y) & ok))


def reg_loss(params: dict, reg: float) -> float:
    """0.5·reg·(ΣW1² + ΣW2²); biases are not regularised."""
    return 0.5 * reg * (float(np.sum(params["W1"] ** 2)) + float(np.sum(params["W2"] ** 2)))


def softmax_loss(s: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean cross-entropy of scores s (..., N, C) for labels y (N,), and its gradient ds (..., N, C).

    L = −mean_n log softmax(s_n)[y_n]; leading axes are independent runs (loss shape (...))."""
    shifted = s - s.max(axis=-1, keepdims=True)                 # exp never overflows
    log_p = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    rows = np.arange(len(y))
    loss = -log_p[..., rows, y].mean(axis=-1)
    ds = np.exp(log_p)                                          # softmax
    ds[..., rows, y] -= 1.0
    return loss, ds / len(y)


def loss_and_grads(params: dict, X: np.ndarray, y: np.ndarray, reg: float,
                   nonlinearity: str = "relu") -> tuple[float, dict]:
    """X (N, D), y (N,) -> (mean cross-entropy + 0.5·reg·(ΣW1² + ΣW2²), grads with the keys of params)."""
    checks.matrix(X=X), checks.labels(y, len(X)), checks.within("reg", reg, 0.0, np.inf)
    f, df = NONLINEARITIES[nonlinearity]
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    h = f(X @ W1 + b1)                      # (N, H)
    data_loss, ds = softmax_loss(h @ W2 + b2, y)
    dh = ds @ W2.T * df(h)                  # (N, H)
    grads = {"W1": X.T @ dh + reg * W1, "b1": dh.sum(axis=0),
             "W2": h.T @ ds + reg * W2, "b2": ds.sum(axis=0)}
    return float(data_loss) + reg_loss(params, reg), grads
