"""Cached simulation calls of the activation lesson, and its table rows."""
from __future__ import annotations

import streamlit as st

from sim.labs import activations as demos
from ui.i18n import t, tr
from viz import activations as viz

Params = tuple[tuple[str, tuple[tuple[str, float], ...]], ...]  # hashable {name: {param: value}}


def freeze(params: dict[str, dict[str, float]]) -> Params:
    return tuple(sorted((k, tuple(sorted(v.items()))) for k, v in params.items()))


def _thaw(params: Params) -> dict:
    return {k: dict(v) for k, v in params}


# Figures are cached too, by their inputs and the language: building a Plotly figure costs more than
# the NumPy behind it, and a slider in one tab should not rebuild the figures of the others.

@st.cache_data(max_entries=64, show_spinner=False)
def curves_figure(names: tuple[str, ...], x_min: float, x_max: float, params: Params, threshold: float,
                  x: float, upstream: float, lang: str):
    cs = curves(names, x_min, x_max, params, threshold)
    return viz.curves_figure(cs, tr(lang), chain_rule(names, x, upstream, params))


@st.cache_data(max_entries=64, show_spinner=False)
def zigzag_figure(lr: float, seed: int, lang: str):
    return viz.zigzag_figure(zigzag(lr, seed), tr(lang))


@st.cache_data(max_entries=64, show_spinner=False)
def dead_relu_figures(n_units: int, init_scale: float, bias_init: float, lr: float, offset: float, seed: int,
                      lang: str):
    d = dead_relu(n_units, init_scale, bias_init, lr, offset, seed)
    return viz.dead_relu_figure(d, tr(lang), after=False), viz.dead_relu_figure(d, tr(lang), after=True)


@st.cache_data(max_entries=64, show_spinner=False)
def prelu_figure(alpha0: float, alpha_true: float, lr: float, steps: int, seed: int, lang: str):
    return viz.prelu_figure(prelu_fit(alpha0, alpha_true, lr, steps, seed), tr(lang))


@st.cache_data(max_entries=4, show_spinner=False)
def cost_figure(lang: str):
    return viz.cost_figure(measured_cost(), tr(lang))


@st.cache_data(max_entries=128, show_spinner=False)
def curves(names: tuple[str, ...], x_min: float, x_max: float, params: Params, threshold: float):
    return demos.curves(names, x_min, x_max, params=_thaw(params), threshold=threshold)


@st.cache_data(max_entries=256, show_spinner=False)
def chain_rule(names: tuple[str, ...], x: float, upstream: float, params: Params):
    return demos.chain_rule(names, x, upstream, _thaw(params))


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
