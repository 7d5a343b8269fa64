"""Cached simulation calls of the weight-initialisation lesson, its option labels and table rows."""
from __future__ import annotations

import io

import numpy as np
import streamlit as st

from sim.activations import ACTIVATIONS
from sim.deepnet import run_deep_net
from sim.init_reference import lecture_stds
from sim.initializers import SCHEMES
from sim.symmetry import train_symmetry
from ui.controls import fmt_num, log_options
from ui.i18n import t

ACT_NAMES = tuple(ACTIVATIONS)                                    # every entry of the registry (Maxout is not one)
ACT_LABELS = {name: a.label for name, a in ACTIVATIONS.items()}   # display names, the same in every language
INITS = (*SCHEMES, "custom")
# Formulas, the same in every language: safe to store in the URL through format_func.
INIT_LABELS = {"zeros": "W = 0", "small": "0.01·randn", "large": "1.0·randn", "xavier": "Xavier randn/√fan_in",
               "he": "He randn/√(fan_in/2)", "custom": "c·randn"}


def scale_slider(disabled: bool) -> float:
    """The custom multiplier c of c·randn, 0.001 … 10 in 1-2-5 steps; greyed out unless c·randn is chosen."""
    return st.select_slider(t("initialization.scale"), options=log_options(-3, 1), value=0.05, key="scale",
                            bind="query-params", format_func=fmt_num, help=t("initialization.scale_help"),
                            disabled=disabled)


def scheme_label(init: str, scale: float | None = None) -> str:
    return f"{fmt_num(scale)}·randn" if init == "custom" and scale is not None else INIT_LABELS.get(init, init)


@st.cache_data(max_entries=48, show_spinner=False)
def deep_net(n_layers: int, width: int, n_samples: int, activation: str, init: str, scale: float | None, seed: int):
    """init "custom" means scale·randn; every other scheme ignores `scale`."""
    if init == "custom":
        return run_deep_net(n_layers=n_layers, width=width, n_samples=n_samples, activation=activation,
                            init="large", scale=scale, seed=seed)
    return run_deep_net(n_layers=n_layers, width=width, n_samples=n_samples, activation=activation, init=init,
                        seed=seed)


COMPARE_WORK = 2.5e9   # layers·width²·samples of a compare-all net (the default net): ~0.3 s of CPU, six stay < 2 s


def compare_all(n_layers: int, width: int, n_samples: int, activation: str, seed: int,
                custom_scale: float | None = None) -> dict:
    """Every scheme (and the custom scale, if given) through the same net; one cached run each, with a
    progress bar while any is new, so switching the scheme afterwards costs nothing. Past COMPARE_WORK the
    nets see fewer samples (said on screen): per-layer statistics hardly change, and a class stays served."""
    fewer = max(100, min(n_samples, int(COMPARE_WORK // (n_layers * width * width)) // 100 * 100))
    if fewer < n_samples:
        st.caption(t("serve.compare_fewer", n=fewer, total=n_samples))
        n_samples = fewer
    inits = SCHEMES + (("custom",) if custom_scale is not None else ())
    bar = None
    out = {}
    for i, init in enumerate(inits):
        if bar is None and i == 1 and n_layers * width * width * n_samples > 5e9:
            bar = st.progress(0.0, text=t("initialization.computing"))
        out[init] = deep_net(n_layers, width, n_samples, activation, init,
                             custom_scale if init == "custom" else None, seed)
        if bar is not None:
            bar.progress((i + 1) / len(inits), text=t("initialization.computing"))
    if bar is not None:
        bar.empty()
    return out


@st.cache_data(max_entries=32, show_spinner=False)
def symmetry(value: float, random_std: float, steps: int, seed: int):
    return (train_symmetry("constant", value, steps=steps, seed=seed),
            train_symmetry("random", random_std, steps=steps, seed=seed))


def fmt_stat(v: float, overflowed: bool = False) -> str:
    """A statistic for a metric: 3 significant digits; "∞" past an overflow, "—" when there is none."""
    return fmt_num(v) if np.isfinite(v) else ("∞" if overflowed or np.isinf(v) else "—")


def pct(frac: float) -> str:
    return f"{100 * frac:.0f}%" if np.isfinite(frac) else "—"


def _num(v: float) -> float | None:
    return float(v) if np.isfinite(v) else None


def stats_rows(res) -> list[dict]:
    """One row per layer: mean, std, saturated %, dead %, and the gradient's mean and std."""
    c = {k: t(f"initialization.col.{k}") for k in
         ("layer", "mean", "std", "saturated", "dead", "grad_mean", "grad_std")}
    return [{c["layer"]: i + 1, c["mean"]: _num(res.act_mean[i]), c["std"]: _num(res.act_std[i]),
             c["saturated"]: _num(100 * res.saturated_frac[i]), c["dead"]: _num(100 * res.dead_frac[i]),
             c["grad_mean"]: _num(res.grad_mean[i]), c["grad_std"]: _num(res.grad_std[i])}
            for i in range(res.n_layers)]


def stats_columns() -> dict:
    """Three significant digits for the statistics (they span 1e-7 … 1e37), one decimal for percentages."""
    cfg = {k: st.column_config.NumberColumn(format="%.3g") for k in ("mean", "std", "grad_mean", "grad_std")}
    cfg |= {k: st.column_config.NumberColumn(format="%.1f") for k in ("saturated", "dead")}
    return {t(f"initialization.col.{k}"): v for k, v in cfg.items()}


def stats_csv(res) -> str:
    """The per-layer table as CSV, with language-independent column names."""
    buf = io.StringIO()
    buf.write("layer,act_mean,act_std,saturated_pct,dead_pct,grad_mean,grad_std\n")
    for i in range(res.n_layers):
        vals = (res.act_mean[i], res.act_std[i], 100 * res.saturated_frac[i], 100 * res.dead_frac[i],
                res.grad_mean[i], res.grad_std[i])
        buf.write(f"{i + 1}," + ",".join("" if not np.isfinite(v) else f"{v:.6g}" for v in vals) + "\n")
    return buf.getvalue()


def lecture_rows(res) -> list[dict] | None:
    """The lecture's per-layer std beside this run's, or None when the setup differs from the lecture's."""
    ref = lecture_stds(res)
    if ref is None:
        return None
    c = {k: t(f"initialization.col.{k}") for k in ("layer", "lecture", "ours")}
    return [{c["layer"]: i + 1, c["lecture"]: ref[i] or "—", c["ours"]: f"{res.act_std[i]:.3g}"}
            for i in range(res.n_layers)]
