"""AppTest of the regularisation lesson: every tab at its defaults and at the extremes of its controls, in both
languages, asserting on the figures' data."""
import numpy as np
import pytest

from tests.app.conftest import run_page
from tests.figdata import arr, figure, trace
from ui.i18n import tr

CHARTS = {1: 2, 2: 2, 3: 4, 4: 3, 5: 2}   # per tab: only the open tab runs


def run(tab: int, lang: str = "en", **params):
    at = run_page("regularisation", lang=lang, rg_tab=tr(lang)(f"regularisation.s{tab}.title"), **params)
    assert len(at.get("plotly_chart")) == CHARTS[tab]
    assert not at.exception
    return at


def by_meta(fig: dict, meta: str) -> dict:
    return next(tr_ for tr_ in fig["data"] if tr_.get("meta") == meta)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_defaults_every_tab(lang):
    at = run_page("regularisation", lang=lang)                  # the first tab opens by default
    assert at.title[0].value == ("Regularisation and transfer" if lang == "en" else "규제와 전이 학습")
    f = figure(at, "rg_ensemble")
    ens, mean = arr(by_meta(f, "ensemble")["y"]), arr(by_meta(f, "mean")["y"])
    assert len(ens) == 5 and ens[-1] > mean[-1]                 # an ensemble of 5 beats its average member
    assert ens[0] == mean[0]                                    # one member is its own ensemble
    p = figure(at, "rg_polyak")
    assert len(arr(by_meta(p, "polyak")["y"])) == 31
    for tab in (2, 3, 4, 5):
        run(tab, lang)


def test_ensemble_extremes():
    f = figure(run(1, rg_n="1"), "rg_ensemble")
    assert len(arr(by_meta(f, "ensemble")["x"])) == 1
    f = figure(run(1, rg_n="10", rg_kind="snapshot"), "rg_ensemble")
    ens, best = arr(by_meta(f, "ensemble")["y"]), arr(by_meta(f, "best")["y"])
    assert len(ens) == 10 and np.all(np.diff(best) >= 0)        # the best so far never falls
    cyc = arr(by_meta(figure(run(1, rg_n="10", rg_kind="cyclic"), "rg_ensemble"), "ensemble")["y"])
    assert cyc[-1] > ens[-1]                                    # a cyclic schedule's snapshots ensemble better
    f = figure(run(1, rg_n="3", rg_kind="search"), "rg_ensemble")
    best, mean = arr(by_meta(f, "best")["y"]), arr(by_meta(f, "mean")["y"])
    assert len(best) == 3 and best[0] == best[-1] and np.all(mean <= best + 1e-12)   # ranked: the best comes first


def test_penalties_default_and_extremes():
    at = run(2)
    h = figure(at, "rg_pen_hist")
    assert len(h["data"]) == 2
    c = figure(at, "rg_pen_curve")
    assert list(c["data"][0]["x"])[0] == "0" and len(arr(by_meta(c, "val")["y"])) == 8
    strong = figure(run(2, rg_pen="l1", rg_strength="0.1"), "rg_pen_curve")
    val = arr(by_meta(strong, "val")["y"])
    assert val[-1] < 0.3 < val[0]                               # far too strong: the net underfits
    assert arr(by_meta(strong, "chosen")["y"])[0] == val[-1]
    none = figure(run(2, rg_pen="elastic", rg_strength="0"), "rg_pen_hist")
    assert np.array_equal(np.nan_to_num(arr(none["data"][0]["y"])), np.nan_to_num(arr(none["data"][1]["y"])))


@pytest.mark.slow
def test_dropout_extremes():
    at = run(3, rg_keep="1.0", rg_keep_in="1.0", rg_epochs="100", rg_k="100")
    f = figure(at, "rg_drop_curves")                            # keep everything: dropout changes nothing
    assert np.array_equal(arr(by_meta(f, "val_0")["y"]), arr(by_meta(f, "val_1")["y"]))
    assert len(arr(by_meta(f, "val_0")["x"])) == 101
    m = figure(at, "rg_masks")
    assert not [tr_ for tr_ in m["data"] if str(tr_.get("meta", "")).startswith("dropped")]
    at = run(3, rg_keep="0.1", rg_keep_in="0.5", rg_epochs="10", rg_k="1", rg_connect="true")
    f = figure(at, "rg_drop_curves")
    assert len(arr(by_meta(f, "val_1")["x"])) == 11
    assert "DropConnect" in by_meta(f, "val_1")["name"]
    e = figure(at, "rg_expect")
    assert arr(by_meta(e, "test_scaled")["y"])[0] == pytest.approx(0.1 * arr(by_meta(e, "test")["y"])[0])
    assert len(arr(by_meta(figure(at, "rg_mc"), "mc")["y"])) == 1


def test_dropout_default_expectation():
    at = run(3)
    e = figure(at, "rg_expect")
    inv, test = arr(by_meta(e, "inverted")["y"]), arr(by_meta(e, "test")["y"])[0]
    van, scaled = arr(by_meta(e, "vanilla")["y"]), arr(by_meta(e, "test_scaled")["y"])[0]
    assert inv[-1] == pytest.approx(test, rel=0.05) and van[-1] == pytest.approx(scaled, rel=0.05)
    m = figure(at, "rg_masks")
    dropped = [tr_ for tr_ in m["data"] if str(tr_.get("meta", "")).startswith("dropped")]
    assert dropped and sum(len(arr(d["y"])) for d in dropped) < 3 * 10


@pytest.mark.slow
def test_augmentation_extremes():
    at = run(4, rg_aug_n="20", rg_shift="0.0", rg_rotate="0", rg_scale="0.0", rg_noise="0.0", rg_digit="0")
    f = figure(at, "rg_aug_curves")                             # no transformation: the same training
    assert np.allclose(arr(by_meta(f, "val_0")["y"]), arr(by_meta(f, "val_1")["y"]), atol=0.02)
    v = figure(at, "rg_variants")
    z = [np.asarray(tr_["z"], float) for tr_ in v["data"] if tr_["type"] == "heatmap"]
    assert len(z) == 11 and np.allclose(z[1], z[0], atol=1e-9)
    at = run(4, rg_aug_n="500", rg_shift="2.0", rg_rotate="30", rg_scale="0.3", rg_noise="0.2", rg_digit="99")
    v = figure(at, "rg_variants")
    z = [np.asarray(tr_["z"], float) for tr_ in v["data"] if tr_["type"] == "heatmap"]
    assert not np.allclose(z[1], z[0]) and np.allclose(z[-1], z[0][:, ::-1])   # the last is the mirror image
    p = figure(at, "rg_pattern")
    assert len(arr(by_meta(p, "draws_dropout")["x"])) == 40


def test_augmentation_default():
    f = figure(run(4), "rg_aug_curves")
    assert arr(by_meta(f, "val_1")["y"])[-1] > arr(by_meta(f, "val_0")["y"])[-1]   # 50 digits: augmentation helps


@pytest.mark.slow
@pytest.mark.parametrize("ft", ["0.01", "1"])
def test_transfer_extremes(ft):
    at = run(5, rg_ft=ft)
    f = figure(at, "rg_transfer")
    default = figure(run(5), "rg_transfer")
    assert list(arr(trace(f, "from scratch")["x"])) == [1, 5, 10, 20, 50]
    assert np.array_equal(arr(by_meta(f, "frozen")["y"]), arr(by_meta(default, "frozen")["y"]))
    assert not np.array_equal(arr(by_meta(f, "finetune")["y"]), arr(by_meta(default, "finetune")["y"]))


def test_transfer_default():
    at = run(5)
    f = figure(at, "rg_transfer")
    for m in ("scratch", "frozen", "finetune"):
        y = arr(by_meta(f, m)["y"])
        assert len(y) == 5 and y[-1] > y[0] and y[-1] > 0.8      # more examples, better: each way learns 5–9
    t = figure(at, "rg_table")
    assert by_meta(t, "here")["x"][0] == 0.5                    # the similar-data column, very little data
    assert len(at.table) == 1


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_presenter_view_every_scene(lang):
    """The presenter view opens each scene: its tab, its charts, no title row, nothing broken."""
    from ui.scenes import SCENES
    for n in range(1, len(SCENES["regularisation"]) + 1):
        at = run_page("regularisation", lang=lang, present="1", scene=n)
        assert not at.title and at.get("plotly_chart")


def test_srivastava_preset_sets_the_papers_settings():
    at = run(3, rg_keep="0.2", rg_keep_in="1.0", rg_epochs="20", rg_connect="true")
    at.button(key="rg_preset").click().run()
    assert not at.exception
    assert (at.session_state["rg_keep"], at.session_state["rg_keep_in"], at.session_state["rg_epochs"],
            at.session_state["rg_connect"]) == (0.5, 0.8, 100, False)
    f = figure(at, "rg_drop_curves")
    assert len(arr(by_meta(f, "val_1")["x"])) == 101 and "DropConnect" not in by_meta(f, "val_1")["name"]
