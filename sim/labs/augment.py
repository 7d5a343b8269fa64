"""Data augmentation of 8×8 digit images in NumPy (Lecture 7, "Data Augmentation"): small shifts, rotations,
scaling and pixel noise, drawn per image from a generator. No horizontal flips: a mirrored 2 or 7 is no longer
that digit, so a flip would teach the net wrong labels."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SIDE = 8


@dataclass(frozen=True)
class Augmentation:
    """How far each random transformation may go (0 turns it off)."""
    shift: float = 1.0        # pixels, uniform in [−shift, shift] along each axis
    rotate: float = 15.0      # degrees, uniform in [−rotate, rotate]
    scale: float = 0.1        # relative, uniform in [1 − scale, 1 + scale]
    noise: float = 0.05       # std of Gaussian pixel noise (pixels lie in [0, 1])


def warp(images: np.ndarray, angle: np.ndarray, scale: np.ndarray, shift: np.ndarray) -> np.ndarray:
    """Rotate by `angle` (radians), scale and shift each image about its centre, bilinear, zero outside.

    images (N, 8, 8), angle (N,), scale (N,), shift (N, 2) (rows, cols) -> (N, 8, 8)."""
    n = len(images)
    c = (SIDE - 1) / 2
    r, q = np.meshgrid(np.arange(SIDE) - c, np.arange(SIDE) - c, indexing="ij")     # output pixel coordinates
    cos, sin = np.cos(angle)[:, None, None], np.sin(angle)[:, None, None]
    s = scale[:, None, None]
    rr, qq = r - shift[:, 0, None, None], q - shift[:, 1, None, None]               # undo the shift, then the
    src_r = (cos * rr - sin * qq) / s + c                                           # rotation and the scale
    src_q = (sin * rr + cos * qq) / s + c
    r0, q0 = np.floor(src_r).astype(int), np.floor(src_q).astype(int)
    fr, fq = src_r - r0, src_q - q0
    out = np.zeros((n, SIDE, SIDE))
    idx = np.arange(n)[:, None, None]
    for dr, dq, wgt in ((0, 0, (1 - fr) * (1 - fq)), (1, 0, fr * (1 - fq)), (0, 1, (1 - fr) * fq), (1, 1, fr * fq)):
        rs, qs = r0 + dr, q0 + dq
        inside = (rs >= 0) & (rs < SIDE) & (qs >= 0) & (qs < SIDE)
        out += wgt * inside * images[idx, np.clip(rs, 0, SIDE - 1), np.clip(qs, 0, SIDE - 1)]
    return out


def augment(X: np.ndarray, aug: Augmentation, rng: np.random.Generator) -> np.ndarray:
    """X (N, 64) pixels in [0, 1] -> a randomly transformed copy (N, 64), clipped to [0, 1]."""
    n = len(X)
    angle = np.deg2rad(rng.uniform(-aug.rotate, aug.rotate, n))
    scale = rng.uniform(1 - aug.scale, 1 + aug.scale, n)
    shift = rng.uniform(-aug.shift, aug.shift, (n, 2))
    out = warp(X.reshape(n, SIDE, SIDE), angle, scale, shift).reshape(n, -1)
    if aug.noise:
        out = out + aug.noise * rng.standard_normal(out.shape)
    return np.clip(out, 0.0, 1.0)


def hflip(X: np.ndarray) -> np.ndarray:
    """The horizontal mirror of each image (N, 64): shown to say why the digits never use it."""
    return X.reshape(-1, SIDE, SIDE)[:, :, ::-1].reshape(len(X), -1)
