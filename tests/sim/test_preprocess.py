import numpy as np

from sim.preprocess import normalize, pca, whiten, zero_center


def _data(seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((500, 3)) @ np.array([[3.0, 1.0, 0.0], [0.0, 1.0, 0.5], [0.0, 0.0, 0.2]]) + 5.0


def test_zero_center_fits_on_given_array():
    X = _data()
    Xc, mean = zero_center(X)
    assert np.allclose(Xc.mean(axis=0), 0) and np.allclose(mean, X.mean(axis=0))
    Xv = _data(1)
    assert np.allclose(Xv - mean, Xv - X.mean(axis=0))


def test_normalize_unit_std_and_constant_column():
    X = np.c_[_data(), np.full(500, 7.0)]
    Xn, mean, std = normalize(X)
    assert np.allclose(Xn[:, :3].std(axis=0), 1) and np.allclose(Xn[:, 3], 0) and std[3] == 1.0


def test_pca_decorrelates_and_orders_by_variance():
    X = _data()
    Xrot, mean, U, S = pca(X)
    cov = Xrot.T @ Xrot / len(Xrot)
    assert np.allclose(cov, np.diag(S), atol=1e-10)
    assert np.all(np.diff(S) <= 0)
    assert pca(X, k=2)[0].shape == (500, 2)


def test_whiten_gives_identity_covariance():
    Xw, *_ = whiten(_data())
    assert np.allclose(Xw.T @ Xw / len(Xw), np.eye(3), atol=1e-3)
