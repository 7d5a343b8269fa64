import numpy as np
import pytest

from sim.batched import resume_many, train_many
from sim.data import prepare
from sim.train import train
from sim.twolayer import init_params

STABLE = (1e-6, 1e-4, 1e-2, 0.3, 1.0, 3.0, 30.0, 1e3, 1e6)  # 30 and up blow up at different iterations


@pytest.fixture(scope="module")
def digits():
    return prepare("digits", seed=0)


def _both(d, lrs, regs, *, ws=1e-2, epochs=6, params=None):
    p = init_params(64, 50, 10, weight_scale=ws, seed=0) if params is None else params
    m = train_many(p, d.X_train, d.y_train, d.X_val, d.y_val, lrs=lrs, regs=regs, epochs=epochs, batch_size=100,
                   seed=3)
    regs = np.broadcast_to(regs, len(lrs))
    singles = [train({k: (v if v.ndim == (2 if k[0] == "W" else 1) else v[r]) for k, v in p.items()},
                     d.X_train, d.y_train, d.X_val, d.y_val, lr=lr, reg=float(regs[r]), epochs=epochs,
                     batch_size=100, seed=3) for r, lr in enumerate(lrs)]
    return m, singles


def _assert_match(m, singles, n_iters=None):
    for r, h in enumerate(singles):
        k = len(h.loss) if n_iters is None else n_iters
        assert m.n_iters(r) == len(h.loss)
        assert np.allclose(m.loss[r, :k], h.loss[:k], rtol=1e-6, atol=0), r
        assert (m.diverged_at[r] if m.diverged_at[r] >= 0 else None) == h.diverged_at
        u = min(k, len(h.update_ratio))
        assert np.allclose(m.update_ratio[r, :u], h.update_ratio[:u], rtol=1e-6)
        if n_iters is None:
            e = len(h.val_acc)
            assert np.array_equal(m.val_acc[r, :e], h.val_acc) and np.all(np.isnan(m.val_acc[r, e:]))
            assert np.all(np.isnan(m.loss[r, len(h.loss):]))


def test_each_run_matches_train_alone(digits):
    m, singles = _both(digits, STABLE, 0.0)
    _assert_match(m, singles)
    assert (m.diverged_at >= 0).sum() == 3 and m.diverged_at[-1] < m.iters_per_epoch


def test_per_run_reg_and_stacked_params(digits):
    rng = np.random.default_rng(1)
    stacked = {k: np.stack([init_params(64, 50, 10, weight_scale=1e-2, seed=s)[k] for s in range(3)])
               for k in ("W1", "b1", "W2", "b2")}
    stacked["b1"] += rng.standard_normal(stacked["b1"].shape) * 0.01
    m, singles = _both(digits, (0.5, 1.0, 2.0), np.array([0.0, 1e-3, 1e-1]), params=stacked)
    _assert_match(m, singles)
    assert m.loss[2, 0] > m.loss[0, 0]  # reg 0.1 adds to the initial loss


def test_edge_of_stability_run_matches_until_chaos_takes_over(digits):
    """lr 10 bounces chaotically: BLAS rounds a 50-column and a 100-column product differently (~1e-16),
    and the chaos amplifies it, so only the early iterations can agree to 1e-6."""
    m, singles = _both(digits, (10.0, 1.0), 0.0, epochs=2)
    _assert_match(m, singles, n_iters=m.iters_per_epoch)


def test_all_runs_diverging_is_fine(digits):
    p = init_params(64, 50, 10, weight_scale=1e-2, seed=0)
    m = train_many(p, digits.X_train, digits.y_train, digits.X_val, digits.y_val, lrs=[1e5, 1e6], regs=0.0,
                   epochs=3, batch_size=100, seed=0)
    assert np.all(m.diverged_at >= 0) and np.all(np.isnan(m.val_acc[:, 1:]))
    assert m.params["W1"].shape == (2, 64, 50) and np.all(np.isfinite(m.params["W1"]))


@pytest.mark.slow
def test_best_preset_reaches_val_accuracy_090(digits):
    p = init_params(64, 50, 10, weight_scale=1e-2, seed=0)
    lrs = 10.0 ** np.arange(-6, 7)
    m = train_many(p, digits.X_train, digits.y_train, digits.X_val, digits.y_val, lrs=lrs, regs=0.0, epochs=20,
                   batch_size=100, seed=0)
    assert np.nanmax(m.val_acc[:, -1]) >= 0.90


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_resuming_gives_the_numbers_of_one_run(digits, dtype):
    """A page shows the first epochs while the rest compute: 3 epochs, resumed to 7, then to 12, are 12 at once."""
    p = init_params(64, 50, 10, weight_scale=1e-2, seed=0)
    args, kw = (digits.X_train, digits.y_train, digits.X_val, digits.y_val), dict(batch_size=100, seed=0, dtype=dtype)
    lrs = (1e-6, 0.1, 1.0, 10.0, 30.0, 1e6)                     # finishing, chaotic and diverging runs
    whole = train_many(p, *args, lrs=lrs, regs=1e-3, epochs=12, **kw)
    part = train_many(p, *args, lrs=lrs, regs=1e-3, epochs=3, **kw)
    assert part.loss.shape == (6, 3 * part.iters_per_epoch) and part.train_acc.shape == (6, 4)
    for epochs in (7, 12):
        part = resume_many(part, *args, epochs=epochs, **kw)
    for f in ("loss", "update_ratio", "train_acc", "val_acc", "diverged_at"):
        assert np.array_equal(getattr(part, f), getattr(whole, f), equal_nan=True), f
    assert all(np.array_equal(part.params[k], whole.params[k]) for k in whole.params)
    assert (whole.diverged_at >= 0).sum() >= 2 and np.isfinite(whole.val_acc[:3, -1]).all()


def test_float32_follows_float64_on_a_stable_run(digits):
    p = init_params(64, 50, 10, weight_scale=1e-2, seed=0)
    args = (digits.X_train, digits.y_train, digits.X_val, digits.y_val)
    a, b = (train_many(p, *args, lrs=(0.3, 1.0), regs=1e-3, epochs=5, batch_size=100, seed=0, dtype=dt)
            for dt in (np.float64, np.float32))
    assert np.allclose(a.loss, b.loss, rtol=1e-4) and np.allclose(a.update_ratio, b.update_ratio, rtol=1e-3)
    assert np.abs(a.val_acc - b.val_acc).max() <= 1 / len(digits.y_val) + 1e-12
    assert b.params["W1"].dtype == np.float64 and b.params["W1"].shape == (2, 64, 50)


def test_without_curves_only_the_last_completed_epoch_is_scored(digits):
    p = init_params(64, 50, 10, weight_scale=1e-2, seed=0)
    args = (digits.X_train, digits.y_train, digits.X_val, digits.y_val)
    lrs = np.r_[1.0, np.linspace(10.5, 13, 26), 1e6]   # near lr 11 some runs break out in a later epoch (chaos)
    kw = dict(lrs=lrs, regs=1.2e-3, epochs=4, batch_size=100, seed=0)
    full, lean = train_many(p, *args, **kw), train_many(p, *args, **kw, ratios=False, curves=False)
    assert np.array_equal(full.loss, lean.loss, equal_nan=True) and np.all(np.isnan(lean.update_ratio))
    last = np.where(lean.diverged_at >= 0, lean.diverged_at // lean.iters_per_epoch, 4)   # last completed epoch
    for r in range(len(lrs)):
        for acc in ("train_acc", "val_acc"):
            a, b = getattr(full, acc)[r], getattr(lean, acc)[r]
            assert b[last[r]] == a[last[r]] and b[0] == a[0] and np.isnan(np.delete(b, [0, last[r]])).all()
    assert last[0] == 4 and last[-1] == 0 and np.any((last >= 1) & (last < 4))


# --- SGD + momentum, batched: momentum an array over the run axis like the learning rate ---

def _hand_momentum(d, p, lr, reg, mu, n_iters):
    """The assignment's loop with sim.optim.sgd_momentum, one config per parameter array (float64)."""
    from sim import optim
    from sim.train import batch_at
    from sim.twolayer import loss_and_grads
    params, cfg, losses = dict(p), {}, []
    for i in range(n_iters):
        idx = batch_at(len(d.X_train), 100, 3, i)
        loss, g = loss_and_grads(params, d.X_train[idx], d.y_train[idx], reg)
        losses.append(loss)
        for k in params:
            params[k], cfg[k] = optim.sgd_momentum(params[k], g[k], {**cfg.get(k, {}), "learning_rate": lr,
                                                                      "momentum": mu})
    return np.array(losses), params


def test_momentum_runs_match_a_hand_loop_and_differ_from_sgd(digits):
    p = init_params(64, 50, 10, weight_scale=1e-2, seed=0)
    lrs, regs, mus = np.array([0.1, 0.03, 0.3]), np.array([1e-3, 0.0, 1e-2]), np.array([0.5, 0.9, 0.99])
    kw = dict(lrs=lrs, regs=regs, epochs=1, batch_size=100, seed=3)
    m = train_many(p, digits.X_train, digits.y_train, digits.X_val, digits.y_val, momenta=mus, **kw)
    sgd = train_many(p, digits.X_train, digits.y_train, digits.X_val, digits.y_val, **kw)
    for r in range(3):
        losses, params = _hand_momentum(digits, p, lrs[r], regs[r], mus[r], 6)
        assert np.allclose(m.loss[r, :6], losses, rtol=1e-12)
        assert not np.allclose(m.loss[r, 2:6], sgd.loss[r, 2:6], rtol=1e-6)
    losses, params = _hand_momentum(digits, p, lrs[1], regs[1], mus[1], m.loss.shape[1])
    assert np.allclose(m.loss[1], losses, rtol=1e-10)
    for k in params:
        assert np.allclose(m.params[k][1], params[k], rtol=1e-8, atol=1e-12), k


def test_momentum_resumed_equals_trained_at_once_and_a_blow_up_keeps_the_others(digits):
    p = init_params(64, 50, 10, weight_scale=1e-2, seed=0)
    kw = dict(lrs=np.array([0.05, 30.0, 0.01]), regs=1e-3, batch_size=100, seed=3, momenta=np.array([0.9, 0.99, 0.5]))
    whole = train_many(p, digits.X_train, digits.y_train, digits.X_val, digits.y_val, epochs=4, **kw)
    part = train_many(p, digits.X_train, digits.y_train, digits.X_val, digits.y_val, epochs=2, **kw)
    assert part.velocity is not None and np.abs(part.velocity["W2"][0]).max() > 0
    rest = resume_many(part, digits.X_train, digits.y_train, digits.X_val, digits.y_val, epochs=4, batch_size=100,
                       seed=3)
    assert np.array_equal(rest.loss, whole.loss, equal_nan=True)
    assert np.array_equal(rest.val_acc, whole.val_acc, equal_nan=True)
    assert whole.diverged_at[1] >= 0 and (whole.diverged_at[[0, 2]] < 0).all()
    alone = train_many(p, digits.X_train, digits.y_train, digits.X_val, digits.y_val, epochs=4,
                       **{**kw, "lrs": kw["lrs"][[0, 2]], "momenta": kw["momenta"][[0, 2]]})
    assert np.allclose(alone.loss, whole.loss[[0, 2]], rtol=1e-12)
