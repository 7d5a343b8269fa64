"""The preprocessing lab: each step's statistics, train-only fitting applied to val, PCA on the digits."""
import numpy as np
import pytest

from sim.labs import preprocessing as demos


def by_name(lab):
    return {s.name: s for s in lab.steps}


def test_cloud_is_seeded_correlated_and_off_centre():
    X = demos.make_cloud(n=2000, offset=(4.0, 2.0), angle_deg=30.0, scales=(3.0, 0.8), seed=1)
    np.testing.assert_array_equal(X, demos.make_cloud(n=2000, offset=(4.0, 2.0), angle_deg=30.0, scales=(3.0, 0.8),
                                                   seed=1))
    mean, cov = demos.stats(X)
    assert np.allclose(mean, (4.0, 2.0), atol=0.2)
    assert cov[0, 1] > 1.0                                       # rotated 30°: strongly correlated
    assert np.allclose(np.linalg.eigvalsh(cov), (0.8 ** 2, 3.0 ** 2), rtol=0.1)


def test_the_four_steps_reach_their_covariances():
    s = by_name(demos.cloud_lab())
    assert [x.name for x in demos.cloud_lab().steps] == list(demos.STEPS)
    np.testing.assert_allclose(s["zero_center"].mean, 0, atol=1e-12)
    np.testing.assert_allclose(s["zero_center"].cov, s["original"].cov, atol=1e-12)   # centring keeps Σ
    np.testing.assert_allclose(np.diag(s["normalize"].cov), 1, atol=1e-12)
    assert abs(s["normalize"].cov[0, 1]) > 0.5                                        # correlation stays
    dec = s["decorrelate"].cov
    assert abs(dec[0, 1]) < 1e-12 and dec[0, 0] > dec[1, 1]                           # diagonal, sorted
    np.testing.assert_allclose(s["whiten"].cov, np.eye(2), atol=1e-3)
    np.testing.assert_allclose(s["whiten"].mean, 0, atol=1e-12)


def test_unrotated_cloud_normalises_to_identity():
    s = by_name(demos.cloud_lab(angle_deg=0.0, n=2000))
    assert abs(s["normalize"].cov[0, 1]) < 0.1


def test_flat_cloud_is_reported_and_stays_finite():
    lab = demos.cloud_lab(angle_deg=0.0, scales=(2.0, 0.0))
    assert lab.flat_axes == 1 and lab.flat_dirs == 1
    for st in lab.steps:
        assert np.all(np.isfinite(st.points)) and np.all(np.isfinite(st.cov))
    assert by_name(lab)["whiten"].cov[1, 1] < 1e-6                 # ε keeps the flat direction at 0
    both = demos.cloud_lab(scales=(0.0, 0.0))
    assert both.flat_axes == 2 and both.flat_dirs == 2
    assert demos.cloud_lab(angle_deg=30.0, scales=(2.0, 0.0)).flat_axes == 0   # flat, but not along an axis


@pytest.mark.parametrize("step", demos.LEAK_STEPS)
def test_val_is_transformed_with_the_train_statistics(step):
    d = demos.leak_demo(step=step, fit_on="val", seed=3)
    X = demos.make_cloud(n=300, offset=(4.0, 2.0), angle_deg=30.0, scales=(3.0, 0.8), seed=3)
    Xtr, Xva = demos.split(X, 0.25, 3)
    assert len(Xtr) == 225 and len(Xva) == 75
    np.testing.assert_allclose(d.mean_right, Xtr.mean(axis=0))
    m = Xtr.mean(axis=0)
    U, S = np.linalg.svd((Xtr - m).T @ (Xtr - m) / len(Xtr))[:2]
    expected = {"zero_center": Xva - m, "normalize": (Xva - m) / Xtr.std(axis=0),
                "whiten": (Xva - m) @ U / np.sqrt(S + 1e-5)}[step]
    np.testing.assert_allclose(d.val_right, expected, atol=1e-12)
    np.testing.assert_allclose(d.train.mean(axis=0), 0, atol=1e-12)
    vm = np.abs(d.val_right.mean(axis=0))
    assert vm.max() > 1e-3 and vm.max() < 0.5                       # close to 0, not exactly 0
    np.testing.assert_allclose(d.val_wrong.mean(axis=0), 0, atol=1e-12)   # fitted on val: suspiciously perfect
    assert np.abs(d.train_wrong.mean(axis=0)).max() > 1e-3          # …and train is now off


def test_normalize_with_train_std_and_fit_on_all():
    d = demos.leak_demo(step="normalize", fit_on="all", seed=0)
    X = demos.make_cloud(n=300, seed=0)
    Xtr, Xva = demos.split(X, 0.25, 0)
    np.testing.assert_allclose(d.val_right, (Xva - Xtr.mean(axis=0)) / Xtr.std(axis=0))
    np.testing.assert_allclose(d.mean_wrong, X.mean(axis=0))
    np.testing.assert_allclose(d.scale_wrong, X.std(axis=0))
    assert demos.leak_demo(step="zero_center").scale_wrong is None
    right = demos.leak_demo(step="whiten", fit_on="train", seed=0)
    np.testing.assert_allclose(right.val_wrong, right.val_right)
    np.testing.assert_allclose(np.cov(right.train.T, bias=True), np.eye(2), atol=1e-3)


def test_unknown_names_raise_key_error():
    with pytest.raises(KeyError, match="zero_center"):
        demos.fit("pca", np.zeros((3, 2)))
    with pytest.raises(KeyError, match="train"):
        demos.leak_demo(fit_on="test")


def test_digits_pca_variance_and_reconstruction():
    d = demos.digits_pca(k=10)
    assert d.S.shape == (64,) and np.all(np.diff(d.S) <= 1e-12)
    assert np.all(np.diff(d.cum_share) >= -1e-12) and abs(d.cum_share[-1] - 1) < 1e-12
    assert 0.6 < d.cum_share[9] < 0.85                                 # 10 of 64 components keep ~3/4
    for err in (d.err_train, d.err_val):
        assert np.all(np.diff(err) <= 1e-15)                           # falls monotonically with k
        assert abs(err[-1]) < 1e-12                                    # ~0 at k = 64
    full = demos.digits_pca(k=64)
    np.testing.assert_allclose(full.recon, full.originals, atol=1e-12)
    one = demos.digits_pca(k=1)
    e1 = ((one.recon - one.originals) ** 2).mean()
    e10 = ((d.recon - d.originals) ** 2).mean()
    assert e10 < e1
    assert list(d.labels) == list(demos.SHOWN)


def test_reconstruction_error_formula_matches_direct_reconstruction():
    Xtr, Xva, yva, mean, U, S, _ = demos._fitted(0)
    err = demos._errors(Xva - mean, U)
    for k in (1, 5, 30):
        rec = mean + (Xva - mean) @ U[:, :k] @ U[:, :k].T
        assert abs(((rec - Xva) ** 2).mean() - err[k - 1]) < 1e-12


def test_whitening_gain_and_flat_components():
    d = demos.digits_pca(k=64)
    np.testing.assert_allclose(d.gain, 1 / np.sqrt(d.S + demos.EPS))
    assert d.n_flat >= 1 and d.gain.max() == pytest.approx(1 / np.sqrt(demos.EPS), rel=1e-3)
    Xtr, _, _, mean, U, S, _ = demos._fitted(0)
    white = (Xtr - mean) @ U / np.sqrt(S + demos.EPS)
    cov = white.T @ white / len(white)
    np.testing.assert_allclose(cov, np.diag(S / (S + demos.EPS)), atol=1e-10)   # diagonal: S / (S + ε)
    big = S > 1e-2                                     # where ε is negligible the covariance is identity
    np.testing.assert_allclose(cov[np.ix_(big, big)], np.eye(big.sum()), atol=1e-3)
    assert np.abs(d.whitened).max() > 2 * np.abs(d.recon - d.recon.mean()).max()   # noise exaggerated


def test_centring_mean_image_and_channel_mean():
    c = demos.centring()
    X = demos.load_digits()[0] / 16.0
    assert c.mean_image.shape == (64,) and 0.2 < c.channel_mean < 0.4
    assert c.train_mean_abs < 1e-12 and 1e-3 < c.val_mean_abs < 0.2
    assert abs(c.mean_image[0]) < 1e-12                      # the top-left corner is blank in every digit
    np.testing.assert_allclose(c.minus_image, c.originals - c.mean_image)
    np.testing.assert_allclose(c.minus_channel, c.originals - c.channel_mean)
    assert abs(X.mean() - c.channel_mean) < 0.01
