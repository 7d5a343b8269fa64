"""AppTest of the activation lab: defaults, every control at its extremes, both languages, chart data."""
import numpy as np
import pytest

from tests.app.conftest import run_page
from tests.figdata import arr, figure
from ui.i18n import tr

TABS = {"tab_curves": ["curves"], "tab_zigzag": ["zigzag"], "tab_dead": ["dead_before", "dead_after"],
        "tab_prelu": ["prelu"], "tab_cost": ["cost"]}


def run_tab(tab: str, lang: str = "en", **params):
    """The page with one tab open (only the open tab runs; the URL holds its label in the page's language)."""
    at = run_page("activations", lang=lang, act_tab=tr(lang)(f"activations.{tab}"), **params)
    assert [c.proto.id.rsplit("-", 1)[-1] for c in at.get("plotly_chart")] == TABS[tab]
    return at

ALL = ["Sigmoid", "tanh", "ReLU", "Leaky ReLU", "PReLU", "ELU", "Maxout"]  # URL values are the labels
MIN = dict(fns=ALL, xr=["-20", "-19.5"], thr="0.0001", x="-10", up="-5", alpha="0", prelu_alpha="0",
           elu_alpha="0.1", mw1="-2", mb1="-2", mw2="-2", mb2="-2", zz_lr="0.05", units="1", w_scale="0.001",
           bias="0", dr_lr="0.001", offset="0", pa0="0", pat="0", plr="0.001", psteps="10", seed="0")
MAX = dict(fns=ALL, xr=["19.5", "20"], thr="0.1", x="10", up="5", alpha="0.5", prelu_alpha="1", elu_alpha="3",
           mw1="2", mb1="2", mw2="2", mb2="2", zz_lr="2", units="50", w_scale="10", bias="0.01", dr_lr="100",
           offset="3", pa0="1", pat="1", plr="1", psteps="500", seed=str(2**31 - 1))


def curve(fig, meta, name):
    return next(t for t in fig["data"] if t.get("meta") == meta and t.get("name") == name)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_defaults_show_every_chart_with_the_lecture_numbers(lang):
    at = run_page("activations", lang=lang)
    assert len(at.get("plotly_chart")) == 1           # the first tab is open; the others have not run
    for tab in TABS:
        run_tab(tab, lang)
    f = figure(at, "curves")
    x = arr(curve(f, "sigmoid", "df/dx")["x"])
    i0 = int(np.flatnonzero(x == 0)[0])
    assert arr(curve(f, "sigmoid", "df/dx")["y"])[i0] == 0.25          # sigmoid'(0) = 0.25
    relu_dy = arr(curve(f, "relu", "df/dx")["y"])
    assert relu_dy[i0] == 0 and np.all(relu_dy[x < 0] == 0) and np.all(relu_dy[x > 0] == 1)
    shapes = f["layout"]["shapes"]
    sig = [s for s in shapes if s.get("name") == "saturated:sigmoid" or s.get("showlegend")]
    relu = [s for s in shapes if s.get("name") == "saturated:relu"]
    assert len(sig) >= 2 and relu and max(s["x1"] for s in relu) < 0.05  # none on ReLU's positive side
    # chain-rule table: upstream 1 at x = 0
    table = at.dataframe[0].value
    passed = dict(zip(table.iloc[:, 0], table.iloc[:, 4].astype(float), strict=True))
    assert passed == {"Sigmoid": 0.25, "tanh": 1.0, "ReLU": 0.0, "Leaky ReLU": 0.01}
    title = at.title[0].value
    assert title == ("Activation functions" if lang == "en" else "활성화 함수")


def test_chain_rule_at_ten_sigmoid_passes_almost_nothing():
    at = run_page("activations", x="10", up="2")
    table = at.dataframe[0].value
    sigmoid = table[table.iloc[:, 0] == "Sigmoid"].iloc[0]
    assert 0 < float(sigmoid.iloc[4]) < 1e-4 and float(sigmoid.iloc[2]) < 5e-5
    marker = next(t for t in figure(at, "curves")["data"] if t.get("mode") == "markers")
    assert arr(marker["x"])[0] == 10


@pytest.mark.parametrize("lang,params", [("en", MIN), ("ko", MAX)], ids=["min", "max"])
def test_every_control_at_its_extremes(lang, params):
    tabs = {tab: run_tab(tab, lang, **params) for tab in TABS}
    for at in tabs.values():
        assert not at.warning, [w.value for w in at.warning]
    owner = {"zz_lr": "tab_zigzag", "units": "tab_dead", "w_scale": "tab_dead", "bias": "tab_dead",
             "dr_lr": "tab_dead", "offset": "tab_dead", "pa0": "tab_prelu", "pat": "tab_prelu", "plr": "tab_prelu",
             "psteps": "tab_prelu"}
    for key, value in params.items():
        if key not in ("fns", "xr", "seed"):   # every URL value was taken by the tab that shows its widget
            assert float(tabs[owner.get(key, "tab_curves")].session_state[key]) == float(value), key
    f = figure(tabs["tab_curves"], "curves")
    assert len({t.get("meta") for t in f["data"] if t.get("name") == "f(x)"}) == 7
    x = arr(curve(f, "relu", "f(x)")["x"])
    assert x[0] == float(params["xr"][0]) and x[-1] == float(params["xr"][1])
    for t in f["data"]:
        assert np.all(np.isfinite(arr(t["y"]))), t.get("name")
    dead_after = figure(tabs["tab_dead"], "dead_after")
    assert "%" in dead_after["layout"]["title"]["text"]
    prelu = figure(tabs["tab_prelu"], "prelu")
    assert len(arr(prelu["data"][0]["y"])) == int(params["psteps"]) + 1
    zig = figure(tabs["tab_zigzag"], "zigzag")
    assert all(np.all(np.isfinite(arr(t["x"]))) for t in zig["data"])


def test_empty_selection_and_collapsed_range_explain_themselves():
    at = run_page("activations")
    at.multiselect(key="fns").set_value([]).run()
    assert not at.exception and at.info and "at least one" in at.info[0].value
    at = run_page("activations", xr=["5", "5"])
    assert at.warning and "increasing" in at.warning[0].value


def test_garbage_in_the_url_falls_back_to_defaults():
    at = run_page("activations", alpha="abc", x="1e999", fns="nope", thr="-3", units="9999", bias="x",
                  act_tab="no such tab")
    assert at.session_state["alpha"] == 0.01 and at.session_state["x"] == 0.0
    assert at.session_state["fns"] == ["sigmoid", "tanh", "relu", "leaky_relu"]
    assert at.session_state["thr"] == 0.01
    assert len(at.get("plotly_chart")) == 1              # falls back to the first tab
    at = run_tab("tab_dead", units="9999", bias="x")
    assert at.session_state["units"] == 30 and at.session_state["bias"] == 0.0


def test_moving_the_learning_rate_kills_units():
    at = run_tab("tab_dead", units="50")
    before = figure(at, "dead_after")["layout"]["title"]["text"]
    at.select_slider(key="dr_lr").set_value(20.0).run()
    after = figure(at, "dead_after")["layout"]["title"]["text"]
    pct = lambda s: int(s.split(":")[-1].split("%")[0])  # noqa: E731
    assert pct(after) > pct(before)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_pros_and_cons_cards_follow_the_chosen_functions(lang):
    at = run_tab("tab_curves", lang, fns=["ReLU", "Maxout"])
    cards = [m.value for m in at.main.expander[-1].markdown]
    assert cards == [tr(lang)("activations.card.relu"), tr(lang)("activations.card.maxout")]
    assert "Krizhevsky" in cards[0] and "0.25" in tr(lang)("activations.card.sigmoid")


def test_cost_tab_compares_one_exp_with_one_max_per_element():
    at = run_tab("tab_cost")
    exp_ns, max_ns, ratio = (m.value for m in at.metric[:3])
    assert exp_ns.endswith(" ns") and max_ns.endswith(" ns") and ratio.endswith("×")
    assert float(ratio[:-1]) == pytest.approx(float(exp_ns[:-3]) / float(max_ns[:-3]), rel=0.1)
    assert float(ratio[:-1]) > 1.0                       # on any machine one exp costs more than one max
    again = run_tab("tab_cost")                          # timed once per server process: the numbers stay put
    assert [m.value for m in again.metric[:3]] == [exp_ns, max_ns, ratio]


def test_no_change_in_dead_units_shows_no_delta():
    at = run_tab("tab_dead", dr_lr="0.001")              # a tiny step kills nothing
    after = at.metric[1]
    assert after.value == at.metric[0].value and not after.proto.delta
