"""PCA, whitening and mean-image centring on the bundled 8×8 digits (pixels / 16), fitted on the train split."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from sim.blas import single_threaded
from sim.data import load_digits, train_val_split
from sim.preprocess import pca, zero_center

EPS = 1e-5      # whitening's ε, as in the notes
FLAT = 1e-10    # a PCA variance below this counts as zero (pixels that are 0 in every train digit)
SHOWN = (0, 2, 3, 4, 7, 9)  # the first val example of each of these labels is shown
N_SHOW = len(SHOWN)


@dataclass(frozen=True)
class DigitsPCA:
    k: int
    S: np.ndarray          # (64,) variances of the principal components, descending
    cum_share: np.ndarray  # (64,) share of the total variance kept by the top k = 1..64 components
    err_train: np.ndarray  # (64,) mean squared pixel error of the top-k reconstruction, k = 1..64, train
    err_val: np.ndarray    # (64,) the same on val (statistics from train)
    gain: np.ndarray       # (64,) 1/√(S + ε): what whitening multiplies each component by
    labels: np.ndarray     # (N_SHOW,) the shown val digits' labels
    originals: np.ndarray  # (N_SHOW, 64) val digits, pixels in [0, 1]
    recon: np.ndarray      # (N_SHOW, 64) mean + Xrot[:, :k] @ U[:, :k]ᵀ
    whitened: np.ndarray   # (N_SHOW, 64) Xwhite[:, :k] @ U[:, :k]ᵀ: the whitened code drawn in pixel space
    basis: np.ndarray      # (N_SHOW, 64) the top principal directions U[:, j]
    n_flat: int            # components with zero variance (whitening divides their noise by √ε)


@dataclass(frozen=True)
class Centring:
    mean_image: np.ndarray     # (64,) train mean image (AlexNet-style: one number per pixel)
    channel_mean: float        # the per-channel mean (VGG-style; grayscale has one channel)
    labels: np.ndarray         # (N_SHOW,)
    originals: np.ndarray      # (N_SHOW, 64) val digits
    minus_image: np.ndarray    # (N_SHOW, 64) val digits − train mean image
    minus_channel: np.ndarray  # (N_SHOW, 64) val digits − train per-channel mean
    train_mean_abs: float      # max |mean pixel| of the train split after subtracting its mean image (≈ 0)
    val_mean_abs: float        # the same on val, centred with the train mean image (small, not 0)


@cache
def _fitted(seed: int):
    X, y = load_digits()
    Xtr, _, Xva, yva = train_val_split(X / 16.0, y, val_fraction=0.2, seed=seed)
    with single_threaded():       # a (64, 1437) @ (1437, 64) product: a second BLAS thread only waits
        _, mean, U, S = pca(Xtr)
    shown = np.array([np.flatnonzero(yva == c)[0] for c in SHOWN if np.any(yva == c)], dtype=np.int64)
    for a in (Xtr, Xva, mean, U, S, yva, shown):  # cached and shared: read-only
        a.flags.writeable = False
    return Xtr, Xva, yva, mean, U, S, shown


def _errors(Z: np.ndarray, U: np.ndarray) -> np.ndarray:
    """Mean squared pixel error of the top-k reconstruction for k = 1..D: U is orthonormal, so the error is
    the energy of the dropped components, Σ_{j>k} proj_j² (per pixel)."""
    proj2 = ((Z @ U) ** 2).mean(axis=0)               # (D,) mean squared coordinate per component
    tail = np.cumsum(proj2[::-1])[::-1]               # tail[j] = Σ_{i≥j} proj2[i]
    return np.append(tail[1:], 0.0) / Z.shape[1]


def digits_pca(k: int = 10, seed: int = 0) -> DigitsPCA:
    """PCA fitted on train digits; val digits reconstructed from the top k components, and whitened."""
    with single_threaded():
        return _digits_pca(k, *_fitted(seed))


def _digits_pca(k, Xtr, Xva, yva, mean, U, S, idx) -> DigitsPCA:
    k = int(np.clip(k, 1, U.shape[1]))
    shown = Xva[idx]
    rot = (shown - mean) @ U                              # Xrot of the shown val digits
    Uk = U[:, :k]
    gain = 1.0 / np.sqrt(S + EPS)
    cum = np.cumsum(S) / S.sum() if S.sum() > 0 else np.ones_like(S)
    return DigitsPCA(k, S, cum, _errors(Xtr - mean, U), _errors(Xva - mean, U), gain, yva[idx], shown,
                     mean + rot[:, :k] @ Uk.T, (rot[:, :k] * gain[:k]) @ Uk.T, U[:, :N_SHOW].T.copy(),
                     int(np.sum(S <= FLAT)))


def centring(seed: int = 0) -> Centring:
    """Images are only zero-centred: subtract the train mean image or the train per-channel mean."""
    Xtr, Xva, yva, *_, idx = _fitted(seed)
    Xc, mean_image = zero_center(Xtr)
    channel = float(Xtr.mean())
    shown = Xva[idx]
    return Centring(mean_image, channel, yva[idx], shown, shown - mean_image, shown - channel,
                    float(np.abs(Xc.mean(axis=0)).max()), float(np.abs((Xva - mean_image).mean(axis=0)).max()))
