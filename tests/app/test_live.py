"""AppTest of the live-training tab: the player's data at defaults and at every control's extremes, both
languages, Reset; and the server side of the player's requests (next chunk, continue after a change)."""
import json

import numpy as np
import pytest

from tests.app.conftest import run_page
from tests.app.test_babysitting import MAX, MIN, run_tab
from ui.i18n import tr
from ui.lessons import live as ui_live
from ui.lessons.babysitting import RunConfig
from viz.live import unpack


def player(at) -> dict:
    """The data the live player was mounted with."""
    comps = [e for e in at.get("bidi_component") if e.proto.component_name == "cs231n_live_player"]
    assert len(comps) == 1
    return json.loads(comps[0].proto.json)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_defaults(lang):
    at = run_tab("tab_live", lang)
    assert not at.get("plotly_chart")                      # everything is drawn by the player
    d = player(at)
    t = tr(lang)
    assert d["labels"]["play"] == t("live.play") and d["cap"] == ui_live.CAP
    assert d["data"]["kind"] == "digits" and not d["final"] and not d["pending"]
    (c,) = d["chunks"]
    assert (c["start"], c["stop"]) == (0, ui_live.CHUNK)
    loss = unpack(c["loss"])
    assert abs(loss[0] - np.log(10)) < 0.05 and loss[-1] < 0.5 * loss[0]   # lr 1 on the digits learns
    acc = unpack(c["val_acc"])
    assert acc[-1] > 0.8
    assert len(unpack(c["snap_iter"])) == ui_live.CHUNK // ui_live.EVERY + 1
    assert unpack(c["confusion"]).shape[1:] == (10, 10)
    assert not {k for k in at.query_params if "play" in k}  # playback state never goes into the URL


@pytest.mark.parametrize("lang,params", [("en", MIN), ("ko", MAX)], ids=["min", "max"])
def test_every_control_at_its_extremes(lang, params):
    at = run_tab("tab_live", lang, **params)
    assert float(at.session_state["live_lr"]) == float(params["live_lr"])
    assert at.session_state["live_opt"] == params["live_opt"]
    d = player(at)
    (c,) = d["chunks"]
    assert d["data"]["kind"] == "2d" and d["n_classes"] == 3
    n = len(unpack(c["snap_iter"]))
    assert unpack(c["grid"]).shape[0] == n and len(unpack(c["loss"])) == c["stop"] - c["start"] + (
        c["diverged_at"] is not None)
    if params is MAX:                                       # lr 100, weight scale 1, reg 1000: it blows up
        assert c["diverged_at"] is not None and d["final"]


def test_reset_starts_a_new_run():
    at = run_tab("tab_live", ds="spiral")
    first = player(at)
    at.button(key="live_reset").click().run()
    again = player(at)
    assert again["run"] != first["run"] and not at.exception
    # the seed makes the run reproducible: the same first chunk, loss for loss and grid for grid
    for k in ("loss", "grid"):
        assert np.array_equal(unpack(again["chunks"][0][k]), unpack(first["chunks"][0][k]))


def test_spiral_learns_within_the_run():
    cfg = ui_live.setup(RunConfig("spiral", hidden=100))
    run = ui_live._new_run(cfg, 1.0, 1e-3)
    while ui_live.next_chunk(run) or run["chunks"][-1].stop < ui_live.CAP:
        pass
    last = run["chunks"][-1]
    assert last.stop == ui_live.CAP and last.val_acc[-1] > 0.85     # the spiral's arms are separated
    assert [c.start for c in run["chunks"]] == list(range(0, ui_live.CAP, ui_live.CHUNK))


def test_next_chunk_and_branch_continue_the_run():
    cfg = ui_live.setup(RunConfig("spiral"))
    run = ui_live._new_run(cfg, 1.0, 0.0)
    ui_live.next_chunk(run)
    a, b = run["chunks"]
    assert (b.start, b.stop, run["send_from"]) == (300, 600, 1)
    ui_live.branch(run, 450, 0.1, 0.0)                       # lr 1 → 0.1 at iteration 450
    cut, new = run["chunks"][1:]
    assert (cut.start, cut.stop, new.start, new.stop, new.lr) == (300, 450, 450, 750, 0.1)
    assert np.array_equal(cut.loss, b.loss[:150])            # the same run up to the change
    assert new.loss[0] == pytest.approx(b.loss[150])        # same weights, same minibatch: same loss
    assert [(m.at, m.lr) for m in run["marks"]] == [(450, (1.0, 0.1))]
    assert run["send_from"] == 1
    ui_live.branch(run, 100, 1.0, 1e-3)                      # scrubbed back: everything after 100 goes
    assert [c.start for c in run["chunks"]] == [0, 100] and run["chunks"][1].reg == 1e-3
    assert [m.at for m in run["marks"]] == [100]


def test_page_has_no_live_state_in_url_after_reset():
    at = run_page("babysitting", bs_tab=tr("en")("babysitting.tab_live"))
    at.button(key="live_reset").click().run()
    assert set(at.query_params) <= {"lang", "seed", "bs_tab", "ds", "hidden", "ws", "reg", "batch", "epochs", "lrs",
                                    "live_lr", "log_y", "inspect", "tiny_lr"}


def test_a_blown_up_run_starts_again_when_the_learning_rate_is_lowered():
    at = run_tab("tab_live", ds="blobs", ws="1", live_lr="100")
    blown = player(at)
    assert blown["chunks"][0]["diverged_at"] is not None and blown["final"] and not blown["pending"]
    at.select_slider(key="live_lr").set_value(0.1).run()
    fresh = player(at)
    assert fresh["run"] != blown["run"] and fresh["chunks"][0]["diverged_at"] is None
    assert fresh["chunks"][0]["lr"] == 0.1 and fresh["chunks"][0]["start"] == 0


def test_changing_regularisation_or_learning_rate_asks_the_player_to_continue():
    at = run_tab("tab_live", ds="spiral")
    first = player(at)
    assert not first["pending"]
    at.select_slider(key="reg").set_value(1e-3).run()
    changed = player(at)
    assert changed["run"] == first["run"] and changed["pending"] and changed["reg"] == 1e-3
    at.select_slider(key="reg").set_value(0.0).run()
    assert not player(at)["pending"]                         # back to the run's settings: nothing to do
    at.select_slider(key="live_lr").set_value(0.1).run()
    assert player(at)["pending"] and player(at)["run"] == first["run"]


def test_live_training_uses_the_pages_training_examples():
    """The overfitting preset keeps 50 training digits; live training trains on those same 50, so training
    accuracy reaches 1 while validation stays far below (the gap the preset is there to show)."""
    from ui.lessons.babysitting import PRESETS
    p = PRESETS["overfit"]
    cfg = ui_live.setup(RunConfig("digits", p.hidden, p.weight_scale, n_train=p.n_train))
    assert len(cfg.data.y_train) == p.n_train == 50
    run = ui_live._new_run(cfg, 1.0, p.reg)
    while ui_live.next_chunk(run) or run["chunks"][-1].stop < ui_live.CAP:
        pass
    last = run["chunks"][-1]
    assert last.train_acc[-1] == 1.0 and last.val_acc[-1] < 0.9
    assert last.iters_per_epoch == 1                         # 50 examples, batch 100: one minibatch an epoch
    at = run_tab("tab_live", ntrain="50")
    assert at.session_state["ntrain"] == 50 and not at.exception


def _first_chunk_by_hand(ds: str, lr: float, opt: str):
    """The sim's first chunk of the page's default set-up on `ds` with this rule."""
    cfg = ui_live.setup(RunConfig(ds))
    return ui_live.first_chunk(cfg, lr, 0.0, opt)


@pytest.mark.parametrize("opt", ["sgd", "adam"], ids=["first", "last"])   # the select's extremes
def test_update_rule_from_the_url_trains_with_it(opt):
    at = run_tab("tab_live", "ko" if opt == "adam" else "en", ds="spiral", live_lr="0.01", live_opt=opt)
    assert at.session_state["live_opt"] == opt and not at.exception
    (c,) = player(at)["chunks"]
    loss = unpack(c["loss"])
    want = _first_chunk_by_hand("spiral", 0.01, opt)
    assert np.allclose(loss, want.loss, rtol=1e-6)
    other = _first_chunk_by_hand("spiral", 0.01, "adam" if opt == "sgd" else "sgd")
    assert not np.allclose(loss, other.loss, rtol=1e-3)      # the rule shows in the data
    if opt == "adam":                                         # Adam at lr 0.01 learns the spiral faster than SGD
        assert loss[-20:].mean() < other.loss[-20:].mean() - 0.1
    assert (opt == "sgd") == ("live_opt" not in at.query_params)   # the default stays out of the link


def test_changing_the_update_rule_starts_a_new_run_and_garbage_falls_back_to_sgd():
    at = run_tab("tab_live", ds="spiral", live_opt="banana")
    assert at.session_state["live_opt"] == "sgd"
    first = player(at)
    at.selectbox(key="live_opt").set_value("sgd_momentum").run()
    mom = player(at)
    assert mom["run"] != first["run"] and not mom["pending"] and at.query_params["live_opt"] == "sgd_momentum"
    assert not np.allclose(unpack(mom["chunks"][0]["loss"]), unpack(first["chunks"][0]["loss"]))


def test_momentum_run_branches_with_its_velocity():
    cfg = ui_live.setup(RunConfig("spiral"))
    run = ui_live._new_run(cfg, 0.3, 0.0, "sgd_momentum")
    ui_live.next_chunk(run)
    b = run["chunks"][1]
    ui_live.branch(run, 450, 0.1, 0.0)                       # lr 0.3 → 0.1 at iteration 450
    new = run["chunks"][-1]
    assert new.opt == "sgd_momentum" and new.loss[0] == pytest.approx(b.loss[150], rel=1e-12)
    vel = new.end.opt_state["W1"]["velocity"]
    assert np.abs(vel).max() > 0
