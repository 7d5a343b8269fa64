"""Read Plotly figures back out of an AppTest run, decoding Plotly 7's base64 arrays."""
from __future__ import annotations

import base64
import json

import numpy as np


def _decode(node):
    if isinstance(node, dict):
        if set(node) >= {"dtype", "bdata"}:
            arr = np.frombuffer(base64.b64decode(node["bdata"]), dtype=np.dtype(node["dtype"]))
            if "shape" in node:
                shape = node["shape"]
                shape = tuple(int(s) for s in (shape.split(",") if isinstance(shape, str) else shape))
                arr = arr.reshape(shape)
            return arr
        return {k: _decode(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_decode(v) for v in node]
    return node


def figures(at) -> list[dict]:
    """Every plotly chart on the page, as {'data': [...], 'layout': {...}} with arrays decoded."""
    return [_decode(json.loads(c.proto.spec)) for c in at.get("plotly_chart")]


def figure(at, key: str) -> dict:
    """The plotly chart whose widget key is `key`."""
    for c in at.get("plotly_chart"):
        if c.proto.id.endswith(key) or key in c.proto.id:
            return _decode(json.loads(c.proto.spec))
    raise KeyError(f"no chart with key {key!r}; ids: {[c.proto.id for c in at.get('plotly_chart')]}")


def trace(fig: dict, name: str) -> dict:
    for tr in fig["data"]:
        if tr.get("name") == name:
            return tr
    raise KeyError(f"no trace {name!r}; names: {[tr.get('name') for tr in fig['data']]}")


def arr(values) -> np.ndarray:
    """A trace's x or y as a float array (None -> nan)."""
    if isinstance(values, np.ndarray):
        return values.astype(float)
    return np.array([np.nan if v is None else v for v in values], dtype=float)


def decoded(fig) -> dict:
    """A go.Figure as the browser gets it (its JSON), with arrays decoded."""
    return _decode(json.loads(fig.to_json()))
