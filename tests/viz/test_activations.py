"""Figures of the activation lab: traces, shading, axis titles, empty input."""
import numpy as np

from sim.labs.activations import chain_rule, curves, dead_relu, fit_prelu_alpha, measure_cost, zigzag
from ui.i18n import tr
from viz import activations as fig

t = tr("en")


def test_curves_figure_traces_shading_and_markers():
    cs = curves(("sigmoid", "relu"), -10, 10, threshold=0.01)
    f = fig.curves_figure(cs, t, chain_rule(("sigmoid", "relu"), 0.0, 1.0))
    names = [(tr_.name, tr_.meta) for tr_ in f.data]
    assert ("f(x)", "sigmoid") in names and ("df/dx", "relu") in names
    markers = [tr_ for tr_ in f.data if tr_.mode == "markers"]
    assert len(markers) == 4 and {m.name for m in markers} == {"x = 0"}
    shapes = [s for s in f.layout.shapes if s.name and s.name.startswith("saturated:") or s.showlegend]
    sig = [s for s in f.layout.shapes if s.name == "saturated:sigmoid" or (s.showlegend and s.x1 < 0)]
    assert shapes and sig
    relu = [s for s in f.layout.shapes if s.name == "saturated:relu"]
    assert relu and max(s.x1 for s in relu) < 0.05   # nothing shaded on ReLU's positive side
    assert sum(bool(s.showlegend) for s in f.layout.shapes) == 1
    assert f.layout.yaxis.title.text == "f(x)" and f.layout.yaxis2 is not None


def test_curves_figure_with_nothing_selected_is_still_a_figure():
    f = fig.curves_figure(curves((), -1, 1), t)
    assert len(f.data) == 0 and "No function" in f.layout.annotations[0].text


def test_zigzag_figure_has_both_paths_and_target():
    f = fig.zigzag_figure(zigzag(), t)
    assert [d.meta for d in f.data[:2]] == ["positive", "centered"]
    assert f.layout.xaxis.title.text == "w1" and f.layout.yaxis.title.text == "w2"
    assert len(f.data[0].x) == zigzag().positive.steps + 1


def test_dead_relu_figures_count_units():
    d = dead_relu(n_units=20, lr=10.0, offset=2.0)
    for after, dead in ((False, d.dead_before), (True, d.dead_after)):
        f = fig.dead_relu_figure(d, t, after)
        active, dead_tr = f.data[1], f.data[2]
        assert active.meta == "active" and dead_tr.meta == "dead"
        assert sum(v is None for v in dead_tr.x) == dead.sum()
        assert f"{100 * dead.mean():.0f}% dead" in f.layout.title.text


def test_prelu_and_cost_figures():
    p = fit_prelu_alpha(steps=30)
    f = fig.prelu_figure(p, t)
    assert np.allclose(f.data[0].y, p.alpha) and f.layout.yaxis2.type == "log"
    c = measure_cost(n=1000, repeats=1)
    f = fig.cost_figure(c, t)
    assert [d.meta for d in f.data] == ["uses_exp", "no_exp"]
    assert set(f.data[0].x) == {"Sigmoid", "tanh", "ELU"} and set(f.data[1].x) == {"ReLU", "Leaky ReLU", "PReLU", "Maxout"}
    assert np.all(np.asarray(f.data[1].y) > 0)
    assert "milliseconds" in f.layout.yaxis.title.text
