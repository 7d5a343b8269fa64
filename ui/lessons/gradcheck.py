"""Cached simulation calls and widget blocks of the gradient-checks lesson."""
from __future__ import annotations

import numpy as np
import streamlit as st

from sim.labs import gradcheck as lab
from ui.controls import coded_select, control, fmt_num
from ui.i18n import t, tr
from viz import gradcheck as viz
from viz.alt import gradcheck as alt

H_MARKS = tuple(float(f"1e-{k}") for k in range(1, 14))        # the h a student can mark on the V
KINK_XS = (-50, 50)                                             # the kink's x slider, in units of 1e-6
KINK_HS = (1e-6, 3e-6, 1e-5, 3e-5)
WEIGHT_SCALES = (1e-4, 1e-3, 1e-2, 1e-1, 1.0)
REGS = tuple(float(fmt_num(r)) for r in lab.REGS[::2])          # 1e-2 … 1e6, one per decade
KEEPS = (0.3, 0.5, 0.8, 0.9, 1.0)
BUG_CODES = ("relu_mask", "transpose", "l2_factor", "softmax_onehot", "none", "bn_mean", "bn_none")
KINK_LABELS = {"relu": "ReLU: max(0, x)", "max": "max(x/2, 2x)"}
# a prediction: which parameters' checks fail (labels the same in every language: URL-safe; — is "none")
NET_GUESSES = {"layer1": ("W1", "b1"), "layer2": ("W2", "b2"), "weights": ("W1", "W2"),
               "all": ("W1", "b1", "W2", "b2"), "none": ()}
BN_GUESSES = {"x": ("x",), "affine": ("gamma", "beta"), "all": ("x", "gamma", "beta"), "none": ()}


def guess_label(code: str, guesses: dict) -> str:
    return ", ".join(guesses[code]) or "—"


def guesses_for(bug: str) -> dict:
    return BN_GUESSES if bug in lab.BN_BUGS else NET_GUESSES


def fails_code(b) -> str:
    """The prediction that matches the run: the code of the set of parameters whose check fails."""
    g = guesses_for(b.bug)
    return next(code for code, params in g.items() if set(params) == set(b.fails))


# ---- cached sims -------------------------------------------------------------------------------------------
@st.cache_data(max_entries=16, show_spinner=False)
def sweep(function: str, seed: int):
    return lab.error_vs_h(function, seed)


@st.cache_data(max_entries=64, show_spinner=False)
def kink(function: str, kx: int, h: float):
    return lab.kink_scalar(function, kx * 1e-6, h)


@st.cache_data(max_entries=32, show_spinner=False)
def kink_net(weight_scale: float, h: float, seed: int):
    return lab.kink_net(weight_scale, h, seed)


@st.cache_data(max_entries=8, show_spinner=False)
def reg_trap(seed: int):
    return lab.reg_trap(seed=seed)


@st.cache_data(max_entries=32, show_spinner=False)
def dropout(keep: float, seed: int):
    return lab.dropout_trap(keep, seed=seed)


@st.cache_data(max_entries=32, show_spinner=False)
def sample(num_checks: int, seed: int):
    return lab.sample_trap(num_checks, seed)


@st.cache_data(max_entries=32, show_spinner=False)
def bug(code: str, seed: int):
    return lab.bug_check(code, seed)


# ---- figures with their text alternatives: (figure, alt) ---------------------------------------------------
@st.cache_data(max_entries=64, show_spinner=False)
def error_h_figure(function: str, float32: bool, mark_h: float, seed: int, lang: str):
    s, t_ = sweep(function, seed), tr(lang)
    return viz.error_h_figure(s, t_, float32=float32, mark_h=mark_h), alt.error_h(s, t_, float32=float32)


@st.cache_data(max_entries=64, show_spinner=False)
def kink_figures(function: str, kx: int, h: float, weight_scale: float, seed: int, lang: str):
    k, kn, t_ = kink(function, kx, h), kink_net(weight_scale, h, seed), tr(lang)
    return (viz.kink_figure(k, t_), alt.kink(k, t_)), (viz.kink_net_figure(kn, t_), alt.kink_net(kn, t_))


@st.cache_data(max_entries=32, show_spinner=False)
def trap_figures(reg: float, keep: float, num_checks: int, seed: int, lang: str):
    r, d, s, t_ = reg_trap(seed), dropout(keep, seed), sample(num_checks, seed), tr(lang)
    return ((viz.reg_trap_figure(r, t_, reg), alt.reg_trap(r, t_)), (viz.dropout_figure(d, t_), alt.dropout(d, t_)),
            (viz.sample_figure(s, t_), alt.sample(s, t_)))


@st.cache_data(max_entries=32, show_spinner=False)
def bug_figure(code: str, seed: int, lang: str):
    b, t_ = bug(code, seed), tr(lang)
    return viz.bug_figure(b, t_), alt.bug(b, t_)


# ---- widget blocks -----------------------------------------------------------------------------------------
def error_h_controls() -> tuple[str, bool, float]:
    c1, c2, c3 = st.columns([1.1, 1.1, 1.4])
    fn = coded_select(c1, t("gradcheck.s1.function"), lab.FUNCTIONS, "gc_fn", "gradcheck.fn",
                      help=t("gradcheck.s1.function_help"))
    c2.write("")
    f32 = control(c2).toggle(t("gradcheck.s1.float32"), value=True, key="gc_f32", bind="query-params",
                             help=t("gradcheck.s1.float32_help"))
    h = control(c3).select_slider(t("gradcheck.s1.mark_h"), H_MARKS, value=1e-5, key="gc_h", bind="query-params",
                                  format_func=fmt_num, help=t("gradcheck.s1.mark_h_help"))
    return fn, bool(f32), float(h)


def kink_controls() -> tuple[str, int, float, float]:
    c1, c2, c3, c4 = st.columns([1.2, 1.4, 1, 1])
    fn = control(c1).radio(t("gradcheck.s2.function"), tuple(KINK_LABELS), key="gc_kink", bind="query-params",
                           format_func=KINK_LABELS.get)
    kx = control(c2).slider(t("gradcheck.s2.x"), *KINK_XS, 3, key="gc_kx", bind="query-params", help=t("gradcheck.s2.x_help"))
    h = control(c3).select_slider(t("gradcheck.s2.h"), KINK_HS, value=1e-5, key="gc_kh", bind="query-params",
                                  format_func=fmt_num)
    ws = control(c4).select_slider(t("gradcheck.s2.ws"), WEIGHT_SCALES, value=1e-4, key="gc_ws", bind="query-params",
                                   format_func=fmt_num, help=t("gradcheck.s2.ws_help"))
    return fn, int(kx), float(h), float(ws)


def trap_controls() -> tuple[float, float, int]:
    c1, c2, c3 = st.columns(3)
    reg = control(c1).select_slider(t("gradcheck.s3.reg"), REGS, value=1e3, key="gc_reg", bind="query-params",
                                    format_func=fmt_num, help=t("gradcheck.s3.reg_help"))
    keep = control(c2).select_slider(t("gradcheck.s3.keep"), KEEPS, value=0.5, key="gc_p", bind="query-params",
                                     format_func=fmt_num, help=t("gradcheck.s3.keep_help"))
    n = control(c3).slider(t("gradcheck.s3.checks"), 4, 60, 10, key="gc_nc", bind="query-params",
                           help=t("gradcheck.s3.checks_help"))
    return float(reg), float(keep), int(n)


def bug_controls() -> tuple[str, str | None, bool]:
    """The bug, the student's prediction (which parameters fail) and whether to show the result anyway."""
    c1, c2 = st.columns([1.3, 2])
    code = coded_select(c1, t("gradcheck.s4.bug"), BUG_CODES, "gc_bug", "gradcheck.bug", help=t("gradcheck.s4.bug_help"))
    g = guesses_for(code)
    key = "gc_guess_bn" if g is BN_GUESSES else "gc_guess"
    guess = control(c2).radio(t("gradcheck.s4.guess"), tuple(g), index=None, key=key, bind="query-params", horizontal=True,
                              format_func=lambda c: guess_label(c, g), help=t("gradcheck.s4.guess_help"))
    show = control(st).toggle(t("gradcheck.s4.show"), value=False, key="gc_show", bind="query-params")
    return code, guess, bool(show)


# ---- text ----------------------------------------------------------------------------------------------------
sci = viz.sci   # an error as the page writes it: 2.1e-1
def param_rows(b) -> list[dict]:
    """The checked parameters: name, shape, number of elements (what a prediction chooses among)."""
    return [{t("gradcheck.s4.col_param"): p, t("gradcheck.s4.col_shape"): str(shape),
             t("gradcheck.s4.col_size"): int(np.prod(shape))} for p, shape in zip(b.params, b.shapes, strict=True)]


def curve_rows(s) -> list[dict]:
    rows = []
    for c in s.curves:
        rows.append({t("gradcheck.s1.col_formula"): t("gradcheck.fig.centred" if c.centred else
                                                      "gradcheck.fig.one_sided"),
                     t("gradcheck.s1.col_dtype"): c.dtype, t("gradcheck.s1.col_best_h"): fmt_num(c.best_h),
                     t("gradcheck.s1.col_best_err"): viz.sci(c.best_err),
                     t("gradcheck.s1.col_slope"): f"{c.slope:.2f}" if c.slope == c.slope else "—"})
    return rows


def errors_at(s, h: float) -> dict:
    """The four curves' errors at the marked h: {(centred, dtype): error}."""
    i = int(np.abs(np.log10(s.h) - np.log10(h)).argmin())
    return {(c.centred, c.dtype): float(c.err[i]) for c in s.curves}


# ---- the start-up warm-up (ui.serving.warm) ---------------------------------------------------------------------
def warm(lang: str) -> None:
    """Compute what the page's default view draws (the error-against-h tab: the first function, float32 shown,
    h marked at 1e-5, seed 0) with the arguments the page passes (tests/test_serving.py holds these to the page's
    defaults)."""
    fn = lab.FUNCTIONS[0]
    error_h_figure(fn, True, 1e-5, 0, lang)
    sweep(fn, 0)
