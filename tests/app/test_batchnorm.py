"""AppTest of the batch norm lab: defaults, every control at its extremes, both languages, chart data."""
import numpy as np
import pytest

from tests.app.conftest import run_page
from tests.figdata import arr, figure, figures
from ui.i18n import tr

# URL values of bound widgets with a format_func are the labels (formulas, the same in every language)
MIN = dict(bn_lr="0.1", bn_grads="false", bn_layer="1", bn_init="0.01·randn", bn_act="Sigmoid", bn_below="false", bn_gamma="0.1", bn_beta="-3",
           bn_rescue_init="0.01·randn", bn_rescue_act="tanh", bn_steps="1", bn_momentum="0.5", bn_batch="1",
           bn_channel="0")
MAX = dict(bn_lr="10", bn_grads="true", bn_layer="10", bn_init="He randn/√(fan_in/2)", bn_act="ELU", bn_below="true", bn_gamma="3",
           bn_beta="3", bn_rescue_init="1.0·randn", bn_rescue_act="ReLU", bn_steps="200", bn_momentum="0.99",
           bn_batch="512", bn_channel="2")
CHARTS = {1: 1, 2: 3, 3: 3, 4: 1, 5: 1}   # per tab: only the open tab runs


def run(tab: int, lang: str = "en", **params):
    """The page with tab `tab` (1–5) open: the URL holds the tab's label in the page's language."""
    at = run_page("batchnorm", lang=lang, bn_tab=tr(lang)(f"batchnorm.s{tab}.title"), **params)
    assert len(at.get("plotly_chart")) == CHARTS[tab]
    return at


def bars_mean_std(trace):
    x, y = arr(trace["x"]), arr(trace["y"])
    m = np.average(x, weights=y)
    return m, np.sqrt(np.average((x - m) ** 2, weights=y))


def after_traces(fig):
    """The after-BN bars of the three shown features (the second of each before/after pair)."""
    return [fig["data"][2 * i + 1] for i in range(3)]


def finite_figures(at):
    for f in figures(at):
        for trace in f["data"]:
            for k in ("x", "y"):
                if k in trace and trace[k] is not None and len(trace[k]):
                    v = arr(trace[k]) if not isinstance(trace[k][0], str) else np.zeros(1)
                    assert np.all(np.isfinite(v[~np.isnan(v)])), (trace.get("name"), k)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_defaults(lang):
    at = run_page("batchnorm", lang=lang)              # the first tab is open by default
    assert len(at.get("plotly_chart")) == CHARTS[1]
    assert at.title[0].value == ("Batch normalisation" if lang == "en" else "배치 정규화")
    assert not at.warning and not at.exception
    f = figure(at, "bn_before_after")
    for trace in after_traces(f):                        # γ = 1, β = 0: each feature ≈ unit Gaussian
        m, s = bars_mean_std(trace)
        assert abs(m) < 0.1 and abs(s - 1) < 0.1
    m, s = bars_mean_std(f["data"][0])                 # before: the 1.0·randn ReLU layer, std ≈ 13
    assert s > 5
    assert len(at.table) == 2
    at = run(2, lang)
    std = figure(at, "bn_std_layers")                  # 0.01·randn + tanh: off collapses, on stays healthy
    off, on = arr(std["data"][0]["y"]), arr(std["data"][1]["y"])
    assert np.all((on >= 0.4) & (on <= 1.0)) and off[-1] < 1e-3
    at = run(3, lang)
    run_ = figure(at, "bn_running")
    assert len(arr(run_["data"][0]["x"])) == 50
    tt = figure(at, "bn_train_test")
    m, s = bars_mean_std(tt["data"][1])                # test mode after 50 batches ≈ unit Gaussian
    assert abs(m) < 0.15 and 0.9 < s < 1.1
    spread = arr(figure(at, "bn_noise")["data"][2]["y"])
    assert spread[0] > 5 * spread[-1]
    at = run(4, lang)
    assert arr(figure(at, "bn_axes")["data"][0]["z"]).shape == (4, 6)


@pytest.mark.parametrize("gamma,beta", [pytest.param(0.1, -3.0, marks=pytest.mark.slow),
                                        pytest.param(3.0, 3.0, marks=pytest.mark.slow), (2.0, 1.5)])
def test_after_bn_means_and_stds_read_beta_and_gamma(gamma, beta):
    at = run(1, bn_gamma=gamma, bn_beta=beta)
    for trace in after_traces(figure(at, "bn_before_after")):
        m, s = bars_mean_std(trace)
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
    tabs = {tab: run(tab, lang, **params) for tab in CHARTS}
    for key, value in params.items():
        tab = 1 if key in ("bn_layer", "bn_init", "bn_act", "bn_below", "bn_gamma", "bn_beta") else \
            2 if key.startswith("bn_rescue") or key == "bn_grads" else 4 if key == "bn_channel" else \
            5 if key == "bn_lr" else 3
        got = tabs[tab].session_state[key]
        if isinstance(got, bool):
            assert got == (value == "true"), key
        elif isinstance(got, (int, float)):
            assert float(got) == float(value), key
    init, act = ("small", "sigmoid") if params is MIN else ("he", "elu")
    assert tabs[1].selectbox(key="bn_init").value == init and tabs[1].selectbox(key="bn_act").value == act
    for at in tabs.values():
        finite_figures(at)
    run_ = figure(tabs[3], "bn_running")
    assert len(arr(run_["data"][0]["x"])) == int(params["bn_steps"])
    std = {d["meta"]: arr(d["y"]) for d in figure(tabs[2], "bn_std_layers")["data"]}
    on = std["bn_on:act"]
    assert np.all((on >= 0.4) & (on <= 1.0))
    if params is MIN:      # batch size 1 and a single training batch: both explained, nothing NaN
        assert len(tabs[3].warning) == 1 and len(tabs[3].info) == 1
    else:
        off = std["bn_off:act"]
        assert off[-1] > 1e3                                # 1.0·randn with ReLU explodes without BN
        m, s = bars_mean_std(after_traces(figure(tabs[1], "bn_before_after"))[0])
        assert abs(m - 3) < 0.2 and abs(s - 3) < 0.2


def test_batch_size_one_is_explained_not_nan():
    at = run(3, bn_batch="1")
    assert len(at.warning) == 1 and "variance is 0" in at.warning[0].value
    finite_figures(at)


def test_constant_features_are_explained():
    at = run(1, "ko", bn_init="W = 0")
    assert len(at.warning) == 1 and "500" in at.warning[0].value
    finite_figures(at)
    for trace in after_traces(figure(at, "bn_before_after")):   # x̂ = 0: every output is β
        m, _ = bars_mean_std(trace)
        assert abs(m) < 0.5


def test_tiny_variance_explains_epsilon():
    at = run(1, bn_init="0.01·randn", bn_act="tanh", bn_below="false", bn_layer="8")
    assert at.info and "ε" in at.info[0].value


def test_conv_highlight_moves():
    at = run(4, bn_channel="2")
    z = arr(figure(at, "bn_axes")["data"][0]["z"])
    assert z[:, 2].sum() == 4 and z.sum() == 4


def test_garbage_url_values_fall_back():
    garbage = dict(bn_layer="99", bn_init="nope", bn_act="x", bn_gamma="abc", bn_beta="1e9", bn_steps="-4",
                   bn_momentum="2", bn_batch="zz", bn_channel="7", bn_identity="maybe", bn_rescue_init="?",
                   bn_rescue_act="?")
    at = run_page("batchnorm", bn_tab="no such tab", **garbage)
    assert len(at.get("plotly_chart")) == CHARTS[1]             # falls back to the first tab
    assert at.slider(key="bn_layer").value == 2
    assert at.selectbox(key="bn_init").value == "large"
    at = run(3, "ko", **garbage)                                # the Korean label of tab 3 opens it
    assert at.select_slider(key="bn_batch").value == 200


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_learning_rate_that_only_trains_with_bn(lang):
    """At lr 3 the plain deep net blows up or stalls at chance; with BN it trains."""
    at = run(5, lang)
    f = figure(at, "bn_lr_loss")
    off, on = (arr(next(d for d in f["data"] if d["meta"] == f"bn_{bn}")["y"]) for bn in (False, True))
    assert np.isnan(off).any() or off[-20:].mean() > 2.0
    assert np.isfinite(on).all() and on[-20:].mean() < 0.3
    assert any(d["meta"] == "blowup_False" for d in f["data"]) == np.isnan(off).any()
    lines = [m.value for m in at.markdown if m.value.startswith("- **")]
    assert len(lines) == 2 and tr(lang)("batchnorm.fig.bn_off") in lines[0]
    at.select_slider(key="bn_lr").set_value(0.1).run()
    f = figure(at, "bn_lr_loss")
    assert all(np.isfinite(arr(d["y"])).all() for d in f["data"]) and len(f["data"]) == 2


def test_gradient_row_with_bn_off_and_on():
    at = run(2, bn_grads="true", bn_rescue_init="0.01·randn")
    std = {d["meta"]: arr(d["y"]) for d in figure(at, "bn_std_layers")["data"]}
    assert set(std) == {"bn_off:act", "bn_off:grad", "bn_on:act", "bn_on:grad"}
    assert std["bn_off:grad"][0] < 1e-3 * std["bn_off:grad"][-1]     # vanishing on its way down without BN
    assert std["bn_on:grad"][0] > 0.05 * std["bn_on:grad"][-1]        # kept with BN
    assert len(figure(run(2), "bn_std_layers")["data"]) == 2          # off by default: activations only
