"""Cached simulation calls and widget blocks of the optimisation lesson (Lecture 7, notes neural-networks-3)."""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from sim.data import prepare
from sim.labs import optimisation as demos
from sim.labs import optimisation_net as net
from sim.labs import optimisation_schedules as sched
from ui.controls import coded_select, control, fmt_num
from ui.i18n import t, tr
from ui.lessons import owndata
from viz import optimisation as viz
from viz import optimisation_net as viz_net
from viz.alt import optimisation as alt

KAPPAS = (1, 3, 10, 30, 100, 300, 1000)
LRS_SGD = (0.01, 0.02, 0.05, 0.08, 0.1, 0.12, 0.15, 0.18, 0.2, 0.25)
LRS_ADAPTIVE = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
MOMENTA = (0.0, 0.5, 0.9, 0.95, 0.99)          # the notes' cross-validation values, and none
GRADIENTS = (1e-3, 1e-2, 1e-1, 1.0, 10.0, 100.0, 1e3)
BATCHES = (16, 32, 64, 128, 256)
ADAM_LRS = (1e-4, 5e-4, 1e-3, 3e-3, 1e-2)
LR0S = (0.005, 0.01, 0.02, 0.05, 0.1, 0.2)
DECAYS = (0.01, 0.03, 0.1, 0.3)
HESSIAN_PARAMS = (1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9)
RULES = tuple(demos.RACERS)                     # the race's runners, in the order of their boxes
RACE_DEFAULT = ("sgd", "sgd_momentum", "nesterov", "adagrad", "rmsprop", "adam")
SCHEDULES = sched.SCHEDULES
SCHED_DEFAULT = ("constant", "step", "cosine")


@dataclass(frozen=True)
class RaceConfig:
    surface: str = "quadratic"
    kappa: float = 100.0
    rules: tuple = RACE_DEFAULT
    lr_sgd: float = 0.12
    lr_adaptive: float = 0.1
    momentum: float = 0.9
    noise: float = 0.0
    steps: int = 200


# ---- cached sims --------------------------------------------------------------------------------------------
@st.cache_data(max_entries=64, show_spinner=False)
def race(c: RaceConfig, seed: int):
    return demos.race(c.surface, c.rules, kappa=c.kappa, steps=c.steps, lr_sgd=c.lr_sgd, lr_adaptive=c.lr_adaptive,
                      momentum=c.momentum, noise=c.noise, seed=seed)


@st.cache_data(max_entries=32, show_spinner=False)
def surface(name: str, kappa: float):
    return demos.contour(name, kappa)


@st.cache_data(max_entries=16, show_spinner=False)
def momentum_map(kappa: float):
    return demos.momentum_map(kappa)


@st.cache_data(max_entries=16, show_spinner=False)
def convergence_steps(kappa: float) -> dict:
    """Steps to shrink ‖x‖ a thousandfold: gradient descent at its best step, momentum at Goh's optimum."""
    th = demos.theory(kappa)
    return {"gd": demos.steps_to_converge(kappa, th["gd_alpha"]),
            "momentum": demos.steps_to_converge(kappa, th["alpha"], th["beta"]), **th}


@st.cache_data(max_entries=16, show_spinner=False)
def adaptive(gradient: float):
    return demos.adaptive_steps(gradient=gradient)


def dataset(name: str, seed: int):
    """A bundled set by name, or a student's own (drawn or uploaded, named by its digest: ui.lessons.owndata)."""
    return owndata.dataset(name, seed, None) if ":" in name else prepare(name, seed=seed)


@st.cache_data(max_entries=16, show_spinner=False)
def on_net(epochs: int, batch: int, adam_lr: float, seed: int, ds: str = "digits"):
    return net.compare_rules(epochs=epochs, batch_size=batch, adam_lr=adam_lr, seed=seed, data=dataset(ds, seed))


@st.cache_data(max_entries=4, show_spinner=False)
def kingma_ba(seed: int):
    return net.kingma_ba(seed=seed)


@st.cache_data(max_entries=16, show_spinner=False)
def schedules(names: tuple, lr0: float, epochs: int, k: float, seed: int):
    return net.train_schedules(names, lr0=lr0, epochs=epochs, k=k, seed=seed)


@st.cache_data(max_entries=16, show_spinner=False)
def bowl_schedules(names: tuple, lr0: float, epochs: int, k: float, seed: int):
    return sched.schedules_on_bowl(names, lr0=lr0, epochs=epochs, k=k, seed=seed)


@st.cache_data(max_entries=16, show_spinner=False)
def newton(kappa: float):
    return demos.newton_vs_gd(kappa)


@st.cache_data(max_entries=8, show_spinner=False)
def second_order(passes: int, minibatch: bool, seed: int):
    return net.lbfgs_vs_sgd(passes=passes, minibatch_lbfgs=minibatch, seed=seed)


# ---- figures, cached by inputs and language: (figure, alt) --------------------------------------------------
@st.cache_data(max_entries=64, show_spinner=False)
def race_figures(c: RaceConfig, seed: int, lang: str, animate: bool = False):
    r, t_ = race(c, seed), tr(lang)
    return ((viz.paths_figure(r, surface(c.surface, c.kappa), t_, animate=animate), alt.race(r, t_)),
            (viz.loss_figure(r, t_), alt.race(r, t_)))


@st.cache_data(max_entries=16, show_spinner=False)
def map_figure(kappa: float, lang: str):
    m, t_ = momentum_map(kappa), tr(lang)
    return viz.heatmap_figure(m, t_), alt.heatmap(m, t_)


@st.cache_data(max_entries=16, show_spinner=False)
def look_ahead_figure(kappa: float, lang: str):
    la, t_ = demos.look_ahead(kappa), tr(lang)
    return viz.look_ahead_figure(la, surface("quadratic", kappa), t_), alt.look_ahead(la, t_)


@st.cache_data(max_entries=16, show_spinner=False)
def steps_figure(gradient: float, lang: str):
    s, t_ = adaptive(gradient), tr(lang)
    return viz.steps_figure(s, t_), alt.steps(s, t_)


@st.cache_data(max_entries=16, show_spinner=False)
def net_figure(epochs: int, batch: int, adam_lr: float, seed: int, lang: str, ds: str = "digits"):
    r, t_ = on_net(epochs, batch, adam_lr, seed, ds), tr(lang)
    return viz_net.net_figure(r, t_), alt.net(r, t_)


@st.cache_data(max_entries=4, show_spinner=False)
def kb_figure(seed: int, lang: str):
    k, t_ = kingma_ba(seed), tr(lang)
    return viz_net.kingma_ba_figure(k, t_), alt.kingma_ba(k, t_)


@st.cache_data(max_entries=16, show_spinner=False)
def schedules_figure(names: tuple, lr0: float, epochs: int, k: float, seed: int, lang: str):
    t_ = tr(lang)
    if not names:
        empty = (viz_net.schedules_figure(None, t_), t_("optimisation.fig.no_schedules"))
        return empty, empty
    label = lambda n: t_(f"optimisation.sched.{n}")   # noqa: E731
    b, r = bowl_schedules(names, lr0, epochs, k, seed), schedules(names, lr0, epochs, k, seed)
    return ((viz_net.schedules_figure(b, t_, y_key="optimisation.fig.y_gap", title_key="optimisation.fig.bowl_title"),
             alt.schedules(b, t_, label, "alt.optimisation.bowl")),
            (viz_net.schedules_figure(r, t_), alt.schedules(r, t_, label, "alt.optimisation.sched_net")))


@st.cache_data(max_entries=16, show_spinner=False)
def newton_figure(kappa: float, lang: str):
    n, t_ = newton(kappa), tr(lang)
    return viz.newton_figure(n, surface("quadratic", kappa), t_), alt.newton(n, t_)


@st.cache_data(max_entries=8, show_spinner=False)
def lbfgs_figure(passes: int, minibatch: bool, seed: int, lang: str):
    so, t_ = second_order(passes, minibatch, seed), tr(lang)
    return viz_net.lbfgs_figure(so, t_), alt.lbfgs(so, t_)


# ---- widget blocks ------------------------------------------------------------------------------------------
def _num(where, key_label: str, options, value, key: str):
    return control(where).select_slider(t(key_label), options, value=value, key=key, bind="query-params", format_func=fmt_num)


def rule_boxes(rules, defaults, prefix: str, label_key: str = "optimisation.short", per_row: int = 3) -> tuple:
    """One bound checkbox per rule (a code in the URL, a short translated label on screen), a few to a row."""
    cols = [c for row in range(-(-len(rules) // per_row)) for c in st.columns(per_row)]
    return tuple(r for col, r in zip(cols, rules, strict=False)
                 if control(col).checkbox(t(f"{label_key}.{r}"), value=r in defaults, key=f"{prefix}{r}", bind="query-params"))


def data_source() -> str:
    """The real net's data: the babysitting lesson's select (digits, spiral, blobs, a drawing, a CSV file), its
    own key; what cannot train yet falls back and says so (ui.lessons.owndata.choose)."""
    source = coded_select(st, t("babysitting.dataset"), owndata.SOURCES, "op_n_ds", "owndata.source",
                          help=t("babysitting.dataset_help"))
    return owndata.choose(source)


def problem_controls() -> RaceConfig:
    """The Problems tab: one surface, SGD alone or with momentum beside it."""
    c1, c2, c3 = st.columns(3)
    name = coded_select(c1, t("optimisation.c.surface"), demos.SURFACES, "op_surface", "optimisation.surface")
    kappa = _num(c2, "optimisation.c.kappa", KAPPAS, 100, "op_kappa")
    noise = control(c3).slider(t("optimisation.c.noise"), 0.0, 5.0, 0.0, 0.5, key="op_noise", bind="query-params",
                               help=t("optimisation.c.noise_help"))
    c1, c2, c3 = st.columns(3)
    lr = _num(c1, "optimisation.c.lr_sgd", LRS_SGD, 0.18, "op_lr")
    steps = control(c2).slider(t("optimisation.c.steps"), 10, 500, 100, 10, key="op_steps", bind="query-params")
    with_mom = control(c3).toggle(t("optimisation.c.with_momentum"), value=False, key="op_with_mom", bind="query-params")
    rules = ("sgd", "sgd_momentum") if with_mom else ("sgd",)
    return RaceConfig(name, float(kappa), rules, float(lr), 0.1, 0.9, float(noise), int(steps))


def race_controls() -> RaceConfig:
    rules = rule_boxes(RULES, RACE_DEFAULT, "op_r_")
    c1, c2, c3, c4 = st.columns(4)
    name = coded_select(c1, t("optimisation.c.surface"), demos.SURFACES, "op_r_surface", "optimisation.surface")
    kappa = _num(c2, "optimisation.c.kappa", KAPPAS, 100, "op_r_kappa")
    noise = control(c3).slider(t("optimisation.c.noise"), 0.0, 5.0, 0.0, 0.5, key="op_r_noise", bind="query-params")
    steps = control(c4).slider(t("optimisation.c.steps"), 10, 500, 200, 10, key="op_r_steps", bind="query-params")
    c1, c2, c3 = st.columns(3)
    lr = _num(c1, "optimisation.c.lr_sgd", LRS_SGD, 0.12, "op_r_lr")
    lr_ada = _num(c2, "optimisation.c.lr_adaptive", LRS_ADAPTIVE, 0.1, "op_r_lr_ada")
    mu = _num(c3, "optimisation.c.momentum", MOMENTA, 0.9, "op_r_mu")
    return RaceConfig(name, float(kappa), rules, float(lr), float(lr_ada), float(mu), float(noise), int(steps))


def hessian_rows() -> list[dict]:
    rows = []
    for n in HESSIAN_PARAMS:
        c = demos.hessian_cost(n)
        rows.append({t("optimisation.t7.col_params"): f"{n:.0e}", t("optimisation.t7.col_entries"): f"{c['entries']:.0e}",
                     t("optimisation.t7.col_gib"): f"{c['gib']:,.0f}" if c["gib"] >= 10 else fmt_num(float(c["gib"]))})
    return rows


# ---- the start-up warm-up (ui.serving.warm) ---------------------------------------------------------------------
def warm(lang: str) -> None:
    """Compute what the page's default view draws (the problems tab: the first surface, SGD alone, every control
    at its default, seed 0) with the arguments the page passes (tests/test_serving.py holds these to the page's
    defaults)."""
    c = RaceConfig(demos.SURFACES[0], 100.0, ("sgd",), 0.18, 0.1, 0.9, 0.0, 100)   # as problem_controls returns it
    race_figures(c, 0, lang)
    race(c, 0)
