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
from ui.lessons import gradcheck as gc_lab
from ui.lessons import initialization as init_lab
from ui.lessons import optimisation as op_lab
from ui.lessons import papers as papers_lab
from ui.lessons import preprocessing as pp_lab
from ui.lessons import regularisation as rg_lab
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
    if sid == "glorot":                     # Glorot & Bengio 2010: ~1.7-fold shrink per layer; normalised alike
        res = papers_lab.glorot(c["gp_layers"], SEED)
        std, norm = res["standard"], res["normalised"]
        assert np.all(np.abs(std.act_std[1:] / std.act_std[:-1] - 1 / 1.7) < 0.1)
        assert np.all(np.abs(std.grad_std[:-1] / std.grad_std[1:] - 1 / 1.7) < 0.1)
        assert np.all(norm.act_std[1:] / norm.act_std[:-1] > 0.9) and np.all(norm.grad_std[:-1] / norm.grad_std[1:] > 0.9)
        sv = papers_lab.jacobian(c["gp_layers"], SEED)
        assert abs(sv["standard"] - 0.5) < 0.05 and abs(sv["normalised"] - 0.8) < 0.08
        return
    if sid == "he30":                       # He et al. 2015: Xavier never moves, He below half its start
        runs = papers_lab.he_runs(c["hp_depth"], SEED)
        assert runs["xavier"].max_change < 0.01 and runs["he"].final < 0.5 * runs["he"].start
        return
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
    elif sid == "ioffe":                    # Ioffe & Szegedy 2015: BN's band stays, accuracy climbs sooner
        runs = papers_lab.ioffe_runs(SEED)
        unit = c["ip_unit"] - 1
        assert runs[False].drift(unit) > 3 * runs[True].drift(unit)
        assert runs[True].test_acc[4] > runs[False].test_acc[4]
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
        assert SCENES["babysitting"][-1].controls == {"live_opt": "sgd"}    # opens the live tab on the lecture's SGD
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


def check_gradcheck(sid: str, c: dict) -> None:
    if sid in ("v", "float32"):
        s = gc_lab.sweep(c["gc_fn"], SEED)
        c64, c32 = s.curve(True, "float64"), s.curve(True, "float32")
        if sid == "v":                                                  # bottom near 1e-5, below 1e-9
            assert 3e-6 <= c64.best_h <= 3e-5 and c64.best_err < 1e-9
            assert s.curve(False, "float64").slope == pytest.approx(1, abs=0.1)
            assert c64.slope == pytest.approx(2, abs=0.1)
        else:                                                           # further right, much higher
            assert 1e-3 <= c32.best_h <= 1e-2 and c32.best_err > 1e-5 and c32.best_err > 1e4 * c64.best_err
    elif sid == "kink":
        k = gc_lab.kink(c["gc_kink"], c["gc_kx"], c["gc_kh"])
        assert k.crosses and k.num0 == pytest.approx(0.65) and k.ana0 == 1.0
    elif sid == "kinks_net":
        kn = gc_lab.kink_net(c["gc_ws"], c["gc_kh"], SEED)
        assert kn.share > 0.2                                           # "over a fifth"
        assert np.max(kn.err[kn.crossed]) > 1e-2 and np.median(kn.err[kn.crossed]) > 1e-4
    elif sid == "traps":
        r = gc_lab.reg_trap(SEED)
        i = int(np.argmin(np.abs(r.regs - c["gc_reg"])))
        assert r.data_err > 1e-2 and r.err[i] < 1e-4                    # reg = 1000 hides the bug
        d = gc_lab.dropout(c["gc_p"], SEED)
        assert np.median(d.fresh) > 1e-2 and d.fixed.max() < 1e-7
        smp = gc_lab.sample(c["gc_nc"], SEED)
        assert "b1" not in smp.flat_names and smp.per_param[1].max() > 1e-2
    elif sid in ("bug_relu", "bug_bn"):
        b = gc_lab.bug(c["gc_bug"], SEED)
        assert set(b.fails) == ({"W1", "b1"} if sid == "bug_relu" else {"x"})


def check_regularisation(sid: str, c: dict) -> None:
    if sid in ("ensemble", "snapshots"):
        e = rg_lab.ensemble(c["rg_kind"], c["rg_n"], SEED)
        if sid == "ensemble":                       # beats its average member, by about a point; returns shrink
            assert 0.003 < e.gain(5) < 0.03 and e.ensemble[-1] > e.mean[-1]
        else:
            init = rg_lab.ensemble("init", c["rg_n"], SEED)
            assert e.ensemble[-1] < init.ensemble[-1]                     # below ten independent nets
    elif sid in ("l1_sparse", "l2_strong"):
        r = rg_lab.penalties(c["rg_pen"], SEED)
        i = rg_lab.STRENGTHS.index(c["rg_strength"])
        if sid == "l1_sparse":
            assert r.near_zero[i] > 10 * r.near_zero[0] and abs(r.val_acc[i] - r.val_acc[0]) < 0.02
        else:
            assert r.train_acc[i] < r.train_acc[0] - 0.1 and r.val_acc[i] < r.val_acc[0] - 0.1
    elif sid == "dropout":
        e = rg_lab.expectation(c["rg_keep"], SEED)
        assert e.inverted[-1] == pytest.approx(e.test, rel=0.05)
        assert e.vanilla[-1] == pytest.approx(c["rg_keep"] * e.test, rel=0.05)
    elif sid == "augment":
        from sim.labs.augment import Augmentation
        run = rg_lab.augment_run(c["rg_aug_n"], Augmentation(c["rg_shift"], c["rg_rotate"], c["rg_scale"],
                                                              c["rg_noise"]), SEED)
        assert run.gain > 0
    elif sid == "transfer":
        tc = rg_lab.transfer(c["rg_ft"], SEED)
        assert tc.val_acc[0, 0] >= tc.val_acc[0, 1:].max()           # from scratch keeps up at 1 example a class
        assert np.all(tc.val_acc[-1] > 0.85)
def _race(c: dict, prefix: str = "op_"):
    """The scene's race as the page runs it: the Problems tab (SGD alone) or the race tab (its checked rules)."""
    if prefix == "op_":
        cfg = op_lab.RaceConfig(c["op_surface"], float(c["op_kappa"]), ("sgd",), c["op_lr"], 0.1, 0.9, c["op_noise"],
                                c["op_steps"])
    else:
        rules = tuple(r for r in op_lab.RULES if c.get(f"op_r_{r}", r in op_lab.RACE_DEFAULT))
        cfg = op_lab.RaceConfig(c["op_r_surface"], float(c["op_r_kappa"]), rules, c["op_r_lr"], c["op_r_lr_ada"],
                                c["op_r_mu"], c["op_r_noise"], c["op_r_steps"])
    return op_lab.race(cfg, SEED)


def check_optimisation(sid: str, c: dict) -> None:
    if sid == "zigzag":
        r = _race(c)
        y = r.paths[0, :12, 1]
        assert np.all(np.sign(y[1:]) != np.sign(y[:-1]))                  # crosses the valley every step
        assert r.steps_to[0] is None and r.gap[0, -1] > 0.1                # still far after 100 steps
    elif sid == "saddle":
        r = _race(c)
        assert abs(r.paths[0, 20, 1]) < 0.1 and 24 <= r.steps_to[0] <= 100  # dozens of steps at the saddle
    elif sid == "local":
        r = _race(c, "op_r_")
        end = dict(zip(r.rules, r.paths[:, -1, 0], strict=True))
        assert {"sgd", "rmsprop", "adam"} <= set(end) and all(end[n] > 0.5 for n in ("sgd", "rmsprop", "adam"))
        assert end["sgd_momentum"] < -0.5 and end["nesterov"] < -0.5
    elif sid == "momentum":
        m, s = op_lab.momentum_map(float(c["op_m_kappa"])), op_lab.convergence_steps(float(c["op_m_kappa"]))
        assert abs(m.best[0] / m.theory["alpha"] - 1) < 0.05 and abs(m.best[1] / m.theory["beta"] - 1) < 0.05
        assert 5 < s["gd"] / s["momentum"] < 7.5                           # "about a sixth"
    elif sid == "adam_bias":
        step = dict(zip((st := op_lab.adaptive(float(c["op_a_grad"]))).rules, st.step, strict=True))
        assert step["adam"][0] == pytest.approx(1.0, rel=1e-6)
        assert step["adam_nobc"][0] == pytest.approx(3.2, abs=0.05) and step["adam_nobc"][:100].max() > 3.2
    elif sid == "real_net":
        r = op_lab.on_net(c["op_n_epochs"], c["op_n_batch"], c["op_n_adam_lr"], SEED, c["op_n_ds"])
        acc = dict(zip(r.names, r.val_acc[:, -1], strict=True))
        assert acc["sgd"] < 0.5 and min(acc["rmsprop"], acc["adam"], acc["adagrad"]) > 0.85
    elif sid == "schedules":
        names = tuple(n for n in op_lab.SCHEDULES if c[f"op_s_{n}"])
        args = (names, c["op_s_lr0"], c["op_s_epochs"], c["op_s_k"], SEED)
        bowl, net = op_lab.bowl_schedules(*args), op_lab.schedules(*args)
        end = lambda r: dict(zip(r.names, np.nanmean(r.loss[:, -r.iters_per_epoch:], axis=1), strict=True))  # noqa: E731
        b, n = end(bowl), end(net)
        assert all(b[k] < 0.5 * b["constant"] for k in names if k != "constant")
        assert all(n[k] > n["constant"] for k in names if k != "constant")
    elif sid == "newton":
        nw = op_lab.newton(float(c["op_2_kappa"]))
        assert nw.newton_gap[1] < 1e-20 and nw.gd_gap[-1] > 0.5 * nw.gd_gap[0] and len(nw.gd_gap) == 21
    else:
        raise AssertionError(f"no check for scene {sid}")


CHECKS = {"activations": check_activations, "preprocessing": check_preprocessing,
          "initialization": check_initialization, "batchnorm": check_batchnorm,
          "babysitting": check_babysitting, "search": check_search,
          "optimisation": check_optimisation, "gradcheck": check_gradcheck,
          "regularisation": check_regularisation}
CASES = [(lesson, sc) for lesson, scenes in SCENES.items() for sc in scenes]


@pytest.mark.parametrize("lesson,scene", [pytest.param(lesson, sc, marks=pytest.mark.slow)   # trains 30 layers twice
                                          if (lesson, sc.id) == ("initialization", "he30") else (lesson, sc)
                                          for lesson, sc in CASES], ids=[f"{lesson}-{sc.id}" for lesson, sc in CASES])
def test_takeaway_holds(lesson, scene):
    CHECKS[lesson](scene.id, scene.controls)


def test_every_lesson_has_four_to_eight_scenes():
    assert set(SCENES) == set(CHECKS)
    assert all(4 <= len(scenes) <= 8 for scenes in SCENES.values())
