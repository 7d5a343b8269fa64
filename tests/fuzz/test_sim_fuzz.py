"""The public engine fuzzed over its parameters: inside the domain finite results (or a flagged divergence),
outside a ValueError that names the argument. Small arrays keep each example cheap."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from sim import activations, batchnorm, data, deepnet, initializers, preprocess, train, twolayer

BAD_COUNTS = st.sampled_from([0, -1, 1.5, np.nan, True, "3", None])
seeds = st.integers(0, 2**31 - 1)


def matrices(n=(1, 12), d=(1, 6), lo=-1e3, hi=1e3):
    shape = st.tuples(st.integers(*n), st.integers(*d))
    return hnp.arrays(np.float64, shape, elements=st.floats(lo, hi, allow_nan=False))


def raises_naming(name, fn, *args, **kwargs):
    with pytest.raises(ValueError, match=name):
        fn(*args, **kwargs)


# ---------------------------------------------------------------- the cases, each fast and slow below
def case_activations(name, x, alpha):
    params = {"alpha": alpha} if name in ("leaky_relu", "prelu", "elu") else {}
    for fn in (activations.forward, activations.local_grad):
        out = fn(name, x, **params)
        assert out.shape == np.shape(x) and np.all(np.isfinite(out))
    if params:
        raises_naming("alpha", activations.forward, name, x, alpha=np.nan)
    raises_naming("x", activations.local_grad, name, "text")


def case_init(scheme, fan_in, fan_out, scale, seed):
    w = initializers.init_weights(scheme, fan_in, fan_out, np.random.default_rng(seed), scale=scale)
    assert w.shape == (fan_in, fan_out) and np.all(np.isfinite(w))


def case_init_bad(bad, which):
    kwargs = dict(scheme="xavier", fan_in=3, fan_out=4, rng=np.random.default_rng(0), scale=None)
    if which == "scale":   # any finite multiplier is a scale; None means the scheme's own
        bad = {0: np.nan, -1: np.inf, 1.5: -np.inf, True: "x", "3": "x", None: np.nan}.get(bad, bad)
    kwargs[which] = bad
    raises_naming(which, initializers.init_weights, **kwargs)


def case_deepnet(n_layers, width, n_samples, act, init, scale, bn, seed):
    r = deepnet.run_deep_net(n_layers=n_layers, width=width, n_samples=n_samples, activation=act, init=init,
                             scale=scale, batchnorm=bn, seed=seed)
    if r.act.overflow_layer is None:   # no divergence flagged: every reported number is finite
        assert np.all(np.isfinite(r.act.std)) and np.all(np.isfinite(r.act.mean))
        if r.grad.overflow_layer is None:
            assert np.all(np.isfinite(r.grad.std))
    else:
        assert 1 <= r.act.overflow_layer <= n_layers


def case_deepnet_bad(bad, which):
    if which == "seed" and bad == 0:   # seed 0 is a seed
        bad = -1
    raises_naming(which, deepnet.run_deep_net, **{"n_layers": 2, "width": 4, "n_samples": 5, which: bad})


def case_batchnorm(x, momentum, eps, train_mode):
    d = x.shape[1]
    gamma, beta = np.linspace(0.5, 2, d), np.linspace(-1, 1, d)
    out, cache, rm, rv = batchnorm.batchnorm_forward(x, gamma, beta, train=train_mode, momentum=momentum, eps=eps)
    dx, dg, db = batchnorm.batchnorm_backward(np.ones_like(out), cache)
    for a in (out, rm, rv, dx, dg, db):
        assert np.all(np.isfinite(a))
    raises_naming("x", batchnorm.batchnorm_forward, x[0], gamma, beta)
    raises_naming("eps", batchnorm.batchnorm_forward, x, gamma, beta, eps=0.0)
    raises_naming("momentum", batchnorm.batchnorm_forward, x, gamma, beta, momentum=1.5)
    raises_naming("dout", batchnorm.batchnorm_backward, np.ones((out.shape[0] + 1, d)), cache)


def case_twolayer(X, hidden, n_classes, ws, reg, seed):
    y = np.arange(len(X)) % n_classes
    p = twolayer.init_params(X.shape[1], hidden, n_classes, weight_scale=ws, seed=seed)
    loss, grads = twolayer.loss_and_grads(p, X, y, reg)
    assert np.isfinite(loss) and all(np.all(np.isfinite(g)) for g in grads.values())
    raises_naming("reg", twolayer.loss_and_grads, p, X, y, -1.0)
    raises_naming("y", twolayer.loss_and_grads, p, X, y[:-1] if len(y) > 1 else y + 0.5, reg)
    raises_naming("X", twolayer.loss_and_grads, p, X[0], y, reg)
    raises_naming("hidden_dim", twolayer.init_params, 2, 0, 2)


def case_train(X, lr, reg, epochs, batch, seed):
    y = np.arange(len(X)) % 3
    p = twolayer.init_params(X.shape[1], 8, 3, weight_scale=1e-2, seed=seed)
    h = train.train(p, X, y, X, y, lr=lr, reg=reg, epochs=epochs, batch_size=batch, seed=seed)
    if h.diverged_at is None:   # no divergence flagged: every recorded number is finite
        assert np.all(np.isfinite(h.loss)) and np.all(np.isfinite(h.update_ratio))
    else:
        assert 0 <= h.diverged_at < len(h.loss)
    assert np.all((h.train_acc >= 0) & (h.train_acc <= 1))
    for which, bad in (("lr", np.nan), ("reg", -1.0), ("epochs", 0), ("batch_size", 0), ("seed", -1)):
        kw = {**dict(lr=lr, reg=reg, epochs=epochs, batch_size=batch, seed=seed), which: bad}
        raises_naming(which, train.train, p, X, y, X, y, **kw)


def case_preprocess(X, k):
    for out in (preprocess.zero_center(X), preprocess.normalize(X), preprocess.pca(X, min(k, X.shape[1])),
                preprocess.whiten(X)):
        assert all(np.all(np.isfinite(a)) for a in out)
    bad = X.copy()
    bad[0, 0] = np.nan
    for fn in (preprocess.zero_center, preprocess.normalize, preprocess.pca, preprocess.whiten):
        raises_naming("X", fn, bad)
    raises_naming("k", preprocess.pca, X, X.shape[1] + 1)
    raises_naming("eps", preprocess.whiten, X, eps=-1.0)


def case_data(n, c, seed, dim, spread):
    for X, y in (data.make_spiral(n, c, seed), data.make_blobs(n, c, seed, dim=dim, spread=spread)):
        assert len(X) == len(y) == n * c and np.all(np.isfinite(X)) and set(np.unique(y)) == set(range(c))
    raises_naming("n_per_class", data.make_spiral, 0, c, seed)
    raises_naming("seed", data.make_blobs, n, c, -1)
    raises_naming("spread", data.make_blobs, n, c, seed, spread=np.inf)


STRATEGIES = {
    case_activations: dict(name=st.sampled_from(list(activations.ACTIVATIONS)),
                           x=hnp.arrays(np.float64, st.integers(0, 20), elements=st.floats(-1e300, 1e300)),
                           alpha=st.floats(0, 3)),
    case_init: dict(scheme=st.sampled_from(initializers.SCHEMES), fan_in=st.integers(1, 40),
                    fan_out=st.integers(1, 40), scale=st.none() | st.floats(0, 1e3), seed=seeds),
    case_init_bad: dict(bad=BAD_COUNTS, which=st.sampled_from(["fan_in", "fan_out", "scale"])),
    case_deepnet: dict(n_layers=st.integers(1, 6), width=st.integers(1, 24), n_samples=st.integers(1, 40),
                       act=st.sampled_from(list(activations.ACTIVATIONS)), init=st.sampled_from(initializers.SCHEMES),
                       scale=st.none() | st.floats(0, 1e4), bn=st.booleans(), seed=seeds),
    case_deepnet_bad: dict(bad=BAD_COUNTS, which=st.sampled_from(["n_layers", "width", "n_samples", "seed"])),
    case_batchnorm: dict(x=matrices(), momentum=st.floats(0, 1), eps=st.floats(1e-8, 1), train_mode=st.booleans()),
    case_twolayer: dict(X=matrices(n=(2, 12)), hidden=st.integers(1, 10), n_classes=st.integers(2, 4),
                        ws=st.floats(0, 10), reg=st.floats(0, 1e3), seed=seeds),
    case_train: dict(X=matrices(n=(3, 30), lo=-10, hi=10), lr=st.floats(0, 1e6), reg=st.floats(0, 1e3),
                     epochs=st.integers(1, 4), batch=st.integers(1, 40), seed=seeds),
    case_preprocess: dict(X=matrices(n=(2, 20)), k=st.integers(1, 6)),
    case_data: dict(n=st.integers(1, 30), c=st.integers(1, 5), seed=seeds, dim=st.integers(1, 4),
                    spread=st.floats(0, 10)),
}
CASES = list(STRATEGIES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.__name__[5:])
def test_engine(case):
    given(**STRATEGIES[case])(case)()
