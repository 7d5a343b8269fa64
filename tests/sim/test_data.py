import numpy as np
import pytest

from sim import data as data_module
from sim.data import DATASETS, load_digits, make_blobs, make_spiral, prepare, train_val_split


def test_digits_bundled_shape_and_classes():
    X, y = load_digits()
    assert X.shape == (1797, 64) and y.shape == (1797,)
    assert X.min() == 0 and X.max() == 16
    assert set(np.unique(y)) == set(range(10))
    X[0, 0] = 99  # a copy: the cached table is untouched
    assert load_digits()[0][0, 0] == 0


def test_spiral_is_cs231n_shape_and_seeded():
    X, y = make_spiral(100, 3, seed=1)
    assert X.shape == (300, 2) and np.bincount(y).tolist() == [100, 100, 100]
    assert np.all(np.hypot(X[:, 0], X[:, 1]) <= 1 + 1e-12)
    assert np.array_equal(X, make_spiral(100, 3, seed=1)[0])
    assert not np.array_equal(X, make_spiral(100, 3, seed=2)[0])


def test_blobs_seeded():
    X, y = make_blobs(50, 4, seed=3)
    assert X.shape == (200, 2) and np.bincount(y).tolist() == [50] * 4
    assert np.array_equal(X, make_blobs(50, 4, seed=3)[0])


def test_split_is_a_seeded_partition():
    X = np.arange(100.0)[:, None]
    y = np.arange(100)
    Xtr, ytr, Xva, yva = train_val_split(X, y, 0.2, seed=5)
    assert len(Xva) == 20 and len(Xtr) == 80
    assert sorted(np.concatenate([ytr, yva]).tolist()) == list(range(100))
    assert np.array_equal(yva, train_val_split(X, y, 0.2, seed=5)[3])


@pytest.mark.parametrize("name", DATASETS)
def test_prepare_centres_on_train_only(name):
    d = prepare(name, seed=0)
    assert np.allclose(d.X_train.mean(axis=0), 0, atol=1e-12)
    assert not np.allclose(d.X_val.mean(axis=0), 0, atol=1e-6)  # val uses the train mean, not its own
    assert d.n_classes == (10 if name == "digits" else 3)
    if name == "digits":
        assert d.X_train.max() <= 1.0 and d.X_train.min() >= -1.0  # pixels /16 before centring


def test_unknown_dataset_names_the_valid_ones():
    with pytest.raises(KeyError, match="digits"):
        prepare("cifar")


def test_prepare_can_keep_fewer_training_examples():
    full, few = prepare("digits", seed=3), prepare("digits", seed=3, n_train=50)
    assert few.X_train.shape == (50, 64) and np.array_equal(few.y_train, full.y_train[:50])
    assert np.allclose(few.X_train.mean(axis=0), 0, atol=1e-12)          # centred on the 50 it keeps
    assert np.array_equal(few.y_val, full.y_val)
    assert prepare("spiral", seed=0, n_train=10_000).X_train.shape == prepare("spiral", seed=0).X_train.shape
    with pytest.raises(ValueError, match="n_train"):
        prepare("digits", n_train=0)


@pytest.mark.parametrize("name", data_module.SHAPES)
def test_drawing_starts_lie_on_the_plane_and_are_seeded(name):
    X, y = data_module.shape(name, 30, 3, seed=4)
    assert X.shape[1] == 2 and np.abs(X).max() <= 1.0 and np.abs(X).max() > 0.8
    assert np.array_equal(X, data_module.shape(name, 30, 3, seed=4)[0])
    assert len(np.unique(y)) == (2 if name == "xor" else 3)


def test_xor_is_not_linearly_separable_but_quadrants_are():
    X, y = data_module.make_xor(50, seed=1)
    assert np.array_equal(y, (X[:, 0] * X[:, 1] < 0).astype(int)) and np.bincount(y).tolist() == [50, 50]


def test_from_arrays_splits_per_class_and_standardises_on_train_only():
    rng = np.random.default_rng(0)
    X = rng.normal(5.0, [1.0, 100.0, 0.0], size=(40, 3))   # the last feature is constant
    y = np.repeat([0, 1, 2, 3], 10)
    y[:2] = 3                                   # class sizes 8, 10, 10, 12
    d = data_module.from_arrays(X, y, seed=1)
    assert np.allclose(d.X_train[:, :2].std(axis=0), 1) and np.allclose(d.X_train[:, 2], 0)
    assert sorted(np.bincount(d.y_val).tolist()) == [2, 2, 2, 2] or np.bincount(d.y_val).min() >= 1
    assert len(d.y_train) + len(d.y_val) == 40 and d.n_classes == 4 and d.scale.shape == (3,)
    two = data_module.from_arrays(X[:4], np.array([0, 0, 1, 1]))
    assert np.bincount(two.y_train).tolist() == [1, 1] and np.bincount(two.y_val).tolist() == [1, 1]
    for bad_y in (np.zeros(40, dtype=int), np.r_[np.zeros(39, dtype=int), 1]):
        with pytest.raises(ValueError, match="y must"):
            data_module.from_arrays(X, bad_y)
    with pytest.raises(ValueError, match="X"):
        data_module.from_arrays(np.full((4, 2), np.nan), np.array([0, 0, 1, 1]))
