"""Datasets for the training labs (the bundled 8×8 digits, CS231n's spiral, Gaussian blobs, a seeded split)
and the named random streams every lab draws from."""
from __future__ import annotations

import gzip
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from sim import checks
from sim.preprocess import zero_center

DIGITS_FILE = Path(__file__).resolve().parent.parent / "data" / "digits.csv.gz"
DATASETS = ("digits", "spiral", "blobs")
SHAPES = ("spiral", "blobs", "circles", "xor")   # 2-D sets a student can start a drawing from

# Every named random stream of the labs, in one place: stream k of a seed is SeedSequence(seed).spawn()'s
# k-th child, so one lab's draws never shift another's, and no draw is made only to keep others in step.
STREAMS = ("search_trials", "search_centre", "search_points", "search_sampling",
           "bn_net", "bn_batches", "bn_pool", "bn_noise", "symmetry_init", "bn_lr")


def rng(seed: int, stream: str, *sub: int) -> np.random.Generator:
    """The generator of a named stream (`sub`: e.g. the stage of a search, the trial of many)."""
    if stream not in STREAMS:
        raise KeyError(f"unknown stream {stream!r}; valid: {', '.join(STREAMS)}")
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(STREAMS.index(stream), *sub)))


@cache
def _digits_raw() -> tuple[np.ndarray, np.ndarray]:
    with gzip.open(DIGITS_FILE, "rt") as f:
        table = np.loadtxt(f, delimiter=",", dtype=np.float64)  # (1797, 65): 64 pixels then the label
    X, y = table[:, :-1], table[:, -1].astype(np.int64)
    X.flags.writeable = False
    y.flags.writeable = False
    return X, y


def clear_cache() -> None:
    """Forget the digits read from the bundled CSV (a benchmark times a fresh process's first read)."""
    _digits_raw.cache_clear()


def load_digits() -> tuple[np.ndarray, np.ndarray]:
    """The bundled UCI 8×8 digits: X (1797, 64) pixel counts 0..16, y (1797,) labels 0..9 (copies)."""
    X, y = _digits_raw()
    return X.copy(), y.copy()


def make_spiral(n_per_class: int = 100, n_classes: int = 3, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """CS231n's spiral: X (n_per_class·n_classes, 2), y (N,); arms of radius 0..1 with 0.2 angular noise."""
    checks.counts(n_per_class=n_per_class, n_classes=n_classes), checks.seed(seed)
    rng = np.random.default_rng(seed)
    X = np.zeros((n_per_class * n_classes, 2))
    y = np.zeros(n_per_class * n_classes, dtype=np.int64)
    r = np.linspace(0.0, 1.0, n_per_class)
    for j in range(n_classes):
        ix = slice(n_per_class * j, n_per_class * (j + 1))
        theta = np.linspace(j * 4.0, (j + 1) * 4.0, n_per_class) + rng.standard_normal(n_per_class) * 0.2
        X[ix] = np.c_[r * np.sin(theta), r * np.cos(theta)]
        y[ix] = j
    return X, y


def make_blobs(n_per_class: int = 100, n_classes: int = 3, seed: int = 0, *, dim: int = 2,
               spread: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Gaussian blobs: unit-variance clouds around centres drawn from N(0, 3²); X (N, dim), y (N,)."""
    checks.counts(n_per_class=n_per_class, n_classes=n_classes, dim=dim), checks.seed(seed)
    checks.within("spread", spread, 0.0, np.inf)
    rng = np.random.default_rng(seed)
    centres = rng.normal(0.0, 3.0, size=(n_classes, dim))
    X = np.concatenate([c + spread * rng.standard_normal((n_per_class, dim)) for c in centres])
    y = np.repeat(np.arange(n_classes), n_per_class)
    return X, y


def make_circles(n_per_class: int = 100, n_classes: int = 2, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Concentric rings, class j at radius (j + 1) / n_classes with 0.08 noise: X (N, 2) in about [-1, 1]²."""
    checks.counts(n_per_class=n_per_class, n_classes=n_classes), checks.seed(seed)
    rng = np.random.default_rng(seed)
    theta = rng.uniform(0.0, 2 * np.pi, (n_classes, n_per_class))
    r = (np.arange(1, n_classes + 1)[:, None] / n_classes) * 0.9 + 0.08 * rng.standard_normal(theta.shape)
    X = np.c_[(r * np.cos(theta)).ravel(), (r * np.sin(theta)).ravel()]
    return X, np.repeat(np.arange(n_classes), n_per_class)


def make_xor(n_per_class: int = 100, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """XOR: uniform points in [-1, 1]², class 1 where x·y < 0 (two classes no line separates)."""
    checks.counts(n_per_class=n_per_class), checks.seed(seed)
    rng = np.random.default_rng(seed)
    quadrant = np.repeat(np.arange(4), -(-2 * n_per_class // 4))[: 2 * n_per_class]   # equal quadrants
    sx, sy = np.where(quadrant % 2, -1.0, 1.0), np.where(quadrant >= 2, -1.0, 1.0)
    X = np.c_[sx * rng.uniform(0.08, 1.0, len(quadrant)), sy * rng.uniform(0.08, 1.0, len(quadrant))]
    return X, (sx * sy < 0).astype(np.int64)


def shape(name: str, n_per_class: int = 40, n_classes: int = 3, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """One of SHAPES scaled into [-1, 1]² (the drawing plane): a start to edit (xor has two classes)."""
    makers = {"spiral": lambda: make_spiral(n_per_class, n_classes, seed),
              "blobs": lambda: make_blobs(n_per_class, n_classes, seed),
              "circles": lambda: make_circles(n_per_class, n_classes, seed),
              "xor": lambda: make_xor(n_per_class, seed)}
    if name not in makers:
        raise KeyError(f"unknown shape {name!r}; choose one of {SHAPES}")
    X, y = makers[name]()
    X = X - (X.max(axis=0) + X.min(axis=0)) / 2
    return np.clip(0.9 * X / max(np.abs(X).max(), 1e-12), -1.0, 1.0), y


def train_val_split(X: np.ndarray, y: np.ndarray, val_fraction: float = 0.2,
                    seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A seeded shuffle split: (X_train, y_train, X_val, y_val); at least one example on each side."""
    n = len(X)
    n_val = min(max(int(round(n * val_fraction)), 1), n - 1)
    order = np.random.default_rng(seed).permutation(n)
    val, tr = order[:n_val], order[n_val:]
    return X[tr], y[tr], X[val], y[val]


@dataclass(frozen=True)
class Dataset:
    """A train/val split ready for training: features scaled, zero-centred with the train mean."""
    name: str
    X_train: np.ndarray  # (N_train, D)
    y_train: np.ndarray  # (N_train,)
    X_val: np.ndarray    # (N_val, D)
    y_val: np.ndarray    # (N_val,)
    mean: np.ndarray     # (D,) the train mean that was subtracted from both splits
    n_classes: int
    scale: np.ndarray | None = None   # (D,) the train std both splits were divided by (a student's own data)


def prepare(name: str, *, seed: int = 0, val_fraction: float = 0.2, n_train: int | None = None) -> Dataset:
    """Load `name` (digits, spiral, blobs), split with `seed`, zero-centre on the train split only.

    Digits are divided by 16 first so every pixel lies in [0, 1] (about ±1 once centred); spiral and blobs are
    generated from `seed`. n_train keeps only the first n_train examples of the (shuffled) training split, to
    make a model overfit; the validation split is unchanged."""
    if n_train is not None and n_train < 1:
        raise ValueError(f"n_train must be >= 1 (or None for all), got {n_train}")
    if name == "digits":
        X, y = load_digits()
        X = X / 16.0
    elif name == "spiral":
        X, y = make_spiral(100, 3, seed)
    elif name == "blobs":
        X, y = make_blobs(100, 3, seed)
    else:
        raise KeyError(f"unknown dataset {name!r}; choose one of {DATASETS}")
    Xtr, ytr, Xva, yva = train_val_split(X, y, val_fraction, seed)
    Xtr, ytr = Xtr[:n_train], ytr[:n_train]
    Xtr, mean = zero_center(Xtr)
    return Dataset(name, Xtr, ytr, Xva - mean, yva, mean, int(y.max()) + 1)


def stratified_split(y: np.ndarray, val_fraction: float = 0.2, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """(train indices, val indices), shuffled with `seed`, each class split alike: a class of two examples keeps
    one on each side, so every class is trained on and every class is checked."""
    rng = np.random.default_rng(seed)
    train, val = [], []
    for c in np.unique(y):
        idx = rng.permutation(np.flatnonzero(y == c))
        k = min(max(int(round(len(idx) * val_fraction)), 1), len(idx) - 1) if len(idx) > 1 else 0
        val.append(idx[:k]), train.append(idx[k:])
    return rng.permutation(np.concatenate(train)), rng.permutation(np.concatenate(val))


def from_arrays(X: np.ndarray, y: np.ndarray, *, name: str = "own", seed: int = 0, val_fraction: float = 0.2,
                n_train: int | None = None) -> Dataset:
    """A student's own data as the same Dataset the bundled sets are: X (N, D) numbers, y (N,) labels 0..C-1.

    Split per class with `seed`; every feature standardised with the training split's mean and std only (a
    feature constant on the training split is only centred); n_train keeps the first n_train training examples.
    Raises ValueError naming the argument (fewer than two classes, a class with one example, non-finite X)."""
    checks.matrix(X=X), checks.labels(y, len(X)), checks.seed(seed)
    checks.within("val_fraction", val_fraction, 0.0, 0.9)
    counts = np.bincount(y)
    if (counts > 0).sum() < 2 or counts[counts > 0].min() < 2:
        raise ValueError(f"y must hold at least two classes of two examples or more, not counts {counts.tolist()}")
    if n_train is not None and n_train < 1:
        raise ValueError(f"n_train must be >= 1 (or None for all), got {n_train}")
    X = np.asarray(X, dtype=np.float64)
    tr, va = stratified_split(y, val_fraction, seed)
    Xtr, ytr = X[tr][:n_train], y[tr][:n_train]
    Xtr, mean = zero_center(Xtr)
    std = Xtr.std(axis=0)
    scale = np.where(std > 1e-12 * (1.0 + np.abs(mean)), std, 1.0)
    return Dataset(name, Xtr / scale, ytr, (X[va] - mean) / scale, y[va], mean, int(y.max()) + 1, scale)
