"""Cached Plotly figures come back without a second validation.

st.cache_data hands each session its own copy of a cached value by unpickling it, and a go.Figure unpickles
through go.Figure(dict), which validates every property again: about 50 ms for the activation curves, on every
view of every student. The dict a figure pickles is what its own build (validated, or checked in the viz tests
for the dict-built ones) produced, so it is rebuilt as it is: the JSON a student receives is then exactly the
built figure's (Plotly's own round trip even drops empty dicts such as title={}; tests/test_serving.py).
Registered for the whole process on import; app.py imports it before any page caches a figure."""
from __future__ import annotations

import copyreg

import plotly.graph_objects as go


def _rebuild(spec: dict) -> go.Figure:
    return go.Figure(spec, _validate=False)


def _reduce(fig: go.Figure):
    return _rebuild, (fig.to_dict(),)


copyreg.pickle(go.Figure, _reduce)
