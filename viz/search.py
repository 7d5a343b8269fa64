"""Figures of the search lesson: trials on log lr × log reg, random vs grid layouts, log vs linear sampling."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.colors import get_colorscale

from sim.search import MOMENTA
from viz.grid import figure
from viz.style import BAD, F_COLOR, G_COLOR, GOOD, NEUTRAL, SATURATED, base_layout, fmt_num

ACC_SCALE = get_colorscale("Viridis")  # expanded here: figures skip validation (viz.grid)


def _box(lo_hi_x, lo_hi_y) -> tuple[list, list]:
    """A closed rectangle path in data coordinates (exponents -> values)."""
    (a, b), (c, d) = (10.0 ** np.asarray(lo_hi_x, float)), (10.0 ** np.asarray(lo_hi_y, float))
    return [a, b, b, a, a], [c, c, d, d, c]


def trials_figure(res, t, *, lr_range, reg_range, proposal=None, title: str = "") -> go.Figure:
    """Every trial at (lr, reg) on log axes, coloured by val accuracy; stopped trials as grey ×; the best as ★.

    lr_range / reg_range: the sampled exponents (drawn as a box); proposal: the next stage's (lr, reg) ranges."""
    done = ~res.stopped_early
    hover = t("search.viz.hover")
    text = [hover.format(lr=fmt_num(lr), reg=fmt_num(g), acc=f"{a:.3f}") for lr, g, a in
            zip(res.lr, res.reg, res.val_acc, strict=True)]
    if res.momentum is not None:          # SGD + momentum: mu in the hover, and as the marker's size
        text = [f"{h}<br>{t('search_opt.hover_momentum', mu=f'{m:g}')}" for h, m in zip(text, res.momentum, strict=True)]
        size = 7.0 + 3.0 * np.searchsorted(np.array(MOMENTA), res.momentum)   # 0.5 → 7 … 0.99 → 16
    else:
        size = np.full(len(res.lr), 11.0)
    text = np.array(text, dtype=object)
    bx, by = _box(lr_range, reg_range)
    data = [dict(type="scatter", x=bx, y=by, mode="lines", name=t("search.viz.sampled_range"),
                 line=dict(color=SATURATED, width=1.5), hoverinfo="skip")]
    if proposal is not None:
        px, py = _box(*proposal)
        data.append(dict(type="scatter", x=px, y=py, mode="lines", name=t("search.viz.proposal"),
                         line=dict(color=G_COLOR, width=2.5, dash="dash"), hoverinfo="skip"))
    data.append(dict(type="scatter", x=res.lr[done], y=res.reg[done], mode="markers", name=t("search.viz.finished"),
                     text=text[done], hovertemplate="%{text}<extra></extra>",
                     marker=dict(size=size[done], color=res.val_acc[done], colorscale=ACC_SCALE, cmin=0.0, cmax=1.0,
                                 line=dict(color="white", width=0.5), showscale=True,
                                 colorbar=dict(title=dict(text=t("search.viz.val_acc")), thickness=14, len=0.8))))
    data.append(dict(type="scatter", x=res.lr[~done], y=res.reg[~done], mode="markers",
                     name=t("search.viz.stopped"), text=[t("search.viz.hover_stopped").format(
                         lr=fmt_num(lr), reg=fmt_num(g)) for lr, g in zip(res.lr[~done], res.reg[~done], strict=True)],
                     hovertemplate="%{text}<extra></extra>",
                     marker=dict(symbol="x-thin", size=10, color=BAD, line=dict(color=BAD, width=2))))
    b = res.best()
    if b is not None:
        data.append(dict(type="scatter", x=[res.lr[b]], y=[res.reg[b]], mode="markers", name=t("search.viz.best"),
                         text=[text[b]], hovertemplate="%{text}<extra></extra>",
                         marker=dict(symbol="star", size=22, color="rgba(0,0,0,0)", line=dict(color=BAD, width=2.5))))
    layout = base_layout(height=480, title=title or None)
    layout.update(xaxis=dict(type="log", title=dict(text=t("search.viz.lr")), **_log_ticks(lr_range, proposal, 0)),
                  yaxis=dict(type="log", title=dict(text=t("search.viz.reg")), **_log_ticks(reg_range, proposal, 1)))
    return figure(data, layout)


def _log_ticks(rng, proposal, i: int) -> dict:
    """Log-axis ticks at full size: one a decade over wide ranges (2 and 5 between would crowd); over three
    decades or fewer, 1-2-5 values written out (Plotly's own minor labels there are tiny single digits)."""
    lo = min(rng[0], proposal[i][0]) if proposal is not None else rng[0]
    hi = max(rng[1], proposal[i][1]) if proposal is not None else rng[1]
    if hi - lo > 3:
        return {"exponentformat": "power", "dtick": 1}
    vals = [m * 10.0 ** e for e in range(int(np.floor(lo)) - 1, int(np.ceil(hi)) + 1) for m in (1, 2, 5)
            if lo - 1e-9 <= np.log10(m) + e <= hi + 1e-9]
    return {"tickvals": vals, "ticktext": [fmt_num(v) for v in vals]}


def _panel(layout_obj, pts, curve_x, imp, unimp, col: int, t, colour: str) -> list[dict]:
    """One layout (grid or random): main square, the important curve on top, the unimportant one at the side."""
    n = str(3 * col + 1) if col else ""
    main, top, side = n, str(3 * col + 2), str(3 * col + 3)
    best = layout_obj.best
    x, y = pts[:, 0], pts[:, 1]
    xi = np.interp(x, curve_x, imp)
    return [
        dict(type="scatter", x=x, y=y, mode="markers", xaxis=f"x{main}", yaxis=f"y{main}", showlegend=col == 0,
             name=t("search.viz.trial"), legendgroup="trial",
             marker=dict(size=11, color=colour, line=dict(color="white", width=1))),
        dict(type="scatter", x=[x[best]], y=[y[best]], mode="markers", xaxis=f"x{main}", yaxis=f"y{main}",
             name=t("search.viz.best"), legendgroup="best", showlegend=col == 0,
             marker=dict(symbol="star", size=20, color="rgba(0,0,0,0)", line=dict(color=BAD, width=2.5))),
        dict(type="scatter", x=curve_x, y=imp, mode="lines", xaxis=f"x{top}", yaxis=f"y{top}",
             name=t("search.viz.important_curve"), legendgroup="imp", showlegend=col == 0,
             line=dict(color=NEUTRAL, width=2.5)),
        dict(type="scatter", x=x, y=xi, mode="markers", xaxis=f"x{top}", yaxis=f"y{top}", showlegend=False,
             legendgroup="trial", hoverinfo="skip", marker=dict(size=9, color=colour, line=dict(color="white", width=1))),
        dict(type="scatter", x=unimp, y=curve_x, mode="lines", xaxis=f"x{side}", yaxis=f"y{side}",
             name=t("search.viz.unimportant_curve"), legendgroup="unimp", showlegend=col == 0,
             line=dict(color=GOOD, width=2.5)),
    ]


def random_vs_grid_figure(rvg, t) -> go.Figure:
    """Grid (left) and random (right) layouts of the same budget, each with the important parameter's
    marginal curve on top (its tried values marked) and the unimportant one at the side (Bergstra & Bengio)."""
    data = (_panel(rvg.grid, rvg.grid.points, rvg.curve_x, rvg.important, rvg.unimportant, 0, t, F_COLOR)
            + _panel(rvg.random, rvg.random.points, rvg.curve_x, rvg.important, rvg.unimportant, 1, t, G_COLOR))
    layout = base_layout(height=560)
    layout["margin"] = dict(l=60, r=20, t=90, b=60)
    top_max = float(max(rvg.important.max(), 1.0)) * 1.08
    side_max = float(rvg.unimportant.max()) * 1.1 if rvg.unimportant.size else 0.1
    ann = []
    for col, key in ((0, "search.viz.grid_title"), (1, "search.viz.random_title")):
        x0 = 0.0 if col == 0 else 0.54
        n = str(3 * col + 1) if col else ""
        main, top, side = n, str(3 * col + 2), str(3 * col + 3)
        main_dom, side_dom = [x0, x0 + 0.36], [x0 + 0.38, x0 + 0.46]
        layout[f"xaxis{main}"] = dict(domain=main_dom, range=[0, 1], title=dict(text=t("search.viz.important_axis")),
                                      anchor=f"y{main}")
        layout[f"yaxis{main}"] = dict(domain=[0, 0.68], range=[0, 1], anchor=f"x{main}",
                                      title=dict(text=t("search.viz.unimportant_axis")) if col == 0 else None)
        layout[f"xaxis{top}"] = dict(domain=main_dom, range=[0, 1], matches=f"x{main}", showticklabels=False,
                                     anchor=f"y{top}")
        layout[f"yaxis{top}"] = dict(domain=[0.73, 1.0], range=[0, top_max], anchor=f"x{top}",
                                     title=dict(text=t("search.viz.score")) if col == 0 else None)
        layout[f"xaxis{side}"] = dict(domain=side_dom, range=[0, side_max], anchor=f"y{side}", nticks=2)
        layout[f"yaxis{side}"] = dict(domain=[0, 0.68], range=[0, 1], matches=f"y{main}", showticklabels=False,
                                      anchor=f"x{side}")
        lay = rvg.grid if col == 0 else rvg.random
        ann.append(dict(text=t(key, n=len(lay.points), k=lay.distinct_x, best=f"{lay.score[lay.best]:.3f}"),
                        x=x0, xref="paper", xanchor="left", y=1.0, yref="paper", yanchor="bottom", yshift=8,
                        showarrow=False, font=dict(size=15)))
    layout["annotations"] = ann
    return figure(data, layout)


def log_sampling_figure(lv, t) -> go.Figure:
    """How n draws over [10**lo, 10**hi] fall on a log axis: uniform piles up in the top decade."""
    e = lv.edges
    x = np.repeat(e, 2)[1:-1]
    data = []
    for counts, name, colour, dash in ((lv.uniform_counts, "search.viz.uniform", BAD, "solid"),
                                       (lv.log_counts, "search.viz.log_uniform", F_COLOR, "dash")):
        data.append(dict(type="scatter", x=x, y=np.repeat(counts, 2), mode="lines", name=t(name),
                         line=dict(color=colour, width=2.5, dash=dash), fill="tozeroy", opacity=0.6,
                         hovertemplate="%{x:.2g}: %{y}<extra></extra>"))
    layout = base_layout(height=380, title=t("search.viz.log_title", n=lv.n))
    layout.update(xaxis=dict(type="log", title=dict(text=t("search.viz.lr_samples")), exponentformat="power", dtick=1),
                  yaxis=dict(title=dict(text=t("search.viz.count")), rangemode="tozero"))
    return figure(data, layout)
