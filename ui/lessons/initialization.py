"""Cached simulation calls of the weight-initialisation lesson, its option labels and table rows."""
from __future__ import annotations

import io
from dataclasses import dataclass, replace

import numpy as np
import streamlit as st

from sim.activations import ACTIVATIONS
from sim.deepnet import run_deep_net
from sim.initializers import SCHEMES, scheme_scale
from sim.labs.initialization import lecture_stds, lecture_theory, seed_spread, theory_stds, train_symmetry
from ui import stream
from ui.controls import control, fmt_num, init_label, log_options
from ui.i18n import t, tr
from ui.page import chart
from viz import initialization as viz
from viz.alt import initialization as alt

ACT_NAMES = tuple(ACTIVATIONS)                                    # every entry of the registry (Maxout is not one)
ACT_LABELS = {name: a.label for name, a in ACTIVATIONS.items()}   # display names, the same in every language
INITS = (*SCHEMES, "custom")
INIT_LABELS = {init: init_label(init) for init in INITS}          # formulas, from the locale files


def scale_slider(disabled: bool) -> float:
    """The custom multiplier c of c·randn, 0.001 … 10 in 1-2-5 steps; greyed out unless c·randn is chosen."""
    return control(st).select_slider(t("initialization.scale"), options=log_options(-3, 1), value=0.05, key="scale",
                                     bind="query-params", format_func=fmt_num, help=t("initialization.scale_help"),
                                     disabled=disabled)


def scheme_label(init: str, scale: float | None = None) -> str:
    return f"{fmt_num(scale)}·randn" if init == "custom" and scale is not None else INIT_LABELS.get(init, init)


@dataclass(frozen=True)
class NetConfig:
    """The page's deep net: what sim.deepnet.run_deep_net is called with (a cache key as it is)."""
    n_layers: int = 10
    width: int = 500
    n_samples: int = 1000
    activation: str = "tanh"
    init: str = "small"            # a scheme of sim.initializers, or "custom": scale·randn
    scale: float | None = None     # only for "custom"
    seed: int = 0


@st.cache_data(max_entries=48, show_spinner=False)
def deep_net(net: NetConfig):
    """init "custom" means scale·randn; every other scheme ignores `scale`."""
    custom = net.init == "custom"
    return run_deep_net(n_layers=net.n_layers, width=net.width, n_samples=net.n_samples,
                        activation=net.activation, init="large" if custom else net.init,
                        scale=net.scale if custom else None, seed=net.seed)


@st.cache_data(max_entries=48, show_spinner=False)
def scheme_stats(net: NetConfig):
    """deep_net(net)'s per-layer means and stds only (no histograms): all compare-all plots of a scheme."""
    custom = net.init == "custom"
    return run_deep_net(n_layers=net.n_layers, width=net.width, n_samples=net.n_samples,
                        activation=net.activation, init="large" if custom else net.init,
                        scale=net.scale if custom else None, seed=net.seed, histograms=False)


def _scheme_run(cfg: NetConfig, own: NetConfig):
    """The page's own net as computed for the view above it; any other scheme's statistics only."""
    return deep_net(cfg) if cfg == own else scheme_stats(cfg)


COMPARE_WORK = 2.5e9   # layers·width²·samples of a compare-all net (the default net): ~0.3 s of CPU, six stay < 2 s


def _schemes(net: NetConfig) -> dict[str, NetConfig]:
    """Every scheme (and the custom scale, if chosen) through the same net."""
    inits = SCHEMES + (("custom",) if net.scale is not None else ())
    return {init: replace(net, init=init, scale=net.scale if init == "custom" else None) for init in inits}


def compare_net(net: NetConfig) -> NetConfig:
    """The net every scheme runs through in compare-all: past COMPARE_WORK it sees fewer samples (said on
    screen). Per-layer statistics hardly change, and a class stays served."""
    fewer = max(100, min(net.n_samples, int(COMPARE_WORK // (net.n_layers * net.width * net.width)) // 100 * 100))
    return replace(net, n_samples=fewer)


def compare_runs(net: NetConfig, log_y: bool, lang: str):
    """One cached run per scheme through compare_net(net), drawn as they finish: the page's own scheme first
    (already computed for the view above), then a line pair per scheme under a progress bar; the others keep
    their per-layer stds only (histograms cost a third of a run). Returns the spot for the final figure."""
    small = compare_net(net)
    if small.n_samples < net.n_samples:
        st.caption(t("serve.compare_fewer", n=small.n_samples, total=net.n_samples))
    nets = _schemes(small)
    order = sorted(nets, key=lambda init: init != net.init)                # stable: the rest in SCHEMES order
    labels = {k: scheme_label(k, net.scale) for k in nets}

    def partial(done: list, i: int) -> None:
        so_far = dict(zip(order[:len(done)], done, strict=True))
        chart(viz.compare_figure(so_far, labels, tr(lang), log_y=log_y), alt.compare(so_far, labels, tr(lang)),
              f"compare_{i}", table=False)

    calls = [lambda cfg=nets[init]: _scheme_run(cfg, net) for init in order]
    _, spot = stream.chunked(calls, partial, lambda k: t("initialization.computing_schemes", done=k, n=len(order)))
    return spot


# ---- figures, cached by inputs and language, each with its text alternative: (figure, alt) -----------------
@st.cache_data(max_entries=32, show_spinner=False)
def histograms_figure(net: NetConfig, fixed_axes: bool, lang: str):
    res, t_ = deep_net(net), tr(lang)
    return viz.histograms_figure(res, t_, fixed_axes=fixed_axes), alt.histograms(res, t_)


@st.cache_data(max_entries=32, show_spinner=False)
def stats_figure(net: NetConfig, log_y: bool, lang: str):
    res, t_ = deep_net(net), tr(lang)
    return viz.stats_figure(res, t_, log_y=log_y), alt.stats(res, t_)


def compare_figure(net: NetConfig, log_y: bool, lang: str):
    """Every scheme's per-layer stds (after compare_runs has computed them)."""
    return _compare_figure(compare_net(net), net, log_y, lang)


@st.cache_data(max_entries=16, show_spinner=False)
def _compare_figure(net: NetConfig, own: NetConfig, log_y: bool, lang: str):
    results = {init: _scheme_run(cfg, own) for init, cfg in _schemes(net).items()}
    labels = {k: scheme_label(k, net.scale) for k in results}
    t_ = tr(lang)
    return viz.compare_figure(results, labels, t_, log_y=log_y), alt.compare(results, labels, t_)


@st.cache_data(max_entries=32, show_spinner=False)
def symmetry_figures(value: float, random_std: float, steps: int, seed: int, lang: str):
    runs = symmetry(value, random_std, steps, seed)
    t_ = tr(lang)
    return (viz.symmetry_figure(runs, t_), alt.symmetry(runs, t_)), (viz.weights_figure(runs, t_), alt.weights(runs, t_))


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
    return [{c["layer"]: i + 1, c["mean"]: _num(res.act.mean[i]), c["std"]: _num(res.act.std[i]),
             c["saturated"]: _num(100 * res.saturated_frac[i]), c["dead"]: _num(100 * res.dead_frac[i]),
             c["grad_mean"]: _num(res.grad.mean[i]), c["grad_std"]: _num(res.grad.std[i])}
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
        vals = (res.act.mean[i], res.act.std[i], 100 * res.saturated_frac[i], 100 * res.dead_frac[i],
                res.grad.mean[i], res.grad.std[i])
        buf.write(f"{i + 1}," + ",".join("" if not np.isfinite(v) else f"{v:.6g}" for v in vals) + "\n")
    return buf.getvalue()


@st.cache_data(max_entries=8, show_spinner=False)
def spread(activation: str, init: str) -> tuple[np.ndarray, np.ndarray]:
    """Per-layer (lowest, highest) std over seeds 0–19 of the lecture's setup: 20 forward passes, once per
    server for each of the five setups."""
    return seed_spread(activation, init)


def lecture_rows(res) -> list[dict] | None:
    """Per layer: the slide's printed std, the variance recursion's, this run's, and the range over seeds
    0–19; None when the setup differs from the lecture's."""
    ref = lecture_stds(res)
    if ref is None:
        return None
    theory = lecture_theory(res)
    with st.spinner(t("initialization.spread_spinner")):
        lo, hi = spread(res.activation, res.init)
    c = {k: t(f"initialization.col.{k}") for k in ("layer", "lecture", "theory", "ours", "seeds")}
    return [{c["layer"]: i + 1, c["lecture"]: ref[i] or "—", c["theory"]: fmt_num(theory[i]),
             c["ours"]: fmt_num(res.act.std[i]), c["seeds"]: f"{fmt_num(lo[i])} – {fmt_num(hi[i])}"}
            for i in range(res.n_layers)]


def why_lines(res) -> list[str]:
    """Why Xavier and He, one line each, with this run's fan_in, Var(w) and top-layer std beside the
    variance recursion's (for tanh and ReLU, the two nonlinearities the argument is made for)."""
    lines = [t("initialization.why.var")]
    if res.init != "zeros" and res.activation in ("tanh", "relu") and res.act.overflow_layer is None:
        w = scheme_scale(res.init, res.width, res.scale)         # this run's weight std
        top = theory_stds(res.activation, w, res.width, res.n_layers)[-1]
        lines.append(t("initialization.why.this_run", fan_in=res.width, var_w=fmt_num(w ** 2),
                       gain=fmt_num(res.width * w ** 2), n=res.n_layers, ours=fmt_num(res.act.std[-1]),
                       theory=fmt_num(top)))
    return lines + [t("initialization.why.xavier"), t("initialization.why.he"),
                    t("initialization.why.glorot", fan_in=res.width)]



# ---- the start-up warm-up (ui.serving.warm) ---------------------------------------------------------------------
def warm(lang: str) -> None:
    """Compute what the page's default view draws (the net at its defaults, seed 0; the histograms tab with fixed
    axes) with the arguments the page passes (tests/test_serving.py holds these to the page's defaults)."""
    net = NetConfig()
    deep_net(net)
    histograms_figure(net, True, lang)
