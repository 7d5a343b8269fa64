"""Data preprocessing (cs231n.github.io/neural-networks-2, "Data Preprocessing"): zero-centre, normalise, PCA, whiten; each fits on the array it is given.

Every function returns the transformed array followed by the fitted statistics, so that validation
data is transformed with the *training* statistics: e.g. `Xtr, mean = zero_center(Xtr); Xva - mean`."""
from __future__ import annotations

import numpy as np

from sim import checks
from sim.batchnorm import EPS


def zero_center(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """X: (N, D) -> (X - mean, mean (D,))."""
    checks.matrix(X=X)
    mean = X.mean(axis=0)
    return X - mean, mean


def normalize(X: np.ndarray, eps: float = 1e-8) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """X: (N, D) -> ((X - mean) / std, mean (D,), std (D,)); a constant column keeps std = 1 (divides by 1)."""
    checks.positive(eps=eps)
    Xc, mean = zero_center(X)
    std = Xc.std(axis=0)
    std = np.where(std > eps, std, 1.0)
    return Xc / std, mean, std


def pca(X: np.ndarray, k: int | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """X: (N, D) -> (Xrot (N, k), mean (D,), U (D, D), S (D,)) with cov = Xcᵀ Xc / N = U diag(S) Uᵀ.

    Columns of Xrot are decorrelated and ordered by variance S (descending); k keeps the top k."""
    checks.matrix(X=X), k is None or checks.within("k", k, 1, np.shape(X)[1])
    Xc, mean = zero_center(X)
    cov = Xc.T @ Xc / len(Xc)
    U, S, _ = np.linalg.svd(cov)
    k = U.shape[1] if k is None else int(k)
    return Xc @ U[:, :k], mean, U, S


def whiten(X: np.ndarray, eps: float = EPS) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """X: (N, D) -> (Xrot / sqrt(S + eps) (N, D), mean, U, S): covariance ≈ identity."""
    checks.positive(eps=eps)
    Xrot, mean, U, S = pca(X)
    return Xrot / np.sqrt(S + eps), mean, U, S
