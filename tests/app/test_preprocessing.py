"""AppTest of the preprocessing lab: defaults, every control at its extremes, both languages, chart data."""
import numpy as np
import pytest

from tests.app.conftest import run_page
from tests.figdata import arr, figure, figures
from ui.i18n import tr

TABS = ("steps", "leak", "pca", "images")
CHARTS = {1: 1, 2: 1, 3: 2, 4: 1}   # per tab: only the open tab runs
MIN = dict(pp_dx="-8", pp_dy="-8", pp_angle="-90", pp_n="20", pp_s1="0", pp_s2="0", pp_step="zero_center",
           pp_fit="X_train", pp_leak_n="20", pp_k="1", pp_white="false")
MAX = dict(pp_dx="8", pp_dy="8", pp_angle="90", pp_n="1000", pp_s1="5", pp_s2="5", pp_step="whiten",
           pp_fit="X_train + X_val", pp_leak_n="1000", pp_k="64", pp_white="true")


def run(tab: int, lang: str = "en", **params):
    """The page with tab `tab` (1–4) open: the URL holds the tab's label in the page's language."""
    at = run_page("preprocessing", lang=lang, pp_tab=tr(lang)(f"preprocessing.tab.{TABS[tab - 1]}"), **params)
    assert len(at.get("plotly_chart")) == CHARTS[tab]
    return at


def points(fig, i):
    return np.c_[arr(fig["data"][i]["x"]), arr(fig["data"][i]["y"])]


def cov(p):
    c = p - p.mean(axis=0)
    return c.T @ c / len(p)


def all_finite(at):
    for f in figures(at):
        for tr_ in f["data"]:
            for k in ("x", "y", "z"):
                if k in tr_ and tr_[k] is not None and len(tr_[k]):
                    v = np.asarray(arr(np.asarray(tr_[k], dtype=float).ravel()))
                    assert np.all(np.isfinite(v[~np.isnan(v)])), (tr_.get("name"), k)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_defaults(lang):
    at = run_page("preprocessing", lang=lang)          # the first tab is open by default
    assert at.title[0].value == ("Data preprocessing" if lang == "en" else "데이터 전처리")
    assert len(at.get("plotly_chart")) == 1 and not at.warning
    f = figure(at, "pp_steps")
    original, centred, normed, whitened = points(f, 0), points(f, 2), points(f, 4), points(f, 10)
    assert np.linalg.norm(original.mean(axis=0)) > 2               # off-centre
    assert abs(cov(original)[0, 1]) > 1                            # correlated
    np.testing.assert_allclose(centred.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(np.diag(cov(normed)), 1, atol=1e-9)
    np.testing.assert_allclose(cov(whitened), np.eye(2), atol=1e-3)
    np.testing.assert_allclose(cov(points(f, 8)), np.diag(np.diag(cov(points(f, 8)))), atol=1e-9)
    at = run(2, lang)                                    # default: normalize, fitted on val (the wrong way)
    f = figure(at, "pp_leak")
    right, wrong = points(f, 2), points(f, 4)
    assert 1e-3 < np.abs(right.mean(axis=0)).max() < 0.5           # val with train stats: near, not at 0
    np.testing.assert_allclose(wrong.mean(axis=0), 0, atol=1e-12)  # fitted on val itself: exactly 0
    np.testing.assert_allclose(wrong.std(axis=0), 1, atol=1e-12)
    table = at.table[0].value
    assert table.shape == (3, 6) and table.iloc[0, 0] == "X_train ✓"
    assert table.iloc[2, 4] == "(0.00, 0.00)" and table.iloc[2, 5] == "(1.00, 1.00)"   # fitted on val
    at = run(3, lang)
    v = figure(at, "pp_variance")
    share = arr(v["data"][0]["y"])
    assert arr(v["data"][4]["x"])[0] == 10 and arr(v["data"][4]["y"])[0] == pytest.approx(share[9])
    assert 0.6 < share[9] < 0.85 and len(at.info) == 1
    assert len(figure(at, "pp_digits")["data"]) == 24
    at = run(4, lang)
    c = figure(at, "pp_centring")
    assert arr(np.asarray(c["data"][0]["z"], dtype=float).ravel()).shape == (64,)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_cloud_extremes(lang):
    at = run(1, lang, **MIN)                            # a flat cloud: both warnings, no NaN
    assert len(at.warning) == 2
    all_finite(at)
    f = figure(at, "pp_steps")
    assert len(arr(f["data"][0]["x"])) == 15            # 20 points, a quarter held out
    np.testing.assert_allclose(points(f, 10), 0, atol=1e-9)
    at = run(1, lang, **MAX)
    assert not at.warning
    f = figure(at, "pp_steps")
    assert len(arr(f["data"][0]["x"])) == 750
    np.testing.assert_allclose(points(f, 0).mean(axis=0), (8, 8), atol=0.5)
    np.testing.assert_allclose(cov(points(f, 10)), np.eye(2), atol=1e-3)


def test_rotation_zero_is_already_decorrelated():
    f = figure(run(1, pp_angle="0", pp_s2="1"), "pp_steps")
    assert abs(cov(points(f, 4))[0, 1]) < 0.15


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("params", [MIN, MAX])
def test_leak_extremes(lang, params):
    at = run(2, lang, **params)
    f = figure(at, "pp_leak")
    right, wrong = points(f, 2), points(f, 4)
    n = int(params["pp_leak_n"])
    assert len(right) == n // 4 or len(right) == round(n * 0.25)
    if params["pp_fit"] == "X_train":
        np.testing.assert_allclose(wrong, right)
    else:                                               # train + val: val is in the fit, close but not equal
        assert not np.allclose(wrong, right) and np.abs(wrong - right).max() < 0.5
    np.testing.assert_allclose(points(f, 0).mean(axis=0), 0, atol=1e-12)
    assert len(at.table) == 1 and len(at.caption) >= 1
    all_finite(at)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_pca_extremes(lang):
    at = run(3, lang, **MIN)                            # k = 1, whitening hidden
    v = figure(at, "pp_variance")
    assert arr(v["data"][4]["x"])[0] == 1
    assert len(figure(at, "pp_digits")["data"]) == 18
    e1 = arr(v["data"][5]["y"])[0]
    at = run(3, lang, **MAX)                            # k = 64: exact reconstruction
    v = figure(at, "pp_variance")
    assert arr(v["data"][5]["y"])[0] < 1e-12 < e1
    d = figure(at, "pp_digits")
    assert len(d["data"]) == 24
    np.testing.assert_allclose(np.asarray(d["data"][1]["z"], dtype=float),
                               np.asarray(d["data"][0]["z"], dtype=float), atol=1e-9)
    all_finite(at)


@pytest.mark.parametrize("k,form", [("1", "(N, 1)로"), ("3", "(N, 3)으로"), ("10", "(N, 10)으로"), ("2", "(N, 2)로")])
def test_korean_particles_after_k_are_decided_by_its_reading(k, form):
    """The metrics sentence marks "(N, {k})(으)로": the page shows the form k's Korean reading calls for (일, 삼, 십, 이)."""
    text = " ".join(m.value for m in run(3, "ko", pp_k=k).markdown)
    assert form in text and "(으)로" not in text and "이(가)" not in text


def test_moving_k_changes_the_reconstruction():
    a = figure(run(3, pp_k="2"), "pp_digits")
    b = figure(run(3, pp_k="30"), "pp_digits")
    za, zb, z0 = (np.asarray(f["data"][i]["z"], dtype=float) for f, i in ((a, 1), (b, 1), (a, 0)))
    assert np.abs(zb - z0).mean() < np.abs(za - z0).mean()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_images_tab(lang):
    at = run(4, lang)
    f = figure(at, "pp_centring")
    z = [np.asarray(tr_["z"], dtype=float) for tr_ in f["data"]]
    mean_image, channel, original, minus_image = z[0], z[1], z[2], z[3]
    np.testing.assert_allclose(minus_image, original - mean_image, atol=1e-12)
    assert np.ptp(channel) == 0 and 0.2 < channel[0, 0] < 0.4
    assert any("3072" in m.value for m in at.markdown)


def test_garbage_url_values_fall_back_to_defaults():
    at = run_page("preprocessing", pp_tab="no such tab")
    assert len(at.get("plotly_chart")) == 1 and figure(at, "pp_steps")
    at = run(1, pp_angle="abc", pp_n="-5", pp_s1="nan")
    assert len(arr(figure(at, "pp_steps")["data"][0]["x"])) == 225
    at = run(2, pp_fit="nonsense", pp_step="pca")
    assert len(at.table) == 1
    at = run(3, pp_k="999", pp_white="maybe")
    assert arr(figure(at, "pp_variance")["data"][4]["x"])[0] == 10
