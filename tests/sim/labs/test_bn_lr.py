"""BN's other benefit: a learning rate at which a deep ReLU net blows up or stalls trains with BN."""
import numpy as np
import pytest

from sim.data import prepare
from sim.gradcheck import eval_numerical_gradient, rel_error
from sim.labs.batchnorm import train_mlp


@pytest.fixture(scope="module")
def digits():
    return prepare("digits", seed=0)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_lr_3_fails_without_bn_and_trains_with_it(digits, seed):
    plain, div_plain = train_mlp(digits.X_train, digits.y_train, lr=3.0, batchnorm=False, seed=seed)
    bn, div_bn = train_mlp(digits.X_train, digits.y_train, lr=3.0, batchnorm=True, seed=seed)
    assert div_bn is None and np.nanmean(bn[-20:]) < 0.3
    assert div_plain is not None or np.nanmean(plain[-20:]) > 2.0       # blew up, or stalled at chance (ln 10)
    if div_plain is not None:
        assert np.isnan(plain[div_plain + 1:]).all()


def test_a_small_learning_rate_trains_both(digits):
    for bn in (False, True):
        loss, div = train_mlp(digits.X_train, digits.y_train, lr=0.1, batchnorm=bn, seed=0, iters=200)
        assert div is None and loss[-20:].mean() < 0.5 * loss[0]


def test_same_seed_same_run_and_the_first_loss_is_chance(digits):
    a, _ = train_mlp(digits.X_train, digits.y_train, lr=1.0, batchnorm=True, seed=4, iters=30)
    b, _ = train_mlp(digits.X_train, digits.y_train, lr=1.0, batchnorm=True, seed=4, iters=30)
    assert np.array_equal(a, b)
    assert rel_error(a[0], np.log(10)) < 0.3


@pytest.mark.parametrize("batchnorm", [False, True])
def test_mlp_gradients_match_numeric_float64(batchnorm):
    from sim.labs.batchnorm import mlp_loss_and_grads
    gen = np.random.default_rng(0)
    X, y = gen.standard_normal((8, 5)), gen.integers(0, 3, 8)
    p = {"W": [gen.standard_normal(s) for s in ((5, 6), (6, 6), (6, 3))], "b": [gen.standard_normal(n) for n in (6, 6, 3)],
         "gamma": [gen.standard_normal(6) for _ in range(2)], "beta": [gen.standard_normal(6) for _ in range(2)]}
    _, g = mlp_loss_and_grads(p, X, y, batchnorm)
    for key in ("W", "b") + (("gamma", "beta") if batchnorm else ()):
        for i, v in enumerate(p[key]):
            num = eval_numerical_gradient(lambda _: mlp_loss_and_grads(p, X, y, batchnorm)[0], v)  # v in place
            assert rel_error(g[key][i], num) < 1e-7, (key, i)
