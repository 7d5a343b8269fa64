"""Optimisation lab on real data (the digits): every update rule of sim.optim on the two-layer net from one
initialisation and one mini-batch order; learning-rate schedules under SGD + momentum; Kingma & Ba 2015's
Figure 1 at classroom scale (multinomial logistic regression, each rule at its best learning rate from a small
search); L-BFGS in full batch against mini-batch SGD (cs231n.github.io/neural-networks-3, "Second order methods").

L-BFGS is written here (the two-loop recursion of Nocedal & Wright, Algorithm 7.4, with a backtracking line
search) rather than taken from SciPy: SciPy is not a dependency of this app, and forty lines a student can read
say more about "an approximate inverse Hessian from the last m steps" than a call would."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim import optim
from sim._fast import single_threaded
from sim.data import Dataset, prepare
from sim.labs.optimisation_schedules import schedule
from sim.train import is_blowup, iters_per_epoch, minibatch_order
from sim.twolayer import accuracy, init_params, loss_and_grads, softmax_loss

NET_RULES = ("sgd", "sgd_momentum", "nesterov", "adagrad", "rmsprop", "adam")
HIDDEN, WEIGHT_SCALE, REG = 50, 1e-2, 1e-4    # the babysitting lesson's small net


@dataclass(frozen=True)
class NetRun:
    names: tuple             # one per row
    loss: np.ndarray         # (R, T) mini-batch loss before each update (NaN after a blow-up)
    val_acc: np.ndarray      # (R, E + 1) validation accuracy before training and after each epoch
    lr: np.ndarray           # (R, T) the learning rate each update used
    iters_per_epoch: int
    diverged_at: tuple       # per row: first iteration that blew up, or None


def _train(update, cfg0: dict, d, *, epochs: int, batch_size: int, seed: int, lr_at=None):
    """Mini-batch training of the two-layer net with one engine rule, a config per parameter array."""
    params = init_params(d.X_train.shape[1], HIDDEN, d.n_classes, weight_scale=WEIGHT_SCALE, seed=seed)
    cfgs = {k: dict(cfg0) for k in params}
    n, losses, lrs, val, blown = len(d.X_train), [], [], [accuracy(params, d.X_val, d.y_val)], None
    for epoch in range(epochs):
        for idx in minibatch_order(n, batch_size, seed, epoch):
            loss, grads = loss_and_grads(params, d.X_train[idx], d.y_train[idx], REG)
            lr = cfg0["learning_rate"] if lr_at is None else float(lr_at(len(losses)))
            losses.append(loss), lrs.append(lr)
            if is_blowup(loss, losses[0]):
                blown = len(losses) - 1
                break
            for k in params:
                params[k], cfgs[k] = update(params[k], grads[k], {**cfgs[k], "learning_rate": lr})
        if blown is not None:
            break
        val.append(accuracy(params, d.X_val, d.y_val))
    T = epochs * iters_per_epoch(n, batch_size)
    pad = lambda a: np.concatenate([a, np.full(T - len(a), np.nan)])   # noqa: E731
    return pad(np.array(losses)), np.concatenate([val, np.full(epochs + 1 - len(val), np.nan)]), \
        pad(np.array(lrs)), blown


def _stack(names, runs, d, batch_size) -> NetRun:
    return NetRun(tuple(names), np.array([r[0] for r in runs]), np.array([r[1] for r in runs]),
                  np.array([r[2] for r in runs]), iters_per_epoch(len(d.X_train), batch_size),
                  tuple(r[3] for r in runs))


def default_lr(rule: str) -> float:
    """The assignment's default learning rate of a rule (the engine fills in the rest of its config)."""
    return optim.ADAM_LEARNING_RATE if rule == "adam" else optim.LEARNING_RATE


def compare_rules(rules=NET_RULES, *, epochs: int = 10, batch_size: int = 64, adam_lr: float = 1e-3,
                  seed: int = 0, data: Dataset | None = None) -> NetRun:
    """Each rule at the assignment's defaults (learning rate 1e-2; momentum 0.9; decay 0.99), Adam at `adam_lr`
    (the slide: 1e-3 or 5e-4 is a great starting point), same initial weights, same batches; on `data` (a
    prepared split: a bundled set or a student's own) or the digits."""
    d = prepare("digits", seed=seed) if data is None else data
    with np.errstate(all="ignore"), single_threaded():
        runs = [_train(optim.rule(r), {"learning_rate": adam_lr if r == "adam" else default_lr(r)}, d, epochs=epochs, batch_size=batch_size,
                       seed=seed) for r in rules]
    return _stack(rules, runs, d, batch_size)


def train_schedules(names, *, lr0: float = 0.05, epochs: int = 30, batch_size: int = 64, k: float = 0.1,
                    warmup: float = 2.0, seed: int = 0) -> NetRun:
    """SGD + momentum 0.9 on the digits under each learning-rate schedule (the slides: decay is common with
    SGD + momentum, less common with Adam); the schedule is read at the fractional epoch of every update."""
    d = prepare("digits", seed=seed)
    ipe = iters_per_epoch(len(d.X_train), batch_size)
    with np.errstate(all="ignore"), single_threaded():
        runs = [_train(optim.sgd_momentum, {"learning_rate": lr0, "momentum": 0.9}, d, epochs=epochs,
                       batch_size=batch_size, seed=seed,
                       lr_at=lambda i, s=s: schedule(s, i / ipe, lr0, k=k, total=epochs, warmup=warmup))
                for s in names]
    return _stack(names, runs, d, batch_size)


# ---- Kingma & Ba 2015, Figure 1 ---------------------------------------------------------------------------------
KB_RULES = ("adagrad", "rmsprop", "nesterov", "adam")
KB_LRS = (1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1, 1.0, 3.0, 10.0)   # every best lies inside


@dataclass(frozen=True)
class KingmaBa:
    names: tuple
    lrs: np.ndarray          # (L,) the learning rates searched
    loss: np.ndarray         # (R, L, T) training cost per iteration of every (rule, learning rate)
    best: np.ndarray         # (R,) index into lrs of each rule's lowest cost over the last epoch
    iters_per_epoch: int


def kingma_ba(*, epochs: int = 20, batch_size: int = 128, seed: int = 0, lrs=KB_LRS) -> KingmaBa:
    """Multinomial logistic regression on the digits, W (D, C) from zero, each rule with every learning rate of
    the search at once (the learning rates as an array: sim.optim broadcasts them), reg 1e-4 as in the paper."""
    d = prepare("digits", seed=seed)
    lr = np.asarray(lrs, dtype=float)[:, None, None]
    D, C, n = d.X_train.shape[1], d.n_classes, len(d.X_train)
    out = []
    with np.errstate(all="ignore"), single_threaded():
        for name in KB_RULES:
            W, b = np.zeros((len(lrs), D, C)), np.zeros((len(lrs), 1, C))
            cw, cb = {"learning_rate": lr}, {"learning_rate": lr}
            rows = []
            for epoch in range(epochs):
                for idx in minibatch_order(n, batch_size, seed, epoch):
                    X = d.X_train[idx]
                    loss, ds = softmax_loss(X @ W + b, d.y_train[idx])     # (L,), (L, B, C)
                    rows.append(loss + 0.5 * REG * np.sum(W ** 2, axis=(1, 2)))
                    W, cw = optim.rule(name)(W, X.T @ ds + REG * W, cw)
                    b, cb = optim.rule(name)(b, ds.sum(axis=1, keepdims=True), cb)
            out.append(np.array(rows).T)
    loss = np.array(out)
    ipe = iters_per_epoch(n, batch_size)
    last = np.nanmean(np.where(np.isfinite(loss[..., -ipe:]), loss[..., -ipe:], np.inf), axis=-1)
    return KingmaBa(KB_RULES, np.asarray(lrs, dtype=float), loss, np.argmin(last, axis=1), ipe)


# ---- L-BFGS -----------------------------------------------------------------------------------------------------
def _flat(params: dict) -> np.ndarray:
    return np.concatenate([params[k].ravel() for k in ("W1", "b1", "W2", "b2")])


def _unflat(theta: np.ndarray, like: dict) -> dict:
    out, i = {}, 0
    for k in ("W1", "b1", "W2", "b2"):
        out[k] = theta[i:i + like[k].size].reshape(like[k].shape)
        i += like[k].size
    return out


def two_loop(g: np.ndarray, s_list: list, y_list: list) -> np.ndarray:
    """L-BFGS's direction −H·g, H the inverse-Hessian estimate built from the last pairs s = Δθ, y = Δ∇f."""
    q, alphas = g.copy(), []
    for s, y in zip(reversed(s_list), reversed(y_list), strict=True):
        rho = 1.0 / (y @ s)
        a = rho * (s @ q)
        q -= a * y
        alphas.append((rho, a))
    gamma = (s_list[-1] @ y_list[-1]) / (y_list[-1] @ y_list[-1]) if s_list else 1.0
    r = gamma * q                                   # the initial Hessian: a scaled identity
    for (s, y), (rho, a) in zip(zip(s_list, y_list, strict=True), reversed(alphas), strict=True):
        r += s * (a - rho * (y @ r))
    return -r


@dataclass(frozen=True)
class SecondOrder:
    passes: dict             # name -> (K,) passes over the training data when each loss was measured
    loss: dict               # name -> (K,) full training loss there


def lbfgs_vs_sgd(*, passes: int = 30, memory: int = 10, batch_size: int = 64, seed: int = 0,
                 minibatch_lbfgs: bool = False) -> SecondOrder:
    """Full-batch L-BFGS (one pass per loss and gradient evaluation, line search included) against mini-batch
    SGD + momentum (lr 0.05); optionally L-BFGS fed mini-batches, which the notes say transfers badly."""
    d = prepare("digits", seed=seed)
    p0 = init_params(d.X_train.shape[1], HIDDEN, d.n_classes, weight_scale=WEIGHT_SCALE, seed=seed)
    n, ipe = len(d.X_train), iters_per_epoch(len(d.X_train), batch_size)

    def fg(theta, idx=slice(None)):
        loss, grads = loss_and_grads(_unflat(theta, p0), d.X_train[idx], d.y_train[idx], REG)
        return loss, _flat(grads)

    def lbfgs(batches, full: bool):
        theta, s_l, y_l, used = _flat(p0), [], [], 0.0
        f, g = fg(theta)
        xs, ys = [0.0], [f]
        for idx in batches:
            frac = len(d.X_train[idx]) / n
            if not full:                              # a new batch: its loss and gradient at the current θ
                f, g = fg(theta, idx)
                used += frac
            d_, step = two_loop(g, s_l, y_l), 1.0
            while True:                               # backtracking until Armijo's sufficient decrease holds
                f_new, g_new = fg(theta + step * d_, idx)
                used += frac
                if f_new <= f + 1e-4 * step * (g @ d_) or step < 1e-10:
                    break
                step *= 0.5
            s, y = step * d_, g_new - g
            theta, f, g = theta + s, f_new, g_new
            if y @ s > 1e-12:                         # keep the curvature pairs that keep H positive definite
                s_l, y_l = (s_l + [s])[-memory:], (y_l + [y])[-memory:]
            xs.append(used), ys.append(f if full else fg(theta)[0])
            if used >= passes:
                break
        return np.array(xs), np.array(ys)

    out_x, out_y = {}, {}
    with np.errstate(all="ignore"), single_threaded():
        out_x["lbfgs"], out_y["lbfgs"] = lbfgs((slice(None) for _ in range(10 * passes)), True)
        if minibatch_lbfgs:
            mb = (b for e in range(10 * passes) for b in minibatch_order(n, batch_size, seed, e))
            xs, ys = lbfgs(mb, False)
            out_x["lbfgs_minibatch"], out_y["lbfgs_minibatch"] = xs[::max(1, ipe // 4)], ys[::max(1, ipe // 4)]
        theta, cfg, xs, ys = _flat(p0), {"learning_rate": 0.05, "momentum": 0.9}, [0.0], [fg(_flat(p0))[0]]
        for e in range(passes):
            for j, idx in enumerate(minibatch_order(n, batch_size, seed, e)):
                theta, cfg = optim.sgd_momentum(theta, fg(theta, idx)[1], cfg)
                if (j + 1) % max(1, ipe // 4) == 0 or j == ipe - 1:
                    xs.append(e + (j + 1) / ipe), ys.append(fg(theta)[0])
        out_x["sgd_momentum"], out_y["sgd_momentum"] = np.array(xs), np.array(ys)
    return SecondOrder(out_x, out_y)
