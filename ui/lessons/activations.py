"""Cached simulation calls of the activation lesson, and its table rows."""
from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st

from sim.labs import activations as demos
from ui.i18n import t, tr
from viz import activations as viz
from viz.alt import activations as alt

NAMES = demos.CURVE_NAMES                               # every function the curves tab can draw
LABELS = {name: demos.label(name) for name in NAMES}    # display names, the same in every language
MAXOUT_DEFAULTS = demos.MAXOUT_DEFAULTS


@dataclass(frozen=True)
class CurvesConfig:
    """The curves tab's settings (st.cache_data hashes a dataclass by its fields, dicts included)."""
    names: tuple[str, ...] = NAMES[:4]
    x_min: float = -10.0
    x_max: float = 10.0
    params: dict = field(default_factory=dict)   # {name: {param: value}} for the chosen functions
    threshold: float = 0.01                      # |f'| below this counts as saturated
    x0: float = 0.0                              # where the chain rule is evaluated
    upstream: float = 1.0                        # dL/df arriving there


# Figures are cached too, by their inputs and the language: building a Plotly figure costs more than
# the NumPy behind it, and a slider in one tab should not rebuild the figures of the others. Each comes with its
# text alternative (viz.alt), built from the same result: (figure, alt).

@st.cache_data(max_entries=64, show_spinner=False)
def curves_figure(c: CurvesConfig, lang: str):
    cs, chain, t_ = curves(c), chain_rule(c), tr(lang)
    return viz.curves_figure(cs, t_, chain), alt.curves(cs, t_, chain)


@st.cache_data(max_entries=64, show_spinner=False)
def zigzag_figure(lr: float, seed: int, lang: str):
    z, t_ = zigzag(lr, seed), tr(lang)
    return viz.zigzag_figure(z, t_), alt.zigzag(z, t_)


@st.cache_data(max_entries=64, show_spinner=False)
def dead_relu_figures(n_units: int, init_scale: float, bias_init: float, lr: float, offset: float, seed: int,
                      lang: str):
    d = dead_relu(n_units, init_scale, bias_init, lr, offset, seed)
    t_ = tr(lang)
    return tuple((viz.dead_relu_figure(d, t_, after=a), alt.dead_relu(d, t_, after=a)) for a in (False, True))


@st.cache_data(max_entries=64, show_spinner=False)
def prelu_figure(alpha0: float, alpha_true: float, lr: float, steps: int, seed: int, lang: str):
    p, t_ = prelu_fit(alpha0, alpha_true, lr, steps, seed), tr(lang)
    return viz.prelu_figure(p, t_), alt.prelu(p, t_)


@st.cache_data(max_entries=4, show_spinner=False)
def cost_figure(lang: str):
    c, t_ = measured_cost(), tr(lang)
    return viz.cost_figure(c, t_), alt.cost(c, t_)


@st.cache_data(max_entries=128, show_spinner=False)
def curves(c: CurvesConfig):
    return demos.curves(c.names, c.x_min, c.x_max, params=c.params, threshold=c.threshold)


@st.cache_data(max_entries=256, show_spinner=False)
def chain_rule(c: CurvesConfig):
    return demos.chain_rule(c.names, c.x0, c.upstream, c.params)


@st.cache_data(max_entries=64, show_spinner=False)
def zigzag(lr: float, seed: int):
    return demos.zigzag(lr=lr, seed=seed)


@st.cache_data(max_entries=64, show_spinner=False)
def dead_relu(n_units: int, init_scale: float, bias_init: float, lr: float, offset: float, seed: int):
    return demos.dead_relu(n_units=n_units, init_scale=init_scale, bias_init=bias_init, lr=lr,
                                     offset=offset, seed=seed)


@st.cache_data(max_entries=64, show_spinner=False)
def prelu_fit(alpha0: float, alpha_true: float, lr: float, steps: int, seed: int):
    return demos.fit_prelu_alpha(alpha0=alpha0, alpha_true=alpha_true, lr=lr, steps=steps, seed=seed)


@st.cache_data(max_entries=1, show_spinner=False)
def measured_cost():
    """Timed once per server process: the numbers are this machine's, not recomputed per visitor."""
    return demos.measure_cost()


@st.cache_data(max_entries=1, show_spinner=False)
def measured_ops():
    """One exp() vs one max() per element, timed once per server process (a median of 21 repeats), so the
    numbers on screen do not drift with how many students are using the server."""
    return demos.measure_ops()


def chain_rows(steps, threshold: float) -> list[dict]:
    """One table row per function: f, local gradient, upstream, what is passed back, and a verdict."""
    rows = []
    for s in steps:
        if s.local == 0:
            status = t("activations.flow_zero")
        elif abs(s.local) < threshold:
            status = t("activations.flow_killed")
        elif abs(s.local) < 0.5:
            status = t("activations.flow_weak")
        else:
            status = t("activations.flow_ok")
        g = "{:.4g}".format  # 4 significant digits: 8.244e-09 stays readable where 0.000000008 does not
        rows.append({t("activations.col_function"): s.label, t("activations.col_f"): g(s.f),
                     t("activations.col_local"): g(s.local), t("activations.col_upstream"): g(s.upstream),
                     t("activations.col_passed"): g(s.passed), t("activations.col_status"): status})
    return rows


# ---- the start-up warm-up (ui.serving.warm) ---------------------------------------------------------------------
def warm(lang: str) -> None:
    """Compute what the page's default view draws (the curves tab, every control at its default, seed 0) with
    the arguments the page passes, so a class's first view reads it from the cache (tests/test_serving.py holds
    these to the page's defaults)."""
    names = NAMES[:4]                                      # the functions multiselect's default
    params = {"leaky_relu": {"alpha": 0.01}}               # the parameter sliders' defaults of those four
    c = CurvesConfig(names, params={k: v for k, v in params.items() if k in names})
    curves_figure(c, lang)
    chain_rule(c)
