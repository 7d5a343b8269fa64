"""AppTest of the initialisation lab: defaults, every control at its extremes, both languages, chart data."""
import numpy as np
import pytest

from sim.deepnet import run_deep_net
from tests.app.conftest import run_page
from tests.figdata import arr, figure, figures
from ui.i18n import tr
from ui.lessons.initialization import ACT_LABELS, INIT_LABELS, stats_csv

TABS = {"hist": ["hist"], "stats": ["stats"], "compare": ["compare"], "lecture": [], "symmetry": ["symmetry", "sym_weights"],
        "table": []}


def run_tab(tab: str, lang: str = "en", **params):
    """The page with one tab open: only the open tab runs; the URL holds its label in the page's language."""
    at = run_page("initialization", lang=lang, init_tab=tr(lang)(f"initialization.tab.{tab}"), **params)
    assert [c.proto.id.rsplit("-", 1)[-1] for c in at.get("plotly_chart")] == TABS[tab]
    return at
# A bound selectbox with format_func keeps its label in the URL.
MIN = dict(layers="1", width="10", samples="100", act="Sigmoid", init="W = 0", scale="0.001", fixed="false",
           logy="false", cmp_log="false", sym_c="0", sym_std="0.01", sym_steps="10", seed="0")
MAX = dict(layers="20", width="1000", samples="1000", act="ELU", init="c·randn", scale="10", fixed="true",
           logy="true", cmp_log="true", sym_c="1", sym_std="1", sym_steps="500", seed=str(2**31 - 1))


def metas(fig):
    return [d.get("meta") for d in fig["data"]]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_defaults_reproduce_the_lecture_and_fit_the_payload(lang):
    at = run_page("initialization", lang=lang)               # the first tab (histograms) is open
    tabs = {tab: run_tab(tab, lang) for tab in TABS}
    t = tr(lang)
    assert at.title[0].value == t("initialization.title")
    assert [c.proto.id.split("-")[-1] for c in at.get("plotly_chart")] == ["hist"]
    hist = figure(at, "hist")
    assert metas(hist) == [f"act{i}" for i in range(1, 11)] + [f"grad{i}" for i in range(1, 11)]
    assert arr(hist["data"][0]["y"]).sum() == pytest.approx(1.0)
    stats = figure(tabs["stats"], "stats")
    act_std = arr(stats["data"][1]["y"])
    assert abs(act_std[0] - 0.21) <= 0.02 and act_std[-1] < 1e-5          # tanh, 0.01·randn: collapse
    assert at.metric[0].value == "0.213"
    cmp = figure(tabs["compare"], "compare")
    assert {d["meta"] for d in cmp["data"]} == {"zeros", "small", "large", "xavier", "he"}
    xavier = arr(next(d for d in cmp["data"] if d["meta"] == "xavier")["y"])
    assert 0.18 <= xavier[9] <= 0.30
    lecture = tabs["lecture"].dataframe[0].value            # slide, theory, ours, seeds 0–19
    assert lecture.iloc[0, 1] == lecture.iloc[0, 3] == "0.213"
    assert float(lecture.iloc[0, 2]) == pytest.approx(0.213, rel=0.01)   # the recursion: 0.2135
    lo, hi = (float(v) for v in lecture.iloc[9, 4].split(" – "))
    assert lo <= float(lecture.iloc[9, 3]) <= hi
    assert not any(x.warning for x in tabs.values())
    assert len(tabs["table"].get("download_button")) == 1                  # the per-layer table as CSV
    payload = sum(len(c.proto.spec) for x in tabs.values() for c in x.get("plotly_chart"))
    assert payload < 300_000                                                # binned counts, not samples


@pytest.mark.parametrize("lang,params", [("en", MIN), pytest.param("ko", MAX, marks=pytest.mark.slow)], ids=["min", "max"])
def test_every_control_at_its_extremes(lang, params):
    tabs = {tab: run_tab(tab, lang, **params) for tab in ("hist", "stats", "compare", "symmetry")}
    owner = {"sym_c": "symmetry", "sym_std": "symmetry", "sym_steps": "symmetry"}
    for key in ("layers", "width", "samples", "scale", "sym_c", "sym_std", "sym_steps", "seed"):
        got = tabs[owner.get(key, "hist")].session_state[key]
        assert float(got) == float(params[key]), key                        # the URL value was taken
    at = tabs["hist"]
    n = int(params["layers"])
    hist = figure(at, "hist")
    acts = [m for m in metas(hist) if m.startswith("act")]
    assert acts and len(acts) <= n and acts[0] == "act1"
    stats = figure(tabs["stats"], "stats")
    assert len(arr(stats["data"][0]["x"])) == n
    assert (stats["layout"]["yaxis2"].get("type") == "log") == (params["logy"] == "true")
    assert (figure(tabs["compare"], "compare")["layout"]["yaxis"].get("type") == "log") == (params["cmp_log"] == "true")
    sym = figure(tabs["symmetry"], "symmetry")
    assert len(arr(sym["data"][0]["y"])) == int(params["sym_steps"]) + 1
    assert np.all(arr(sym["data"][0]["y"]) < 1e-12)                      # constant init: units identical
    if params is MIN:                                                   # sigmoid, W = 0: every layer constant 0.5
        assert acts == ["act1"] and np.allclose(arr(stats["data"][0]["y"]), 0.5) and arr(stats["data"][1]["y"])[0] == 0
        assert len(run_tab("lecture", lang, **params).info) >= 2        # the zeros note and the lecture mismatch
    else:                                                               # ELU with 10·randn explodes
        assert at.warning and len(acts) < n


def test_many_samples_and_one_layer():
    at = run_page("initialization", samples="1000", width="10", layers="1")
    assert int(at.session_state["samples"]) == 1000
    assert arr(figure(at, "hist")["data"][0]["y"]).sum() == pytest.approx(1.0)


@pytest.mark.slow
@pytest.mark.parametrize("act", list(ACT_LABELS))
def test_every_nonlinearity(act):
    at = run_tab("stats", act=ACT_LABELS[act], init=INIT_LABELS["he"], width="60", samples="200")
    assert at.session_state["act"] == act
    std = arr(figure(at, "stats")["data"][1]["y"])
    assert std.shape == (10,) and np.all(np.isfinite(std)) and np.all(std > 0)


@pytest.mark.slow
@pytest.mark.parametrize("init", list(INIT_LABELS))
def test_every_init_scheme(init):
    at = run_tab("stats", init=INIT_LABELS[init], width="60", samples="200", logy="false")
    assert at.session_state["init"] == init
    expected = run_deep_net(init="large" if init == "custom" else init, scale=0.05 if init == "custom" else None,
                            width=60, n_samples=200)
    assert np.allclose(arr(figure(at, "stats")["data"][1]["y"]), expected.act.std)
    cmp = {d["meta"] for d in figure(run_tab("compare", init=INIT_LABELS[init], width="60", samples="200"),
                                     "compare")["data"]}
    assert ("custom" in cmp) == (init == "custom")


def test_overflow_says_where_and_plots_the_finite_layers():
    at = run_page("initialization", act="ReLU", init="c·randn", scale="10", layers="20", samples="100")
    k = run_deep_net(activation="relu", init="large", scale=10.0, n_layers=20, n_samples=100).act.overflow_layer
    assert k is not None and len(at.warning) == 1 and str(k) in at.warning[0].value
    assert metas(figure(at, "hist")) == [f"act{i}" for i in range(1, k)]
    std = arr(figure(run_tab("stats", act="ReLU", init="c·randn", scale="10", layers="20", samples="100"),
                     "stats")["data"][1]["y"])
    assert np.all(np.isfinite(std[:k - 1])) and np.all(np.isnan(std[k - 1:]))
    assert at.metric[1].value == "∞"


def test_garbage_url_values_fall_back_to_defaults():
    at = run_page("initialization", layers="abc", width="99999", act="nope", init="zzz", scale="-1", fixed="maybe",
                  sym_c="7", sym_steps="x", samples="100", init_tab="no such tab")
    assert at.session_state["layers"] == 10 and at.session_state["width"] == 500
    assert at.session_state["act"] == "tanh" and at.session_state["init"] == "small"
    assert len(metas(figure(at, "hist"))) == 20


def test_changing_the_scheme_changes_the_histograms():
    at = run_page("initialization", width="100", samples="200")
    before = figure(at, "hist")
    at.selectbox(key="init").set_value("xavier").run()
    after = figure(at, "hist")
    assert not at.exception
    assert not np.allclose(arr(before["data"][9]["x"]), arr(after["data"][9]["x"]))   # layer 10 widened
    at.toggle(key="fixed").set_value(False).run()
    assert not at.exception and len(figures(at)) == 1


def test_csv_has_one_row_per_layer():
    r = run_deep_net(activation="relu", init="he", scale=10.0, n_layers=20, width=50, n_samples=100)
    lines = stats_csv(r).strip().splitlines()
    assert lines[0].startswith("layer,act_mean,act_std") and len(lines) == 21


@pytest.mark.slow
def test_lecture_table_has_theory_and_seed_spread_for_xavier_relu():
    """The slide's 0.022 beside the recursion's 0.026 (0.584·2^−4.5, from the formula) and this run's; the range
    over seeds 0–19 contains the slide's value: a different seed changes more than the third digit for ReLU."""
    at = run_tab("lecture", init=INIT_LABELS["xavier"], act=ACT_LABELS["relu"])
    table = at.dataframe[0].value
    assert table.iloc[9, 1] == "0.022" and table.iloc[9, 2] == "0.0258"
    lo, hi = (float(v) for v in table.iloc[9, 4].split(" – "))
    assert lo <= 0.023 and hi > 0.03
    assert "third digit" not in at.markdown[-1].value


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_large_tanh_explains_the_growing_gradient_in_the_main_view(lang):
    at = run_tab("hist", lang, init=INIT_LABELS["large"])
    assert tr(lang)("initialization.large_grad_note") in [i.value for i in at.info]
    why = at.expander[0]
    assert why.label == tr(lang)("initialization.why.title")
    text = " ".join(m.value for m in why.markdown)
    assert "fan_in = 500" in text and "Var(w) = 1" in text          # 1.0·randn: Var(w) = 1, gain 500
    assert "initialization.large_grad_note" not in str(run_tab("hist", lang).info)
    assert tr(lang)("initialization.large_grad_note") not in [i.value for i in run_tab("hist", lang).info]


def test_compare_all_runs_every_scheme_on_the_bounded_net(monkeypatch):
    """At the largest net (20 layers of 1000 units, 1000 samples) the page's own net sees every sample, and each
    scheme of compare-all — the runs and the figure alike — sees 100 (said in a caption): six full nets would
    take ~15 s of CPU."""
    from sim.initializers import SCHEMES
    from ui.lessons import initialization as lab
    seen = []
    real = lab.run_deep_net
    monkeypatch.setattr(lab, "run_deep_net", lambda **kw: seen.append(kw["n_samples"]) or real(**kw))
    lab.deep_net.clear()
    lab.scheme_stats.clear()
    lab._compare_figure.clear()
    at = run_tab("compare", layers="20", width="1000", samples="1000", init=INIT_LABELS["he"])
    assert sorted(seen) == [100] * len(SCHEMES) + [1000]
    assert any("100" in c.value and "1000" in c.value for c in at.caption)
    assert len(figure(at, "compare")["data"]) >= len(SCHEMES)
