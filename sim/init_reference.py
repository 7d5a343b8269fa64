"""The lecture's published per-layer stds of the 10-layer experiment (LECTURE.md §3), for side-by-side tables."""
from __future__ import annotations

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
