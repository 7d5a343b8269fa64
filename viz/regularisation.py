"""Figures of the regularisation lesson: ensembles and Polyak averaging, penalties, dropout (masks, expectation,
Monte Carlo, Srivastava et al.'s curves), augmentation, transfer learning and the common pattern."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from viz.grid import axis, axis_ids, grid
from viz.grid import figure as build
from viz.style import BAD, F_COLOR, G_COLOR, GOOD, GREY, NEUTRAL, SATURATED, fmt_num

LINE = {"height": 400, "margin": {"t": 60, "b": 60}, "legend": {"orientation": "h", "y": -0.22}}


def _line(x, y, name, color, dash="solid", symbol="circle", meta=None, **kw) -> dict:
    return dict(type="scatter", x=np.asarray(x), y=np.asarray(y), name=name, mode="lines+markers", meta=meta,
                line={"color": color, "dash": dash, "width": 2.5}, marker={"symbol": symbol, "size": 8},
                **kw)


def _hline(y: float, x0, x1, name: str, color: str, dash: str, meta: str, symbol="star") -> dict:
    return dict(type="scatter", x=[x0, x1], y=[y, y], name=name, mode="lines+markers", meta=meta,
                line={"color": color, "dash": dash, "width": 2}, marker={"symbol": symbol, "size": 10})


def _layout(title: str, x: str, y: str, **extra) -> dict:
    return {**LINE, "title": {"text": title}, "xaxis": {"title": {"text": x}}, "yaxis": {"title": {"text": y}},
            **extra}


# ---- ensembles ---------------------------------------------------------------------------------------------------
def ensemble_figure(c, t, kind: str) -> go.Figure:
    """Validation accuracy against the number of members: the ensemble (averaged probabilities), a majority
    vote, the mean and the best single member."""
    data = [_line(c.n, c.ensemble, t("regularisation.fig.ensemble"), F_COLOR, "solid", "circle", "ensemble"),
            _line(c.n, c.best, t("regularisation.fig.best"), GOOD, "dashdot", "diamond", "best")]
    data.append(_line(c.n, c.mean, t("regularisation.fig.mean"), G_COLOR, "dash", "square", "mean"))
    data.append(_line(c.n, c.vote, t("regularisation.fig.vote"), GREY, "dot", "x", "vote"))
    return build(data, _layout(t("regularisation.fig.ensemble_title", kind=t(f"regularisation.kind.{kind}")),
                               t("regularisation.fig.members"), t("regularisation.fig.val_acc"),
                               xaxis={"title": {"text": t("regularisation.fig.members")}, "dtick": 1}))


def polyak_figure(r, t) -> go.Figure:
    data = [_line(r.epochs, r.raw, t("regularisation.fig.raw"), G_COLOR, "dash", "square", "raw"),
            _line(r.epochs, r.averaged, t("regularisation.fig.polyak"), F_COLOR, "solid", "circle", "polyak")]
    lo = float(np.nanmin(np.concatenate([r.raw[3:], r.averaged[3:]]))) if len(r.raw) > 3 else 0.0
    return build(data, _layout(t("regularisation.fig.polyak_title", decay=r.decay), t("regularisation.fig.epoch"),
                               t("regularisation.fig.val_acc"),
                               yaxis={"title": {"text": t("regularisation.fig.val_acc")}, "range": [lo - 0.02, 1.0]}))


# ---- penalties ---------------------------------------------------------------------------------------------------
def penalty_hist_figure(r, i: int, t) -> go.Figure:
    """W1's histogram without a penalty and at strength i (log counts, so the tails and L1's spike both show)."""
    centres = 0.5 * (r.edges[1:] + r.edges[:-1])
    data = []
    for j, color, dash, symbol in ((0, GREY, "dash", "square"), (i, F_COLOR, "solid", "circle")):
        name = t("regularisation.fig.strength", s=fmt_num(r.strengths[j]))
        data.append(dict(type="scatter", x=centres, y=np.where(r.hist[j] > 0, r.hist[j], np.nan), name=name,
                         mode="lines+markers", line={"shape": "hvh", "color": color, "dash": dash, "width": 2.5},
                         marker={"symbol": symbol, "size": 6}, meta=f"hist_{j}"))
    return build(data, _layout(t("regularisation.fig.hist_title", kind=t(f"regularisation.penalty.{r.kind}")),
                               t("regularisation.fig.weight"), t("regularisation.fig.count"),
                               yaxis={"title": {"text": t("regularisation.fig.count")}, "type": "log"}))


def penalty_curve_figure(r, i: int, t) -> go.Figure:
    """Train and validation accuracy against the strength (a category axis: 0 then the log-spaced values)."""
    x = [fmt_num(s) for s in r.strengths]
    data = [_line(x, r.train_acc, t("regularisation.fig.train"), G_COLOR, "dash", "square", "train"),
            _line(x, r.val_acc, t("regularisation.fig.val"), F_COLOR, "solid", "circle", "val"),
            _line(x, r.near_zero, t("regularisation.fig.near_zero"), NEUTRAL, "dot", "diamond", "near_zero")]
    data.append(dict(type="scatter", x=[x[i]], y=[r.val_acc[i]], mode="markers", name=t("regularisation.fig.chosen"),
                     meta="chosen", marker={"symbol": "star", "size": 18, "color": "rgba(0,0,0,0)",
                                            "line": {"color": BAD, "width": 2.5}}))
    return build(data, _layout(t("regularisation.fig.curve_title", kind=t(f"regularisation.penalty.{r.kind}")),
                               t("regularisation.fig.strength_axis"), t("regularisation.fig.acc_share"),
                               yaxis={"title": {"text": t("regularisation.fig.acc_share")}, "range": [0, 1.05]}))


# ---- dropout -----------------------------------------------------------------------------------------------------
def dropout_curves_figure(run, t, *, connect: bool = False) -> go.Figure:
    """Srivastava et al. 2014, Fig. 4 at classroom scale: validation error against epochs without and with
    dropout (solid), training error dotted."""
    with_key = "regularisation.fig.with_dropconnect" if connect else "regularisation.fig.with_dropout"
    late = 1 - run.val_acc[:, min(5, run.val_acc.shape[1] - 1):]
    top = float(min(1.0, max(0.1, 2.5 * np.nanmax(late))))                   # zoom past the first epochs' drop
    data = []
    for row, name, color, symbol in ((0, t("regularisation.fig.without"), G_COLOR, "square"),
                                     (1, t(with_key), F_COLOR, "circle")):
        data.append({**_line(run.epochs, 1 - run.val_acc[row], t("regularisation.fig.val_err", name=name), color,
                             "solid", symbol, f"val_{row}"), "marker": {"symbol": symbol, "size": 8, "maxdisplayed": 15}})
        data.append({**_line(run.epochs, 1 - run.train_acc[row], t("regularisation.fig.train_err", name=name), color,
                             "dot", symbol + "-open", f"train_{row}"), "marker": {"symbol": symbol + "-open",
                                                                                  "size": 7, "maxdisplayed": 15}})
    return build(data, _layout(t("regularisation.fig.dropout_title", keep=fmt_num(run.keep),
                                 keep_in=fmt_num(run.keep_input)),
                               t("regularisation.fig.epoch"), t("regularisation.fig.error"),
                               yaxis={"title": {"text": t("regularisation.fig.error")}, "range": [0, top]}))


def masks_figure(m, t, *, connect: bool = False, n_in: int = 6, n_out: int = 3) -> go.Figure:
    """The hidden layer of a small net in K forward passes: kept units filled, dropped units as grey × with
    their connections gone (dropout); or every unit kept and some first-layer weights gone (DropConnect)."""
    K, H = m.unit.shape
    layout = grid(1, K, [t("regularisation.fig.pass", k=k + 1) for k in range(K)], hgap=0.04)
    data = []
    ys = {n: np.linspace(0, 1, n) if n > 1 else np.array([0.5]) for n in (n_in, H, n_out)}
    for k in range(K):
        xr, yr = axis_ids(k + 1)
        keep_u = m.unit[k] > 0 if not connect else np.ones(H, bool)
        ex, ey = [], []
        for i in range(n_in):
            for j in range(H):
                if keep_u[j] and (not connect or m.weight[k, i % m.weight.shape[1], j] > 0):
                    ex += [0, 1, None]
                    ey += [ys[n_in][i], ys[H][j], None]
        for j in range(H):
            if keep_u[j]:
                for o in range(n_out):
                    ex += [1, 2, None]
                    ey += [ys[H][j], ys[n_out][o], None]
        data.append(dict(type="scatter", x=ex, y=ey, mode="lines", line={"color": SATURATED, "width": 1},
                         hoverinfo="skip", showlegend=False, xaxis=xr, yaxis=yr))
        for layer_x, n, kept, name, color, symbol in (
                (0, n_in, np.ones(n_in, bool), t("regularisation.fig.input"), GREY, "square"),
                (1, H, keep_u, t("regularisation.fig.kept"), F_COLOR, "circle"),
                (2, n_out, np.ones(n_out, bool), t("regularisation.fig.output"), GREY, "diamond")):
            data.append(dict(type="scatter", x=np.full(int(kept.sum()), layer_x), y=ys[n][kept], mode="markers",
                             name=name, legendgroup=name, showlegend=k == 0, meta=f"units_{layer_x}_{k}",
                             marker={"symbol": symbol, "size": 14, "color": color}, xaxis=xr, yaxis=yr))
        if not keep_u.all():
            data.append(dict(type="scatter", x=np.ones(int((~keep_u).sum())), y=ys[H][~keep_u], mode="markers",
                             name=t("regularisation.fig.dropped"), legendgroup="dropped", showlegend=k == 0,
                             meta=f"dropped_{k}", marker={"symbol": "x-thin", "size": 14,
                                                          "line": {"color": BAD, "width": 3}}, xaxis=xr, yaxis=yr))
        axis(layout, k + 1, "x", visible=False, range=[-0.3, 2.3])
        axis(layout, k + 1, "y", visible=False, range=[-0.1, 1.1])
    title = t("regularisation.fig.masks_connect" if connect else "regularisation.fig.masks_title")
    layout.update(height=340, title={"text": title}, margin={"t": 80, "b": 30},
                  legend={"orientation": "h", "y": -0.05})
    return build(data, layout)


def expectation_figure(e, t) -> go.Figure:
    n = e.n
    data = [_line(n, e.inverted, t("regularisation.fig.inverted_mean"), F_COLOR, "solid", "circle", "inverted"),
            _line(n, e.vanilla, t("regularisation.fig.vanilla_mean"), G_COLOR, "dash", "square", "vanilla"),
            _hline(e.test, n[0], n[-1], t("regularisation.fig.test_out"), GOOD, "dot", "test"),
            _hline(e.test_scaled, n[0], n[-1], t("regularisation.fig.test_scaled", p=fmt_num(e.keep)), BAD,
                   "dashdot", "test_scaled", "diamond")]
    for tr in data[:2]:
        tr["marker"]["maxdisplayed"] = 12
    return build(data, _layout(t("regularisation.fig.expect_title", p=fmt_num(e.keep)),
                               t("regularisation.fig.masks_drawn"), t("regularisation.fig.unit_out"),
                               xaxis={"title": {"text": t("regularisation.fig.masks_drawn")}, "type": "log"}))


def monte_carlo_figure(mc, t) -> go.Figure:
    data = [_line(mc.k, mc.mc_acc, t("regularisation.fig.mc"), F_COLOR, "solid", "circle", "mc"),
            _hline(mc.scaled_acc, mc.k[0], mc.k[-1], t("regularisation.fig.single"), GOOD, "dash", "single")]
    data[0]["marker"]["maxdisplayed"] = 20
    return build(data, _layout(t("regularisation.fig.mc_title"), t("regularisation.fig.k_masks"),
                               t("regularisation.fig.val_acc"),
                               xaxis={"title": {"text": t("regularisation.fig.k_masks")}, "type": "log"}))


# ---- augmentation ------------------------------------------------------------------------------------------------
def variants_figure(v, t, cols: int = 5) -> go.Figure:
    """The original digit, its random variants, and its mirror image (marked: never used)."""
    imgs = [v.original, *v.images, v.flipped]
    titles = ([t("regularisation.fig.original", label=v.label)]
              + [t("regularisation.fig.variant", k=k + 1) for k in range(len(v.images))]
              + [t("regularisation.fig.flipped")])
    rows = -(-len(imgs) // cols)
    layout = grid(rows, cols, titles, hgap=0.03, vgap=0.1)
    data = []
    for k, img in enumerate(imgs):
        xr, yr = axis_ids(k + 1)
        data.append(dict(type="heatmap", z=img[::-1], zmin=0, zmax=1, showscale=False, xaxis=xr, yaxis=yr,
                         colorscale=[[0, "#ffffff"], [1, "#111111"]], name=titles[k], hoverinfo="skip"))
        axis(layout, k + 1, "x", visible=False, constrain="domain")
        axis(layout, k + 1, "y", visible=False, scaleanchor=xr, constrain="domain")
    flip = len(imgs)
    xr, yr = axis_ids(flip)
    data.append(dict(type="scatter", x=[-0.5, 7.5, None, -0.5, 7.5], y=[-0.5, 7.5, None, 7.5, -0.5], mode="lines",
                     line={"color": BAD, "width": 3}, name=t("regularisation.fig.not_used"), xaxis=xr, yaxis=yr))
    for a in layout["annotations"]:
        a["font"] = {"size": 13}
    layout.update(height=160 * rows + 80, title={"text": t("regularisation.fig.variants_title")},
                  margin={"t": 80, "b": 20}, legend={"orientation": "h", "y": -0.02})
    return build(data, layout)


def augment_figure(run, t) -> go.Figure:
    data = []
    for row, name, color, symbol in ((0, t("regularisation.fig.no_aug"), G_COLOR, "square"),
                                     (1, t("regularisation.fig.aug"), F_COLOR, "circle")):
        data.append({**_line(run.epochs, run.val_acc[row], t("regularisation.fig.val_of", name=name), color, "solid",
                             symbol, f"val_{row}"), "marker": {"symbol": symbol, "size": 8, "maxdisplayed": 15}})
        data.append({**_line(run.epochs, run.train_acc[row], t("regularisation.fig.train_of", name=name), color,
                             "dot", symbol + "-open", f"train_{row}"),
                     "marker": {"symbol": symbol + "-open", "size": 7, "maxdisplayed": 15}})
    return build(data, _layout(t("regularisation.fig.aug_title", n=run.n_train), t("regularisation.fig.epoch"),
                               t("regularisation.fig.accuracy"),
                               yaxis={"title": {"text": t("regularisation.fig.accuracy")}, "range": [0, 1.02]}))


def pattern_figure(p, t) -> go.Figure:
    """One row per technique: its values at training (dots: one per random draw), their mean (◆) and the test
    value (★)."""
    rows = ("dropout", "augmentation", "batchnorm")
    layout = grid(3, 1, [t(f"regularisation.pattern.{r}") for r in rows], vgap=0.3)
    data = []
    K = p.samples.shape[1]
    jitter = np.random.default_rng(0).uniform(-0.25, 0.25, K)                  # fixed: only to separate the dots
    for k, r in enumerate(rows):
        xr, yr = axis_ids(k + 1)
        first = k == 0
        data.append(dict(type="scatter", x=p.samples[k], y=jitter, mode="markers", xaxis=xr, yaxis=yr,
                         name=t("regularisation.fig.train_draws"), legendgroup="draws", showlegend=first,
                         meta=f"draws_{r}", marker={"symbol": "circle-open", "size": 9, "color": G_COLOR}))
        data.append(dict(type="scatter", x=[p.mean[k]], y=[0], mode="markers", xaxis=xr, yaxis=yr,
                         name=t("regularisation.fig.draws_mean"), legendgroup="mean", showlegend=first,
                         meta=f"mean_{r}", marker={"symbol": "diamond", "size": 16, "color": NEUTRAL}))
        data.append(dict(type="scatter", x=[p.test[k]], y=[0], mode="markers", xaxis=xr, yaxis=yr,
                         name=t("regularisation.fig.test_value"), legendgroup="test", showlegend=first,
                         meta=f"test_{r}", marker={"symbol": "star", "size": 18, "color": GOOD,
                                                   "line": {"color": "#111111", "width": 1}}))
        axis(layout, k + 1, "y", visible=False, range=[-0.5, 0.5])
        axis(layout, k + 1, "x", title={"text": t(f"regularisation.pattern.{r}_x")})
    layout.update(height=640, title={"text": t("regularisation.fig.pattern_title")}, margin={"t": 90, "b": 60},
                  legend={"orientation": "h", "y": -0.12})
    return build(data, layout)


# ---- transfer ----------------------------------------------------------------------------------------------------
METHOD_STYLE = {"scratch": (G_COLOR, "dash", "square"), "frozen": (F_COLOR, "solid", "circle"),
                "finetune": (GOOD, "dashdot", "diamond")}


def transfer_figure(c, t) -> go.Figure:
    data = []
    for j, m in enumerate(("scratch", "frozen", "finetune")):
        color, dash, symbol = METHOD_STYLE[m]
        data.append(_line(c.shots, c.val_acc[:, j], t(f"regularisation.method.{m}"), color, dash, symbol, m))
    return build(data, _layout(t("regularisation.fig.transfer_title", acc=f"{c.pretrained_acc:.2f}"),
                               t("regularisation.fig.shots"), t("regularisation.fig.val_acc_59"),
                               xaxis={"title": {"text": t("regularisation.fig.shots")}, "type": "log",
                                      "tickvals": list(c.shots)},
                               yaxis={"title": {"text": t("regularisation.fig.val_acc_59")}, "range": [0, 1.02]}))


def transfer_table_figure(t, here: tuple[int, int]) -> go.Figure:
    """The slide's 2 × 2 table: similar / very different data (columns) × very little / quite a lot (rows);
    the cell `here` (row, column) is this experiment's, marked with a ★ and a thick border."""
    cells = [["little_similar", "little_different"], ["lot_similar", "lot_different"]]
    data, shapes, ann = [], [], []
    for r in range(2):
        for c in range(2):
            mine = (r, c) == tuple(here)
            shapes.append({"type": "rect", "x0": c, "x1": c + 1, "y0": 1 - r, "y1": 2 - r, "xref": "x", "yref": "y",
                           "line": {"color": BAD if mine else GREY, "width": 4 if mine else 1},
                           "fillcolor": "#fdf2e9" if mine else "#ffffff", "layer": "below"})
            text = t(f"regularisation.table.{cells[r][c]}") + ("<br>★ " + t("regularisation.table.here") if mine else "")
            ann.append({"x": c + 0.5, "y": 1.5 - r, "text": text, "showarrow": False, "font": {"size": 14},
                        "xref": "x", "yref": "y"})
    data.append(dict(type="scatter", x=[here[1] + 0.5], y=[1.5 - here[0] - 0.38], mode="markers",
                     name=t("regularisation.table.here"), meta="here",
                     marker={"symbol": "star", "size": 16, "color": BAD}))
    layout = {"height": 380, "title": {"text": t("regularisation.table.title")}, "shapes": shapes, "annotations": ann,
              "margin": {"t": 60, "b": 40, "l": 120},
              "xaxis": {"range": [0, 2], "tickvals": [0.5, 1.5], "showgrid": False, "zeroline": False,
                        "ticktext": [t("regularisation.table.similar"), t("regularisation.table.different")],
                        "side": "top"},
              "yaxis": {"range": [0, 2], "tickvals": [1.5, 0.5], "showgrid": False, "zeroline": False,
                        "ticktext": [t("regularisation.table.little"), t("regularisation.table.lot")]},
              "legend": {"orientation": "h", "y": -0.05}}
    return build(data, layout)
