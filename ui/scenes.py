"""Each lesson's storyline as scenes, in the lecture's order: one table per lesson.

A scene is data: the open tab (its translation key), the control values it sets (widget key -> value, the
same values the widgets hold), and, in ui/locales, a short title, a one-sentence prompt and a one-sentence
takeaway under scenes.<lesson>.<id>. tests/app/test_scenes.py checks that every control exists on its page and
that each takeaway holds for the run the scene sets. The storylines follow CS231n Lecture 6 ("Activation
Functions", "Data Preprocessing", "Weight Initialization", "Batch Normalization", "Babysitting the Learning
Process", "Hyperparameter Optimization") and the course notes at cs231n.github.io/neural-networks-2 and -3."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Scene:
    id: str                                  # short and language-independent: the locale key under scenes.<lesson>
    tab: str                                 # translation key of the tab the scene opens
    controls: dict = field(default_factory=dict)   # widget key -> value it sets; the student may change them after
    question: str | None = None              # a class question's id, drawn under the prompt (ui.lecture.question_slot)


# The widget key of each lesson's tabs (ui.page.lesson_tabs).
TAB_KEYS = {"activations": "act_tab", "preprocessing": "pp_tab", "initialization": "init_tab",
            "batchnorm": "bn_tab", "babysitting": "bs_tab", "search": "sr_tab",
            "optimisation": "op_tab", "gradcheck": "gc_tab", "regularisation": "rg_tab"}

# the optimisation lesson's surfaces: SGD alone at the race's rate, 100 steps; the race's six runners
_BOWL = {"op_kappa": 100, "op_noise": 0.0, "op_lr": 0.18, "op_steps": 100, "op_with_mom": False}
_RACE = {"op_r_sgd": True, "op_r_sgd_momentum": True, "op_r_nesterov": True, "op_r_adagrad": True,
         "op_r_rmsprop": True, "op_r_adam": True, "op_r_adam_nobc": False, "op_r_kappa": 100, "op_r_noise": 0.0,
         "op_r_steps": 200, "op_r_lr": 0.12, "op_r_lr_ada": 0.1, "op_r_mu": 0.9}
_NET = {"layers": 10, "width": 500, "samples": 1000}   # the lecture's 10 layers × 500 units, 1000 inputs

SCENES: dict[str, tuple[Scene, ...]] = {
    "activations": (
        Scene("sigmoid", "activations.tab_curves", {"fns": ["sigmoid"], "x": -10.0, "up": 1.0},
              question="act_sigmoid_grad"),
        Scene("relu", "activations.tab_curves", {"fns": ["sigmoid", "tanh", "relu"], "x": 5.0, "up": 1.0}),
        Scene("zigzag", "activations.tab_zigzag", {"zz_lr": 0.5}),
        Scene("dead", "activations.tab_dead", {"w_scale": 1.0, "bias": 0.0, "dr_lr": 10.0, "offset": 2.5},
              question="act_dead_frac"),
        Scene("prelu", "activations.tab_prelu", {"pa0": 0.0, "pat": 0.25, "plr": 0.05, "psteps": 100},
              question="act_prelu_alpha"),
    ),
    "preprocessing": (
        Scene("steps", "preprocessing.tab.steps", {"pp_dx": 4.0, "pp_dy": 2.0, "pp_angle": 30, "pp_s1": 3.0,
                                                   "pp_s2": 0.8},
              question="pp_white_cov"),
        Scene("leak", "preprocessing.tab.leak", {"pp_step": "normalize", "pp_fit": "X_train + X_val"}),
        Scene("train_only", "preprocessing.tab.leak", {"pp_step": "normalize", "pp_fit": "X_train"},
              question="pp_val_mean"),
        Scene("pca", "preprocessing.tab.pca", {"pp_k": 10, "pp_white": False},
              question="pp_pca_share"),
        Scene("images", "preprocessing.tab.images"),
    ),
    "initialization": (
        Scene("small", "initialization.tab.hist", {**_NET, "act": "tanh", "init": "small"},
              question="init_small_std10"),
        Scene("large", "initialization.tab.hist", {**_NET, "act": "tanh", "init": "large"}),
        Scene("xavier_tanh", "initialization.tab.stats", {**_NET, "act": "tanh", "init": "xavier"}),
        Scene("xavier_relu", "initialization.tab.stats", {**_NET, "act": "relu", "init": "xavier"},
              question="init_xavier_relu"),
        Scene("he_relu", "initialization.tab.stats", {**_NET, "act": "relu", "init": "he"},
              question="init_he_relu"),
        Scene("symmetry", "initialization.tab.symmetry", {"sym_c": 0.5, "sym_std": 0.1, "sym_steps": 200}),
        Scene("glorot", "papers.glorot.tab", {"gp_layers": 5}, question="gp_trend"),     # Glorot & Bengio 2010
        Scene("he30", "papers.he.tab", {"hp_depth": 30}, question="hp_stall"),          # He et al. 2015
    ),
    "batchnorm": (
        Scene("normalise", "batchnorm.s1.title", {"bn_init": "large", "bn_act": "relu", "bn_below": True,
                                                  "bn_gamma": 1.0, "bn_beta": 0.0, "bn_identity": False}),
        Scene("gamma_beta", "batchnorm.s1.title", {"bn_gamma": 2.0, "bn_beta": 1.0, "bn_identity": False},
              question="bn_beta_mean"),
        Scene("rescue_small", "batchnorm.s2.title", {"bn_rescue_init": "small", "bn_rescue_act": "tanh"},
              question="bn_rescue_std10"),
        Scene("rescue_large", "batchnorm.s2.title", {"bn_rescue_init": "large", "bn_rescue_act": "tanh"}),
        Scene("test_mode", "batchnorm.s3.title", {"bn_steps": 50, "bn_momentum": 0.9, "bn_batch": 200},
              question="bn_test_mean"),
        Scene("small_batch", "batchnorm.s3.title", {"bn_steps": 50, "bn_momentum": 0.9, "bn_batch": 4}),
        Scene("conv", "batchnorm.s4.title", {"bn_channel": 0}),
        Scene("ioffe", "papers.ioffe.tab", {"ip_unit": 1}, question="ip_drift"),        # Ioffe & Szegedy 2015
    ),
    "babysitting": (
        Scene("sanity", "babysitting.tab_sanity", {"ds": "digits", "reg": 0.0, "ws": 1e-2},
              question="bs_initial_loss"),
        Scene("lr_range", "babysitting.tab_lr", {"ws": 1e-2, "lrs": ["1e-6", "1e-1", "1e0", "1e1", "1e6"]},
              question="bs_diverges"),
        Scene("bad_init", "babysitting.tab_lr", {"ws": 1e-4, "lrs": ["1e-1", "3e-1", "1e0"]},
              question="bs_plateau"),
        Scene("monitor", "babysitting.tab_monitor", {"ws": 1e-2, "reg": 0.0,
                                                     "lrs": ["1e-6", "1e-1", "1e0", "1e1", "1e6"]}),
        Scene("live", "babysitting.tab_live", {"live_opt": "sgd"}),
    ),
    "search": (
        Scene("coarse", "search.s1.title", {"sr_opt": "sgd", "sr_grid": False, "sr_n": 30, "sr_epochs": 5}),
        Scene("grid", "search.s1.title", {"sr_opt": "sgd", "sr_grid": True, "sr_n": 30, "sr_epochs": 5},
              question="sr_grid_lrs"),
        Scene("random_vs_grid", "search.s2.title", {"sr_rg_n": 9},
              question="sr_random_distinct"),
        Scene("log_scale", "search.s3.title", {"sr_ls_n": 100, "sr_ls_range": (-6, -1)},
              question="sr_top_decade"),
    ),
    "gradcheck": (
        Scene("v", "gradcheck.s1.title", {"gc_fn": "tanh", "gc_f32": False, "gc_h": 1e-5},
              question="gc_best_h"),
        Scene("float32", "gradcheck.s1.title", {"gc_fn": "tanh", "gc_f32": True, "gc_h": 1e-5},
              question="gc_f32_h"),
        Scene("kink", "gradcheck.s2.title", {"gc_kink": "relu", "gc_kx": 3, "gc_kh": 1e-5, "gc_ws": 1.0}),
        Scene("kinks_net", "gradcheck.s2.title", {"gc_kink": "relu", "gc_kx": 3, "gc_kh": 1e-5, "gc_ws": 1e-4},
              question="gc_kink_share"),
        Scene("traps", "gradcheck.s3.title", {"gc_reg": 1e3, "gc_p": 0.5, "gc_nc": 10}),
        Scene("bug_relu", "gradcheck.s4.title", {"gc_bug": "relu_mask", "gc_show": False},
              question="gc_bug_fails"),
        Scene("bug_bn", "gradcheck.s4.title", {"gc_bug": "bn_mean", "gc_show": True}),
    ),
    "regularisation": (
        Scene("ensemble", "regularisation.s1.title", {"rg_kind": "init", "rg_n": 5}, question="rg_ensemble_gain"),
        Scene("snapshots", "regularisation.s1.title", {"rg_kind": "snapshot", "rg_n": 10}),
        Scene("l1_sparse", "regularisation.s2.title", {"rg_pen": "l1", "rg_strength": 3e-3}, question="rg_l1_zero"),
        Scene("l2_strong", "regularisation.s2.title", {"rg_pen": "l2", "rg_strength": 0.1}),
        Scene("dropout", "regularisation.s3.title", {"rg_keep": 0.5, "rg_keep_in": 0.8, "rg_epochs": 100,
                                                     "rg_connect": False, "rg_k": 50},
              question="rg_test_scale"),
        Scene("augment", "regularisation.s4.title", {"rg_aug_n": 50, "rg_shift": 1.0, "rg_rotate": 15,
                                                     "rg_scale": 0.1, "rg_noise": 0.05}),
        Scene("transfer", "regularisation.s5.title", {"rg_ft": 0.1}, question="rg_frozen_one"),
    ),
    "optimisation": (
        Scene("zigzag", "optimisation.t1.title", {**_BOWL, "op_surface": "quadratic"}),
        Scene("saddle", "optimisation.t1.title", {**_BOWL, "op_surface": "saddle", "op_lr": 0.12},
              question="op_saddle_steps"),
        Scene("local", "optimisation.t2.title", {**_RACE, "op_r_surface": "local", "op_r_adagrad": False}),
        Scene("momentum", "optimisation.t3.title", {"op_m_kappa": 100},
              question="op_momentum_steps"),
        Scene("adam_bias", "optimisation.t4.title", {"op_a_grad": 1.0},
              question="op_adam_first"),
        Scene("real_net", "optimisation.t5.title", {"op_n_ds": "digits", "op_n_epochs": 10, "op_n_batch": 64,
                                                    "op_n_adam_lr": 1e-3, "op_kb": False},
              question="op_net_best"),
        Scene("schedules", "optimisation.t6.title", {"op_s_constant": True, "op_s_step": True, "op_s_step20": False,
                                                     "op_s_exponential": False, "op_s_inverse": False,
                                                     "op_s_cosine": True, "op_s_lr0": 0.1, "op_s_epochs": 30,
                                                     "op_s_k": 0.1}),
        Scene("newton", "optimisation.t7.title", {"op_2_kappa": 1000}),
    ),
}
