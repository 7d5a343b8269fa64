"""AppTest of the batch norm lab: defaults, every control at its extremes, both languages, chart data."""
import numpy as np
import pytest

from tests.app.conftest import run_page
from tests.figdata import arr, figure, figures

# URL values of bound widgets with a format_func are the labels (formulas, the same in every language)
MIN = dict(bn_layer="1", bn_init="0.01·randn", bn_act="Sigmoid", bn_below="false", bn_gamma="0.1", bn_beta="-3",
           bn_rescue_init="0.01·randn", bn_rescue_act="tanh", bn_steps="1", bn_momentum="0.5", bn_batch="1",
           bn_channel="0")
MAX = dict(bn_layer="10", bn_init="He randn/√(fan_in/2)", bn_act="ELU", bn_below="true", bn_gamma="3",
           bn_beta="3", bn_rescue_init="1.0·randn", bn_rescue_act="ReLU", bn_steps="200", bn_momentum="0.99",
           bn_batch="512", bn_channel="2")
CHARTS = 8


def bars_mean_std(trace):
    x, y = arr(trace["x"]), arr(trace["y"])
    m = np.average(x, weights=y)
    return m, np.sqrt(np.average((x - m) ** 2, weights=y))


def after_traces(fig):
    """The after-BN bars of the three shown features (the second of each before/after pair)."""
    return [fig["data"][2 * i + 1] for i in range(3)]


def finite_figures(at):
    for f in figures(at):
        for tr in f["data"]:
            for k in ("x", "y"):
                if k in tr and tr[k] is not None and len(tr[k]):
                    v = arr(tr[k]) if not isinstance(tr[k][0], str) else np.zeros(1)
                    assert np.all(np.isfinite(v[~np.isnan(v)])), (tr.get("name"), k)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_defaults(lang):
    at = run_page("batchnorm", lang=lang)
    assert len(at.get("plotly_chart")) == CHARTS
    assert at.title[0].value == ("Batch normalisation" if lang == "en" else "배치 정규화")
    assert not at.warning and not at.exception
    f = figure(at, "bn_before_after")
    for tr in after_traces(f):                         # γ = 1, β = 0: each feature ≈ unit Gaussian
        m, s = bars_mean_std(tr)
        assert abs(m) < 0.1 and abs(s - 1) < 0.1
    m, s = bars_mean_std(f["data"][0])                 # before: the 1.0·randn ReLU layer, std ≈ 13
    assert s > 5
    std = figure(at, "bn_std_layers")                  # 0.01·randn + tanh: off collapses, on stays healthy
    off, on = arr(std["data"][0]["y"]), arr(std["data"][1]["y"])
    assert np.all((on >= 0.4) & (on <= 1.0)) and off[-1] < 1e-3
    run = figure(at, "bn_running")
    assert len(arr(run["data"][0]["x"])) == 50
    tt = figure(at, "bn_train_test")
    m, s = bars_mean_std(tt["data"][1])                # test mode after 50 batches ≈ unit Gaussian
    assert abs(m) < 0.15 and 0.9 < s < 1.1
    noise = figure(at, "bn_noise")
    spread = arr(noise["data"][2]["y"])
    assert spread[0] > 5 * spread[-1]
    axes = figure(at, "bn_axes")
    assert arr(axes["data"][0]["z"]).shape == (4, 6)
    assert len(at.table) == 2


@pytest.mark.parametrize("gamma,beta", [pytest.param(0.1, -3.0, marks=pytest.mark.slow),
                                        pytest.param(3.0, 3.0, marks=pytest.mark.slow), (2.0, 1.5)])
def test_after_bn_means_and_stds_read_beta_and_gamma(gamma, beta):
    at = run_page("batchnorm", bn_gamma=gamma, bn_beta=beta)
    for tr in after_traces(figure(at, "bn_before_after")):
        m, s = bars_mean_std(tr)
        assert abs(m - beta) < 0.05 * max(1, gamma) and abs(s / gamma - 1) < 0.05


def test_gamma_slider_moves_the_histogram_and_identity_button():
    at = run_page("batchnorm", lang="en")
    before = bars_mean_std(after_traces(figure(at, "bn_before_after"))[0])
    at.slider(key="bn_gamma").set_value(2.5).run()
    after = bars_mean_std(after_traces(figure(at, "bn_before_after"))[0])
    assert after[1] > 2 * before[1]
    at.button(key="bn_identity_btn").click().run()
    assert at.toggle(key="bn_identity").value is True
    assert at.success and "1000 × 500" in at.success[0].value
    f = figure(at, "bn_before_after")
    np.testing.assert_allclose(arr(f["data"][1]["x"]), arr(f["data"][0]["x"]), rtol=1e-6, atol=1e-6)
    np.testing.assert_array_equal(arr(f["data"][1]["y"]), arr(f["data"][0]["y"]))
    at.slider(key="bn_beta").set_value(1.0).run()       # moving a slider leaves identity mode
    assert at.toggle(key="bn_identity").value is False


@pytest.mark.slow
@pytest.mark.parametrize("lang,params", [("en", MIN), ("ko", MAX)], ids=["min", "max"])
def test_every_control_at_its_extremes(lang, params):
    at = run_page("batchnorm", lang=lang, **params)
    assert len(at.get("plotly_chart")) == CHARTS
    for key, value in params.items():
        got = at.session_state[key]
        if isinstance(got, bool):
            assert got == (value == "true"), key
        elif isinstance(got, (int, float)):
            assert float(got) == float(value), key
    init, act = ("small", "sigmoid") if params is MIN else ("he", "elu")
    assert at.selectbox(key="bn_init").value == init and at.selectbox(key="bn_act").value == act
    finite_figures(at)
    run = figure(at, "bn_running")
    assert len(arr(run["data"][0]["x"])) == int(params["bn_steps"])
    std = figure(at, "bn_std_layers")
    on = arr(std["data"][1]["y"])
    assert np.all((on >= 0.4) & (on <= 1.0))
    if params is MIN:      # batch size 1 and 0.01·randn without BN below: both explained, nothing NaN
        assert len(at.warning) == 1 and at.info
    else:
        off = arr(std["data"][0]["y"])
        assert off[-1] > 1e3                                # 1.0·randn with ReLU explodes without BN
        m, s = bars_mean_std(after_traces(figure(at, "bn_before_after"))[0])
        assert abs(m - 3) < 0.2 and abs(s - 3) < 0.2


def test_batch_size_one_is_explained_not_nan():
    at = run_page("batchnorm", bn_batch="1")
    assert len(at.warning) == 1 and "variance is 0" in at.warning[0].value
    finite_figures(at)


def test_constant_features_are_explained():
    at = run_page("batchnorm", lang="ko", bn_init="0 (zeros)")
    assert len(at.warning) == 1 and "500" in at.warning[0].value
    finite_figures(at)
    for tr in after_traces(figure(at, "bn_before_after")):   # x̂ = 0: every output is β
        m, _ = bars_mean_std(tr)
        assert abs(m) < 0.5


def test_tiny_variance_explains_epsilon():
    at = run_page("batchnorm", bn_init="0.01·randn", bn_act="tanh", bn_below="false", bn_layer="8")
    assert at.info and "ε" in at.info[0].value


def test_conv_highlight_moves():
    at = run_page("batchnorm", bn_channel="2")
    z = arr(figure(at, "bn_axes")["data"][0]["z"])
    assert z[:, 2].sum() == 4 and z.sum() == 4


def test_garbage_url_values_fall_back():
    at = run_page("batchnorm", bn_layer="99", bn_init="nope", bn_act="x", bn_gamma="abc", bn_beta="1e9",
                  bn_steps="-4", bn_momentum="2", bn_batch="zz", bn_channel="7", bn_identity="maybe",
                  bn_rescue_init="?", bn_rescue_act="?")
    assert len(at.get("plotly_chart")) == CHARTS
    assert at.slider(key="bn_layer").value == 5
    assert at.selectbox(key="bn_init").value == "large"
