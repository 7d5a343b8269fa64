"""The parameter updates of cs231n.github.io/neural-networks-3 ("Parameter updates"), with the CS231n
assignment's interface: each rule is `rule(w, dw, config=None) -> (next_w, config)`.

`w` and `dw` are arrays of any one shape. `config` holds the hyperparameters and the rule's state (velocity,
cache, first and second moments, the step count); missing keys take the assignment's defaults. Unlike the
assignment, the caller's config and its arrays are never changed: each call returns a new dict with new arrays,
so a run can be replayed from any saved config. Every line below is the notes' update, written with `x` -> `w`
and `dx` -> `dw`. Hyperparameters may be arrays that broadcast against `w` (a grid of learning rates, or of
momenta, run as one computation)."""
from __future__ import annotations

import numpy as np

LEARNING_RATE = 1e-2        # the assignment's default for every rule but Adam
ADAM_LEARNING_RATE = 1e-3   # the slide: "Adam ... learning_rate = 1e-3 or 5e-4 is a great starting point"
MOMENTUM = 0.9              # the notes: typically 0.9, cross-validated over [0.5, 0.9, 0.95, 0.99]
DECAY_RATE = 0.99           # RMSProp's cache decay; the notes: typically 0.9, 0.99 or 0.999
EPSILON = 1e-8              # added after the square root, as the notes and torch.optim do
BETA1, BETA2 = 0.9, 0.999   # Adam's decay rates for the first and second moments


def _config(config: dict | None, **defaults) -> dict:
    """A new dict: the caller's entries over the defaults (never the caller's own dict)."""
    out = dict(defaults)
    out.update(config or {})
    return out


def sgd(w, dw, config=None):
    """Vanilla update: x += -learning_rate * dx.

    config: learning_rate (1e-2)."""
    config = _config(config, learning_rate=LEARNING_RATE)
    next_w = w - config["learning_rate"] * dw
    return next_w, config


def sgd_momentum(w, dw, config=None):
    """Momentum update: v = mu * v - learning_rate * dx; x += v.

    The velocity is a running sum of past gradients, decayed by mu each step ("friction").
    config: learning_rate (1e-2), momentum (0.9), velocity (zeros like w)."""
    config = _config(config, learning_rate=LEARNING_RATE, momentum=MOMENTUM)
    v = config.get("velocity")
    v = np.zeros_like(w, dtype=float) if v is None else v
    v = config["momentum"] * v - config["learning_rate"] * dw   # integrate velocity
    next_w = w + v                                               # integrate position
    config["velocity"] = v
    return next_w, config


def nesterov(w, dw, config=None):
    """Nesterov momentum in the notes' rewritten form, with the gradient taken at the current w:
    v_prev = v; v = mu * v - learning_rate * dx; x += -mu * v_prev + (1 + mu) * v.

    (The variable the notes track is the look-ahead point x + mu * v, which is why dw is taken at w itself.)
    config: learning_rate (1e-2), momentum (0.9), velocity (zeros like w)."""
    config = _config(config, learning_rate=LEARNING_RATE, momentum=MOMENTUM)
    v = config.get("velocity")
    v = np.zeros_like(w, dtype=float) if v is None else v
    mu = config["momentum"]
    v_prev = v                                                   # back this up
    v = mu * v - config["learning_rate"] * dw                    # velocity update stays the same
    next_w = w - mu * v_prev + (1 + mu) * v                      # position update changes form
    config["velocity"] = v
    return next_w, config


def adagrad(w, dw, config=None):
    """AdaGrad: cache += dx**2; x += -learning_rate * dx / (np.sqrt(cache) + eps).

    The cache only grows, so each parameter's effective step shrinks like 1/sqrt(t) under a steady gradient.
    config: learning_rate (1e-2), epsilon (1e-8), cache (zeros like w)."""
    config = _config(config, learning_rate=LEARNING_RATE, epsilon=EPSILON)
    cache = config.get("cache")
    cache = np.zeros_like(w, dtype=float) if cache is None else cache
    cache = cache + dw ** 2
    next_w = w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"])
    config["cache"] = cache
    return next_w, config


def rmsprop(w, dw, config=None):
    """RMSProp: cache = decay_rate * cache + (1 - decay_rate) * dx**2;
    x += -learning_rate * dx / (np.sqrt(cache) + eps).

    A leaky cache: a moving average of squared gradients, so the steps stop shrinking.
    config: learning_rate (1e-2), decay_rate (0.99), epsilon (1e-8), cache (zeros like w)."""
    config = _config(config, learning_rate=LEARNING_RATE, decay_rate=DECAY_RATE, epsilon=EPSILON)
    cache = config.get("cache")
    cache = np.zeros_like(w, dtype=float) if cache is None else cache
    cache = config["decay_rate"] * cache + (1 - config["decay_rate"]) * dw ** 2
    next_w = w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"])
    config["cache"] = cache
    return next_w, config


def adam(w, dw, config=None):
    """Adam with bias correction (t counts updates from 1):
    m = beta1*m + (1-beta1)*dx; v = beta2*v + (1-beta2)*(dx**2);
    mt = m / (1-beta1**t); vt = v / (1-beta2**t); x += -learning_rate * mt / (np.sqrt(vt) + eps).

    With config["bias_correction"] = False, mt = m and vt = v: at t = 1 the second moment is still near
    zero, so the first steps are (1-beta1)/sqrt(1-beta2) ≈ 3.2 times the learning rate and more.
    config: learning_rate (1e-3), beta1 (0.9), beta2 (0.999), epsilon (1e-8), m and v (zeros like w),
    t (0: no update yet), bias_correction (True)."""
    config = _config(config, learning_rate=ADAM_LEARNING_RATE, beta1=BETA1, beta2=BETA2, epsilon=EPSILON, t=0,
                     bias_correction=True)
    m, v = config.get("m"), config.get("v")
    m = np.zeros_like(w, dtype=float) if m is None else m
    v = np.zeros_like(w, dtype=float) if v is None else v
    b1, b2 = config["beta1"], config["beta2"]
    t = config["t"] + 1
    m = b1 * m + (1 - b1) * dw                  # first moment: momentum
    v = b2 * v + (1 - b2) * (dw ** 2)           # second moment: RMSProp's cache
    if config["bias_correction"]:
        mt, vt = m / (1 - b1 ** t), v / (1 - b2 ** t)
    else:
        mt, vt = m, v
    next_w = w - config["learning_rate"] * mt / (np.sqrt(vt) + config["epsilon"])
    config.update(m=m, v=v, t=t)
    return next_w, config


# name -> update rule; a select box lists list(RULES), an unknown name raises KeyError naming the valid ones
RULES = {"sgd": sgd, "sgd_momentum": sgd_momentum, "nesterov": nesterov, "adagrad": adagrad,
         "rmsprop": rmsprop, "adam": adam}


def rule(name: str):
    """The update rule called `name`."""
    try:
        return RULES[name]
    except KeyError:
        raise KeyError(f"unknown update rule {name!r}; choose one of {tuple(RULES)}") from None
