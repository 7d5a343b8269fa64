"""Optimisation figures: trace counts, names and axis titles, the animation's frames, markers and dashes as well as
colours, empty input still a valid figure, and text alternatives that carry the run's numbers."""
import json

import numpy as np
import plotly.graph_objects as go
import pytest

from sim.labs import optimisation as lab
from sim.labs import optimisation_net as net
from sim.labs import optimisation_schedules as sched
from tests.figdata import decoded
from ui.i18n import tr
from viz import optimisation as viz
from viz import optimisation_net as viz_net
from viz.alt import optimisation as alt

T = tr("en")


@pytest.fixture(scope="module")
def race():
    return lab.race("quadratic", ("sgd", "sgd_momentum", "adam"), steps=120)


def test_paths_figure_static_and_animated(race):
    c = lab.contour("quadratic", 100.0)
    f = viz.paths_figure(race, c, T)
    assert [d["meta"] for d in f.to_dict()["data"][3:]] == ["sgd", "sgd_momentum", "adam"]
    assert f.layout.xaxis.title.text == "w₁" and f.layout.yaxis.title.text == "w₂"
    a = viz.paths_figure(race, c, T, animate=True)
    spec = json.loads(a.to_json())
    go.Figure(spec)                                                   # validated: frames, sliders, buttons
    assert len(spec["frames"]) == 40 and spec["frames"][-1]["name"] == "120"
    assert spec["frames"][0]["traces"] == [3, 4, 5]
    assert len(spec["layout"]["sliders"][0]["steps"]) == 40
    frames = decoded(a)["frames"]
    sizes = [len(fr["data"][0]["x"]) for fr in frames]
    assert sizes == sorted(sizes) and sizes[0] < sizes[-1] <= viz.MAX_POINTS + 1
    ends = frames[-1]["data"][1]
    assert ends["x"][-1] == pytest.approx(race.paths[1, -1, 0])       # the last frame ends where the run ends


def test_each_rule_has_its_own_colour_marker_and_dash():
    styles = [viz.STYLE[n] for n in lab.RACERS]
    for k in range(3):
        assert len({s[k] for s in styles}) == len(styles)


def test_empty_inputs_give_valid_figures():
    empty = lab.race("quadratic", (), steps=10)
    for fig in (viz.paths_figure(empty, lab.contour("quadratic"), T), viz.loss_figure(empty, T),
                viz_net.schedules_figure(None, T), viz_net.net_figure(None, T)):
        assert not fig.data and fig.layout.annotations
    assert alt.race(empty, T) == T("optimisation.fig.no_rules")


def test_loss_figure_is_log_and_stops_a_diverged_runner():
    r = lab.race("quadratic", ("sgd", "sgd_momentum"), lr_sgd=0.25, steps=100)
    f = viz.loss_figure(r, T)
    assert f.layout.yaxis.type == "log" and f.layout.xaxis.title.text == "Step"
    assert len(f.data[0].y) == r.diverged_at[0]
    assert "diverged at step" in alt.race(r, T)


def test_heatmap_marks_theory_and_measured():
    m = lab.momentum_map(100.0, n_alpha=41, n_beta=50, steps=200)
    f = viz.heatmap_figure(m, T)
    assert f.data[0].type == "heatmap" and f.layout.xaxis.type == "log"
    assert f.data[1].meta == "theory" and f.data[1].marker.symbol != f.data[2].marker.symbol
    assert f.data[1].x[0] == pytest.approx(m.theory["alpha"])
    text = alt.heatmap(m, T)
    assert "0.331" in text and "0.669" in text


def test_steps_and_newton_figures():
    s = lab.adaptive_steps(steps=50)
    f = viz.steps_figure(s, T)
    assert len(f.data) == 5 and f.layout.xaxis.type == "log" and f.layout.yaxis.type == "log"
    assert "3.16" in alt.steps(s, T)
    n = lab.newton_vs_gd(1000.0)
    f = viz.newton_figure(n, lab.contour("quadratic", 1000.0), T)
    assert f.data[1].name == "Newton's method" and abs(f.data[1].x[1]) < 1e-12
    assert "in one step" in alt.newton(n, T)


def test_look_ahead_figure():
    la = lab.look_ahead(100.0)
    f = viz.look_ahead_figure(la, lab.contour("quadratic", 100.0), T)
    arrows = [d for d in f.data if d.meta in ("velocity", "gradient", "step")]
    assert len(arrows) == 6 and sum(bool(d.showlegend) for d in arrows) == 3
    assert len({(d.line.dash, d.line.color) for d in arrows}) == 3
    assert "look-ahead" in alt.look_ahead(la, T)


def test_net_figures():
    r = net.compare_rules(("sgd", "adam"), epochs=2)
    f = viz_net.net_figure(r, T)
    assert len(f.data) == 4 and f.layout.yaxis2.tickformat == ".0%" and f.layout.yaxis.type == "log"
    assert "Adam ends at loss" in alt.net(r, T)
    k = net.kingma_ba(epochs=2)
    f = viz_net.kingma_ba_figure(k, T)
    assert [d.meta for d in f.data] == list(net.KB_RULES) and "lr" in f.data[0].name
    so = net.lbfgs_vs_sgd(passes=4)
    f = viz_net.lbfgs_figure(so, T)
    assert f.layout.xaxis.title.text == "Passes over the training data"
    b = sched.schedules_on_bowl(("constant", "step"), epochs=6)
    f = viz_net.schedules_figure(b, T, y_key="optimisation.fig.y_gap")
    assert len(f.data) == 4 and f.layout.xaxis.matches == "x2"
    assert f.layout.yaxis2.title.text == "Loss above the minimum (log)"


def test_smooth_keeps_length_and_nan():
    y = np.array([1.0, 2, 3, 4, np.nan])
    s = viz_net.smooth(y, 2)
    assert s.size == 5 and np.isnan(s[-1]) and s[1] == pytest.approx(1.5)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_alt_texts_are_well_formed_in_both_languages(lang, race):
    import re
    t = tr(lang)
    texts = [alt.race(race, t), alt.heatmap(lab.momentum_map(10.0, n_alpha=21, n_beta=20, steps=100), t),
             alt.steps(lab.adaptive_steps(steps=20), t), alt.newton(lab.newton_vs_gd(10.0), t),
             alt.net(net.compare_rules(("sgd", "rmsprop"), epochs=1), t),
             alt.schedules(sched.schedules_on_bowl(("constant", "cosine"), epochs=4), t, lambda n: n, "alt.optimisation.bowl")]
    for text in texts:
        assert text and "{" not in text and not re.search(r"\b(nan|inf)\b", text), text
        assert (sum("가" <= c <= "힣" for c in text) > 5) == (lang == "ko"), text
    assert alt.heatmap(lab.momentum_map(10.0, n_alpha=21, n_beta=20, steps=100), t).count("=") >= 5
