"""The weight-initialisation lesson's demos: symmetry of a constant init, and the lecture's published
per-layer stds of the 10-layer experiment beside the variance recursion's prediction and the spread over
seeds (the experiment itself is sim.deepnet)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.data import rng
from sim.deepnet import run_deep_net
from sim.initializers import scheme_scale
from sim.twolayer import accuracy, init_params, loss_and_grads


@dataclass(frozen=True)
class SymmetryResult:
    init: str                # "constant" or "random"
    value: float             # the constant, or the std of the random draw
    loss: np.ndarray         # (steps+1,) mean cross-entropy before each step and after the last
    spread: np.ndarray       # (steps+1,) largest distance between two hidden units' incoming weights (W1 column + b1)
    w1: np.ndarray           # (D+1, H) final incoming weights of every hidden unit; last row the bias
    accuracy: float          # final training accuracy


def make_data(n: int = 120, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two classes in 2-D that no straight line separates (XOR quadrants). X: (n, 2), y: (n,) in {0, 1}."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1.0, 1.0, size=(n, 2))
    y = ((X[:, 0] > 0) ^ (X[:, 1] > 0)).astype(np.intp)
    return X, y


def symmetry_params(init: str, value: float, d: int, h: int, c: int, seed: int) -> dict:
    """The two-layer net's weights: every weight = value ("constant"), or value·N(0, 1) ("random"); biases 0."""
    if init == "constant":
        return {"W1": np.full((d, h), value), "b1": np.zeros(h), "W2": np.full((h, c), value), "b2": np.zeros(c)}
    if init == "random":
        return init_params(d, h, c, weight_scale=value, seed=rng(seed, "symmetry_init"))
    raise KeyError(f"unknown init {init!r}; valid: constant, random")


def unit_spread(W1: np.ndarray, b1: np.ndarray) -> float:
    """Largest pairwise Euclidean distance between hidden units' incoming weight vectors."""
    units = np.vstack([W1, b1[None, :]]).T                         # (H, D+1)
    diff = units[:, None, :] - units[None, :, :]
    return float(np.sqrt((diff ** 2).sum(-1)).max())


def train_symmetry(init: str = "constant", value: float = 0.5, *, n_hidden: int = 8, steps: int = 100,
                   lr: float = 1.0, seed: int = 0) -> SymmetryResult:
    """Full-batch gradient descent on the XOR data; records loss and hidden-unit spread at every step."""
    X, y = make_data(seed=seed)
    p = symmetry_params(init, value, X.shape[1], n_hidden, 2, seed)
    losses, spreads = [], []
    for _ in range(steps):
        loss, g = loss_and_grads(p, X, y, 0.0, "tanh")
        losses.append(loss)
        spreads.append(unit_spread(p["W1"], p["b1"]))
        p = {k: p[k] - lr * g[k] for k in p}
    losses.append(loss_and_grads(p, X, y, 0.0, "tanh")[0])
    spreads.append(unit_spread(p["W1"], p["b1"]))
    return SymmetryResult(init, float(value), np.array(losses), np.array(spreads),
                          np.vstack([p["W1"], p["b1"][None, :]]), accuracy(p, X, y, "tanh"))


# The setup every reference run used: randn(1000, 500) through 10 layers of 500 units, no biases, no BN.
SETUP = {"n_layers": 10, "width": 500, "n_samples": 1000}

# (init, nonlinearity) -> per-layer std as the lecture writes it; None where it gives no number.
LECTURE_STDS: dict[tuple[str, str], tuple[str | None, ...]] = {
    ("small", "tanh"): ("0.213", "0.0476", "0.0106", "0.00238", "5.3e-4", "1.2e-4", "2.6e-5", "6e-6", "1e-6", "~0"),
    ("large", "tanh"): ("≈0.98",) * 10,
    ("xavier", "tanh"): ("0.63", "0.49", "0.41", "0.36", "0.32", "0.29", "0.27", "0.25", "0.24", "0.23"),
    ("xavier", "relu"): ("0.58", None, None, None, None, None, None, None, None, "0.022"),
    ("he", "relu"): ("≈0.8",) * 10,
}


def lecture_stds(res) -> tuple[str | None, ...] | None:
    """The lecture's column for this run, or None when the run's setup differs from the lecture's."""
    same = (res.n_layers == SETUP["n_layers"] and res.width == SETUP["width"]
            and res.n_samples == SETUP["n_samples"] and not res.batchnorm and res.scale is None)
    return LECTURE_STDS.get((res.init, res.activation)) if same else None


_Z = np.linspace(-8.0, 8.0, 8001)   # a fine grid for E[f(z)], z ~ N(0, 1): tanh of a wide Gaussian is nearly
_PZ = np.exp(-_Z ** 2 / 2)          # a step, which a few quadrature nodes resolve poorly
_PZ /= _PZ.sum()


def theory_stds(activation: str, weight_std: float, fan_in: int, n_layers: int) -> np.ndarray:
    """Per-layer output std (n_layers,) predicted by the variance argument of the course notes
    (neural-networks-2, "Weight Initialization"): z_l = a_{l-1} @ W_l sums fan_in terms, so it is close to
    Gaussian with Var(z_l) = fan_in · Var(w) · E[a_{l-1}²], starting from E[x²] = 1 for the randn input.

    ReLU in closed form: E[a] = σ_z/√(2π), E[a²] = σ_z²/2, so std(a) = σ_z·√(1/2 − 1/(2π)) ≈ 0.584·σ_z;
    Xavier (Var(w) = 1/fan_in) halves E[a²] at every layer, He (2/fan_in) keeps it. tanh (odd, mean 0):
    E[tanh(z)²] over the Gaussian, numerically."""
    if activation not in ("relu", "tanh"):
        raise ValueError(f"activation must be 'relu' or 'tanh', got {activation!r}")
    second = 1.0                                    # E[a_0²] of the randn input
    out = np.empty(n_layers)
    for layer in range(n_layers):
        var_z = fan_in * weight_std ** 2 * second   # Var(z) = fan_in · Var(w) · E[a²]
        if activation == "relu":
            mean, second = np.sqrt(var_z / (2 * np.pi)), var_z / 2
        else:
            mean, second = 0.0, float(_PZ @ np.tanh(np.sqrt(var_z) * _Z) ** 2)
        out[layer] = np.sqrt(max(second - mean ** 2, 0.0))
    return out


def lecture_theory(res) -> np.ndarray | None:
    """theory_stds for a lecture setup (None for setups the lecture table does not list)."""
    if lecture_stds(res) is None:
        return None
    return theory_stds(res.activation, scheme_scale(res.init, res.width), res.width, res.n_layers)


SPREAD_SEEDS = range(20)


def seed_spread(activation: str, init: str, seeds=SPREAD_SEEDS, **setup) -> tuple[np.ndarray, np.ndarray]:
    """(lowest, highest) per-layer output std over `seeds` of the lecture's setup (forward passes only)."""
    setup = SETUP | setup
    stds = np.array([run_deep_net(activation=activation, init=init, seed=s, gradients=False, **setup).act.std
                     for s in seeds])                                   # (S, L)
    return stds.min(axis=0), stds.max(axis=0)
