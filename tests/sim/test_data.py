import numpy as np
import pytest

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
