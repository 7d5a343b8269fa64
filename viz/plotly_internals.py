"""The one door to Plotly's private API (plotly==7.1.0, pinned in requirements.txt).

Every use of an underscore attribute or argument of a Plotly object lives here, behind a function named for what
the app needs; tests/test_internals.py fails if any other module of the app reaches past this door. viz/ cannot
import ui/, so this door is in viz/ and ui/ uses it too. On an upgrade: run the tests each function names."""
from __future__ import annotations

import plotly.graph_objects as go
from plotly.graph_objects import Figure  # the light figure's base (tests/viz/conftest.py swaps `go` only)


def unvalidated_figure(data, layout, frames=None) -> go.Figure:
    """A figure from plain dicts (or already validated traces/layout/frames) without Plotly's validation (about
    5x cheaper); the caller has done what validation would (viz.grid.figure).

    Relies on: go.Figure's `_validate=False` argument. Breaks: every test under tests/viz/ (tests/viz/conftest.py
    builds each such figure validated too and requires the same JSON)."""
    if frames is not None:
        return go.Figure(data=data, layout=layout, frames=frames, _validate=False)
    return go.Figure(data=data, layout=layout, _validate=False)


def property_dicts(fig) -> tuple[dict | None, list | None]:
    """The figure's own layout dict and list of trace dicts, to write into without Plotly's validated update
    (0.2 s on a figure of 40 axes); (None, None) where this Plotly keeps them otherwise (then use
    fig.update_layout).

    Relies on: BaseFigure._layout (a dict) and BaseFigure._data (a list of dicts). Breaks:
    tests/viz/test_style.py (the fast path), tests/test_serving.py (a cached figure styled light)."""
    layout, data = getattr(fig, "_layout", None), getattr(fig, "_data", None)
    return (layout if isinstance(layout, dict) else None), (data if isinstance(data, list) else None)


class CachedFigure(Figure):
    """A figure out of st.cache_data, light until touched as a Plotly object: it holds the dict Plotly's own
    to_dict gave for the built figure and hands that dict to Streamlit as it is; anything that touches it as a
    Plotly object (fig.data, fig.update_layout) turns it, in place, into a full go.Figure built from that dict,
    unvalidated (ui.serving.fastpickle registers it as the way a pickled figure comes back).

    Relies on: BaseFigure keeping its state in _data, _layout, _validate (what to_dict, property_dicts and
    go.Figure.__init__ read) and go.Figure.__init__'s `_validate` argument. Breaks: tests/test_serving.py
    (test_a_pickled_figure_keeps_its_json_and_skips_validation, test_a_cached_figure_serialises_as_the_one_built)."""

    def __init__(self, spec: dict):   # deliberately not go.Figure.__init__: nothing is built
        d = self.__dict__
        d["_data"], d["_layout"] = spec.get("data", []), spec.get("layout", {})
        d["_spec_frames"], d["_validate"], d["_full"] = spec.get("frames"), False, False

    def to_dict(self) -> dict:
        if self.__dict__.get("_full"):
            return super().to_dict()
        out = {"data": self._data, "layout": self._layout}
        return {**out, "frames": self._spec_frames} if self._spec_frames else out

    def __getattr__(self, name: str):
        """Reached only for what a light figure lacks (Plotly's objects): build them, in place, then look again."""
        d = self.__dict__
        if name.startswith("__") or d.get("_full", True):
            raise AttributeError(name)
        spec = self.to_dict()
        d["_full"] = True
        for k in ("_data", "_layout", "_spec_frames"):
            d.pop(k, None)
        Figure.__init__(self, spec, _validate=False)
        return getattr(self, name)

    def __reduce__(self):
        return light_figure, (self.to_dict(),)


def light_figure(spec: dict) -> CachedFigure:
    """A light figure from a built figure's to_dict (the unpickling of a cached figure)."""
    return CachedFigure(spec)


def is_light(fig) -> bool:
    """True while `fig` is a light CachedFigure (no Plotly objects built, no validation). Relies on:
    CachedFigure's own flags. Breaks: tests/test_serving.py."""
    return isinstance(fig, CachedFigure) and not fig.__dict__.get("_full", True) \
        and fig.__dict__.get("_validate") is False
