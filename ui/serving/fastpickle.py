"""Cached Plotly figures come back as the dict their build produced, not rebuilt into Plotly's objects.

st.cache_data hands each session its own copy of a cached value by unpickling it, and a go.Figure unpickles
through go.Figure(dict), which builds every trace and axis object again (and deep-copies them): about 3 ms for
a 10-layer histogram figure, on every view of every student, and then Streamlit's st.plotly_chart turns the
objects back into a dict. A whole class rerunning at a teacher's move pays it 60 times over (ui.nudge).

So a cached figure unpickles to a CachedFigure (viz.plotly_internals): a go.Figure (st.plotly_chart takes it as one) that holds the dict
Plotly's own to_dict gave for the built figure, typed arrays already encoded, and hands that dict to Streamlit as
it is. ui.page.chart's styling writes into the same dicts (viz.style.readable_text's fast path). Anything else
that touches it as a Plotly object (fig.data, fig.update_layout, the presenter view's styling) turns it, in
place, into a full go.Figure built from that dict, unvalidated: the build was validated, or checked in the viz
tests for the dict-built ones. The JSON a student receives is the built figure's either way
(tests/test_serving.py). Registered for the whole process on import; app.py imports it (through ui.serving)
before any page caches a figure. The light figure itself is Plotly internals: viz.plotly_internals.CachedFigure."""
from __future__ import annotations

import copyreg

import plotly.graph_objects as go

from viz.plotly_internals import light_figure


def _reduce(fig: go.Figure):
    return light_figure, (fig.to_dict(),)


copyreg.pickle(go.Figure, _reduce)
