"""Weight initialisation schemes: a multiplier times standard-normal draws, per layer."""
from __future__ import annotations

import math
from collections.abc import Callable
from types import MappingProxyType

import numpy as np

from sim import checks

SCHEMES = ("zeros", "small", "large", "xavier", "he")

# The multiplier of N(0, 1) each scheme uses for a layer with `fan_in` inputs.
INITIALIZERS: MappingProxyType[str, Callable[[int], float]] = MappingProxyType({
    "zeros": lambda fan_in: 0.0,                        # every unit identical: symmetry never breaks
    "small": lambda fan_in: 0.01,                       # W = 0.01·randn: fine for shallow nets, collapses deep
    "large": lambda fan_in: 1.0,                        # W = 1.0·randn: tanh saturates
    "xavier": lambda fan_in: 1.0 / math.sqrt(fan_in),   # Var(w) = 1/fan_in keeps Var(z) = Var(x) (linear/tanh)
    "he": lambda fan_in: 1.0 / math.sqrt(fan_in / 2),   # Var(w) = 2/fan_in makes up for ReLU zeroing half
})


def scheme_scale(scheme: str, fan_in: int, scale: float | None = None) -> float:
    """The multiplier of N(0, 1) for `scheme` at `fan_in`; `scale`, when given, overrides it."""
    try:
        rule = INITIALIZERS[scheme]
    except KeyError:
        raise KeyError(f"unknown init scheme {scheme!r}; valid: {', '.join(SCHEMES)}") from None
    if fan_in < 1:
        raise ValueError(f"fan_in must be >= 1, not {fan_in}")
    return float(scale) if scale is not None else float(rule(fan_in))


def init_weights(scheme: str, fan_in: int, fan_out: int, rng: np.random.Generator, scale: float | None = None,
                 dtype=np.float64) -> np.ndarray:
    """W: (fan_in, fan_out) = multiplier · N(0, 1).

    small 0.01, large 1.0, xavier 1/√fan_in, he 1/√(fan_in/2), zeros 0; `scale` overrides the multiplier
    (so `scale` with any scheme gives scale·N(0, 1)). The draw is made even for zeros, so the random
    stream, and therefore every later draw, is the same whichever scheme is chosen."""
    checks.counts(fan_in=fan_in, fan_out=fan_out)
    checks.finite(scale=scale)
    mult = scheme_scale(scheme, fan_in, scale)
    w = rng.standard_normal((fan_in, fan_out), dtype=dtype)
    w *= mult
    return w
