"""The live-training player's payload: chunks of snapshots as compact JSON the browser animates on its own.

Arrays travel as base64 of little-endian typed arrays ({"t": "f4"|"u1"|"u2"|"i4", "b": ...}), about a third
the size of JSON number lists; the player (ui/components/live/live.js) decodes them into typed arrays."""
from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from sim.data import Dataset
from sim.live import HIST_EDGES, Chunk, grid_extent, shown_digits
from viz.style import BAD, CLASSES, F_COLOR, FONT, G_COLOR, GOOD, fmt_num

T = Callable[..., str]
CLASS_COLORS = CLASSES + ("#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf")   # the digits' other five
_DTYPES = {"f4": "<f4", "u1": "u1", "u2": "<u2", "i4": "<i4"}
LABEL_KEYS = ("play", "pause", "speed", "iteration", "epoch", "loss", "train_acc", "val_acc", "accuracy",
              "hist_title", "inactive", "ratio_title", "regions_title", "digits_title", "confusion_title",
              "true", "predicted", "computing", "applying", "done", "fullscreen", "scrub", "shade")


@dataclass(frozen=True)
class Mark:
    """A change of learning rate or regularisation at iteration `at`."""
    at: int
    lr: tuple[float, float]   # (before, after)
    reg: tuple[float, float]


def pack(a: np.ndarray, dtype: str) -> dict:
    """An array as {"t": dtype code, "n": shape, "b": base64 of its little-endian bytes}."""
    a = np.ascontiguousarray(np.asarray(a), dtype=_DTYPES[dtype])
    return {"t": dtype, "n": list(a.shape), "b": base64.b64encode(a.tobytes()).decode("ascii")}


def unpack(d: dict) -> np.ndarray:
    """The inverse of `pack` (for tests and for reading a payload back)."""
    return np.frombuffer(base64.b64decode(d["b"]), dtype=_DTYPES[d["t"]]).reshape(d["n"])


def chunk_payload(c: Chunk) -> dict:
    """One chunk: per-iteration loss and update/weight ratios, per-snapshot everything else."""
    out = {"start": c.start, "stop": c.stop, "lr": c.lr, "reg": c.reg, "diverged_at": c.diverged_at,
           "loss": pack(np.where(np.isfinite(c.loss), c.loss, -1.0), "f4"),   # −1: NaN/inf (drawn as a blow-up)
           "ratio": pack(np.nan_to_num(c.ratio, nan=0.0, posinf=0.0), "f4"),
           "snap_iter": pack(c.snap_iter, "i4"), "train_acc": pack(c.train_acc, "f4"),
           "val_acc": pack(c.val_acc, "f4"), "hist": pack(c.hist, "f4"), "inactive": pack(c.inactive, "f4")}
    if c.grid is not None:
        out["grid"] = pack(c.grid, "u1")
    if c.digit_pred is not None:
        out["digit_pred"] = pack(c.digit_pred, "u1")
        out["confusion"] = pack(c.confusion, "u2")
    return out


def dataset_payload(d: Dataset) -> dict:
    """What never changes during a run: the training points (2-D) or the shown validation digits."""
    if d.X_train.shape[1] == 2:
        return {"kind": "2d", "extent": list(grid_extent(d.X_train)), "x": pack(d.X_train[:, 0], "f4"),
                "y": pack(d.X_train[:, 1], "f4"), "label": pack(d.y_train, "u1")}
    idx = shown_digits(d.y_val)
    pixels = np.clip(np.rint((d.X_val[idx] + d.mean) * 255), 0, 255)  # back to 0..1 digit ink, as bytes
    return {"kind": "digits", "pixels": pack(pixels, "u1"), "label": pack(d.y_val[idx], "u1"),
            "side": int(round(np.sqrt(d.X_val.shape[1])))}


def mark_text(m: Mark) -> str:
    """'lr 1 → 0.1', 'reg 0 → 0.01', or both."""
    parts = [f"{name} {fmt_num(a)} → {fmt_num(b)}" for name, (a, b) in (("lr", m.lr), ("reg", m.reg)) if a != b]
    return ", ".join(parts)


def payload(run_id: str, d: Dataset, chunks: Sequence[Chunk], *, t: T, cap: int, lr: float, reg: float,
            marks: Sequence[Mark] = (), send_from: int = 0, answered: int = 0) -> dict:
    """Everything the player needs, sending only chunks[send_from:] (the browser keeps what it was sent).

    `lr`, `reg` are the controls' current values: when they differ from the last chunk's, the player asks
    for the run to continue from the iteration on screen with them (`pending`). `answered` counts the
    player's requests served, so a repeated identical payload still reads as new."""
    last = chunks[-1] if chunks else None
    earlier = [c.loss for c in chunks[:send_from]]
    history = np.concatenate(earlier) if earlier else np.zeros(0)
    final = last is not None and (last.diverged_at is not None or last.stop >= cap)
    return {
        "run": run_id, "answered": answered, "cap": cap, "final": final,
        "ipe": last.iters_per_epoch if last else 1, "n_classes": d.n_classes,
        "pending": bool(last and not final and (last.lr != lr or last.reg != reg)),
        "lr": lr, "reg": reg,
        "data": dataset_payload(d),
        "history": pack(np.where(np.isfinite(history), history, -1.0), "f4"),
        "chunks": [chunk_payload(c) for c in chunks[send_from:]],
        "marks": [{"at": m.at, "text": mark_text(m)} for m in marks],
        "hist_log_range": [float(np.log10(HIST_EDGES[0])), float(np.log10(HIST_EDGES[-1]))],
        "ratio_band": [3e-4, 3e-3],
        "colors": {"classes": list(CLASS_COLORS[:d.n_classes]), "loss": F_COLOR, "train": G_COLOR, "val": F_COLOR,
                   "bad": BAD, "good": GOOD, "font": FONT},
        "labels": {k: t(f"live.{k}") for k in LABEL_KEYS} | {"diverged": t("live.diverged", k="{k}")} | {
            "player": t("a11y.player"), "keys": t("a11y.player_keys"), "paused": t("a11y.player_paused"),
            "scrub_value": t("a11y.scrub_value", it="{it}"),    # placeholders the player fills in
            "status": t("a11y.player_status", it="{it}", cap="{cap}", ep="{ep}", loss="{loss}", train="{train}",
                        val="{val}")},
    }
