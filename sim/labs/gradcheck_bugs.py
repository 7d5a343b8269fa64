"""Gradient checks lab, part 2 (cs231n.github.io/neural-networks-3, "Gradient checks"): the traps — regularisation
hiding the data loss, dropout without a fixed seed, biases a random sample never checks — and find-the-bug:
backward passes of the two-layer net and of batch normalisation with one planted mistake each."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim import checks
from sim.batchnorm import batchnorm_backward, batchnorm_forward
from sim.gradcheck import (
    eval_numerical_gradient,
    eval_numerical_gradient_array,
    grad_check_sparse,
    rel_error,
    sample_indices,
)
from sim.twolayer import softmax_loss

FAIL = 1e-4                         # the notes' line: above it a check fails (kinks or not)
NET_PARAMS = ("W1", "b1", "W2", "b2")
BN_PARAMS = ("x", "gamma", "beta")
# bug -> the parameters it touches (whose check must fail); "none"/"bn_none": the correct backward pass
NET_BUGS = {"none": (), "transpose": ("W1", "b1"), "l2_factor": ("W1", "W2"), "relu_mask": ("W1", "b1"),
            "softmax_onehot": ("W1", "b1", "W2", "b2")}
BN_BUGS = {"bn_none": (), "bn_mean": ("x",)}
BUGS = {**NET_BUGS, **BN_BUGS}


def net_loss_and_grads(params: dict, X: np.ndarray, y: np.ndarray, reg: float, bug: str = "none"):
    """sim.twolayer.loss_and_grads (ReLU) written out, with one planted bug in its backward pass:
    transpose: ds @ W2 for ds @ W2.T (it runs because H = C); l2_factor: 2·reg·W, the ½ of 0.5·reg·ΣW² forgotten;
    relu_mask: the mask of the units that did NOT fire; softmax_onehot: softmax without subtracting the one-hot."""
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    hid = np.maximum(0.0, X @ W1 + b1)                               # (N, H)
    s = hid @ W2 + b2                                                # (N, C)
    data_loss, ds = softmax_loss(s, y)
    loss = float(data_loss) + 0.5 * reg * (float(np.sum(W1 * W1)) + float(np.sum(W2 * W2)))
    if bug == "softmax_onehot":
        ds = ds.copy()
        ds[np.arange(len(y)), y] += 1.0 / len(y)                     # the −1 of the true class undone
    dhid = ds @ (W2 if bug == "transpose" else W2.T)                 # (N, H)
    dhid = dhid * ((hid <= 0) if bug == "relu_mask" else (hid > 0))
    k = 2.0 if bug == "l2_factor" else 1.0
    grads = {"W1": X.T @ dhid + k * reg * W1, "b1": dhid.sum(0), "W2": hid.T @ ds + k * reg * W2, "b2": ds.sum(0)}
    return loss, grads


def bn_backward(dout, cache, bug: str = "bn_none"):
    """sim.batchnorm.batchnorm_backward (train mode); bn_mean drops the term that comes through the batch mean."""
    xhat, gamma, std, _ = cache
    if bug != "bn_mean":
        return batchnorm_backward(dout, cache)
    dxhat = dout * gamma
    dx = (dxhat - xhat * (dxhat * xhat).mean(axis=0)) / std          # − mean(dxhat) missing
    return dx, (dout * xhat).sum(0), dout.sum(0)


def _net(seed, n=8, d=6, hidden=5, n_classes=5, scale=0.5, scale2=None):
    rng = np.random.default_rng(seed)
    X, y = rng.standard_normal((n, d)), rng.integers(0, n_classes, n)
    params = {"W1": scale * rng.standard_normal((d, hidden)), "b1": 0.1 * rng.standard_normal(hidden),
              "W2": (scale2 or scale) * rng.standard_normal((hidden, n_classes)), "b2": 0.1 * rng.standard_normal(n_classes)}
    return params, X, y


@dataclass(frozen=True)
class BugCheck:
    bug: str
    params: tuple[str, ...]     # the checked parameters, in order
    err: np.ndarray             # (P,) relative error of each (max over its elements)
    touched: tuple[str, ...]    # the parameters the bug touches
    shapes: tuple[tuple[int, ...], ...] = ()   # each parameter's shape

    @property
    def fails(self) -> tuple[str, ...]:
        return tuple(p for p, e in zip(self.params, self.err, strict=True) if e > FAIL)


def bug_check(bug: str = "relu_mask", seed: int = 0, reg: float = 0.1) -> BugCheck:
    """Every element of every parameter checked (float64, h = 1e-5) against the bugged backward pass."""
    if bug not in BUGS:
        raise KeyError(f"{bug!r}: choose one of {tuple(BUGS)}")
    checks.seed(seed)
    if bug in BN_BUGS:
        rng = np.random.default_rng(seed)
        x, gamma, beta = 2 * rng.standard_normal((8, 4)) + 1, rng.standard_normal(4), rng.standard_normal(4)
        dout = rng.standard_normal((8, 4))
        analytic = bn_backward(dout, batchnorm_forward(x, gamma, beta)[1], bug)
        err = [rel_error(eval_numerical_gradient_array(lambda _: batchnorm_forward(x, gamma, beta)[0], v, dout), g)
               for v, g in zip((x, gamma, beta), analytic, strict=True)]
        return BugCheck(bug, BN_PARAMS, np.array(err), BN_BUGS[bug], (x.shape, gamma.shape, beta.shape))
    params, X, y = _net(seed)
    _, grads = net_loss_and_grads(params, X, y, reg, bug)
    f = lambda _: net_loss_and_grads(params, X, y, reg)[0]           # noqa: E731  (the loss has no bug)
    err = [rel_error(eval_numerical_gradient(f, params[k]), grads[k]) for k in NET_PARAMS]
    return BugCheck(bug, NET_PARAMS, np.array(err), NET_BUGS[bug], tuple(params[k].shape for k in NET_PARAMS))


# ---- the traps ---------------------------------------------------------------------------------------------------
REGS = 10.0 ** np.arange(-2.0, 6.01, 0.5)


@dataclass(frozen=True)
class RegTrap:
    bug: str
    regs: np.ndarray            # (R,)
    err: np.ndarray             # (R,) the worst relative error of W1's checked elements, full loss (data + L2)
    median: np.ndarray          # (R,) their median
    data_err: float             # the worst, checking the data loss alone (reg = 0)

    def hidden_from(self) -> float:
        """The smallest strength from which every check passes (< 1e-4): the bug is hidden (NaN: never)."""
        ok = self.err < FAIL
        bad = np.flatnonzero(~ok)
        first = 0 if not bad.size else bad[-1] + 1
        return float(self.regs[first]) if first < len(self.regs) else float("nan")


def reg_trap(bug: str = "transpose", seed: int = 0, num_checks: int = 10) -> RegTrap:
    """A wrong data-loss gradient of W1, checked at num_checks random elements with a growing L2 term: reg·W
    swamps the data gradient and its mistake, and the check passes."""
    params, X, y = _net(seed, scale=1.0, scale2=0.01)     # small W2, as at initialisation: small data gradients

    def errs(reg: float) -> np.ndarray:
        _, g = net_loss_and_grads(params, X, y, reg, bug)
        return grad_check_sparse(lambda _: net_loss_and_grads(params, X, y, reg)[0], params["W1"], g["W1"],
                                 num_checks, seed=seed)
    e = np.array([errs(r) for r in REGS])
    return RegTrap(bug, REGS.copy(), e.max(1), np.median(e, 1), float(errs(0.0).max()))


@dataclass(frozen=True)
class DropoutTrap:
    keep: float
    fixed: np.ndarray           # (K,) errors with the mask's seed fixed: every f(x ± h) sees the same units
    fresh: np.ndarray           # (K,) errors with a new mask in every evaluation


def dropout_trap(keep: float = 0.5, num_checks: int = 20, seed: int = 0) -> DropoutTrap:
    """The two-layer net with inverted dropout (keep probability `keep`) on its hidden layer, W1 checked at
    num_checks random elements; the analytic gradient uses the mask of seed + 1."""
    checks.within("keep", keep, 0.05, 1.0)
    params, X, y = _net(seed)
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]

    def mask(rng):
        return (rng.random((X.shape[0], W1.shape[1])) < keep) / keep

    def loss(W, m):
        return float(softmax_loss(np.maximum(0.0, X @ W + b1) * m @ W2 + b2, y)[0])

    m0 = mask(np.random.default_rng(seed + 1))
    hid = np.maximum(0.0, X @ W1 + b1)
    _, ds = softmax_loss(hid * m0 @ W2 + b2, y)
    dW1 = X.T @ (ds @ W2.T * m0 * (hid > 0))
    fixed = grad_check_sparse(lambda W: loss(W, mask(np.random.default_rng(seed + 1))), W1, dW1, num_checks, seed=seed)
    stream = np.random.default_rng(seed + 2)                         # seeded overall, but new in every call
    fresh = grad_check_sparse(lambda W: loss(W, mask(stream)), W1, dW1, num_checks, seed=seed)
    return DropoutTrap(keep, fixed, fresh)


@dataclass(frozen=True)
class SampleTrap:
    sizes: tuple[int, ...]      # elements of W1, b1, W2, b2
    flat_names: tuple[str, ...]  # (n,) which parameter each random element of the flat vector belongs to
    flat_err: np.ndarray        # (n,)
    per_param: tuple[np.ndarray, ...]   # a few random elements of each parameter: their errors
    miss: float                 # the chance that n random elements never touch b1: (1 − share of b1)ⁿ


def sample_trap(num_checks: int = 10, seed: int = 0, d: int = 64, hidden: int = 50, n_classes: int = 10) -> SampleTrap:
    """A bug in b1's gradient (its ReLU mask missing) on a net whose biases are 60 of 3760 parameters: a random
    sample of the flat parameter vector, against a few elements of every parameter."""
    checks.counts(num_checks=num_checks), checks.seed(seed)
    rng = np.random.default_rng(seed)
    X, y = rng.standard_normal((10, d)), rng.integers(0, n_classes, 10)
    params = {"W1": 0.1 * rng.standard_normal((d, hidden)), "b1": 0.1 * rng.standard_normal(hidden),
              "W2": 0.1 * rng.standard_normal((hidden, n_classes)), "b2": 0.1 * rng.standard_normal(n_classes)}
    _, grads = net_loss_and_grads(params, X, y, 0.0)
    grads["b1"] = ((softmax_loss(np.maximum(0, X @ params["W1"] + params["b1"]) @ params["W2"] + params["b2"], y)[1])
                   @ params["W2"].T).sum(0)                          # the bug: no ReLU mask
    sizes = tuple(params[k].size for k in NET_PARAMS)
    ends = np.cumsum(sizes)

    def unpack(theta):
        return {k: theta[e - s:e].reshape(params[k].shape) for k, s, e in zip(NET_PARAMS, sizes, ends, strict=True)}
    theta = np.concatenate([params[k].ravel() for k in NET_PARAMS])
    flat_grad = np.concatenate([grads[k].ravel() for k in NET_PARAMS])
    f = lambda th: net_loss_and_grads(unpack(th), X, y, 0.0)[0]      # noqa: E731
    flat_err = grad_check_sparse(f, theta, flat_grad, num_checks, seed=seed)
    names = tuple(NET_PARAMS[int(np.searchsorted(ends, i[0], side="right"))] for i in
                  sample_indices(theta.shape, num_checks, seed))
    each = max(1, num_checks // len(NET_PARAMS))
    per = tuple(grad_check_sparse(lambda v, k=k: net_loss_and_grads({**params, k: v}, X, y, 0.0)[0], params[k],
                                  grads[k], each, seed=seed) for k in NET_PARAMS)
    return SampleTrap(sizes, names, flat_err, per, float((1 - sizes[1] / sum(sizes)) ** num_checks))

