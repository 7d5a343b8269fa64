"""The class questions: one prediction per scene that has one, its truth computed from the run the scene sets.

Each question is asked before its result is read off the page. Its truth is never a literal: it calls the same
ui lab functions the page calls, with the scene's control values (ui/scenes.py) and the sidebar's seed, so it
stays right if the seed or the simulation changes. Its words live in ui/locales under questions.<id>: prompt,
why, and opt.<code> for each option of a multiple choice (a learning-rate choice shows the rates themselves).
tests/test_questions.py checks every truth against its own sim computation."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from classroom.question import Question
from ui.i18n import t
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

TREND = ("shrinks", "steady", "grows")      # what a deep net's activations do from layer 1 to layer 10
CLOSE = ("exact", "close", "far")           # how close a mean is to 0: exactly, close but not exactly, far
WHITE = ("identity", "diagonal", "unchanged")
H_DECADES = ("1e-1", "1e-3", "1e-5", "1e-7", "1e-9", "1e-11")   # the h a class picks from (gradient checks)
SCALE = ("p", "one", "inv_p")               # what dropout's test output is multiplied by: p, nothing, 1/p
METHODS = ("scratch", "frozen", "finetune")  # the transfer tab's three ways to learn digits 5–9
DRIFT = ("off", "on", "about_same")         # which net's sigmoid input moves more: without BN, with BN


def trend(std: np.ndarray) -> str:
    """Layer 10's std against layer 1's: below half "shrinks", above twice "grows", else "steady"."""
    ratio = float(std[-1] / std[0])
    return "shrinks" if ratio < 0.5 else "grows" if ratio > 2 else "steady"


def closeness(values: np.ndarray, exact: float = 1e-9, close: float = 0.5) -> str:
    worst = float(np.max(np.abs(values)))
    return "exact" if worst < exact else "close" if worst < close else "far"


def whiteness(cov: np.ndarray, tol: float = 1e-3) -> str:
    off = abs(float(cov[0, 1]))
    if off < tol and np.allclose(np.diag(cov), 1, atol=tol):
        return "identity"
    return "diagonal" if off < tol else "unchanged"


def drifts_more(runs: dict, unit: int) -> str:
    """Which run's percentile band moves more over training: by over 1.5× "off" (without BN) or "on"."""
    off, on = runs[False].drift(unit), runs[True].drift(unit)
    return "off" if off > 1.5 * on else "on" if on > 1.5 * off else "about_same"


def first_labelled(c: dict, seed: int, label: str) -> str:
    """The first of the scene's learning rates (as the page lists them) whose curve is diagnosed `label`."""
    lrs, _, _ = bs_lab.parse_lrs(c["lrs"])
    _, diags = bs_lab.explore(_run(c, seed), lrs)
    labels = {lr: d.label for lr, d in zip(lrs, diags, strict=True)}
    return next(code for code in lr_options(c) if labels[float(code)] == label)


def lr_options(c: dict) -> tuple[str, ...]:
    """The scene's learning rates as it writes them ("1e-6"), smallest first."""
    return tuple(sorted(c["lrs"], key=float))


def nearest_h(h: float) -> str:
    """The choice of H_DECADES nearest to h on a log scale."""
    return min(H_DECADES, key=lambda code: abs(np.log10(float(code)) - np.log10(h)))


def _best_h(c: dict, seed: int, dtype: str) -> str:
    return nearest_h(gc_lab.sweep(c["gc_fn"], seed).curve(True, dtype).best_h)


def _dropout_scale(c: dict, seed: int) -> str:
    """The factor that makes dropout without /p agree at test: the mean training output over the test output."""
    e = rg_lab.expectation(c["rg_keep"], seed)
    ratio = e.vanilla[-1] / e.test
    return min(zip((c["rg_keep"], 1.0, 1 / c["rg_keep"]), SCALE, strict=True), key=lambda f: abs(f[0] - ratio))[1]


def _run(c: dict, seed: int) -> bs_lab.RunConfig:
    return bs_lab.RunConfig(c.get("ds", "digits"), 50, c.get("ws", 1e-2), c.get("reg", 0.0), 100, 20, seed)


def _net(c: dict, seed: int):
    return init_lab.deep_net(init_lab.NetConfig(c["layers"], c["width"], c["samples"], c["act"], c["init"], None,
                                                seed))


def _bn_after(c: dict, seed: int):
    cfg = bn_lab.BeforeAfterConfig(2, c.get("bn_init", "large"), c.get("bn_act", "relu"), c.get("bn_below", True),
                                   c["bn_gamma"], c["bn_beta"], c["bn_identity"])
    return bn_lab.before_after(cfg, seed)[0].after


def _net_best(c: dict, seed: int) -> str:
    """The rule with the lowest training loss over the last epoch of the scene's run on the digits."""
    r = op_lab.on_net(c["op_n_epochs"], c["op_n_batch"], c["op_n_adam_lr"], seed, c["op_n_ds"])
    return r.names[int(np.nanargmin(np.nanmean(r.loss[:, -r.iters_per_epoch:], axis=1)))]


def _saddle_steps(c: dict, seed: int) -> float:
    """Steps SGD needs to get within 1e-3 of the minimum's loss past the saddle (the whole run if it never does)."""
    cfg = op_lab.RaceConfig(c["op_surface"], float(c["op_kappa"]), ("sgd",), c["op_lr"], 0.1, 0.9, c["op_noise"],
                            500)
    k = op_lab.race(cfg, seed).steps_to[0]
    return float(500 if k is None else k)


@dataclass(frozen=True)
class Spec:
    lesson: str
    scene: str
    truth: Callable[[dict, int], str | float]     # (the scene's controls, seed) -> an option code or a number
    options: tuple[str, ...] | Callable[[dict], tuple[str, ...]] = ()   # empty: a numeric estimate
    literal: bool = False                          # the option codes are their own labels (learning rates)


SPECS: dict[str, Spec] = {
    # activations
    "act_sigmoid_grad": Spec("activations", "sigmoid", lambda c, s: float(
        {st.name: st.local for st in act_lab.chain_rule(act_lab.CurvesConfig(names=tuple(c["fns"]), x0=c["x"]))}
        ["sigmoid"])),
    "act_dead_frac": Spec("activations", "dead", lambda c, s: float(
        act_lab.dead_relu(30, c["w_scale"], c["bias"], c["dr_lr"], c["offset"], s).dead_after.mean())),
    "act_prelu_alpha": Spec("activations", "prelu", lambda c, s: float(
        act_lab.prelu_fit(c["pa0"], c["pat"], c["plr"], c["psteps"], s).alpha[-1])),
    # preprocessing
    "pp_white_cov": Spec("preprocessing", "steps", lambda c, s: whiteness(
        pp_lab.cloud(c["pp_dx"], c["pp_dy"], c["pp_angle"], c["pp_s1"], c["pp_s2"], 300, s).steps[-1].cov), WHITE),
    "pp_val_mean": Spec("preprocessing", "train_only", lambda c, s: closeness(
        pp_lab.leak(c["pp_step"], pp_lab.FIT_LABELS[c["pp_fit"]], pp_lab.LEAK_N, s).val_right.mean(0)), CLOSE),
    "pp_pca_share": Spec("preprocessing", "pca", lambda c, s: float(
        pp_lab.digits(c["pp_k"], s).cum_share[c["pp_k"] - 1])),
    # weight initialisation
    "init_small_std10": Spec("initialization", "small", lambda c, s: float(_net(c, s).act.std[-1])),
    "init_xavier_relu": Spec("initialization", "xavier_relu", lambda c, s: trend(_net(c, s).act.std), TREND),
    "init_he_relu": Spec("initialization", "he_relu", lambda c, s: trend(_net(c, s).act.std), TREND),
    "gp_trend": Spec("initialization", "glorot", lambda c, s: trend(
        papers_lab.glorot(c["gp_layers"], s)["standard"].act_std), TREND),
    "hp_stall": Spec("initialization", "he30", lambda c, s: float(papers_lab.he_run("xavier", c["hp_depth"], s).final)),
    # batch normalisation
    "bn_beta_mean": Spec("batchnorm", "gamma_beta", lambda c, s: float(_bn_after(c, s).mean.mean())),
    "bn_rescue_std10": Spec("batchnorm", "rescue_small", lambda c, s: float(
        bn_lab.deep_net(c["bn_rescue_init"], c["bn_rescue_act"], True, s).act.std[-1])),
    "bn_test_mean": Spec("batchnorm", "test_mode", lambda c, s: closeness(bn_lab.train_test(
        bn_lab.TrainTestConfig(c["bn_steps"], c["bn_momentum"], c["bn_batch"]), s).test_mean, 1e-6, 0.15), CLOSE),
    "ip_drift": Spec("batchnorm", "ioffe", lambda c, s: drifts_more(papers_lab.ioffe_runs(s), c["ip_unit"] - 1), DRIFT),
    # babysitting
    "bs_initial_loss": Spec("babysitting", "sanity", lambda c, s: float(bs_lab.checks(_run(c, s), 1.0).loss_no_reg)),
    "bs_diverges": Spec("babysitting", "lr_range", lambda c, s: first_labelled(c, s, "diverged"), lr_options, True),
    "bs_plateau": Spec("babysitting", "bad_init", lambda c, s: first_labelled(c, s, "plateau"), lr_options, True),
    # hyperparameter search
    "sr_grid_lrs": Spec("search", "grid", lambda c, s: float(len(np.unique(np.round(np.log10(
        sr_lab.trials(sr_lab.Stage(c["sr_grid"], c["sr_n"], epochs=c["sr_epochs"], seed=s))[:, 0]), 6))))),
    "sr_random_distinct": Spec("search", "random_vs_grid", lambda c, s: float(
        sr_lab.random_vs_grid(c["sr_rg_n"], s)[0].random.distinct_x)),
    "sr_top_decade": Spec("search", "log_scale", lambda c, s: float(
        (lv := sr_lab.log_vs_linear(c["sr_ls_n"], *c["sr_ls_range"], s)).uniform_per_decade[-1] / lv.n)),
    # gradient checks
    "gc_best_h": Spec("gradcheck", "v", lambda c, s: _best_h(c, s, "float64"), H_DECADES, True),
    "gc_f32_h": Spec("gradcheck", "float32", lambda c, s: _best_h(c, s, "float32"), H_DECADES, True),
    "gc_kink_share": Spec("gradcheck", "kinks_net", lambda c, s: gc_lab.kink_net(c["gc_ws"], c["gc_kh"], s).share),
    "gc_bug_fails": Spec("gradcheck", "bug_relu", lambda c, s: gc_lab.fails_code(gc_lab.bug(c["gc_bug"], s)),
                         tuple(gc_lab.NET_GUESSES)),
    # regularisation and transfer
    "rg_ensemble_gain": Spec("regularisation", "ensemble", lambda c, s: 100 * rg_lab.ensemble(
        c["rg_kind"], c["rg_n"], s).gain(c["rg_n"])),
    "rg_l1_zero": Spec("regularisation", "l1_sparse", lambda c, s: float(rg_lab.penalties(c["rg_pen"], s).near_zero[
        rg_lab.STRENGTHS.index(c["rg_strength"])])),
    "rg_test_scale": Spec("regularisation", "dropout", _dropout_scale, SCALE),
    "rg_frozen_one": Spec("regularisation", "transfer", lambda c, s: METHODS[int(np.argmax(
        rg_lab.transfer(c["rg_ft"], s).val_acc[0]))], METHODS),
    # optimisation
    "op_saddle_steps": Spec("optimisation", "saddle", _saddle_steps),
    "op_momentum_steps": Spec("optimisation", "momentum", lambda c, s: float(
        op_lab.convergence_steps(float(c["op_m_kappa"]))["momentum"])),
    "op_adam_first": Spec("optimisation", "adam_bias", lambda c, s: float(
        op_lab.adaptive(float(c["op_a_grad"])).step[-1, 0])),
    "op_net_best": Spec("optimisation", "real_net", _net_best, ("sgd", "sgd_momentum", "nesterov", "adagrad",
                                                                  "rmsprop", "adam")),
}


# How close a numeric estimate must be to count as correct in the class report: (± absolute, within a factor).
# A factor where the truth is a tiny number whose order of magnitude is the lesson; otherwise about a tenth of
# the quantity's natural scale.
TOLERANCE: dict[str, tuple[float, float]] = {
    "act_sigmoid_grad": (0.0, 3.0),      # about 4.5e-5: "almost nothing", to within a factor of 3
    "act_dead_frac": (0.1, 1.0),         # a fraction of 30 units
    "act_prelu_alpha": (0.05, 1.0),      # the true slope is 0.25
    "pp_pca_share": (0.1, 1.0),          # a share of the variance
    "init_small_std10": (0.0, 10.0),     # about 3e-7: the collapse, to within a decade
    "hp_stall": (0.1, 1.0),              # ln 10 ≈ 2.30: it does not move
    "bn_beta_mean": (0.1, 1.0),          # β = 1
    "bn_rescue_std10": (0.15, 1.0),      # BN keeps layer 10 near unit scale
    "bs_initial_loss": (0.1, 1.0),       # ln 10 ≈ 2.30
    "sr_grid_lrs": (0.5, 1.0),           # a count: exact
    "sr_random_distinct": (0.5, 1.0),    # a count: exact
    "sr_top_decade": (0.05, 1.0),        # a share of the samples
    "gc_kink_share": (0.08, 1.0),        # a share of W1's checks
    "rg_ensemble_gain": (0.5, 1.0),      # accuracy points, about 1
    "rg_l1_zero": (0.1, 1.0),            # a share of the weights
    "op_saddle_steps": (0.0, 1.5),       # about 70 steps: the order of magnitude and a bit
    "op_momentum_steps": (0.0, 1.5),     # about 56 against plain gradient descent's 346
    "op_adam_first": (0.3, 1.0),         # (1 − β1)/√(1 − β2) ≈ 3.16 learning rates
}

# scene -> its question id (ui.scenes.SCENES carries the same ids; tests/test_questions.py checks they agree)
BY_SCENE = {(spec.lesson, spec.scene): qid for qid, spec in SPECS.items()}


def controls(qid: str) -> dict:
    spec = SPECS[qid]
    return next(sc.controls for sc in SCENES[spec.lesson] if sc.id == spec.scene)


def truth(qid: str, seed: int) -> str | float:
    return SPECS[qid].truth(controls(qid), seed)


def option_codes(qid: str) -> tuple[str, ...]:
    spec = SPECS[qid]
    return spec.options(controls(qid)) if callable(spec.options) else spec.options


def question(qid: str, seed: int) -> Question:
    """The question in the current language, its truth computed for `seed`."""
    spec, codes = SPECS[qid], option_codes(qid)
    options = {c: c if spec.literal else t(f"questions.{qid}.opt.{c}") for c in codes}
    abs_tol, factor = TOLERANCE.get(qid, (0.0, 1.0))
    return Question(qid, t(f"questions.{qid}.prompt"), truth(qid, seed), t(f"questions.{qid}.why"), options,
                    abs_tol, factor)


def render(qid: str) -> bool:
    """The scene's question (ui.lecture.question_slot) through class mode's ask; True once its truth is out (or
    when there is no such question)."""
    from ui.classmode import ask
    from ui.controls import seed
    return ask(question(qid, seed())) if qid in SPECS else True
