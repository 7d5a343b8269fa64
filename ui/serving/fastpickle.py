"""Cached Plotly figures come back as the dict their build produced, not rebuilt into Plotly's objects.

st.cache_data hands each session its own copy of a cached value by unpickling it, and a go.Figure unpickles
through go.Figure(dict), which builds every trace and axis object again (and deep-copies them): about 3 ms for
a 10-layer histogram figure, on every view of every student, and then Streamlit's st.plotly_chart turns the
objects back into a dict. A whole class rerunning at a teacher's move pays it 60 times over (ui.nudge).

So a cached figure unpickles to a CachedFigure: a go.Figure (st.plotly_chart takes it as one) that holds the dict
Plotly's own to_dict gave for the built figure, typed arrays already encoded, and hands that dict to Streamlit as
it is. ui.page.chart's styling writes into the same dicts (viz.style.readable_text's fast path). Anything else
that touches it as a Plotly object (fig.data, fig.update_layout, the presenter view's styling) turns it, in
place, into a full go.Figure built from that dict, unvalidated: the build was validated, or checked in the viz
tests for the dict-built ones. The JSON a student receives is the built figure's either way
(tests/test_serving.py). Registered for the whole process on import; app.py imports it before any page caches
a figure (plotly==7.1.0 internals, pinned)."""
from __future__ import annotations

import copyreg

import plotly.graph_objects as go


class CachedFigure(go.Figure):
    """A figure out of the cache, light until touched as a Plotly object (see the module's docstring)."""

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
        go.Figure.__init__(self, spec, _validate=False)
        return getattr(self, name)

    def __reduce__(self):
        return _rebuild, (self.to_dict(),)


def _rebuild(spec: dict) -> go.Figure:
    return CachedFigure(spec)


def _reduce(fig: go.Figure):
    return _rebuild, (fig.to_dict(),)


copyreg.pickle(go.Figure, _reduce)
