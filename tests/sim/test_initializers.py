"""Init schemes: the multiplier each one uses, the override, the random stream, bad names."""
import math

import numpy as np
import pytest

from sim.initializers import INITIALIZERS, SCHEMES, init_weights, scheme_scale


def test_schemes_are_the_designs_and_registry_matches():
    assert SCHEMES == ("zeros", "small", "large", "xavier", "he")
    assert tuple(INITIALIZERS) == SCHEMES


@pytest.mark.parametrize("scheme,expected", [("zeros", 0.0), ("small", 0.01), ("large", 1.0),
                                             ("xavier", 1 / math.sqrt(500)), ("he", math.sqrt(2 / 500))])
def test_multiplier_and_empirical_std(scheme, expected):
    assert scheme_scale(scheme, 500) == pytest.approx(expected)
    w = init_weights(scheme, 500, 400, np.random.default_rng(0))
    assert w.shape == (500, 400) and w.dtype == np.float64
    assert w.std() == pytest.approx(expected, rel=0.01, abs=1e-12)
    assert abs(w.mean()) < 0.01 * max(expected, 1e-9) + 1e-12


def test_scale_overrides_the_multiplier_and_dtype_is_kept():
    w = init_weights("xavier", 300, 300, np.random.default_rng(1), scale=3.0, dtype=np.float32)
    assert w.dtype == np.float32 and w.std() == pytest.approx(3.0, rel=0.01)


def test_same_seed_same_weights_and_zeros_keep_the_stream():
    a = init_weights("he", 50, 60, np.random.default_rng(7))
    b = init_weights("he", 50, 60, np.random.default_rng(7))
    assert np.array_equal(a, b)
    r1, r2 = np.random.default_rng(3), np.random.default_rng(3)
    assert not init_weights("zeros", 20, 20, r1).any()
    init_weights("small", 20, 20, r2)
    assert np.array_equal(r1.standard_normal(5), r2.standard_normal(5))   # zeros still consumed its draw


def test_unknown_scheme_lists_the_valid_ones_and_bad_fan_in_raises():
    with pytest.raises(KeyError, match="xavier"):
        init_weights("glorotish", 3, 3, np.random.default_rng(0))
    with pytest.raises(ValueError):
        scheme_scale("he", 0)
