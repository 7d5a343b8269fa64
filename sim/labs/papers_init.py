"""Two papers behind the lecture's "Weight Initialization" slides, rerun at classroom scale on the digits:
Glorot & Bengio 2010 ("Understanding the difficulty of training deep feedforward neural networks", Figures 6
and 7: a tanh net's activations and back-propagated gradients per layer at initialisation, their "standard"
uniform init against their normalised one, and the Jacobian's mean singular value) and He et al. 2015
("Delving deep into rectifiers", Figures 2 and 3: a deep ReLU net trained from Xavier's 1/n and from their
2/n)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim import data
from sim._fast import N_BINS, bin_values, single_threaded
from sim.deepnet import layer_backward, layer_forward
from sim.initializers import init_weights
from sim.train import batch_at
from sim.twolayer import softmax_loss

GLOROT_SCHEMES = ("standard", "normalised")


def glorot_limit(scheme: str, fan_in: int, fan_out: int) -> float:
    """The half-width a of W ~ U[−a, a]: standard 1/√fan_in (so fan_in·Var(w) = 1/3), normalised
    √6/√(fan_in + fan_out) (so Var(w) = 2/(fan_in + fan_out), the paper's eq. 16)."""
    if scheme == "standard":
        return 1.0 / np.sqrt(fan_in)
    if scheme == "normalised":
        return np.sqrt(6.0 / (fan_in + fan_out))
    raise KeyError(f"unknown scheme {scheme!r}; valid: {', '.join(GLOROT_SCHEMES)}")


@dataclass(frozen=True)
class GlorotResult:
    scheme: str
    act_std: np.ndarray        # (L,) std of each hidden layer's tanh output
    act_counts: np.ndarray     # (L, B) histogram of each layer's outputs over one shared range
    act_edges: np.ndarray      # (B+1,)
    grad_std: np.ndarray       # (L,) std of dC/ds, the gradient reaching each layer's pre-activation
    grad_counts: np.ndarray    # (L, B)
    grad_edges: np.ndarray     # (B+1,)
    n_samples: int
    width: int


def _glorot_weights(scheme: str, dims: list[int], seed: int) -> list[np.ndarray]:
    gen = np.random.default_rng([seed, 2010])
    return [gen.uniform(-1.0, 1.0, (a, b)).astype(np.float32) * np.float32(glorot_limit(scheme, a, b))
            for a, b in zip(dims[:-1], dims[1:], strict=True)]


def _glorot_batch(n_samples: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    d = data.prepare("digits", seed=seed)
    return d.X_train[:n_samples].astype(np.float32), d.y_train[:n_samples]


def glorot_net(scheme: str, *, n_layers: int = 5, width: int = 1000, n_samples: int = 300, seed: int = 0,
               bins: int = N_BINS) -> GlorotResult:
    """The paper's net at initialisation: digits (64 pixels) → n_layers tanh layers of `width` units →
    softmax over 10 classes, biases 0, weights U[±glorot_limit]. Forward a batch of n_samples digits, then
    back-propagate the cross-entropy (per example: the mean's gradient times N) down to every layer."""
    x, y = _glorot_batch(n_samples, seed)
    weights = _glorot_weights(scheme, [x.shape[1]] + [width] * n_layers + [10], seed)
    with single_threaded():
        h, caches = x, []
        for w in weights[:-1]:
            h, cache = layer_forward(h, w, "tanh")                  # (N, width)
            caches.append((h, cache))
        _, ds = softmax_loss(h @ weights[-1], y)
        dh = (ds * len(y)).astype(np.float32) @ weights[-1].T       # dC/dh_L: (N, width)
        grads = [np.empty(0)] * n_layers
        for i in reversed(range(n_layers)):
            grads[i] = dh * caches[i][1][1]                          # dC/ds_i = dC/dh_i · tanh'(s_i)
            dh = layer_backward(dh, caches[i][1])
    acts = [h for h, _ in caches]
    a_lim = max(float(np.abs(a).max()) for a in acts)
    g_lim = max(float(np.abs(g).max()) for g in grads)
    a_counts = np.array([bin_values(a, bins, -a_lim, a_lim)[0] for a in acts])
    g_counts = np.array([bin_values(g, bins, -g_lim, g_lim)[0] for g in grads])
    return GlorotResult(scheme, np.array([a.std(dtype=np.float64) for a in acts]), a_counts,
                        np.linspace(-a_lim, a_lim, bins + 1), np.array([g.std(dtype=np.float64) for g in grads]),
                        g_counts, np.linspace(-g_lim, g_lim, bins + 1), len(y), width)


def jacobian_mean_sv(scheme: str, *, layer: int = 3, n_layers: int = 5, width: int = 1000, seed: int = 0) -> float:
    """Mean singular value of J = ∂h_{layer+1}/∂h_layer = diag(tanh'(s_{layer+1})) W_{layer+1}ᵀ at the first
    digit of the batch (the paper: about 0.5 standard, 0.8 normalised). One SVD of a width × width matrix."""
    if not 1 <= layer < n_layers:
        raise ValueError(f"layer must be in 1 … {n_layers - 1}, got {layer}")
    x, _ = _glorot_batch(1, seed)
    weights = _glorot_weights(scheme, [x.shape[1]] + [width] * n_layers + [10], seed)
    with single_threaded():
        h = x
        for w in weights[:layer + 1]:
            h, cache = layer_forward(h, w, "tanh")
        jac = cache[1][0][:, None] * weights[layer].T                # (width, width): row j scaled by tanh'(s_j)
        return float(np.linalg.svd(jac, compute_uv=False).mean())


# ---- He et al. 2015 ----------------------------------------------------------------------------------------
HE_INITS = ("xavier", "he")     # Var(w) = 1/fan_in and 2/fan_in (sim.initializers)
HE_DEPTHS = (22, 30)            # the paper's two nets (here: weight layers of a fully connected ReLU net)
MOVED = 0.9                     # "starts to converge": the 20-step mean loss first below 90% of the start


@dataclass(frozen=True)
class HeRun:
    init: str
    n_layers: int
    loss: np.ndarray           # (steps,) minibatch cross-entropy before each update
    start: float               # loss[0]
    final: float               # mean loss of the last 50 steps
    max_change: float          # max |loss_t / loss_0 − 1| over the run
    moved_at: int | None       # first step where the 20-step mean loss is below MOVED × start

    @property
    def stalled(self) -> bool:
        return self.max_change < 0.01

    @property
    def converged(self) -> bool:
        return self.final < 0.5 * self.start


def relu_net_loss_and_grads(params: dict, X: np.ndarray, y: np.ndarray) -> tuple[float, dict]:
    """(affine – ReLU) × (L − 1) – affine – softmax. params: lists "W" (L,) and "b" (L,); X: (N, D), y: (N,).
    Returns the mean cross-entropy and gradients with params' structure."""
    hs = [X]
    for w, b in zip(params["W"][:-1], params["b"][:-1], strict=True):
        hs.append(np.maximum(hs[-1] @ w + b, 0.0))                  # (N, width)
    loss, ds = softmax_loss(hs[-1] @ params["W"][-1] + params["b"][-1], y)
    gw, gb = [None] * len(params["W"]), [None] * len(params["W"])
    for i in reversed(range(len(params["W"]))):
        gw[i], gb[i] = hs[i].T @ ds, ds.sum(axis=0)
        if i:
            ds = (ds @ params["W"][i].T) * (hs[i] > 0)              # ReLU' = 0 at 0
    return float(loss), {"W": gw, "b": gb}


@dataclass(frozen=True)
class ReluNetState:
    """A training run part way: the weights, the momentum buffers and the losses so far."""
    init: str
    n_layers: int
    params: dict
    velocity: dict
    loss: np.ndarray           # (steps done,)


def relu_net_start(init: str, n_layers: int, *, width: int = 48, seed: int = 0) -> ReluNetState:
    """Weights init_weights(init) for 64 → (n_layers − 1) × width → 10, biases 0, momentum buffers 0."""
    if init not in HE_INITS:
        raise KeyError(f"unknown init {init!r}; valid: {', '.join(HE_INITS)}")
    gen = np.random.default_rng([seed, 2015])
    dims = [data.load_digits()[0].shape[1]] + [width] * (n_layers - 1) + [10]
    p = {"W": [init_weights(init, a, b, gen) for a, b in zip(dims[:-1], dims[1:], strict=True)],
         "b": [np.zeros(b) for b in dims[1:]]}
    return ReluNetState(init, n_layers, p, {k: [np.zeros_like(a) for a in p[k]] for k in p}, np.empty(0))


def relu_net_steps(state: ReluNetState, stop: int, *, lr: float = 0.005, momentum: float = 0.9,
                   batch_size: int = 64, seed: int = 0) -> ReluNetState:
    """SGD with momentum (as the paper) on the digits' training split from step len(state.loss) to `stop`;
    the minibatch of step k is the same for every init and however the run is cut into pieces."""
    d = data.prepare("digits", seed=seed)
    p = {k: list(v) for k, v in state.params.items()}
    v = {k: list(a) for k, a in state.velocity.items()}
    start = len(state.loss)
    losses = np.empty(stop - start)
    with single_threaded(), np.errstate(all="ignore"):
        for it in range(start, stop):
            idx = batch_at(len(d.X_train), batch_size, seed, it)
            losses[it - start], g = relu_net_loss_and_grads(p, d.X_train[idx], d.y_train[idx])
            for k in p:
                for j in range(state.n_layers):
                    v[k][j] = momentum * v[k][j] - lr * g[k][j]
                    p[k][j] = p[k][j] + v[k][j]
    return ReluNetState(state.init, state.n_layers, p, v, np.concatenate([state.loss, losses]))


def summarise(init: str, n_layers: int, losses: np.ndarray) -> HeRun:
    """The run's start, final loss (last 50 steps), largest change and the step it started to fall."""
    smooth = np.convolve(losses, np.ones(20) / 20, "valid")
    below = np.flatnonzero(smooth < MOVED * losses[0])
    return HeRun(init, n_layers, losses, float(losses[0]), float(losses[-50:].mean()),
                 float(np.max(np.abs(losses / losses[0] - 1))), int(below[0]) + 20 if below.size else None)


def train_relu_net(init: str, n_layers: int, *, width: int = 48, steps: int = 1200, lr: float = 0.005,
                   momentum: float = 0.9, batch_size: int = 64, seed: int = 0) -> HeRun:
    """The whole run at once: n_layers counts weight layers (n_layers − 1 hidden ReLU layers)."""
    state = relu_net_start(init, n_layers, width=width, seed=seed)
    state = relu_net_steps(state, steps, lr=lr, momentum=momentum, batch_size=batch_size, seed=seed)
    return summarise(init, n_layers, state.loss)
