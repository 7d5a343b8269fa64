"""The data-preprocessing lesson's demos: the four steps on a 2-D cloud, statistics fitted on train only,
and PCA, whitening and mean-image centring of the bundled 8×8 digits."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from sim._fast import single_threaded
from sim.data import load_digits, train_val_split
from sim.preprocess import EPS, normalize, pca, whiten, zero_center

STEPS = ("original", "zero_center", "normalize", "decorrelate", "whiten")
LEAK_STEPS = ("zero_center", "normalize", "whiten")   # the transforms whose statistics can leak
FIT_ON = ("train", "all", "val")                      # where the statistics are fitted (only train is right)
FLAT = 1e-10                                          # a variance below this counts as zero (e.g. digit pixels that are 0 in every train image)


@dataclass(frozen=True)
class Step:
    """One panel: points after a step, and their mean and covariance (biased, /N like the notes' cov)."""
    name: str
    points: np.ndarray  # (N, 2)
    mean: np.ndarray    # (2,)
    cov: np.ndarray     # (2, 2)


@dataclass(frozen=True)
class CloudLab:
    steps: tuple[Step, ...]  # one per STEPS entry, fitted and shown on the train split
    std: np.ndarray          # (2,) the train std normalize divides by (a zero std is replaced by 1)
    S: np.ndarray            # (2,) PCA variances, descending
    U: np.ndarray            # (2, 2) PCA directions (columns)
    flat_axes: int           # how many coordinate axes have zero variance (normalize cannot scale them)
    flat_dirs: int           # how many PCA directions have zero variance (whitening cannot scale them)


@dataclass(frozen=True)
class LeakDemo:
    """The same transform fitted on train (right) and on `fit_on` (wrong), both applied to train and val."""
    step: str
    fit_on: str
    train: np.ndarray       # (Ntr, 2) train, transformed with train statistics
    val_right: np.ndarray   # (Nv, 2) val, transformed with train statistics
    val_wrong: np.ndarray   # (Nv, 2) val, transformed with statistics fitted on `fit_on`
    train_wrong: np.ndarray  # (Ntr, 2) train, transformed with statistics fitted on `fit_on`
    mean_right: np.ndarray  # (2,) the fitted mean of the right way (train's)
    mean_wrong: np.ndarray  # (2,) the fitted mean of the wrong way
    scale_wrong: np.ndarray | None  # (2,) what the wrong way divides by: std, or √(S + ε) for whiten; None


def stats(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(mean (2,), covariance (2, 2)) with 1/N, the notes' `X.T @ X / N` after centring."""
    mean = points.mean(axis=0)
    c = points - mean
    return mean, c.T @ c / max(len(points), 1)


def make_cloud(*, n: int = 300, offset: tuple[float, float] = (4.0, 2.0), angle_deg: float = 30.0,
               scales: tuple[float, float] = (3.0, 0.8), seed: int = 0) -> np.ndarray:
    """A correlated, off-centre Gaussian cloud (n, 2): axis scales, rotated by angle_deg, shifted by offset."""
    z = np.random.default_rng(seed).standard_normal((n, 2)) * np.asarray(scales, dtype=float)
    a = np.deg2rad(angle_deg)
    R = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    return z @ R.T + np.asarray(offset, dtype=float)


def split(X: np.ndarray, val_fraction: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    Xtr, _, Xva, _ = train_val_split(X, np.zeros(len(X)), val_fraction=val_fraction, seed=seed)
    return Xtr, Xva


def _step(name: str, points: np.ndarray) -> Step:
    mean, cov = stats(points)
    return Step(name, points, mean, cov)


def cloud_lab(*, n: int = 300, offset=(4.0, 2.0), angle_deg: float = 30.0, scales=(3.0, 0.8),
              val_fraction: float = 0.25, seed: int = 0) -> CloudLab:
    """The notes' figure: original, zero-centred, normalised, decorrelated (X @ U), whitened, on train."""
    X, _ = split(make_cloud(n=n, offset=offset, angle_deg=angle_deg, scales=scales, seed=seed), val_fraction, seed)
    Xc, _ = zero_center(X)
    Xn, _, std = normalize(X)
    Xrot, _, U, S = pca(X)
    Xw, *_ = whiten(X, eps=EPS)
    steps = tuple(_step(name, p) for name, p in zip(STEPS, (X, Xc, Xn, Xrot, Xw), strict=True))
    raw_std = Xc.std(axis=0)
    return CloudLab(steps, std, S, U, int(np.sum(raw_std ** 2 <= FLAT)), int(np.sum(S <= FLAT)))


def fit(step: str, X: np.ndarray):
    """Fit `step` on X; return the function that applies those statistics to any array, the fitted mean and
    what it divides by (None for zero_center)."""
    if step == "zero_center":
        _, mean = zero_center(X)
        return (lambda Z: Z - mean), mean, None
    if step == "normalize":
        _, mean, std = normalize(X)
        return (lambda Z: (Z - mean) / std), mean, std
    if step == "whiten":
        _, mean, U, S = whiten(X, eps=EPS)
        scale = np.sqrt(S + EPS)
        return (lambda Z: (Z - mean) @ U / scale), mean, scale
    raise KeyError(f"unknown step {step!r}; valid: {', '.join(LEAK_STEPS)}")


def leak_demo(*, step: str = "normalize", fit_on: str = "val", n: int = 300, offset=(4.0, 2.0),
              angle_deg: float = 30.0, scales=(3.0, 0.8), val_fraction: float = 0.25, seed: int = 0) -> LeakDemo:
    """Right: statistics from train, applied to train and val. Wrong: statistics from train+val or val alone."""
    if fit_on not in FIT_ON:
        raise KeyError(f"unknown fit_on {fit_on!r}; valid: {', '.join(FIT_ON)}")
    Xtr, Xva = split(make_cloud(n=n, offset=offset, angle_deg=angle_deg, scales=scales, seed=seed),
                     val_fraction, seed)
    right, mean_right, _ = fit(step, Xtr)
    wrong, mean_wrong, scale = fit(step, {"train": Xtr, "all": np.concatenate([Xtr, Xva]), "val": Xva}[fit_on])
    return LeakDemo(step, fit_on, right(Xtr), right(Xva), wrong(Xva), wrong(Xtr), mean_right, mean_wrong, scale)


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


def clear_cache() -> None:
    """Forget the cached fits (a benchmark times a cold first visit)."""
    _fitted.cache_clear()


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
