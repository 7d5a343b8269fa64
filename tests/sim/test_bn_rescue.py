"""BN rescues a bad initialisation: with BN after every linear layer each layer's output std stays in
[0.4, 1.0] whatever the init, where without BN the bad inits collapse, saturate or explode."""
import numpy as np
import pytest

from sim.deepnet import run_deep_net

INITS = ("small", "large", "xavier", "he")


def _check(activation, init, **size):
    on = run_deep_net(activation=activation, init=init, batchnorm=True, **size)
    assert np.all((on.act.std >= 0.4) & (on.act.std <= 1.0)), on.act.std
    off = run_deep_net(activation=activation, init=init, batchnorm=False, **size)
    if init == "small":                                   # 0.01·randn: shrinks ×~0.2 a layer to ~0
        assert off.act.std[-1] < 1e-3
    elif init == "large" and activation == "tanh":        # 1.0·randn: almost every unit at ±1
        assert off.saturated_frac.min() > 0.8 and on.saturated_frac.max() < 0.05
    elif init == "large":                                 # ReLU with 1.0·randn explodes
        assert off.act.std[-1] > 1e3
    elif init == "xavier" and activation == "relu":       # halves its variance each layer
        assert off.act.std[-1] < 0.05
    else:                                                 # the healthy pairs stay healthy without BN too
        assert off.act.std[-1] > 0.2


@pytest.mark.parametrize("activation", ["tanh", "relu"])
@pytest.mark.parametrize("init", INITS)
def test_bn_keeps_every_layer_healthy_small_net(activation, init):
    _check(activation, init, n_samples=200, width=200)


@pytest.mark.slow
@pytest.mark.parametrize("activation", ["tanh", "relu"])
@pytest.mark.parametrize("init", INITS)
def test_bn_keeps_every_layer_healthy_lecture_size(activation, init):
    _check(activation, init)          # the lecture's randn(1000, 500) through 10 layers of 500
