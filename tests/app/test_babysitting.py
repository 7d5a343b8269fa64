"""AppTest of the babysitting lab: defaults, every control at its extremes, both languages, chart data."""
import numpy as np
import pytest

from sim.labs import babysitting as demos
from tests.app.conftest import run_page
from tests.figdata import arr, figure
from ui.controls import fmt_num
from ui.i18n import tr
from ui.lessons.babysitting import PRESETS, RunConfig, explore

MIN = dict(ds="spiral", hidden="5", ws="1e-5", reg="0", batch="10", epochs="1", tiny_lr="0.001",
           lrs=["1e-6", "3e5"], log_y="true", inspect="1e-6", live_lr="0.001", live_opt="sgd", seed="0")
MAX = dict(ds="blobs", hidden="200", ws="1", reg="1e3", batch="500", epochs="50", tiny_lr="100",
           lrs=["1e-6", "1e-4", "1e-2", "1e0", "3e0", "1e1", "1e3", "1e6"], log_y="false", inspect="1e6",
           live_lr="100", live_opt="adam", seed=str(2**31 - 1))


TABS = {"tab_sanity": ["overfit"], "tab_lr": ["lr_loss", "lr_acc"], "tab_monitor": ["gap", "ratio"],
        "tab_live": []}   # the live tab draws in its own player (tests/app/test_live.py)


def run_tab(tab: str, lang: str = "en", **params):
    """The page with one tab open: only the open tab runs; the URL holds its label in the page's language."""
    return run_page("babysitting", lang=lang, timeout=180, bs_tab=tr(lang)(f"babysitting.{tab}"), **params)


def charts(at) -> list[str]:
    return [c.proto.id.rsplit("-", 1)[-1] for c in at.get("plotly_chart")]


def runs(fig):
    """The loss curves of the learning-rate chart, by learning-rate text."""
    return {t["meta"]: t for t in fig["data"] if not str(t.get("meta", "")).startswith("diverged:")}


def markers(fig):
    return {t["meta"].split(":", 1)[1]: t for t in fig["data"] if str(t.get("meta", "")).startswith("diverged:")}


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_defaults_reproduce_the_lecture(lang):
    t = tr(lang)
    at = run_page("babysitting", lang=lang, timeout=120)
    assert at.title[0].value == t("babysitting.title")
    assert charts(at) == TABS["tab_sanity"]                         # only the open (first) tab runs
    tabs = {tab: run_tab(tab, lang) for tab in TABS}
    assert {tab: charts(x) for tab, x in tabs.items()} == TABS
    checks = [m.value for m in at.markdown if "material/check_circle" in m.value or "material/cancel" in m.value]
    assert len(checks) == 3 and all("check_circle" in c for c in checks)
    f = figure(tabs["tab_lr"], "lr_loss")
    r = runs(f)
    assert list(r) == ["1e-6", "0.01", "0.1", "1", "30", "1e6"]
    assert r["1"]["name"] == t("babysitting.fig.run", lr="1", label=t("babysitting.label.good"))
    assert r["1e-6"]["name"].endswith(t("babysitting.label.too_low"))
    assert r["0.1"]["name"].endswith(t("babysitting.label.too_low"))
    flat = arr(r["1e-6"]["y"])
    assert abs(flat[-1] - flat[0]) / flat[0] < 0.01 and abs(flat[0] - np.log(10)) < 0.02
    good = arr(r["1"]["y"])
    assert good[-1] < 0.2 * good[0]
    m = markers(f)
    assert list(m) == ["30", "1e6"] and arr(m["1e6"]["x"])[0] == 1     # 1e6 blows up at iteration 1
    creep = [i.value for i in tabs["tab_lr"].info]                    # seed 0: lr 0.01 creeps, the loss does not
    assert any(c.startswith(t("babysitting.creep", lr="0.01", start="", end="", acc="", chance="")[:8]) for c in creep)
    assert f["layout"]["yaxis"]["range"][1] < 10                      # the explosion does not flatten the others
    acc = figure(tabs["tab_lr"], "lr_acc")
    best = max(arr(tr_["y"])[-1] for tr_ in acc["data"] if tr_["meta"].startswith("val:"))
    assert best >= 0.90
    gap = figure(tabs["tab_monitor"], "gap")
    assert gap["layout"]["title"]["text"] == t("babysitting.fig.gap_title", lr="1")
    ratio = figure(tabs["tab_monitor"], "ratio")
    assert [tr_["name"] for tr_ in ratio["data"]] == ["W1", "W2"]
    assert ratio["layout"]["yaxis"]["type"] == "log"


def test_sanity_numbers_at_lecture_weight_scale():
    at = run_page("babysitting", ws="0.0001")
    text = " ".join(m.value for m in at.markdown)
    assert "2.302" in text  # ln 10 and the measured initial loss
    over = figure(at, "overfit")
    acc = arr(next(t for t in over["data"] if t["name"] == "Train accuracy")["y"])
    assert acc[-1] == 1.0
    loss = arr(over["data"][0]["y"])
    assert loss[0] == pytest.approx(np.log(10), abs=0.02) and loss[-1] < 0.05


@pytest.mark.slow
@pytest.mark.parametrize("lang,params", [("en", MIN), ("ko", MAX)], ids=["min", "max"])
def test_every_control_at_its_extremes(lang, params):
    tabs = {tab: run_tab(tab, lang, **params) for tab in TABS}
    owner = {"tiny_lr": "tab_sanity", "live_lr": "tab_live"}
    for key, value in params.items():
        if key in ("hidden", "ws", "batch", "epochs", "tiny_lr", "live_lr", "seed", "reg"):
            assert float(tabs[owner.get(key, "tab_lr")].session_state[key]) == float(value), key
    at = tabs["tab_lr"]
    assert at.session_state["ds"] == params["ds"]
    f = figure(at, "lr_loss")
    assert len(runs(f)) == len(params["lrs"])
    assert f["layout"]["yaxis"]["type"] == ("log" if params["log_y"] == "true" else "linear")
    for t in f["data"]:
        assert np.all(np.isfinite(arr(t["y"]))), t.get("name")
    acc = figure(at, "lr_acc")
    epochs = {len(arr(t["x"])) for t in acc["data"]}
    assert max(epochs) == int(params["epochs"]) + 1
    assert fmt_num(max(float(v) for v in params['lrs'])) in markers(f)  # the largest blows up
    assert figure(tabs["tab_monitor"], "gap") and figure(tabs["tab_monitor"], "ratio")
    assert figure(tabs["tab_sanity"], "overfit")


def test_garbage_url_falls_back_to_defaults():
    at = run_tab("tab_lr", ds="cifar", hidden="abc", ws="-3", reg="x", batch="7", epochs="999",
                 lrs=["banana", "-1", "1e0"], inspect="zzz", live_lr="nan", tiny_lr="1e9")
    assert at.session_state["ds"] == "digits" and at.session_state["hidden"] == 50
    r = runs(figure(at, "lr_loss"))
    assert "1" in r


def test_typed_learning_rate_adds_a_curve_and_bad_ones_warn():
    at = run_tab("tab_lr")
    at.multiselect(key="lrs").set_value(["1e0", "0.05"]).run()
    assert set(runs(figure(at, "lr_loss"))) == {"0.05", "1"}
    at.multiselect(key="lrs").set_value(["1e0", "-2"]).run()
    assert at.warning and "-2" in at.warning[0].value
    at.multiselect(key="lrs").set_value(["1e0", "1e308"]).run()
    assert at.warning[0].value == tr("en")("babysitting.big_lr", values="1e308", max="1e9")
    at.multiselect(key="lrs").set_value([]).run()
    assert not at.exception and at.info
    assert charts(at) == []                       # no learning rate: a note instead of empty charts


def test_bad_initialisation_preset_shows_plateau_then_drop():
    at = run_tab("tab_lr")
    at.button(key="preset_bad_init").click().run()
    assert at.session_state["ws"] == 1e-4
    r = runs(figure(at, "lr_loss"))
    assert list(r) == ["0.2", "0.3", "0.5"]
    assert all(run["name"].endswith(tr("en")("babysitting.label.plateau")) for run in r.values())
    at.button(key="preset_lecture").click().run()
    assert at.session_state["ws"] == 1e-2 and len(runs(figure(at, "lr_loss"))) == 6


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_overfitting_preset_says_more_regularisation(lang):
    at = run_tab("tab_monitor", lang)
    at.button(key="preset_overfit").click().run()
    assert at.session_state["ntrain"] == 50 and at.session_state["hidden"] == 200
    gap = figure(at, "gap")
    val, train = (arr(tr_["y"])[-1] for tr_ in gap["data"][:2])
    assert train >= 0.95 and train - val > 0.08
    assert at.warning[0].value.startswith(tr(lang)("babysitting.gap.overfit", train="", val="")[:6])


@pytest.mark.slow
@pytest.mark.parametrize("preset", list(PRESETS))
def test_each_preset_labels_the_same_for_seeds_0_to_9(preset):
    """A preset is a lesson: its diagnoses (and, for overfitting, the gap verdict) may not depend on the seed."""
    p = PRESETS[preset]
    lrs = tuple(float(v) for v in p.lrs)
    seen = set()
    for seed in range(10):
        run = RunConfig("digits", p.hidden, p.weight_scale, p.reg, 100, p.epochs, seed, p.n_train)
        m, diags = explore(run, lrs)
        labels = tuple(d.label for d in diags)
        if preset == "overfit":
            labels += (demos.gap_verdict(float(m.train_acc[0, -1]), float(m.val_acc[0, -1])),)
        seen.add(labels)
    assert len(seen) == 1, seen
    expected = {"lecture": ("too_low", "too_low", "too_low", "good", "diverged", "diverged"),
                "bad_init": ("plateau",) * 3, "overfit": ("good", "overfit")}[preset]
    assert seen == {expected}


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_heaviest_settings_train_fewer_epochs_and_say_so(lang):
    """Digits, 200 hidden units, batch 10, 50 epochs, 8 learning rates would take ~7 s of CPU: the view trains
    the epochs lab.RUN_WORK allows, the accuracy chart ends there, and a caption says how many of how many."""
    from ui.lessons.babysitting import RUN_WORK, bounded
    lrs = ["1e-6", "1e-5", "1e-4", "1e-3", "1e-2", "1e-1", "1e0", "3e0"]
    at = run_tab("tab_lr", lang, ds="digits", hidden="200", batch="10", epochs="50", lrs=lrs)
    trained = bounded(RunConfig(hidden=200, batch_size=10, epochs=50), len(lrs))
    assert 1 <= trained.epochs < 50
    iters = 1438 // 10 + 1
    assert len(lrs) * trained.epochs * iters * 200 * 40 <= RUN_WORK < len(lrs) * (trained.epochs + 1) * iters * 200 * 40
    assert max(len(arr(t["x"])) for t in figure(at, "lr_acc")["data"]) == trained.epochs + 1   # diverged stop early
    assert any(f"{trained.epochs}" in c.value and "50" in c.value for c in at.caption)
    # the default (the lecture preset) is far below the bound: all 20 epochs
    assert bounded(RunConfig(), 6).epochs == 20
