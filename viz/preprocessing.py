"""Preprocessing figures: the steps on a 2-D cloud, train vs val statistics, the digits' PCA curves,
reconstructions and mean-image centring."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.colors import get_colorscale

from viz.grid import axis, axis_ids, figure, grid
from viz.style import BAD, F_COLOR, G_COLOR, GOOD, NEUTRAL

ROWS = (("original", "zero_center", "normalize"), ("original", "decorrelate", "whiten"))  # the notes' layout
MEAN_MARK = dict(symbol="x", size=14, color="#111111", line={"width": 2})


def num(v: float) -> str:
    """Two decimals, never '-0.00'."""
    s = f"{float(v):.2f}"
    return "0.00" if s == "-0.00" else s


def vec(v) -> str:
    return "(" + ", ".join(num(x) for x in v) + ")"


def mat(m) -> str:
    return "[" + ", ".join("[" + ", ".join(num(x) for x in row) + "]" for row in m) + "]"


def _half_range(*arrays) -> float:
    vals = [np.abs(a[np.isfinite(a)]).max() for a in arrays if a.size and np.isfinite(a).any()]
    return 1.1 * max(max(vals, default=1.0), 1.0)


def _square(layout: dict, k: int, half: float, t, *, y_title: bool = True) -> None:
    """Subplot k spans ±half on both axes with equal aspect; only the first column names the y axis."""
    xr, _ = axis_ids(k)
    axis(layout, k, range=[-half, half], zeroline=True, zerolinecolor="#888", constrain="domain",
         title={"text": t("preprocessing.fig.x1")})
    axis(layout, k, "y", range=[-half, half], zeroline=True, zerolinecolor="#888", scaleanchor=xr,
         scaleratio=1, constrain="domain", title={"text": t("preprocessing.fig.x2")} if y_title else None)


def _points(p: np.ndarray, k: int, name: str, color: str, show: bool, **kw) -> dict:
    xr, yr = axis_ids(k)
    return dict(type="scattergl", x=p[:, 0], y=p[:, 1], mode="markers", name=name, legendgroup=name,
                showlegend=show, marker={"size": 5, "color": color, "opacity": 0.6}, xaxis=xr, yaxis=yr,
                hovertemplate="(%{x:.2f}, %{y:.2f})<extra></extra>", **kw)


def _mean(m: np.ndarray, k: int, name: str, show: bool) -> dict:
    xr, yr = axis_ids(k)
    # WebGL like the points, so it is drawn on top of them (SVG traces sit under the WebGL layer)
    return dict(type="scattergl", x=[float(m[0])], y=[float(m[1])], mode="markers", name=name, legendgroup=name,
                showlegend=show, marker=MEAN_MARK, xaxis=xr, yaxis=yr, hovertemplate="μ = (%{x:.3f}, %{y:.3f})"
                "<extra></extra>")


def _title(name: str, mean, cov, t) -> str:
    return (f"<b>{t('preprocessing.step.' + name)}</b><br><span style='font-size:13px'>"
            + t("preprocessing.fig.stats", mean=vec(mean), cov=mat(cov)) + "</span>")


def steps_figure(lab, t) -> go.Figure:
    """2 × 3 panels like the CS231n notes: original → zero-centred → normalised; original → decorrelated →
    whitened. Same axis range everywhere, equal aspect; each panel's mean and covariance in its title."""
    by = {s.name: s for s in lab.steps}
    panels = [by[n] for row in ROWS for n in row]
    layout = grid(2, 3, [_title(s.name, s.mean, s.cov, t) for s in panels], hgap=0.06, vgap=0.2)
    half = _half_range(*(s.points for s in lab.steps))
    data = []
    for k, s in enumerate(panels, start=1):
        data.append(_points(s.points, k, t("preprocessing.fig.train"), F_COLOR, k == 1))
        data.append(_mean(s.mean, k, t("preprocessing.fig.mean"), k == 1))
        _square(layout, k, half, t, y_title=k in (1, 4))
    # the principal axes, 2√S long, on the second row's original: X @ U turns them onto the coordinate axes
    m, ends = lab.steps[0].mean, 2 * np.sqrt(np.maximum(lab.S, 0.0))[None, :] * lab.U
    xs, ys = [], []
    for j in range(2):
        xs += [m[0] - ends[0, j], m[0] + ends[0, j], None]
        ys += [m[1] - ends[1, j], m[1] + ends[1, j], None]
    xr, yr = axis_ids(4)
    data.append(dict(type="scattergl", x=xs, y=ys, mode="lines", name=t("preprocessing.fig.axes"),
                     line={"color": G_COLOR, "width": 3}, xaxis=xr, yaxis=yr, hoverinfo="skip"))
    return _panels_figure(data, layout, 820)


def _panels_figure(data: list, layout: dict, height: int) -> go.Figure:
    """The look shared by the scatter-panel figures: dark panel titles, legend top right in the margin."""
    for a in layout["annotations"]:
        a["font"] = {"size": 15, "color": "#222"}
    layout.update(height=height, font={"size": 13}, margin={"l": 50, "r": 10, "t": 110, "b": 40},
                  legend={"orientation": "h", "x": 1, "xanchor": "right", "y": 1.0, "yref": "container",
                          "yanchor": "top"})
    return figure(data, layout)


def leak_figure(demo, t) -> go.Figure:
    """Three panels: train fitted on itself; val with the train statistics (right); val with the statistics
    fitted on `fit_on` (wrong, or the same as the right way when fit_on is train)."""
    wrong_key = "right" if demo.fit_on == "train" else "wrong"
    cols = ((demo.train, "train", F_COLOR, t("preprocessing.leak.panel_fit")),
            (demo.val_right, "val", GOOD, t("preprocessing.leak.panel_right")),
            (demo.val_wrong, "val", BAD if wrong_key == "wrong" else GOOD,
             t("preprocessing.leak.panel_" + demo.fit_on)))
    titles = []
    for p, _, _, title in cols:
        titles.append(f"<b>{title}</b><br><span style='font-size:13px'>"
                      + t("preprocessing.leak.stats", mean=vec(p.mean(axis=0)), std=vec(p.std(axis=0))) + "</span>")
    layout = grid(1, 3, titles, hgap=0.06)
    half = _half_range(demo.train, demo.val_right, demo.val_wrong)
    data = []
    for k, (p, which, color, _) in enumerate(cols, start=1):
        name = t(f"preprocessing.fig.{which}") if k < 3 else t(f"preprocessing.fig.val_{wrong_key}")
        data.append(_points(p, k, name, color, True))
        data.append(_mean(p.mean(axis=0), k, t("preprocessing.fig.mean"), k == 1))
        _square(layout, k, half, t, y_title=k == 1)
    return _panels_figure(data, layout, 470)


def variance_figure(d, t) -> go.Figure:
    """Cumulative explained variance vs k, reconstruction error vs k (train, val), whitening gain per component."""
    ks = np.arange(1, len(d.S) + 1)
    layout = grid(1, 3, (t("preprocessing.pca.fig_share"), t("preprocessing.pca.fig_error"),
                         t("preprocessing.pca.fig_gain")), hgap=0.08)
    k = d.k
    line = dict(type="scatter", mode="lines")
    data = [
        dict(line, x=ks, y=d.cum_share, name=t("preprocessing.pca.share"), line={"color": F_COLOR, "width": 3},
             hovertemplate="k = %{x}: %{y:.1%}<extra></extra>"),
        dict(line, x=ks, y=d.err_train, name=t("preprocessing.fig.train"), line={"color": F_COLOR, "width": 3},
             xaxis="x2", yaxis="y2", hovertemplate="k = %{x}: %{y:.4f}<extra></extra>"),
        dict(line, x=ks, y=d.err_val, name=t("preprocessing.fig.val"), line={"color": G_COLOR, "width": 3,
             "dash": "dash"}, xaxis="x2", yaxis="y2", hovertemplate="k = %{x}: %{y:.4f}<extra></extra>"),
        dict(type="bar", x=ks, y=d.gain, name=t("preprocessing.pca.gain"), marker={"color": NEUTRAL,
             "line": {"width": 0}}, xaxis="x3", yaxis="y3", hovertemplate="%{x}: ×%{y:.3g}<extra></extra>"),
        dict(type="scatter", mode="markers", x=[k, k], y=[d.cum_share[k - 1], d.err_val[k - 1]],
             name=t("preprocessing.pca.chosen", k=k), marker={"size": 13, "color": BAD, "symbol": "diamond"},
             xaxis="x", yaxis="y", hovertemplate="k = %{x}<extra></extra>"),
    ]
    # the chosen k on the error panel too (a second marker trace keeps each trace on one subplot)
    data.append(dict(type="scatter", mode="markers", x=[k], y=[d.err_val[k - 1]], xaxis="x2", yaxis="y2",
                     showlegend=False, marker={"size": 13, "color": BAD, "symbol": "diamond"},
                     hovertemplate="k = %{x}: %{y:.4f}<extra></extra>"))
    data[4]["x"], data[4]["y"] = [k], [d.cum_share[k - 1]]
    for a in layout["annotations"]:
        a["font"] = {"size": 15, "color": "#222"}
    for j in (1, 2, 3):
        axis(layout, j, title={"text": "k" if j < 3 else t("preprocessing.pca.component")}, range=[0, len(ks) + 1])
    axis(layout, 1, "y", title={"text": t("preprocessing.pca.share_axis")}, range=[0, 1.02], tickformat=".0%")
    axis(layout, 2, "y", title={"text": t("preprocessing.pca.error_axis")}, rangemode="tozero")
    axis(layout, 3, "y", title={"text": t("preprocessing.pca.gain_axis")}, type="log", dtick=1)
    layout.update(height=400, font={"size": 13}, bargap=0.1,
                  margin={"l": 60, "r": 10, "t": 90, "b": 50},
                  legend={"orientation": "h", "x": 1, "xanchor": "right", "y": 1.0, "yref": "container",
                          "yanchor": "top"})
    return figure(data, layout)


INK = [[0.0, "#ffffff"], [1.0, "#111111"]]       # pixel 0 white, 1 black: digits as drawn
DIVERGING = get_colorscale("RdBu_r")            # centred images: negative blue, 0 white, positive red


def _heat(img: np.ndarray, k: int, zmin: float, zmax: float, colorscale, name: str) -> dict:
    xr, yr = axis_ids(k)
    return dict(type="heatmap", z=np.asarray(img, dtype=float).reshape(8, 8), zmin=zmin, zmax=zmax,
                colorscale=colorscale, showscale=False, name=name, xaxis=xr, yaxis=yr, xgap=0, ygap=0,
                hovertemplate="(%{y}, %{x}): %{z:.3f}<extra>" + name + "</extra>")


def _sym(img: np.ndarray) -> float:
    m = float(np.abs(img[np.isfinite(img)]).max()) if np.isfinite(img).any() else 0.0
    return m if m > 1e-12 else 1.0


def _tiles(layout: dict, n: int) -> None:
    for k in range(1, n + 1):
        xr, _ = axis_ids(k)
        axis(layout, k, visible=False, constrain="domain")
        axis(layout, k, "y", visible=False, autorange="reversed", scaleanchor=xr, scaleratio=1, constrain="domain")


def _row_labels(layout: dict, labels, rows: int) -> None:
    """Row names at the left edge, centred on each row's y domain."""
    for r, text in enumerate(labels):
        ys = layout["yaxis" + axis_ids(r * layout["_cols"] + 1)[1][1:]]["domain"]
        layout["annotations"].append({"text": f"<b>{text}</b>", "x": 0, "xref": "paper", "xanchor": "right",
                                      "y": (ys[0] + ys[1]) / 2, "yref": "paper", "showarrow": False,
                                      "font": {"size": 14}, "align": "right"})


def _finish(layout: dict, height: int) -> dict:
    layout.pop("_cols", None)
    for a in layout["annotations"]:
        a["font"] = {"size": 14, "color": "#222"}
    layout.update(height=height, font={"size": 13}, showlegend=False,
                  margin={"l": 190, "r": 10, "t": 40, "b": 10})
    return layout


def pca_digits_figure(d, t, whiten: bool = True) -> go.Figure:
    """Rows: val digits, their top-k PCA reconstruction, (their whitened top-k code drawn in pixel space), and
    the top principal directions U[:, j]. Whitened tiles and directions each get their own symmetric colour
    range: for whitening, the exaggerated scale of small components is the point."""
    n = len(d.originals)
    rows = 4 if whiten else 3
    titles = [t("preprocessing.pca.digit", y=int(y)) for y in d.labels]
    layout = grid(rows, n, titles, hgap=0.015, vgap=0.05)
    layout["_cols"] = n
    data = []
    for i in range(n):
        data.append(_heat(d.originals[i], i + 1, 0, 1, INK, t("preprocessing.pca.row_original")))
        data.append(_heat(np.clip(d.recon[i], 0, 1), n + i + 1, 0, 1, INK, t("preprocessing.pca.row_recon", k=d.k)))
        if whiten:
            m = _sym(d.whitened[i])
            data.append(_heat(d.whitened[i], 2 * n + i + 1, -m, m, DIVERGING,
                              t("preprocessing.pca.row_white", k=d.k)))
    for j in range(min(n, len(d.basis))):
        m = _sym(d.basis[j])
        data.append(_heat(d.basis[j], (rows - 1) * n + j + 1, -m, m, DIVERGING, f"U[:, {j}]"))
    _tiles(layout, rows * n)
    labels = [t("preprocessing.pca.row_original"), t("preprocessing.pca.row_recon", k=d.k)]
    labels += [t("preprocessing.pca.row_white", k=d.k)] if whiten else []
    _row_labels(layout, labels + [t("preprocessing.pca.row_basis", n=n - 1)], rows)
    return figure(data, _finish(layout, 165 * rows + 40))


def centring_figure(c, t) -> go.Figure:
    """Rows: val digits; minus the train mean image (AlexNet); minus the train per-channel mean (VGG).
    Column 1 shows what each row subtracts: the mean image, and the one channel mean drawn as a flat tile."""
    n = len(c.originals)
    cols = n + 1
    titles = [""] * (3 * cols)
    for i, y in enumerate(c.labels):
        titles[i + 1] = t("preprocessing.pca.digit", y=int(y))
    chan = t("preprocessing.img.channel_mean", v=f"{c.channel_mean:.3f}")
    titles[cols], titles[2 * cols] = t("preprocessing.img.mean_image"), chan
    layout = grid(3, cols, titles, hgap=0.015, vgap=0.08)
    layout["_cols"] = cols
    data = [_heat(c.mean_image, cols + 1, 0, 1, INK, t("preprocessing.img.mean_image")),
            _heat(np.full(64, c.channel_mean), 2 * cols + 1, 0, 1, INK, chan)]
    for i in range(n):
        data.append(_heat(c.originals[i], i + 2, 0, 1, INK, t("preprocessing.img.row_original")))
        data.append(_heat(c.minus_image[i], cols + i + 2, -1, 1, DIVERGING, t("preprocessing.img.row_image")))
        data.append(_heat(c.minus_channel[i], 2 * cols + i + 2, -1, 1, DIVERGING,
                          t("preprocessing.img.row_channel")))
    _tiles(layout, 3 * cols)
    _row_labels(layout, [t("preprocessing.img.row_original"), t("preprocessing.img.row_image"),
                         t("preprocessing.img.row_channel")], 3)
    return figure(data, _finish(layout, 620))
