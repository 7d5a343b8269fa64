"""A student's own data: a set drawn on the plane (kept in the session and in the link) and an uploaded CSV
(kept in the session only). Both become the same sim.data.Dataset the bundled sets are (sim.data.from_arrays),
so every lesson trains on them through RunConfig without a code path of its own.

A drawn set travels as 3 base64url characters per point (class, x, y on a 128-step grid over [-1, 1]²): 500
points are 1500 characters, short enough for a share link and its QR code. The editor in the browser
(ui/components/draw/) writes the same code. An upload is never written to disk, never cached across sessions
and never put in a link: it lives in this session's state and is gone when the session ends."""
from __future__ import annotations

import hashlib
import re
import secrets
from pathlib import Path

import numpy as np
import streamlit as st

from sim import data
from sim.tabular import MAX_BYTES, MAX_FEATURES, MAX_ROWS, DataFileError, Table, read_csv
from ui.controls import control
from ui.i18n import t
from viz.live import CLASS_COLORS

DRAWN, UPLOAD = "drawn", "upload"   # the dataset select's codes for a student's own sets
SOURCES = (*data.DATASETS, DRAWN, UPLOAD)
PTS_KEY = "pts"                      # URL parameter of the drawn set
MAX_POINTS = 500
MAX_CLASSES = 5
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_STEPS = 127
_DRAWN, _UPLOADED, _BAD, _CACHE = "_own_drawn", "_own_upload", "_own_bad_upload", "_own_datasets"
_ASSETS = Path(__file__).parent / "components" / "draw"

_editor = st.components.v2.component(
    "cs231n_draw_points", html=(_ASSETS / "draw.html").read_text(encoding="utf-8"),
    css=(_ASSETS / "draw.css").read_text(encoding="utf-8"), js=(_ASSETS / "draw.js").read_text(encoding="utf-8"))


# ---- the drawn set's code -------------------------------------------------------------------------------------
def encode_points(X: np.ndarray, y: np.ndarray) -> str:
    """(N, 2) points on [-1, 1]² and (N,) classes 0..4 as 3 characters each."""
    q = np.clip(np.rint((np.asarray(X, dtype=float) + 1) / 2 * _STEPS), 0, _STEPS).astype(int)
    v = (np.asarray(y, dtype=int) << 14) | (q[:, 0] << 7) | q[:, 1]
    return "".join(_B64[(n >> 12) & 63] + _B64[(n >> 6) & 63] + _B64[n & 63] for n in v.tolist())


def decode_points(code: str) -> tuple[np.ndarray, np.ndarray]:
    """The inverse of encode_points; anything that is not the code (a hand-edited link) gives what decodes of
    it: whole triples of the alphabet, classes below MAX_CLASSES, at most MAX_POINTS."""
    code = re.sub(f"[^{re.escape(_B64)}]", "", str(code or ""))[: 3 * MAX_POINTS]
    idx = np.array([_B64.index(ch) for ch in code[: len(code) // 3 * 3]], dtype=int).reshape(-1, 3)
    v = (idx[:, 0] << 12) | (idx[:, 1] << 6) | idx[:, 2]
    keep = (v >> 14) < MAX_CLASSES
    v = v[keep]
    X = np.c_[((v >> 7) & 127) / _STEPS * 2 - 1, (v & 127) / _STEPS * 2 - 1]
    return X.reshape(-1, 2), (v >> 14).astype(np.int64)


def drawn_problem(y: np.ndarray) -> str | None:
    """Why a drawn set cannot train yet (a translation key), or None."""
    counts = np.bincount(y, minlength=2)
    return "owndata.draw_more" if (counts >= 2).sum() < 2 or (0 < counts).sum() > (counts >= 2).sum() else None


# ---- where the sets live: the session (and the link, for a drawing) -------------------------------------------
def drawn_code() -> str:
    """This session's drawing; on a session's first run the link's, else the spiral to edit."""
    state = st.session_state.get(_DRAWN)
    if state is None:
        code = encode_points(*decode_points(st.query_params.get(PTS_KEY, "")))
        state = st.session_state[_DRAWN] = {"pts": code or encode_points(*data.shape("spiral", 40, 3)), "rev": 0}
    return state["pts"]


def set_drawn(code: str, *, replace: bool) -> None:
    """Keep `code` as the drawing (and in the link). `replace`: the server changed it, so the editor reloads."""
    state = st.session_state.setdefault(_DRAWN, {"pts": "", "rev": 0})
    state["pts"] = encode_points(*decode_points(code))
    state["rev"] += int(replace)
    if state["pts"]:
        st.query_params[PTS_KEY] = state["pts"]
    else:
        st.query_params.pop(PTS_KEY, None)


def start_from(shape: str, n_classes: int, seed: int) -> None:
    """on_click of 'Start from': one of sim.data.SHAPES, 40 points a class, as the drawing."""
    X, y = data.shape(shape, 40, n_classes, seed)
    set_drawn(encode_points(X, y), replace=True)


def uploaded() -> Table | None:
    return (st.session_state.get(_UPLOADED) or {}).get("table")


def dataset(name: str, seed: int, n_train: int | None) -> data.Dataset:
    """RunConfig.data for a student's own set: `name` is DRAWN or UPLOAD followed by ':' and the content's
    digest, so two contents are two cache keys; the arrays come from this session (a few kept per session)."""
    kind = name.split(":", 1)[0]
    cache = st.session_state.setdefault(_CACHE, {})
    key = (name, seed, n_train)
    if key not in cache:
        if kind == DRAWN:
            X, y = decode_points(drawn_code())
        else:
            table = uploaded()
            X, y = (table.X, table.y) if table is not None else decode_points("")
        while len(cache) >= 4:
            cache.pop(next(iter(cache)))
        cache[key] = data.from_arrays(X, y, name=kind, seed=seed, n_train=n_train)
    return cache[key]


def source_name(source: str) -> str:
    """What RunConfig.dataset holds for the select's choice: a bundled name, or own data with its digest."""
    if source == DRAWN:
        return f"{DRAWN}:{hashlib.sha1(drawn_code().encode()).hexdigest()[:16]}"
    if source == UPLOAD:
        return f"{UPLOAD}:{st.session_state[_UPLOADED]['digest']}"
    return source


def usable(source: str) -> bool:
    """Whether the select's choice can train now: a drawing of two classes of two points, an upload read."""
    if source == DRAWN:
        return drawn_problem(decode_points(drawn_code())[1]) is None
    if source == UPLOAD:
        return uploaded() is not None
    return True


def choose(source: str) -> str:
    """RunConfig.dataset for the dataset select's choice, drawing the uploader when the choice is an upload.
    Own data that cannot train yet (no file read, a drawing of one class) falls back to the spiral or the
    digits, and says so."""
    if source == UPLOAD:
        uploader()
    if source not in SOURCES:
        return "digits"
    if usable(source):
        return source_name(source)
    if source == UPLOAD:   # (a drawing's fallback is said in the data note: nothing above the plane may move)
        st.info(t("owndata.fallback_upload"), icon=":material/info:")
    return "spiral" if source == DRAWN else "digits"


def data_note(source: str) -> tuple:
    """The caption on how the chosen data is prepared: (translation key, its values)."""
    if source == DRAWN:
        _, y = decode_points(drawn_code())
        return ("owndata.drawn_note", {"n": len(y), "k": len(np.unique(y))}) if usable(DRAWN) else (
            "owndata.fallback_draw", {})
    if source == UPLOAD and usable(UPLOAD):
        return "owndata.upload_note", {}
    return "babysitting.data_note", {}


# ---- the widgets ----------------------------------------------------------------------------------------------
def editor(seed: int) -> None:
    """The drawing plane and its start shapes (the live-training tab, when the drawn set is chosen)."""
    c = st.columns([1, 1, 1], vertical_alignment="bottom")
    n_classes = control(c[0]).segmented_control(t("owndata.n_classes"), list(range(2, MAX_CLASSES + 1)), default=3,
                                                key="draw_k", bind="query-params") or 3
    shape = control(c[1]).selectbox(t("owndata.start_shape"), data.SHAPES, key="draw_shape",
                                    format_func=lambda s: t(f"owndata.shape.{s}"))
    c[2].button(t("owndata.start"), key="draw_start", icon=":material/auto_awesome:", on_click=start_from,
                args=(shape, 2 if shape == "xor" else n_classes, seed), help=t("owndata.start_help"))
    # the session's random key: a second tab of the same browser keeps its own drawing
    key = st.session_state.setdefault("_own_editor_key", secrets.token_hex(4))
    state = {"pts": drawn_code(), "rev": st.session_state[_DRAWN]["rev"], "key": key}
    labels = {k: t(f"owndata.editor.{k}") for k in ("plane", "clear", "hint", "classes", "mode", "add", "spray",
                                                     "erase", "count", "class_n")}
    _editor(key="draw_editor", data={**state, "n_classes": n_classes, "max": MAX_POINTS,
                                     "colors": list(CLASS_COLORS[:MAX_CLASSES]), "labels": labels},
            on_points_change=_edited, height=640)
    problem = drawn_problem(decode_points(drawn_code())[1])
    if problem:
        st.info(t(problem), icon=":material/draw:")


def _edited() -> None:
    value = (st.session_state.get("draw_editor") or {}).get("points")
    if isinstance(value, str):
        set_drawn(value, replace=False)


def uploader() -> None:
    """The CSV uploader and its label column; a bad file says why and leaves the last good one in use."""
    f = st.file_uploader(t("owndata.upload"), type=["csv"], key="own_csv", max_upload_size=MAX_BYTES >> 20,
                         help=t("owndata.upload_help", mb=MAX_BYTES >> 20, rows=MAX_ROWS, features=MAX_FEATURES))
    kept, bad = st.session_state.get(_UPLOADED), st.session_state.get(_BAD)
    if f is not None and f.file_id not in ((kept or {}).get("file_id"), (bad or {}).get("file_id")):
        _read(f.getvalue(), None, f.name, f.file_id)
    bad = st.session_state.get(_BAD)
    if f is not None and bad is not None and bad["file_id"] == f.file_id and bad["label"] is None:
        st.error(bad["message"], icon=":material/error:")
    kept = st.session_state.get(_UPLOADED)
    if kept is None:
        return
    table = kept["table"]
    label = control(st).selectbox(t("owndata.label_column"), table.columns, index=table.columns.index(table.label),
                                  key="own_label", help=t("owndata.label_help"))
    bad = st.session_state.get(_BAD) or {}
    if label != table.label and bad.get("label") != label:   # another label column: read the file again
        _read(kept["raw"], label, kept["name"], kept["file_id"])
        kept, table, bad = st.session_state[_UPLOADED], uploaded(), st.session_state.get(_BAD) or {}
    if label != table.label and bad.get("label") == label:
        st.error(bad["message"], icon=":material/error:")
    st.caption(t("owndata.summary", name=kept["name"], rows=len(table.y), features=len(table.features),
                 classes=len(table.classes), label=table.label))


def _read(raw: bytes, label: str | None, name: str, file_id: str) -> None:
    """Read an upload; keep it if good, else keep the message (shown while the file sits in the uploader)."""
    try:
        with st.spinner(t("owndata.reading")):
            table = read_csv(raw, label)
    except DataFileError as e:
        message = t(f"owndata.bad.{e.code}", **e.details) + " " + t("owndata.kept" if uploaded() else "owndata.none")
        st.session_state[_BAD] = {"file_id": file_id, "label": label, "message": message}
        return
    # the bytes are kept (one file a session, as the uploader itself holds) to read another label column
    st.session_state[_UPLOADED] = {"table": table, "raw": raw, "name": name, "file_id": file_id,
                                   "digest": hashlib.sha1(raw + (label or "").encode()).hexdigest()[:16]}
    st.session_state.pop(_BAD, None)
    st.session_state.pop(_CACHE, None)
    if label is None:   # a new file: its label column starts at its default (the select is drawn after this)
        st.session_state.pop("own_label", None)
