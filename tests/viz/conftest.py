"""Every dict-built figure a viz test makes is also built with Plotly's validation, and must serialise the same.

The app builds them unvalidated for speed (viz/grid.py through viz.plotly_internals.unvalidated_figure); this is where a misspelt property gets caught."""
import copy
import json

import plotly.graph_objects as go
import pytest

import viz.plotly_internals


class _Checked:
    """Stands in for plotly.graph_objects inside viz.plotly_internals: validated and unvalidated builds must agree."""

    @staticmethod
    def Figure(data, layout, frames=None, _validate=True):  # noqa: N802  (mirrors go.Figure)
        more = {} if frames is None else {"frames": frames}
        checked = go.Figure(data=copy.deepcopy(data), layout=copy.deepcopy(layout),   # raises on a bad property
                            **{k: copy.deepcopy(v) for k, v in more.items()})
        fast = go.Figure(data=data, layout=layout, _validate=False, **more)
        where = _first_difference(json.loads(fast.to_json()), json.loads(checked.to_json()))
        assert where is None, f"unvalidated figure differs from the validated one at {where}"
        return fast


def _first_difference(a, b, path=""):
    if type(a) is not type(b):
        return f"{path}: {str(a)[:60]!r} vs validated {str(b)[:60]!r}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return f"{path}/{k} (only in {'validated' if k in b else 'unvalidated'})"
            if (d := _first_difference(a[k], b[k], f"{path}/{k}")) is not None:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: length {len(a)} vs {len(b)}"
        return next((d for i, (u, v) in enumerate(zip(a, b, strict=True))
                     if (d := _first_difference(u, v, f"{path}[{i}]")) is not None), None)
    return None if a == b else f"{path}: {a!r} vs validated {b!r}"


@pytest.fixture(autouse=True)
def _validate_figures(monkeypatch):
    monkeypatch.setattr(viz.plotly_internals, "go", _Checked)
