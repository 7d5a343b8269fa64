"""Cached simulation calls, cached figures and widget blocks of the data preprocessing lesson."""
from __future__ import annotations

import streamlit as st

from sim.labs import preprocessing as demos
from ui.controls import control
from ui.i18n import t, tr
from viz import preprocessing as viz
from viz.alt import preprocessing as alt

CODE = """X -= np.mean(X, axis=0)              # zero-centre
Xnorm = X / np.std(X, axis=0)        # normalise (its own step; PCA below uses the centred X)

cov = X.T @ X / X.shape[0]           # covariance of the zero-centred data
U, S, V = np.linalg.svd(cov)
Xrot = X @ U                         # decorrelate (PCA)
Xrot_reduced = X @ U[:, :k]          # keep the top k components
Xwhite = Xrot / np.sqrt(S + 1e-5)    # whiten"""
# Option codes are what the URL stores: language-independent (function names and array names).
FIT_LABELS = {"X_train": "train", "X_train + X_val": "all", "X_val": "val"}
LEAK_N = 300


# ---- cached sims -------------------------------------------------------------------------------------------
@st.cache_data(max_entries=64, show_spinner=False)
def cloud(dx: float, dy: float, angle: float, s1: float, s2: float, n: int, seed: int):
    return demos.cloud_lab(n=n, offset=(dx, dy), angle_deg=angle, scales=(s1, s2), seed=seed)


@st.cache_data(max_entries=64, show_spinner=False)
def leak(step: str, fit_on: str, n: int, seed: int):
    return demos.leak_demo(step=step, fit_on=fit_on, n=n, seed=seed)


@st.cache_data(max_entries=64, show_spinner=False)
def digits(k: int, seed: int):
    return demos.digits_pca(k=k, seed=seed)


@st.cache_data(max_entries=8, show_spinner=False)
def centring(seed: int):
    return demos.centring(seed=seed)


# ---- cached figures (keyed by the inputs and the language), each with its text alternative: (figure, alt) ---
@st.cache_data(max_entries=64, show_spinner=False)
def steps_figure(dx, dy, angle, s1, s2, n, seed, lang):
    lab, t_ = cloud(dx, dy, angle, s1, s2, n, seed), tr(lang)
    return viz.steps_figure(lab, t_), alt.steps(lab, t_)


@st.cache_data(max_entries=64, show_spinner=False)
def leak_figure(step, fit_on, n, seed, lang):
    demo, t_ = leak(step, fit_on, n, seed), tr(lang)
    return viz.leak_figure(demo, t_), alt.leak(demo, t_)


@st.cache_data(max_entries=64, show_spinner=False)
def digits_figures(k, whiten, seed, lang):
    d, t_ = digits(k, seed), tr(lang)
    return ((viz.variance_figure(d, t_), alt.variance(d, t_)),
            (viz.pca_digits_figure(d, t_, whiten=whiten), alt.pca_digits(d, t_, whiten=whiten)))


@st.cache_data(max_entries=8, show_spinner=False)
def centring_figure(seed, lang):
    c, t_ = centring(seed), tr(lang)
    return viz.centring_figure(c, t_), alt.centring(c, t_)


# ---- widget blocks -----------------------------------------------------------------------------------------
def cloud_controls() -> dict:
    c1, c2, c3 = st.columns(3)
    dx = control(c1).slider(t("preprocessing.cloud.offset_x"), -8.0, 8.0, 4.0, 0.5, key="pp_dx", bind="query-params",
                            help=t("preprocessing.cloud.offset_help"))
    dy = control(c1).slider(t("preprocessing.cloud.offset_y"), -8.0, 8.0, 2.0, 0.5, key="pp_dy", bind="query-params",
                            help=t("preprocessing.cloud.offset_help"))
    angle = control(c2).slider(t("preprocessing.cloud.angle"), -90, 90, 30, 5, key="pp_angle", bind="query-params",
                               help=t("preprocessing.cloud.angle_help"))
    n = control(c2).slider(t("preprocessing.cloud.n"), 20, 1000, 300, 10, key="pp_n", bind="query-params")
    s1 = control(c3).slider(t("preprocessing.cloud.scale1"), 0.0, 5.0, 3.0, 0.1, key="pp_s1", bind="query-params",
                            help=t("preprocessing.cloud.scale_help"))
    s2 = control(c3).slider(t("preprocessing.cloud.scale2"), 0.0, 5.0, 0.8, 0.1, key="pp_s2", bind="query-params",
                            help=t("preprocessing.cloud.scale_help"))
    return dict(dx=float(dx), dy=float(dy), angle=float(angle), s1=float(s1), s2=float(s2), n=int(n))


def leak_controls() -> dict:
    c1, c2, c3 = st.columns([1.2, 1.4, 1])
    step = control(c1).radio(t("preprocessing.leak.step"), demos.LEAK_STEPS, index=1, key="pp_step",
                             bind="query-params", horizontal=True, help=t("preprocessing.leak.step_help"))
    fit = control(c2).radio(t("preprocessing.leak.fit_on"), list(FIT_LABELS), index=2, key="pp_fit", bind="query-params",
                            horizontal=True, help=t("preprocessing.leak.fit_on_help"))
    n = control(c3).slider(t("preprocessing.leak.n"), 20, 1000, LEAK_N, 10, key="pp_leak_n", bind="query-params",
                           help=t("preprocessing.leak.n_help"))
    return dict(step=step, fit_on=FIT_LABELS.get(fit, "val"), fit_label=fit, n=int(n))


def digits_controls() -> dict:
    c1, c2 = st.columns([3, 1])
    k = control(c1).slider(t("preprocessing.pca.k"), 1, 64, 10, key="pp_k", bind="query-params",
                           help=t("preprocessing.pca.k_help"))
    c2.write("")
    white = control(c2).toggle(t("preprocessing.pca.whiten"), value=True, key="pp_white", bind="query-params",
                               help=t("preprocessing.pca.whiten_help"))
    return dict(k=int(k), whiten=bool(white))


# ---- text ----------------------------------------------------------------------------------------------------
def leak_rows(seed: int, step: str, n: int) -> list[dict]:
    """One row per way of fitting: the fitted mean, train mean after, val mean and std after."""
    rows = []
    for label, code in FIT_LABELS.items():
        d = leak(step, code, n, seed)
        rows.append({t("preprocessing.leak.col_way"): label + (" ✓" if code == "train" else " ✗"),
                     t("preprocessing.leak.col_fitted"): viz.vec(d.mean_wrong),
                     t("preprocessing.leak.col_scale"): "—" if d.scale_wrong is None else viz.vec(d.scale_wrong),
                     t("preprocessing.leak.col_train"): viz.vec(d.train_wrong.mean(axis=0)),
                     t("preprocessing.leak.col_val_mean"): viz.vec(d.val_wrong.mean(axis=0)),
                     t("preprocessing.leak.col_val_std"): viz.vec(d.val_wrong.std(axis=0))})
    return rows


def digits_metrics(d) -> str:
    k = d.k
    return t("preprocessing.pca.metrics", k=k, share=f"{d.cum_share[k - 1]:.1%}", err=f"{d.err_val[k - 1]:.4f}",
             err_train=f"{d.err_train[k - 1]:.4f}")


def centring_text(c) -> tuple[str, str]:
    shapes = t("preprocessing.img.shapes", pixels=c.mean_image.size, channels=1, v=f"{c.channel_mean:.3f}")
    check = t("preprocessing.img.check", train=f"{c.train_mean_abs:.1e}", val=f"{c.val_mean_abs:.3f}")
    return shapes, check


# ---- the start-up warm-up (ui.serving.warm) ---------------------------------------------------------------------
def warm(lang: str) -> None:
    """Compute what the page's default view draws (the four steps tab, cloud_controls at their defaults, seed 0)
    with the arguments the page passes (tests/test_serving.py holds these to the page's defaults)."""
    c = dict(dx=4.0, dy=2.0, angle=30.0, s1=3.0, s2=0.8, n=300)   # cloud_controls' defaults, as it returns them
    cloud(**c, seed=0)
    steps_figure(**c, seed=0, lang=lang)
