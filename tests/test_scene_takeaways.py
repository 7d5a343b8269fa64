"""Each scene's takeaway holds for the run the scene sets: the scene's control values go through the same
ui calls the page makes (seed 0, the sidebar's default), and the sentence the class reads is asserted on the
simulation's results. A scene without a check here fails: a new scene needs its check."""
from __future__ import annotations

import numpy as np
import pytest

from sim.labs.babysitting import GAP_OVERFIT
from ui.lessons import activations as act_lab
from ui.lessons import babysitting as bs_lab
from ui.lessons import batchnorm as bn_lab
from ui.lessons import initialization as init_lab
from ui.lessons import preprocessing as pp_lab
from ui.lessons import search as sr_lab
from ui.scenes import SCENES

SEED = 0


def net(c: dict):
    return init_lab.deep_net(init_lab.NetConfig(c["layers"], c["width"], c["samples"], c["act"], c["init"], None, SEED))


def run(c: dict) -> bs_lab.RunConfig:
    return bs_lab.RunConfig(c.get("ds", "digits"), 50, c.get("ws", 1e-2), c.get("reg", 0.0), 100, 20, SEED)


def lrs(c: dict) -> tuple[float, ...]:
    return bs_lab.parse_lrs(c["lrs"])[0]


def check_activations(sid: str, c: dict) -> None:
    if sid in ("sigmoid", "relu"):
        steps = {s.name: s.local for s in act_lab.chain_rule(act_lab.CurvesConfig(names=tuple(c["fns"]), x0=c["x"]))}
        if sid == "sigmoid":
            assert steps["sigmoid"] == pytest.approx(4.5e-5, rel=0.02)      # "about 4.5e-5"
        else:
            assert steps["relu"] == 1.0 and steps["sigmoid"] < 0.01 and steps["tanh"] < 0.01
    elif sid == "zigzag":
        z = act_lab.zigzag(c["zz_lr"], SEED)
        assert z.positive.same_sign_frac == 1.0                            # every update of one sign
        assert z.centered.same_sign_frac < 1.0 and z.centered.steps < z.positive.steps   # straighter
    elif sid == "dead":
        d = act_lab.dead_relu(30, c["w_scale"], c["bias"], c["dr_lr"], c["offset"], SEED)
        assert d.dead_after.mean() >= d.dead_before.mean() + 0.25          # many more units never fire
    elif sid == "prelu":
        fit = act_lab.prelu_fit(c["pa0"], c["pat"], c["plr"], c["psteps"], SEED)
        assert abs(fit.alpha[-1] - c["pat"]) < 0.01 and fit.alpha[0] == c["pa0"]
    else:
        raise AssertionError(f"no check for scene {sid}")


def check_preprocessing(sid: str, c: dict) -> None:
    if sid == "steps":
        r = pp_lab.cloud(c["pp_dx"], c["pp_dy"], c["pp_angle"], c["pp_s1"], c["pp_s2"], 300, SEED)
        raw, centred, normed, rotated, white = r.steps
        assert np.abs(raw.mean).max() > 1 and np.abs(centred.mean).max() < 1e-9
        assert np.allclose(np.diag(normed.cov), 1, atol=1e-6)
        assert abs(rotated.cov[0, 1]) < 1e-9 and abs(raw.cov[0, 1]) > 0.1
        assert np.allclose(white.cov, np.eye(2), atol=1e-3)
    elif sid in ("leak", "train_only"):
        from ui.lessons.preprocessing import FIT_LABELS
        d = pp_lab.leak(c["pp_step"], FIT_LABELS[c["pp_fit"]], pp_lab.LEAK_N, SEED)
        if sid == "leak":   # the wrong statistics depend on the validation data: they differ from train's
            assert not np.allclose(d.mean_wrong, d.mean_right)
        else:
            assert np.allclose(d.train.mean(0), 0, atol=1e-9) and np.allclose(d.train.std(0), 1, atol=1e-6)
            assert not np.allclose(d.val_right.mean(0), 0, atol=1e-3) and np.all(np.abs(d.val_right.mean(0)) < 0.5)
    elif sid == "pca":
        d = pp_lab.digits(c["pp_k"], SEED)
        assert d.cum_share[c["pp_k"] - 1] > 0.7                            # "most of the variance"
    elif sid == "images":
        ce = pp_lab.centring(SEED)
        assert ce.train_mean_abs < 1e-9 and ce.val_mean_abs > ce.train_mean_abs
    else:
        raise AssertionError(f"no check for scene {sid}")


def check_initialization(sid: str, c: dict) -> None:
    if sid == "symmetry":
        const, rand = init_lab.symmetry(c["sym_c"], c["sym_std"], c["sym_steps"], SEED)
        assert np.max(np.abs(const.spread)) < 1e-9 and rand.spread[-1] > 1e-3
        return
    r = net(c)
    std = r.act.std
    if sid == "small":
        assert std[-1] < 1e-5 and np.all(std[1:] / std[:-1] < 0.3)          # shrinks ~5x a layer to ~0
    elif sid == "large":
        assert np.all(np.abs(std - 0.98) < 0.01) and r.saturated_frac[0] > 0.9
    elif sid == "xavier_tanh":
        assert std[0] == pytest.approx(0.63, abs=0.02) and std[-1] == pytest.approx(0.23, abs=0.02)
    elif sid == "xavier_relu":
        assert std[-1] < 0.1 * std[0]
    elif sid == "he_relu":
        assert np.all(np.abs(std / std[0] - 1) < 0.1)
    else:
        raise AssertionError(f"no check for scene {sid}")


def check_batchnorm(sid: str, c: dict) -> None:
    if sid in ("normalise", "gamma_beta"):
        cfg = bn_lab.BeforeAfterConfig(2, c.get("bn_init", "large"), c.get("bn_act", "relu"), c.get("bn_below", True),
                                       c["bn_gamma"], c["bn_beta"], c["bn_identity"])
        r, _ = bn_lab.before_after(cfg, SEED)
        assert np.allclose(r.after.mean, c["bn_beta"], atol=1e-6) and np.allclose(r.after.std, c["bn_gamma"], atol=1e-5)
        if sid == "normalise":
            assert np.abs(r.before.mean).max() > 1 and np.abs(r.before.std - 1).max() > 1
    elif sid in ("rescue_small", "rescue_large"):
        off = bn_lab.deep_net(c["bn_rescue_init"], c["bn_rescue_act"], False, SEED)
        on = bn_lab.deep_net(c["bn_rescue_init"], c["bn_rescue_act"], True, SEED)
        assert np.all(on.act.std > 0.3) and np.all(on.saturated_frac < 0.2)
        if sid == "rescue_small":
            assert off.act.std[-1] < 1e-4
        else:
            assert np.all(off.saturated_frac > 0.9)
    elif sid in ("test_mode", "small_batch"):
        tt = bn_lab.train_test(bn_lab.TrainTestConfig(c["bn_steps"], c["bn_momentum"], c["bn_batch"]), SEED)
        spread = tt.batch_mean.std(0).mean()
        if sid == "test_mode":
            assert np.all(np.abs(tt.test_mean) < 0.15) and np.all(np.abs(tt.test_std - 1) < 0.05)
            assert np.any(np.abs(tt.test_mean) > 1e-6)                     # close, not exact
        else:
            big = bn_lab.train_test(bn_lab.TrainTestConfig(c["bn_steps"], c["bn_momentum"], 200), SEED)
            assert spread > 3 * big.batch_mean.std(0).mean()                # batch means jump around
    elif sid == "conv":
        demo = bn_lab.axes(SEED)                                            # the run the scene's tab shows
        n, ch, h, w = demo.conv_shape
        assert demo.conv_stat_shape == (ch,) and demo.conv_count == n * h * w    # one statistic per channel
        assert 0 <= c["bn_channel"] < ch
        assert np.ptp(demo.conv_mean_before) > 1                             # the channels differ before BN
        assert np.allclose(demo.conv_mean_after, 0, atol=1e-9)               # ... and each is normalised over
        assert np.allclose(demo.conv_std_after, 1, atol=1e-3)                # N, H and W together
    else:
        raise AssertionError(f"no check for scene {sid}")


def check_babysitting(sid: str, c: dict) -> None:
    if sid == "sanity":
        sc = bs_lab.checks(run(c), 1.0)
        assert sc.initial_ok and sc.reg_ok and sc.overfit_ok
        assert sc.loss_no_reg == pytest.approx(np.log(sc.n_classes), abs=0.02) and sc.loss_with_reg > sc.loss_no_reg
    elif sid in ("lr_range", "bad_init", "monitor"):
        m, diags = bs_lab.explore(run(c), lrs(c))
        labels = dict(zip(c["lrs"], (d.label for d in diags), strict=True))
        if sid == "lr_range":
            assert labels["1e-6"] == "too_low" and labels["1e6"] == "diverged" and "good" in labels.values()
        elif sid == "bad_init":
            assert "plateau" in labels.values()
        else:
            ratio = [float(np.nanmedian(m.update_ratio[r])) for r in range(len(c["lrs"]))]
            assert ratio == sorted(ratio)                                   # grows with the learning rate
            good = [label for label in labels.values()].index("good")
            assert ratio[0] < 1e-6 and 1e-3 < ratio[good] < 5e-2 and ratio[-1] > 1
            assert abs(m.train_acc[good, -1] - m.val_acc[good, -1]) < GAP_OVERFIT
    elif sid == "live":
        assert not SCENES["babysitting"][-1].controls                       # opens the live tab, sets nothing
    else:
        raise AssertionError(f"no check for scene {sid}")


def check_search(sid: str, c: dict) -> None:
    if sid in ("coarse", "grid"):
        s = sr_lab.Stage(c["sr_grid"], c["sr_n"], epochs=c["sr_epochs"], seed=SEED)
        res = sr_lab.stage(s)
        distinct = len(np.unique(np.round(np.log10(res.lr), 6)))
        if sid == "coarse":
            top = np.argsort(-np.nan_to_num(res.val_acc, nan=-1))[:5]
            span = np.ptp(np.log10(res.lr[top]))
            assert span < 0.5 * (s.lr[1] - s.lr[0])                          # a narrow band of the range
            assert distinct == len(res.lr)
        else:
            assert distinct == sr_lab.grid_side(c["sr_n"]) < c["sr_n"]
    elif sid == "random_vs_grid":
        rvg, _ = sr_lab.random_vs_grid(c["sr_rg_n"], SEED)
        assert rvg.grid.distinct_x == 3 and rvg.random.distinct_x == 9
    elif sid == "log_scale":
        lo, hi = c["sr_ls_range"]
        lv = sr_lab.log_vs_linear(c["sr_ls_n"], lo, hi, SEED)
        assert lv.uniform_per_decade[-1] / lv.n >= 0.85
        assert lv.log_per_decade.min() >= 0.5 * lv.log_per_decade.max()
    else:
        raise AssertionError(f"no check for scene {sid}")


CHECKS = {"activations": check_activations, "preprocessing": check_preprocessing,
          "initialization": check_initialization, "batchnorm": check_batchnorm,
          "babysitting": check_babysitting, "search": check_search}
CASES = [(lesson, sc) for lesson, scenes in SCENES.items() for sc in scenes]


@pytest.mark.parametrize("lesson,scene", CASES, ids=[f"{lesson}-{sc.id}" for lesson, sc in CASES])
def test_takeaway_holds(lesson, scene):
    CHECKS[lesson](scene.id, scene.controls)


def test_every_lesson_has_four_to_eight_scenes():
    assert set(SCENES) == set(CHECKS)
    assert all(4 <= len(scenes) <= 8 for scenes in SCENES.values())
