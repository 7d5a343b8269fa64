"""Batch norm lab, part 4: which axes the statistics average over, fully connected (N, D) vs conv (N, C, H, W)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.batchnorm import batchnorm_forward, spatial_batchnorm_forward


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
    rng = np.random.default_rng(seed)
    x_fc = rng.standard_normal((n, d)) * 2 + np.arange(d)                       # (N, D)
    x_cv = rng.standard_normal((n, c, h, w)) * 2 + np.arange(c)[None, :, None, None]  # (N, C, H, W)
    out_fc, _, rm_fc, _ = batchnorm_forward(x_fc, np.ones(d), np.zeros(d))
    out_cv, _, rm_cv, _ = spatial_batchnorm_forward(x_cv, np.ones(c), np.zeros(c))
    return AxesDemo(x_fc.shape, rm_fc.shape, n, x_cv.shape, rm_cv.shape, n * h * w,
                    x_fc.mean(axis=0), out_fc.mean(axis=0), out_fc.std(axis=0),
                    x_cv.mean(axis=(0, 2, 3)), out_cv.mean(axis=(0, 2, 3)), out_cv.std(axis=(0, 2, 3)))
