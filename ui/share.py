"""Sharing a view: the full link with a QR code of it, and every chart's PNG file name and CSV data."""
from __future__ import annotations

import functools
import io
import re
from urllib.parse import urlencode

import streamlit as st

from ui.i18n import LANG_KEY, browser_default, t
from ui.scenes import TAB_KEYS

PAGE_KEY = "_lecture_page"   # the lesson drawing now (chart file names)
SKIP = ("lang", "present", "scene", "hide")   # not settings: left out of file names


def set_page(lesson: str) -> None:
    st.session_state[PAGE_KEY] = lesson


def share_url(view: dict[str, str | None] | None = None) -> str:
    """The full link of this view: the page's address and every query parameter (language always included).
    `view` holds the scene and tab this run shows (None: left out), which the run writes into the URL only at
    its end (ui.lecture.finish_run)."""
    base = st.context.url or ""
    base = base.split("?", 1)[0]
    params = {k: st.query_params.get_all(k) for k in st.query_params}
    for key, value in (view or {}).items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = [value]
    params[LANG_KEY] = [st.session_state.get(LANG_KEY) or browser_default()]   # the link carries its language
    query = urlencode([(k, v) for k, vs in params.items() for v in vs])
    return f"{base}?{query}" if query else base


@functools.lru_cache(maxsize=256)   # an open share panel draws on every rerun; a class shares a handful of links
def qr_png(text: str, scale: int = 12) -> bytes | None:
    """A QR code of `text` as a PNG: dark modules on white with the standard quiet zone, big enough to scan
    from the back of a room when shown full height on a projector; None when `text` is longer than any QR code
    holds (a link stuffed with junk parameters)."""
    import segno

    buf = io.BytesIO()
    try:
        code = segno.make(text, error="m", micro=False)
    except segno.DataOverflowError:
        return None
    code.save(buf, kind="png", scale=scale, border=4, dark="#000", light="#fff")
    return buf.getvalue()


def share_panel(view: dict[str, str | None] | None = None) -> None:
    """The link of this view and its QR code, built only while the popover is open (opening it reruns the page):
    a class of following pages reruns at every move, and a closed panel then costs nothing."""
    box = st.popover(t("lecture.share"), icon=":material/qr_code_2:", key="share_panel", on_change="rerun")
    if not box.open:
        return
    with box:
        url = share_url(view)
        st.code(url, language=None, wrap_lines=True)
        if (png := qr_png(url)) is None:
            st.info(t("lecture.qr_too_long"), icon=":material/info:")
        else:
            st.image(png, width=420, caption=t("lecture.share_caption"), alt=t("lecture.share_alt"))


def export_name(key: str) -> str:
    """A chart's file name: page, open tab and the settings in the URL, e.g.
    initialization-stats-act_ReLU-init_He_randn_fan_in_2_."""
    lesson = st.session_state.get(PAGE_KEY, "chart")
    skip = {*SKIP, TAB_KEYS.get(lesson)}
    parts = [lesson, key]
    for k in st.query_params:
        if k not in skip:
            parts.append(f"{k}_{'_'.join(st.query_params.get_all(k))}")
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", "-".join(parts))
    return name[:120]


def _array(v):
    """A trace's coordinates as a list or array: Plotly's typed-array dicts ({"dtype", "bdata", "shape"}, what a
    cached dict-built figure holds) decoded; anything else as it is."""
    import base64

    import numpy as np

    if isinstance(v, dict) and "bdata" in v:
        a = np.frombuffer(base64.b64decode(v["bdata"]), dtype=np.dtype(v["dtype"]))
        shape = v.get("shape")
        if shape:
            a = a.reshape([int(n) for n in str(shape).split(",")] if isinstance(shape, str) else shape)
        return a
    return v


def figure_rows(fig) -> list[tuple]:
    """Every trace's points in long form, one (trace, name, x, y, z) per point (z for heatmaps, else "")."""
    import numpy as np

    rows = []
    for i, tr_ in enumerate(fig.data):
        name = str(getattr(tr_, "name", "") or "")
        x, y = _array(getattr(tr_, "x", None)), _array(getattr(tr_, "y", None))
        z = _array(getattr(tr_, "z", None)) if "z" in tr_ else None
        if z is not None:
            z = np.asarray(z)
            for r in range(z.shape[0] if z.ndim == 2 else 0):
                for c in range(z.shape[1]):
                    xv = x[c] if x is not None and c < len(x) else c
                    yv = y[r] if y is not None and r < len(y) else r
                    rows.append((i, name, xv, yv, z[r, c]))
            continue
        if y is None and x is None:
            continue
        xs = list(x) if x is not None else list(range(len(y)))
        ys = list(y) if y is not None else [""] * len(xs)
        rows += [(i, name, xv, yv, "") for xv, yv in zip(xs, ys, strict=False)]
    return rows


def figure_csv(fig) -> str:
    """Every trace's points in long form: trace, name, x, y (and z for heatmaps), one row per point."""
    out = io.StringIO()
    out.write("trace,name,x,y,z\n")
    for i, name, x, y, z in figure_rows(fig):
        out.write(f"{i},{name.replace(',', ';')},{x},{y},{z}\n")
    return out.getvalue()


def export_config(key: str) -> dict:
    """Plotly's toolbar config: PNG download named by page, tab and settings, at twice the screen size."""
    return {"displaylogo": False,
            "toImageButtonOptions": {"format": "png", "filename": export_name(key), "scale": 2}}
