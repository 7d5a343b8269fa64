"""Cached simulation calls and widget blocks of the batch normalisation lesson."""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from sim import data
from sim.activations import ACTIVATIONS
from sim.deepnet import run_deep_net
from sim.initializers import SCHEMES
from sim.labs import batchnorm as demos
from sim.labs.batchnorm import EPS
from ui.controls import control, fmt_num, init_label
from ui.i18n import t, tr
from viz import batchnorm as viz
from viz.alt import batchnorm as alt

RESCUE_INITS = ("small", "large", "xavier", "he")
MOMENTA = (0.5, 0.7, 0.8, 0.9, 0.95, 0.99)
BATCH_SIZES = (1, 2, 4, 8, 16, 32, 64, 128, 200, 256, 512)
IDENTITY_KEY = "bn_identity"


def _act_label(name: str) -> str:
    return ACTIVATIONS[name].label


# ---- typed settings: what the controls return and the cached calls key on -----------------------------------
@dataclass(frozen=True)
class BeforeAfterConfig:
    layer: int = 2                 # the layer whose pre-activations are normalised
    init: str = "large"
    activation: str = "relu"
    bn_below: bool = True          # BN after every layer below it too
    gamma: float = 1.0
    beta: float = 0.0
    identity: bool = False         # γ = √(σ²+ε), β = μ per feature instead of the sliders


@dataclass(frozen=True)
class RescueConfig:
    init: str = "small"
    activation: str = "tanh"
    gradients: bool = False        # also send a gradient back down and show its std per layer


@dataclass(frozen=True)
class TrainTestConfig:
    n_steps: int = 50
    momentum: float = 0.9
    batch_size: int = 200


# ---- cached sims -------------------------------------------------------------------------------------------
@st.cache_data(max_entries=16, show_spinner=False)
def preactivations(layer: int, init: str, activation: str, bn_below: bool, seed: int):
    return demos.layer_preactivations(layer=layer, init=init, activation=activation, bn_below=bn_below, seed=seed)


@st.cache_data(max_entries=64, show_spinner=False)
def before_after(c: BeforeAfterConfig, seed: int):
    """The lab's result and the pre-activations' variance (to say when ε dominates it)."""
    pre = preactivations(c.layer, c.init, c.activation, c.bn_below, seed)
    return demos.before_after(pre, gamma=c.gamma, beta=c.beta, identity=c.identity), float(pre.var())


def eps_dominates(variance: float) -> bool:
    """A variance within 10× of BN's ε: x̂ is visibly shrunk towards 0."""
    return variance < 10 * EPS


@st.cache_data(max_entries=1, show_spinner=False)
def assignment():
    return demos.assignment_check()


@st.cache_data(max_entries=16, show_spinner=False)
def deep_net(init: str, activation: str, batchnorm: bool, seed: int, gradients: bool = False):
    return run_deep_net(init=init, activation=activation, batchnorm=batchnorm, seed=seed, gradients=gradients)


LR_CHOICES = (0.1, 0.3, 1.0, 3.0, 10.0)


@st.cache_data(max_entries=16, show_spinner=False)
def lr_rescue(lr: float, seed: int) -> dict:
    """The deep ReLU net on the digits at one learning rate, without and with BN: {bn: (loss, blow-up)}."""
    d = data.prepare("digits", seed=seed)
    return {bn: demos.train_mlp(d.X_train, d.y_train, lr=lr, batchnorm=bn, seed=seed) for bn in (False, True)}


@st.cache_data(max_entries=64, show_spinner=False)
def train_test(c: TrainTestConfig, seed: int):
    return demos.train_test(n_steps=c.n_steps, batch_size=c.batch_size, momentum=c.momentum, seed=seed)


@st.cache_data(max_entries=4, show_spinner=False)
def axes(seed: int):
    return demos.axes_demo(seed=seed)


# ---- figures, cached by inputs and language, each with its text alternative: (figure, alt) -----------------
@st.cache_data(max_entries=64, show_spinner=False)
def before_after_figure(c: BeforeAfterConfig, seed: int, lang: str):
    r, t_ = before_after(c, seed)[0], tr(lang)
    return viz.before_after_figure(r, t_), alt.before_after(r, t_)


@st.cache_data(max_entries=16, show_spinner=False)
def rescue_figures(c: RescueConfig, seed: int, lang: str):
    """BN off, BN on (histograms per layer) and the std per layer of both."""
    off = deep_net(c.init, c.activation, False, seed, c.gradients)
    on = deep_net(c.init, c.activation, True, seed, c.gradients)
    t_ = tr(lang)
    return ((viz.bn_histograms(off, t_, on=False), alt.bn_histograms(off, t_, on=False)),
            (viz.bn_histograms(on, t_, on=True), alt.bn_histograms(on, t_, on=True)),
            (viz.std_per_layer_figure(off, on, t_, gradients=c.gradients),
             alt.std_per_layer(off, on, t_, gradients=c.gradients)))


@st.cache_data(max_entries=16, show_spinner=False)
def lr_rescue_figure(lr: float, seed: int, lang: str):
    runs, t_ = lr_rescue(lr, seed), tr(lang)
    return viz.lr_rescue_figure(runs, lr, t_), alt.lr_rescue(runs, lr, t_)


@st.cache_data(max_entries=32, show_spinner=False)
def train_test_figures(c: TrainTestConfig, seed: int, lang: str):
    """Running statistics, train vs test mode, batch-size noise."""
    tt, t_ = train_test(c, seed), tr(lang)
    noise = demos.batch_noise(batch_size=c.batch_size, seed=seed)
    return ((viz.running_stats_figure(tt, t_), alt.running_stats(tt, t_)),
            (viz.train_test_figure(tt, t_), alt.train_test(tt, t_)),
            (viz.batch_noise_figure(noise, t_), alt.batch_noise(noise, t_)))


@st.cache_data(max_entries=16, show_spinner=False)
def axes_figure(seed: int, highlight: int, lang: str):
    demo, t_ = axes(seed), tr(lang)
    return viz.axes_figure(demo, t_, highlight), alt.axes(demo, t_, highlight)


# ---- widget blocks -----------------------------------------------------------------------------------------
def _identity_on():
    st.session_state[IDENTITY_KEY] = True


def _identity_off():
    st.session_state[IDENTITY_KEY] = False


def before_after_controls() -> BeforeAfterConfig:
    """Layer, init, nonlinearity, BN below; γ, β sliders; the identity button and its toggle."""
    c1, c2, c3, c4 = st.columns([1.2, 1.2, 1, 1])
    layer = control(c1).slider(t("batchnorm.s1.layer"), 1, 10, 2, key="bn_layer", bind="query-params",
                               help=t("batchnorm.s1.layer_help"))
    init = control(c2).selectbox(t("batchnorm.s1.init"), SCHEMES, index=SCHEMES.index("large"), key="bn_init",
                                 bind="query-params", format_func=init_label, help=t("batchnorm.s1.init_help"))
    acts = list(ACTIVATIONS)
    act = control(c3).selectbox(t("batchnorm.s1.activation"), acts, index=acts.index("relu"), key="bn_act",
                                bind="query-params", format_func=_act_label)
    c4.write("")
    below = control(c4).toggle(t("batchnorm.s1.bn_below"), value=True, key="bn_below", bind="query-params",
                               help=t("batchnorm.s1.bn_below_help"))
    c1, c2, c3 = st.columns([1.2, 1.2, 2])
    gamma = control(c1).slider(t("batchnorm.s1.gamma"), 0.1, 3.0, 1.0, 0.1, key="bn_gamma", bind="query-params",
                               on_change=_identity_off, help=t("batchnorm.s1.gamma_help"))
    beta = control(c2).slider(t("batchnorm.s1.beta"), -3.0, 3.0, 0.0, 0.1, key="bn_beta", bind="query-params",
                              on_change=_identity_off, help=t("batchnorm.s1.beta_help"))
    c3.button(t("batchnorm.s1.identity_btn"), key="bn_identity_btn", on_click=_identity_on,
              icon=":material/undo:")
    identity = control(c3).toggle(t("batchnorm.s1.identity"), value=False, key=IDENTITY_KEY, bind="query-params",
                                  help=t("batchnorm.s1.identity_help"))
    return BeforeAfterConfig(int(layer), init, act, bool(below), float(gamma), float(beta), bool(identity))


def rescue_controls() -> RescueConfig:
    c1, c2 = st.columns(2)
    init = control(c1).selectbox(t("batchnorm.s2.init"), RESCUE_INITS, index=0, key="bn_rescue_init", bind="query-params",
                                 format_func=init_label)
    act = control(c2).radio(t("batchnorm.s2.activation"), ("tanh", "relu"), key="bn_rescue_act", bind="query-params",
                            format_func=_act_label, horizontal=True)
    grads = control(st).toggle(t("batchnorm.s2.gradients"), key="bn_grads", bind="query-params",
                               help=t("batchnorm.s2.gradients_help"))
    return RescueConfig(init, act, grads)


def train_test_controls() -> TrainTestConfig:
    c1, c2, c3 = st.columns(3)
    steps = control(c1).slider(t("batchnorm.s3.steps"), 1, 200, 50, key="bn_steps", bind="query-params",
                               help=t("batchnorm.s3.steps_help"))
    momentum = control(c2).select_slider(t("batchnorm.s3.momentum"), MOMENTA, value=0.9, key="bn_momentum",
                                         bind="query-params", help=t("batchnorm.s3.momentum_help"))
    batch = control(c3).select_slider(t("batchnorm.s3.batch"), BATCH_SIZES, value=200, key="bn_batch", bind="query-params",
                                      help=t("batchnorm.s3.batch_help"))
    return TrainTestConfig(int(steps), float(momentum), int(batch))


# ---- text ----------------------------------------------------------------------------------------------------
def num(v) -> str:
    """fmt_num, with |v| < 1e-9 shown as 0: means after BN are exact up to rounding."""
    return fmt_num(0.0 if abs(float(v)) < 1e-9 else float(v))


def vec(values) -> str:
    return "[" + ", ".join(num(v) for v in values) + "]"


def feature_rows(r) -> list[dict]:
    """One table row per shown feature: mean/std before, γ, β, mean/std after."""
    return [{t("batchnorm.s1.col_feature"): int(f), t("batchnorm.s1.col_before_mean"): num(r.before.mean[i]),
             t("batchnorm.s1.col_before_std"): num(r.before.std[i]), t("batchnorm.s1.col_gamma"): num(r.gamma[i]),
             t("batchnorm.s1.col_beta"): num(r.beta[i]), t("batchnorm.s1.col_after_mean"): num(r.after.mean[i]),
             t("batchnorm.s1.col_after_std"): num(r.after.std[i])} for i, f in enumerate(r.features)]


def assignment_rows(a) -> list[dict]:
    rows = ((t("batchnorm.s1.row_before"), a.before.mean, a.before.std),
            (t("batchnorm.s1.row_unit"), a.unit.mean, a.unit.std),
            (t("batchnorm.s1.row_scaled"), a.scaled.mean, a.scaled.std))
    return [{t("batchnorm.s1.col_check"): name,
             t("batchnorm.s1.col_means"): vec(m),
             t("batchnorm.s1.col_stds"): vec(s)} for name, m, s in rows]


def shapes_table(demo) -> str:
    return t("batchnorm.s4.shapes", fc=str(demo.fc_shape), fc_stat=str(demo.fc_stat_shape), fc_count=demo.fc_count,
             conv=str(demo.conv_shape), conv_stat=str(demo.conv_stat_shape), conv_count=demo.conv_count)


# ---- the start-up warm-up (ui.serving.warm) ---------------------------------------------------------------------
def warm(lang: str) -> None:
    """Compute what the page's default view draws (the before/after tab at its defaults, seed 0, and the
    assignment's check in its expander) with the arguments the page passes (tests/test_serving.py holds these to
    the page's defaults)."""
    c = BeforeAfterConfig()
    before_after(c, 0)
    before_after_figure(c, 0, lang)
    assignment()
