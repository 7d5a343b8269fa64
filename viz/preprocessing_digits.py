"""8×8 digit heatmap grids: PCA reconstructions and whitening, and images centred by their mean."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.colors import get_colorscale

from viz.grid import axis, axis_ids, figure, grid
from viz.style import FONT

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
    layout.update(height=height, template="plotly_white", font={"family": FONT, "size": 13}, showlegend=False,
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
