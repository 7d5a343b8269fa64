import numpy as np
import pytest

from sim.data import prepare
from sim.live import activation_histogram, steps
from sim.train import batch_at, iters_per_epoch, minibatch_order, train
from sim.twolayer import init_params


@pytest.fixture(scope="module")
def digits():
    return prepare("digits", seed=0)


def _train(d, lr, *, ws=1e-2, reg=0.0, epochs=10, batch_size=100, n=None):
    X, y = (d.X_train, d.y_train) if n is None else (d.X_train[:n], d.y_train[:n])
    p = init_params(64, 50, 10, weight_scale=ws, seed=0)
    return train(p, X, y, d.X_val, d.y_val, lr=lr, reg=reg, epochs=epochs, batch_size=batch_size, seed=0)


def test_minibatch_order_covers_every_example_once_per_epoch():
    batches = minibatch_order(23, 5, seed=1, epoch=2)
    assert [len(b) for b in batches] == [5, 5, 5, 5, 3] == [5] * 4 + [3]
    assert sorted(np.concatenate(batches).tolist()) == list(range(23))
    assert iters_per_epoch(23, 5) == 5 and iters_per_epoch(3, 100) == 1
    assert np.array_equal(batch_at(23, 5, 1, 2 * 5 + 4), batches[4])


def test_history_shapes_and_ratios(digits):
    h = _train(digits, 1.0, epochs=3)
    T = 3 * iters_per_epoch(len(digits.X_train), 100)
    assert h.loss.shape == (T,) and h.update_ratio.shape == (T, 2)
    assert h.train_acc.shape == (4,) and h.val_acc.shape == (4,) and h.diverged_at is None
    assert np.all(h.update_ratio > 0)


@pytest.mark.slow
def test_overfit_20_examples_reaches_train_accuracy_one(digits):
    h = _train(digits, 1.0, ws=1e-4, epochs=200, batch_size=20, n=20)
    assert h.train_acc[-1] == 1.0
    assert h.loss[-1] < 0.01 < h.loss[0]


def test_lr_1e_6_barely_moves_the_loss(digits):
    h = _train(digits, 1e-6, ws=1e-4, epochs=10)
    ipe = h.iters_per_epoch
    first, last = h.loss[:ipe].mean(), h.loss[-ipe:].mean()
    assert abs(last - first) / first < 0.01
    assert abs(h.loss[-1] - h.loss[0]) / h.loss[0] < 0.01


def test_lr_1e6_diverges_in_first_epoch_without_warnings(digits):
    h = _train(digits, 1e6, ws=1e-4)  # pytest turns any RuntimeWarning into an error
    assert h.diverged_at is not None and h.diverged_at < h.iters_per_epoch
    assert len(h.loss) == h.diverged_at + 1 and len(h.update_ratio) == h.diverged_at
    assert len(h.train_acc) == 1  # no epoch completed


def test_live_steps_continue_the_same_run(digits):
    p = init_params(64, 50, 10, weight_scale=1e-2, seed=0)
    full = train(p, digits.X_train, digits.y_train, digits.X_val, digits.y_val, lr=1.0, reg=0.0, epochs=2,
                 batch_size=100, seed=0)
    p1, l1, d1 = steps(p, digits.X_train, digits.y_train, lr=1.0, reg=0.0, batch_size=100, seed=0, start=0, n_steps=7)
    p2, l2, d2 = steps(p1, digits.X_train, digits.y_train, lr=1.0, reg=0.0, batch_size=100, seed=0, start=7,
                       n_steps=len(full.loss) - 7, initial_loss=l1[0])
    assert d1 is None and d2 is None
    assert np.allclose(np.concatenate([l1, l2]), full.loss, rtol=1e-12)
    assert np.allclose(p2["W1"], full.params["W1"], rtol=1e-12)


def test_live_steps_stop_at_blowup(digits):
    p = init_params(64, 50, 10, weight_scale=1e-2, seed=0)
    _, losses, d = steps(p, digits.X_train, digits.y_train, lr=1e6, reg=0.0, batch_size=100, seed=0, start=0,
                         n_steps=50)
    assert d == len(losses) - 1 < 5


def test_activation_histogram_fractions():
    p = init_params(4, 8, 3, weight_scale=1.0, seed=0)
    X = np.random.default_rng(0).standard_normal((50, 4))
    frac, zero = activation_histogram(p, X)
    assert frac.sum() + zero == pytest.approx(1.0)
    assert 0.2 < zero < 0.8
