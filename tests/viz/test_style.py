"""The presenter view's text on any figure: whole decades on log axes, as many as fit without overlapping."""
import base64
import pickle

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

import ui.serving.fastpickle  # noqa: F401  (registers the unvalidated rebuild of cached figures, as app.py does)
from sim.labs.activations import fit_prelu_alpha
from ui.i18n import tr
from viz.activations import prelu_figure
from viz.style import presenter_style


def _log_fig(lo: float, hi: float, height: int = 420) -> go.Figure:
    fig = make_subplots(rows=1, cols=2)
    fig.add_scatter(x=[1, 2], y=[1.0, 2.0], row=1, col=1)
    fig.add_scatter(x=[1, 20], y=[10.0 ** lo, 10.0 ** hi], row=1, col=2)
    fig.update_yaxes(type="log", row=1, col=2)
    fig.update_layout(height=height)
    return presenter_style(fig)


def test_a_log_axis_over_many_decades_labels_every_few_decades():
    """Gradients of 20 layers with 1.0·randn span 1e-5 … 1e13: labelled every decade at 16 px they overlap."""
    assert _log_fig(-5, 13).layout.yaxis2.dtick >= 2
    assert _log_fig(-5, 13, height=1200).layout.yaxis2.dtick == 1      # a tall chart has room for every decade


def test_a_short_log_axis_keeps_every_decade_and_linear_axes_are_left_alone():
    fig = _log_fig(-3, 1)
    assert fig.layout.yaxis2.dtick == 1 and fig.layout.yaxis.dtick is None


def test_a_cached_figure_with_encoded_arrays_is_styled_too():
    """Figures come out of st.cache_data rebuilt unvalidated (ui.serving.fastpickle), their arrays still Plotly's typed
    dicts {"dtype", "bdata"}: the decade step must read those (the PReLU figure raised in the presenter view)."""
    fig = prelu_figure(fit_prelu_alpha(steps=30), tr("en"))
    fig.update_yaxes(type="log", secondary_y=True)
    cached = pickle.loads(pickle.dumps(fig))
    assert any(isinstance(d.get("y"), dict) for d in cached.to_dict()["data"])
    presenter_style(cached)                                               # no TypeError
    big = _log_fig(-5, 13)
    big.data[1].y = {"dtype": "f8", "bdata": base64.b64encode(np.array([1e-5, 1e13]).tobytes()).decode()}
    big.layout.yaxis2.dtick = None
    assert presenter_style(big).layout.yaxis2.dtick >= 2                  # read from the encoded array
    pie = go.Figure([go.Pie(values=[1, 2]), go.Scatter(x=[1, 2], y=[1.0, 100.0])])
    assert presenter_style(pie.update_yaxes(type="log")).layout.yaxis.dtick == 1   # a trace without y is skipped


def test_readable_text_paints_every_text_of_any_figure():
    """Streamlit's theme draws chart text #808495 (3.7:1): readable_text writes the colour on the figure itself,
    into the property dicts (the fast path), for validated and dict-built figures alike."""
    import json

    import plotly.io as pio

    from viz.grid import figure, grid
    from viz.style import TEXT, readable_text

    built = make_subplots(rows=1, cols=2)
    built.add_scatter(x=[1, 2], y=[1, 2], row=1, col=2, marker={"colorbar": {"title": {"text": "acc"}}})
    built.add_annotation(text="pale", font={"color": "#2e8b57"})     # a series colour: 4.2:1, too pale for text
    built.add_annotation(text="dark", font={"color": "#222222"})
    layout = grid(1, 3, ("a", "b", "c"))
    cheap = figure([{"type": "scatter", "x": [1], "y": [1]}], layout)
    for fig in (built, cheap):
        out = json.loads(pio.to_json(readable_text(fig), validate=False))["layout"]
        axes = [k for k in out if k.startswith(("xaxis", "yaxis"))]
        assert len(axes) >= 4
        assert all(out[k]["tickfont"]["color"] == TEXT and out[k]["title"]["font"]["color"] == TEXT for k in axes)
        assert out["font"]["color"] == TEXT and out["legend"]["font"]["color"] == TEXT
    notes = {a.text: a.font.color for a in built.layout.annotations}
    assert notes == {"pale": TEXT, "dark": "#222222"}
    assert built.data[0].marker.colorbar.tickfont.color == TEXT
