"""Weight-initialisation figures: per-layer histogram small multiples, mean/std per layer, all schemes,
and the symmetry lab's loss/spread curves and final weights."""
from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from viz.grid import axis, axis_ids, figure, grid
from viz.style import (
    BAD,
    DASHES,
    F_COLOR,
    G_COLOR,
    GOOD,
    GREY,
    NEUTRAL,
    SYMBOLS,
    empty_figure,
    fmt_num,
    shared,
)

KINDS = ("act", "grad")
KIND_COLOR = {"act": F_COLOR, "grad": G_COLOR}
SCHEME_COLOR = {"zeros": GREY, "small": F_COLOR, "large": BAD, "xavier": GOOD, "he": NEUTRAL, "custom": G_COLOR}
SCHEME_STYLE = {s: (DASHES[i], SYMBOLS[i]) for i, s in enumerate(SCHEME_COLOR)}   # dash and marker per scheme
PER_ROW = 10  # layers per row of small multiples, like the lecture's figure


def rebin(counts: np.ndarray, edges: np.ndarray, new_edges: np.ndarray) -> np.ndarray:
    """Counts of a histogram moved onto other (wider) bins, each old bin whole to the new bin holding its
    centre. Exact when every old bin lies inside one new bin; puts every layer on common axes."""
    centres = 0.5 * (np.asarray(edges, float)[1:] + np.asarray(edges, float)[:-1])
    n = len(new_edges) - 1
    idx = np.clip(np.searchsorted(np.asarray(new_edges, float), centres, side="right") - 1, 0, n - 1)
    return np.bincount(idx, weights=np.asarray(counts), minlength=n).astype(np.int64)


def _common_edges(edges: np.ndarray, ok: np.ndarray) -> np.ndarray:
    """One set of bins spanning every finite layer, symmetric about 0 when the data straddle it."""
    lo, hi = float(edges[ok, 0].min()), float(edges[ok, -1].max())
    if lo < 0 < hi:
        lo, hi = -max(-lo, hi), max(-lo, hi)
    n = edges.shape[1] - 1
    return np.linspace(lo, hi, n + 1 - n % 2 + 1)   # an odd bin count: a spike at 0 stays one bar


def histograms_figure(res, t, *, fixed_axes: bool = False, kinds=KINDS) -> go.Figure:
    """One small histogram per layer: a row (or rows, past 10 layers) of activations, then of gradients.

    Bars are the share of all (sample, unit) values in each bin. fixed_axes puts every layer of a kind
    on the same bins and axes, so a collapse to 0 shows as a spike, as in the lecture's figure.
    Built as plain dicts and validated once: make_subplots and per-panel updates cost ~7× more."""
    n = res.n_layers
    # gradients through an overflowed forward pass were never computed: leave their rows out
    kinds = tuple(k for k in kinds if k in KINDS and (k == "act" or np.isfinite(res.grad.std).any()))
    if n == 0 or not kinds:
        return empty_figure(t("initialization.fig.nothing"))
    cols, rows_per = min(n, PER_ROW), math.ceil(n / PER_ROW)
    n_rows = rows_per * len(kinds)
    layout = grid(n_rows, cols, hgap=(0.012 if fixed_axes else 0.035) if cols > 5 else 0.04, vgap=0.32 / n_rows)
    del layout["annotations"]                     # the layer titles below carry each panel's σ
    traces, titles = [], []
    for k_i, kind in enumerate(kinds):
        stats = getattr(res, kind)                      # res.act or res.grad
        counts, edges, std = stats.counts, stats.edges, stats.std
        ok = np.isfinite(std)
        total = max(int(counts[ok].sum(axis=1).max()), 1) if ok.any() else 1
        common = _common_edges(edges, ok) if fixed_axes and ok.any() else None
        ymax, first = 0.0, k_i * rows_per * cols + 1
        for i in range(n):
            k = first + i
            sfx = str(k) if k > 1 else ""
            xa, ya = layout[f"xaxis{sfx}"], layout[f"yaxis{sfx}"]
            titles.append({"text": t("initialization.fig.layer_title", n=i + 1, std=_fmt(std[i])),
                           "x": sum(xa["domain"]) / 2, "y": ya["domain"][1], "xref": "paper", "yref": "paper",
                           "xanchor": "center", "yanchor": "bottom", "showarrow": False, "font": {"size": 11}})
            if not ok[i]:                  # an overflowed layer keeps its empty panel, titled σ ∞
                continue
            c, e = (rebin(counts[i], edges[i], common), common) if common is not None else (counts[i], edges[i])
            share = c / total
            ymax = max(ymax, float(share.max()))
            name = t("initialization.fig.hist_trace", kind=t(f"initialization.fig.{kind}"), n=i + 1)
            traces.append({"type": "bar", "x": 0.5 * (e[1:] + e[:-1]), "y": share, "width": np.diff(e), "name": name,
                           "meta": f"{kind}{i + 1}", "xaxis": f"x{sfx}", "yaxis": f"y{sfx}", "showlegend": False,
                           "marker": {"color": KIND_COLOR[kind], "line": {"width": 0}},
                           "hovertemplate": f"{name}<br>%{{x:.3g}}: %{{y:.1%}}<extra></extra>"})
            if common is not None:
                xa["range"] = [common[0], common[-1]]
            xa.update(_ticks(float(e[0]), float(e[-1]), both_sides=fixed_axes))
        for i in range(rows_per * cols):
            k = first + i
            ya = layout[f"yaxis{k if k > 1 else ''}"]
            if i % cols == 0:
                ya["title"] = {"text": t(f"initialization.fig.{kind}_share"), "font": {"size": 12}}
            if fixed_axes:
                ya.update(range=[0, ymax * 1.05 or 1], showticklabels=i % cols == 0)
    for key, ax in layout.items():
        ax.update({"tickfont": {"size": 10}, "tickangle": 0} if key[0] == "x"
                  else {"tickformat": ".0%", "nticks": 4, "tickfont": {"size": 10}})
    layout.update(annotations=titles, height=150 + 190 * n_rows, bargap=0, font={"size": 13},
                  margin={"l": 60, "r": 10, "t": 50, "b": 30})
    return figure(traces, layout)


def _nice(x: float) -> float:
    """The largest 1-2-5 number not above x."""
    mag = 10.0 ** math.floor(math.log10(x))
    return mag * max(m for m in (1, 2, 5) if m * mag <= x * (1 + 1e-9))


def _ticks(lo: float, hi: float, both_sides: bool) -> dict:
    """Short round x ticks well inside the panel, so every panel shows its scale and neighbouring panels'
    labels never run together: ± a 1-2-5 step when the panel straddles 0 and is wide enough (both_sides),
    otherwise one step to the right of 0, or the middle when 0 is outside."""
    if not (np.isfinite(lo) and np.isfinite(hi) and hi > lo):
        return {}
    if lo < 0 < hi:
        step = _nice(0.7 * min(-lo, hi))
        vals = [-step, step] if both_sides else [step]
    elif lo == 0:
        vals = [_nice(0.6 * hi)]
    else:
        vals = [(lo + hi) / 2]
    return {"tickvals": vals, "ticktext": [fmt_num(v) for v in vals]}


def _fmt(v: float) -> str:
    return fmt_num(v) if np.isfinite(v) else "∞"   # a layer without a std is one that overflowed


def _positive(y: np.ndarray) -> np.ndarray:
    y = np.asarray(y, dtype=float)
    return np.where(y > 0, y, np.nan)   # a log axis cannot draw 0: leave it out rather than fake it


def stats_figure(res, t, *, log_y: bool = False) -> go.Figure:
    """Mean and std of each layer's output (top row) and of the gradient reaching it (bottom row)."""
    if res.n_layers == 0:
        return empty_figure(t("initialization.fig.nothing"))
    fig = make_subplots(rows=2, cols=2, horizontal_spacing=0.1, vertical_spacing=0.2,
                        subplot_titles=(t("initialization.fig.act_mean"), t("initialization.fig.act_std"),
                                        t("initialization.fig.grad_mean"), t("initialization.fig.grad_std")))
    x = res.layers
    for row, kind, mean, std in ((1, "act", res.act.mean, res.act.std), (2, "grad", res.grad.mean, res.grad.std)):
        color = KIND_COLOR[kind]
        for col, key, y in ((1, f"{kind}_mean", mean), (2, f"{kind}_std", _positive(std) if log_y else std)):
            name = t(f"initialization.fig.{key}")
            fig.add_trace(go.Scatter(x=x, y=np.asarray(y, float), name=name, mode="lines+markers", showlegend=False,
                                     line={"color": color, "dash": "dot" if col == 1 else "solid"},
                                     hovertemplate=f"{name}<br>%{{x}}: %{{y:.3g}}<extra></extra>"), row, col)
        if log_y and not np.any(np.asarray(std) > 0):
            fig.add_annotation(text=t("initialization.fig.all_zero"), showarrow=False, row=row, col=2,
                               x=0.5, y=0.5, xref="x domain", yref="y domain")
        fig.update_yaxes(title_text=t("initialization.fig.value"), row=row, col=1)
        fig.update_yaxes(title_text=t("initialization.fig.std"), row=row, col=2,
                         **({"type": "log", "exponentformat": "power"} if log_y else {}))
    fig.update_xaxes(title_text=t("initialization.fig.layer"), dtick=1 if res.n_layers <= 12 else 2)
    fig.update_layout(**shared(620, l=70, t=50))
    return fig


def compare_figure(results: Mapping[str, object], labels: Mapping[str, str], t, *, log_y: bool = True) -> go.Figure:
    """Std per layer for every init scheme at once: activations (left) and gradients (right). Built from dicts
    (viz.grid.figure): compare-all draws it again as each scheme's net finishes."""
    if not results:
        return empty_figure(t("initialization.fig.nothing"))
    data = []
    for scheme, res in results.items():
        name = labels.get(scheme, scheme)
        color = SCHEME_COLOR.get(scheme, "#333333")
        dash, symbol = SCHEME_STYLE.get(scheme, ("solid", "circle"))
        for k, std in ((1, res.act.std), (2, res.grad.std)):
            xr, yr = axis_ids(k)
            y = _positive(std) if log_y else np.asarray(std, float)
            data.append(dict(type="scatter", x=res.layers, y=y, name=name, legendgroup=scheme, showlegend=k == 1,
                             mode="lines+markers", line={"color": color, "dash": dash}, meta=scheme, xaxis=xr,
                             yaxis=yr, marker={"symbol": symbol, "size": 8},
                             hovertemplate=f"{name}<br>%{{x}}: %{{y:.3g}}<extra></extra>"))
    layout = {**shared(460, l=70, t=90), **grid(1, 2, (t("initialization.fig.act_std"), t("initialization.fig.grad_std")),
                                                hgap=0.1),
              "legend": {"orientation": "h", "yanchor": "top", "y": 0.99, "yref": "container", "xanchor": "right",
                         "x": 0.99, "xref": "container"}}
    dtick = 1 if max(r.n_layers for r in results.values()) <= 12 else 2
    for k in (1, 2):
        axis(layout, k, "x", title={"text": t("initialization.fig.layer")}, dtick=dtick)
        axis(layout, k, "y", title={"text": t("initialization.fig.std")},
             **({"type": "log", "exponentformat": "power"} if log_y else {}))
    return figure(data, layout)


COLORS = {"constant": BAD, "random": GOOD}
SYM_DASH = {"constant": "dash", "random": "solid"}


def symmetry_figure(runs, t) -> go.Figure:
    """Left: largest distance between two hidden units' weights per step; right: the training loss.

    runs: SymmetryResult objects (a constant-init run and a random-init run)."""
    runs = [r for r in runs if r is not None and len(r.loss)]
    if not runs:
        return empty_figure(t("initialization.fig.nothing"))
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.1,
                        subplot_titles=(t("initialization.sym.spread_title"), t("initialization.sym.loss_title")))
    for r in runs:
        name = t(f"initialization.sym.{r.init}", v=f"{r.value:g}")
        steps = np.arange(len(r.loss))
        for col, y in ((1, r.spread), (2, r.loss)):
            fig.add_trace(go.Scatter(x=steps, y=np.asarray(y, float), name=name, meta=r.init, mode="lines",
                                     line={"color": COLORS.get(r.init, "#333333"), "width": 3,
                                           "dash": SYM_DASH.get(r.init, "solid")},
                                     legendgroup=r.init, showlegend=col == 1,
                                     hovertemplate=f"{name}<br>%{{x}}: %{{y:.4g}}<extra></extra>"), 1, col)
    fig.update_xaxes(title_text=t("initialization.sym.step"))
    fig.update_yaxes(title_text=t("initialization.sym.spread_axis"), rangemode="tozero", row=1, col=1)
    fig.update_yaxes(title_text=t("initialization.sym.loss_axis"), row=1, col=2)
    fig.update_layout(**shared(400, l=70, t=90),
                      legend={"orientation": "h", "yanchor": "top", "y": 0.99, "yref": "container",
                              "xanchor": "right", "x": 0.99, "xref": "container"})
    return fig


def weights_figure(runs, t) -> go.Figure:
    """The trained first-layer weights, one column per hidden unit: identical columns = unbroken symmetry."""
    runs = [r for r in runs if r is not None and r.w1.size]
    if not runs:
        return empty_figure(t("initialization.fig.nothing"))
    fig = make_subplots(rows=1, cols=len(runs), horizontal_spacing=0.08,
                        subplot_titles=[t(f"initialization.sym.{r.init}", v=f"{r.value:g}") for r in runs])
    bound = max(float(np.abs(r.w1).max()) for r in runs) or 1.0
    d = runs[0].w1.shape[0] - 1
    rows = [f"w{i + 1}" for i in range(d)] + ["b"]
    for i, r in enumerate(runs):
        fig.add_trace(go.Heatmap(z=r.w1, x=np.arange(1, r.w1.shape[1] + 1), y=rows, zmin=-bound, zmax=bound,
                                 colorscale="RdBu", reversescale=True, showscale=i == len(runs) - 1,
                                 name=t(f"initialization.sym.{r.init}", v=f"{r.value:g}"), meta=r.init,
                                 text=np.round(r.w1, 2), texttemplate="%{text}", textfont={"size": 11},
                                 hovertemplate="%{y}, %{x}: %{z:.4g}<extra></extra>"), 1, i + 1)
        fig.update_xaxes(title_text=t("initialization.sym.unit"), dtick=1, row=1, col=i + 1)
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(**shared(300, l=50, t=50))
    return fig
