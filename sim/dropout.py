"""Dropout as the course notes write it (cs231n.github.io/neural-networks-2, "Dropout"): inverted dropout with
p the probability of KEEPING a unit, `mask = (rand(*x.shape) < p) / p` at training and nothing at test; and
DropConnect (Wan et al. 2013), which drops weights instead of units. PyTorch's `p` is the drop probability."""
from __future__ import annotations

import numpy as np


def _keep(dropout_param: dict) -> float:
    p = float(dropout_param["p"])
    if not 0.0 < p <= 1.0:
        raise ValueError(f"dropout_param['p'] is the keep probability, in (0, 1]; got {p}")
    return p


def dropout_mask(shape: tuple, p: float, rng: np.random.Generator) -> np.ndarray:
    """The inverted-dropout mask: 1/p where a unit is kept (probability p), 0 where it is dropped."""
    return (rng.random(shape) < p) / p


def dropout_forward(x: np.ndarray, dropout_param: dict) -> tuple[np.ndarray, tuple]:
    """x (any shape) -> (out, cache). dropout_param: {"p": keep probability, "mode": "train" | "test", "seed": …}.

    Train: out = x * mask with mask = (rand < p) / p, so E[out] = x. Test: out = x (the /p already paid for the
    scaling). The seed seeds a fresh np.random.default_rng, never the global state."""
    p, mode = _keep(dropout_param), dropout_param.get("mode", "train")
    if mode == "train":
        mask = dropout_mask(x.shape, p, np.random.default_rng(dropout_param.get("seed")))
        out = x * mask
    elif mode == "test":
        mask, out = None, x.copy()
    else:
        raise ValueError(f"dropout_param['mode'] must be 'train' or 'test', got {mode!r}")
    return out, (dropout_param, mask)


def dropout_backward(dout: np.ndarray, cache: tuple) -> np.ndarray:
    """dout (shape of x) -> dx: through the same mask at training, unchanged at test."""
    dropout_param, mask = cache
    return dout * mask if dropout_param.get("mode", "train") == "train" else dout.copy()


def scaled_dropout_forward(x: np.ndarray, dropout_param: dict) -> np.ndarray:
    """The notes' first version ("vanilla" dropout): train keeps units with probability p and does NOT rescale;
    test multiplies the output by p instead, so its expectation matches training."""
    p, mode = _keep(dropout_param), dropout_param.get("mode", "train")
    if mode == "test":
        return x * p
    return x * (np.random.default_rng(dropout_param.get("seed")).random(x.shape) < p)


def dropconnect_forward(x: np.ndarray, w: np.ndarray, b: np.ndarray, dropout_param: dict) -> tuple[np.ndarray, tuple]:
    """DropConnect on an affine layer: x (N, D), w (D, M), b (M,) -> out (N, M) = x @ (w * mask) + b, one weight
    mask (D, M) per forward pass, kept with probability p and scaled by 1/p (inverted, so test uses w as is)."""
    p, mode = _keep(dropout_param), dropout_param.get("mode", "train")
    mask = dropout_mask(w.shape, p, np.random.default_rng(dropout_param.get("seed"))) if mode == "train" else None
    wm = w * mask if mask is not None else w
    return x @ wm + b, (x, wm, mask)


def dropconnect_backward(dout: np.ndarray, cache: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """dout (N, M) -> (dx (N, D), dw (D, M), db (M,)); dw passes through the same weight mask."""
    x, wm, mask = cache
    dw = x.T @ dout
    return dout @ wm.T, dw * mask if mask is not None else dw, dout.sum(axis=0)
