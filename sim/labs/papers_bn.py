"""Ioffe & Szegedy 2015 ("Batch Normalization: Accelerating deep network training by reducing internal
covariate shift"), Figure 1, at classroom scale: their MNIST net (three fully connected hidden layers of 100
sigmoid units, mini-batches of 60) on the digits, with and without batch normalisation; test accuracy over
training and the 15th, 50th and 85th percentiles of the last hidden layer's sigmoid inputs."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim import data
from sim._fast import single_threaded
from sim.batchnorm import batchnorm_backward, batchnorm_forward
from sim.train import batch_at
from sim.twolayer import softmax_loss

HIDDEN = (100, 100, 100)
PERCENTILES = (15, 50, 85)


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


@dataclass(frozen=True)
class IoffeRun:
    batchnorm: bool
    steps: np.ndarray          # (K,) training steps at which the net was measured (0 first)
    test_acc: np.ndarray       # (K,) accuracy on the held-out digits (BN: test mode, running statistics)
    pct: np.ndarray            # (K, U, 3) 15th/50th/85th percentile of each last-layer unit's sigmoid input
    n_test: int

    def drift(self, unit: int = 0) -> float:
        """How far the unit's percentile band moves over training: the largest |p(t) − p(0)| of the three."""
        p = self.pct[:, unit, :]
        return float(np.abs(p - p[0]).max())


def init_params(dims: list[int], seed: int, scale: float = 1.0) -> dict:
    """W ~ scale·N(0, 1), b = 0, γ = 1, β = 0 (γ, β used only with BN)."""
    gen = np.random.default_rng([seed, 2015, 1])
    return {"W": [scale * gen.standard_normal((a, b)) for a, b in zip(dims[:-1], dims[1:], strict=True)],
            "b": [np.zeros(b) for b in dims[1:]], "gamma": [np.ones(b) for b in dims[1:-1]],
            "beta": [np.zeros(b) for b in dims[1:-1]]}


def forward(p: dict, X: np.ndarray, batchnorm: bool, *, train: bool = True, running: list | None = None):
    """(affine – [BN] – sigmoid) × 3 – affine. X: (N, D). Returns (scores (N, C), caches, the last hidden
    layer's sigmoid inputs (N, 100), new running statistics [(mean, var)] per layer)."""
    h, caches, new_running = X, [], []
    for layer in range(len(p["W"]) - 1):
        z, bn = h @ p["W"][layer] + p["b"][layer], None                # (N, 100)
        if batchnorm:
            rm, rv = running[layer] if running else (None, None)
            z, bn, rm, rv = batchnorm_forward(z, p["gamma"][layer], p["beta"][layer], train=train,
                                              running_mean=rm, running_var=rv)
            new_running.append((rm, rv))
        a = sigmoid(z)
        caches.append((h, a, bn))
        h = a
    return h @ p["W"][-1] + p["b"][-1], caches, z, new_running


def loss_and_grads(p: dict, X: np.ndarray, y: np.ndarray, batchnorm: bool,
                   running: list | None = None) -> tuple[float, dict, list]:
    """Mean cross-entropy of a training batch and its gradients (γ, β: zero without BN); also the running
    statistics updated with this batch's (BN only)."""
    scores, caches, _, running = forward(p, X, batchnorm, running=running)
    loss, ds = softmax_loss(scores, y)
    g = {k: [np.zeros_like(v) for v in p[k]] for k in p}
    g["W"][-1], g["b"][-1], dh = caches[-1][1].T @ ds, ds.sum(axis=0), ds @ p["W"][-1].T
    for layer in reversed(range(len(caches))):
        h_in, a, bn = caches[layer]
        dz = dh * a * (1 - a)                                          # sigmoid' = σ(1 − σ)
        if bn is not None:
            dz, g["gamma"][layer], g["beta"][layer] = batchnorm_backward(dz, bn)
        g["W"][layer], g["b"][layer], dh = h_in.T @ dz, dz.sum(axis=0), dz @ p["W"][layer].T
    return float(loss), g, running


@dataclass(frozen=True)
class IoffeState:
    """A training run part way: weights, BN's running statistics, and the measurements so far."""
    batchnorm: bool
    params: dict
    running: list | None       # [(mean, var)] per hidden layer, BN only, after the first step
    done: int                  # steps trained
    steps: tuple = ()          # the steps measured so far
    test_acc: tuple = ()
    pct: tuple = ()            # (100, 3) arrays
    n_test: int = 0


def sigmoid_net_start(batchnorm: bool, *, scale: float = 1.0, seed: int = 0) -> IoffeState:
    dims = [data.load_digits()[0].shape[1], *HIDDEN, 10]
    return IoffeState(batchnorm, init_params(dims, seed, scale), None, 0)


def _measure(p: dict, d, batchnorm: bool, running) -> tuple[float, np.ndarray]:
    """Accuracy on the validation split (BN: test mode once there are running statistics) and the last
    layer's sigmoid-input percentiles over it (BN with the split's own batch statistics, as training does)."""
    scores, _, z, _ = forward(p, d.X_val, batchnorm)                  # z: (N_val, 100)
    if batchnorm and running:
        scores = forward(p, d.X_val, batchnorm, train=False, running=running)[0]
    return float((scores.argmax(axis=1) == d.y_val).mean()), np.percentile(z, PERCENTILES, axis=0).T


def sigmoid_net_steps(state: IoffeState, stop: int, *, last: bool = False, lr: float = 0.1, batch_size: int = 60,
                      every: int = 25, seed: int = 0) -> IoffeState:
    """Plain SGD from step state.done to `stop`, measuring every `every` steps (and at `stop` when `last`);
    the minibatch of step k is the same with and without BN and however the run is cut into pieces."""
    d = data.prepare("digits", seed=seed)
    p, running = {k: list(v) for k, v in state.params.items()}, state.running
    marks, accs, pcts = list(state.steps), list(state.test_acc), list(state.pct)
    with single_threaded():
        for it in range(state.done, stop):
            if it % every == 0:
                acc, pct = _measure(p, d, state.batchnorm, running)
                marks.append(it), accs.append(acc), pcts.append(pct)
            idx = batch_at(len(d.X_train), batch_size, seed, it)
            _, g, running = loss_and_grads(p, d.X_train[idx], d.y_train[idx], state.batchnorm, running)
            p = {k: [v - lr * dv for v, dv in zip(p[k], g[k], strict=True)] for k in p}
        if last:
            acc, pct = _measure(p, d, state.batchnorm, running)
            marks.append(stop), accs.append(acc), pcts.append(pct)
    return IoffeState(state.batchnorm, p, running, stop, tuple(marks), tuple(accs), tuple(pcts), len(d.y_val))


def as_run(state: IoffeState) -> IoffeRun:
    return IoffeRun(state.batchnorm, np.array(state.steps), np.array(state.test_acc), np.array(state.pct), state.n_test)


def train_sigmoid_net(batchnorm: bool, *, steps: int = 1000, lr: float = 0.1, batch_size: int = 60,
                      every: int = 25, scale: float = 1.0, seed: int = 0) -> IoffeRun:
    """The whole run at once on the digits' training split: the same minibatches and initial weights with and
    without BN; measured every `every` steps and at the end."""
    state = sigmoid_net_start(batchnorm, scale=scale, seed=seed)
    return as_run(sigmoid_net_steps(state, steps, last=True, lr=lr, batch_size=batch_size, every=every, seed=seed))
