"""Optimisation figures on 2-D surfaces: contours with each rule's path (animated client-side with Plotly frames:
play, pause and a step slider, no server round trip per frame), the loss above the minimum per step (log), the
momentum map with the theory's and the measured optimum, the adaptive rules' step sizes, Newton's step."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.colors import get_colorscale

from viz.grid import figure
from viz.plotly_internals import unvalidated_figure
from viz.style import DASHES, RUNS, SYMBOLS, empty_figure

# each runner: (colour, marker, dash): never colour alone
STYLE = {name: (RUNS[i], SYMBOLS[i], DASHES[i]) for i, name in enumerate(
    ("sgd", "sgd_momentum", "nesterov", "adagrad", "rmsprop", "adam", "adam_nobc", "newton"))}
STYLE["lbfgs"], STYLE["lbfgs_minibatch"] = STYLE["newton"], (RUNS[7], "cross", DASHES[7])
FRAMES = 40          # animation frames of a race (the path grows by steps/FRAMES per frame)
MAX_POINTS = 200     # points per path sent for the animation


def rule_name(t, name: str) -> str:
    return t(f"optimisation.rule.{name}")


def _contour_trace(c, t) -> dict:
    z = np.log10(c.gap + 1e-2)
    return dict(type="contour", x=c.x, y=c.y, z=z, ncontours=22, showscale=False, name=t("optimisation.fig.surface"),
                colorscale=[[0, "#ffffff"], [1, "#b9c7d8"]], contours={"coloring": "fill", "showlines": True},
                line={"color": "rgba(60,60,60,0.3)", "width": 0.6},
                hovertemplate="x=%{x:.2f}, y=%{y:.2f}<extra></extra>", hoverinfo="skip")


def _path(name: str, xy: np.ndarray, t, *, size: int = 8) -> dict:
    color, symbol, dash = STYLE[name]
    label = rule_name(t, name)
    return dict(type="scatter", x=xy[:, 0], y=xy[:, 1], mode="lines+markers", name=label, meta=name,
                line={"color": color, "dash": dash, "width": 2.5},
                marker={"symbol": symbol, "size": size, "color": color, "maxdisplayed": 25},
                hovertemplate=f"{label}<br>x=%{{x:.3g}}, y=%{{y:.3g}}<extra></extra>")


def _window(c) -> dict:
    return {"xaxis": {"title": {"text": "w₁"}, "range": [float(c.x[0]), float(c.x[-1])], "constrain": "domain"},
            "yaxis": {"title": {"text": "w₂"}, "range": [float(c.y[0]), float(c.y[-1])]}}


def paths_figure(race, c, t, *, animate: bool = False) -> go.Figure:
    """The surface's contours (log of the height above the minimum), the start, the minimum and every runner's
    path. With `animate`, Plotly frames grow the paths step by step in the browser (play, pause, a step slider);
    the figure as sent shows the whole race, so a still image and a screen reader see the end."""
    if race is None or not len(race.rules):
        return empty_figure(t("optimisation.fig.no_rules"), height=420)
    data = [_contour_trace(c, t),
            dict(type="scatter", x=[c.minimum[0]], y=[c.minimum[1]], mode="markers", name=t("optimisation.fig.minimum"),
                 marker={"symbol": "star", "size": 16, "color": "#111111"}, meta="minimum"),
            dict(type="scatter", x=[race.paths[0, 0, 0]], y=[race.paths[0, 0, 1]], mode="markers",
                 name=t("optimisation.fig.start"), marker={"symbol": "circle-open", "size": 16, "color": "#111111",
                                                          "line": {"width": 3}}, meta="start")]
    first = len(data)
    data += [_path(n, race.paths[i], t) for i, n in enumerate(race.rules)]
    steps = race.paths.shape[1] - 1
    # no title (the page says what it shows): the legend sits above the plot, the race's controls below it
    layout = dict(height=520, margin={"t": 100, "b": 50},
                  legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0, "xanchor": "left"},
                  **_window(c))
    if not animate or steps < 2:
        return figure(data, layout)
    keep = np.unique(np.linspace(0, steps, min(MAX_POINTS, steps + 1)).astype(int))
    cuts = np.unique(np.linspace(1, steps, min(FRAMES, steps)).astype(int))
    frames = []
    for k in cuts:
        idx = np.append(keep[keep < k], k)
        frames.append({"name": str(int(k)), "traces": list(range(first, first + len(race.rules))),
                       "data": [{"x": race.paths[i, idx, 0], "y": race.paths[i, idx, 1]}
                                for i in range(len(race.rules))]})
    anim = {"frame": {"duration": 80, "redraw": False}, "transition": {"duration": 0}, "mode": "immediate"}
    # below the plot, under the axis title: the controls never cover a path or the legend
    layout["updatemenus"] = [{"type": "buttons", "direction": "left", "x": 0, "y": -0.16, "xanchor": "left",
                              "yanchor": "top",
                              "showactive": False, "pad": {"r": 8},
                              "buttons": [{"label": "▶ " + t("optimisation.fig.play"), "method": "animate",
                                           "args": [None, {**anim, "fromcurrent": True}]},
                                          {"label": "❚❚ " + t("optimisation.fig.pause"), "method": "animate",
                                           "args": [[None], {**anim, "frame": {"duration": 0, "redraw": False}}]}]}]
    layout["sliders"] = [{"active": len(cuts) - 1, "x": 0.3, "len": 0.7, "y": -0.13, "yanchor": "top",
                          "currentvalue": {"prefix": t("optimisation.fig.step") + " ", "xanchor": "right"},
                          "pad": {"t": 0},
                          "steps": [{"label": str(int(k)), "method": "animate",
                                     "args": [[str(int(k))], {**anim, "frame": {"duration": 0, "redraw": False}}]}
                                    for k in cuts]}]
    layout["margin"], layout["height"] = {"t": 90, "b": 150}, 620
    base = figure(data, layout)
    return unvalidated_figure(base.data, base.layout, frames=frames)


def loss_figure(race, t) -> go.Figure:
    """f − f* per step on a log axis, one line per runner; a diverged runner ends where it left the map."""
    if race is None or not len(race.rules):
        return empty_figure(t("optimisation.fig.no_rules"))
    data = []
    for i, n in enumerate(race.rules):
        tr = _path(n, np.zeros((1, 2)), t)
        g = race.gap[i].astype(float)
        if race.diverged_at[i] is not None:
            g = g[:race.diverged_at[i]]
        tr.update(x=np.arange(g.size), y=np.maximum(g, 1e-16), hovertemplate=f"{tr['name']}<br>"
                  + t("optimisation.fig.step") + " %{x}: %{y:.3g}<extra></extra>")
        data.append(tr)
    return figure(data, dict(
        height=360, margin={"t": 40, "b": 50}, legend={"orientation": "h", "y": -0.3},
        xaxis={"title": {"text": t("optimisation.fig.x_step")}},
        yaxis={"title": {"text": t("optimisation.fig.y_gap")}, "type": "log", "exponentformat": "power"}))


def heatmap_figure(m, t) -> go.Figure:
    """Momentum's speed over (learning rate α, momentum β) as the steps it needs to shrink the distance to the
    minimum a thousandfold (log colour: dark is fast; blank cells diverge); the theory's optimum and the grid's
    fastest cell marked with different markers."""
    rate = np.where(np.isfinite(m.rate) & (m.rate < 1), m.rate, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        steps = np.where(np.isnan(rate), np.nan, np.where(rate > 0, np.log(1e-3) / np.log(rate), 1.0))
    z = np.log10(np.clip(steps, 1.0, 1e4))
    th = m.theory
    data = [dict(type="heatmap", x=m.alphas, y=m.betas, z=z, zmin=0, zmax=4, name=t("optimisation.fig.rate"),
                 colorscale=get_colorscale("Viridis"), customdata=rate,
                 colorbar={"title": {"text": t("optimisation.fig.steps_1000")}, "tickvals": [0, 1, 2, 3, 4],
                           "ticktext": ["1", "10", "100", "1000", "≥10⁴"]},
                 hovertemplate="α=%{x:.3g}, β=%{y:.2f}: %{customdata:.3f}<extra></extra>"),
            dict(type="scatter", x=[th["alpha"]], y=[th["beta"]], mode="markers", meta="theory",
                 name=t("optimisation.fig.theory", a=f"{th['alpha']:.3g}", b=f"{th['beta']:.3f}"),
                 marker={"symbol": "star", "size": 20, "color": "#ffffff", "line": {"color": "#111111", "width": 2}}),
            dict(type="scatter", x=[m.best[0]], y=[m.best[1]], mode="markers", meta="best",
                 name=t("optimisation.fig.measured", a=f"{m.best[0]:.3g}", b=f"{m.best[1]:.2f}"),
                 marker={"symbol": "x", "size": 16, "color": "#d62728", "line": {"color": "#111111", "width": 1}})]
    return figure(data, dict(
        height=460, margin={"t": 50, "b": 50}, legend={"orientation": "h", "y": -0.2},
        title={"text": t("optimisation.fig.map_title", kappa=f"{m.kappa:g}")},
        xaxis={"title": {"text": t("optimisation.fig.x_alpha")}, "type": "log"},
        yaxis={"title": {"text": t("optimisation.fig.y_beta")}}))


def steps_figure(s, t) -> go.Figure:
    """Each rule's step in units of its learning rate under a steady gradient, log-log."""
    data = []
    for i, n in enumerate(s.rules):
        tr = _path(n, np.zeros((1, 2)), t)
        tr.update(x=np.arange(1, s.step.shape[1] + 1), y=s.step[i], hovertemplate=f"{tr['name']}<br>t=%{{x}}: "
                  "%{y:.3g}<extra></extra>")
        data.append(tr)
    return figure(data, dict(
        height=380, margin={"t": 50, "b": 50}, legend={"orientation": "h", "y": -0.3},
        title={"text": t("optimisation.fig.steps_title", g=f"{s.gradient:g}")},
        xaxis={"title": {"text": t("optimisation.fig.x_update")}, "type": "log"},
        yaxis={"title": {"text": t("optimisation.fig.y_steplr")}, "type": "log", "exponentformat": "power"}))


def newton_figure(n, c, t) -> go.Figure:
    """Newton's path and gradient descent's (at its best fixed step) on the quadratic's contours."""
    data = [_contour_trace(c, t), _path("newton", n.newton, t, size=11), _path("sgd", n.gd, t)]
    data[1]["name"], data[2]["name"] = t("optimisation.rule.newton"), t("optimisation.fig.gd_best")
    return figure(data, dict(height=420, margin={"t": 50, "b": 50}, legend={"orientation": "h", "y": -0.2},
                             title={"text": t("optimisation.fig.newton_title", kappa=f"{n.kappa:g}")}, **_window(c)))


def _arrow(name: str, label: str, a, b, color: str, dash: str, k: int, show: bool) -> dict:
    ax, ay = ("x", "y") if k == 1 else (f"x{k}", f"y{k}")
    return dict(type="scatter", x=[a[0], b[0]], y=[a[1], b[1]], mode="lines+markers", name=label, meta=name,
                legendgroup=name, showlegend=show, xaxis=ax, yaxis=ay, line={"color": color, "dash": dash, "width": 3},
                marker={"symbol": ["circle", "arrow"], "angleref": "previous", "size": [6, 16], "color": color},
                hovertemplate=f"{label}<extra></extra>")


def look_ahead_figure(la, c, t) -> go.Figure:
    """One update drawn as arrows, momentum (left) and Nesterov (right): the momentum step μv, the gradient step
    (at x, or at the look-ahead point x + μv), and the step actually taken, their sum."""
    from viz.grid import axis, grid
    from viz.style import F_COLOR, G_COLOR, GOOD

    x, mv = la.x, la.mu * la.v
    layout = grid(1, 2, (t("optimisation.fig.la_momentum"), t("optimisation.fig.la_nesterov")), hgap=0.06)
    data = []
    for k, (g, start) in enumerate(((la.grad_here, x), (la.grad_ahead, x + mv)), start=1):
        z = _contour_trace(c, t)
        z.update(xaxis="x" if k == 1 else "x2", yaxis="y" if k == 1 else "y2")
        data += [z, _arrow("velocity", t("optimisation.fig.la_velocity"), x, x + mv, F_COLOR, "solid", k, k == 1),
                 _arrow("gradient", t("optimisation.fig.la_gradient"), start, start + g, G_COLOR, "dot", k, k == 1),
                 _arrow("step", t("optimisation.fig.la_step"), x, x + mv + g, GOOD, "dash", k, k == 1)]
    pts = np.array([x, x + mv, x + mv + la.grad_here, x + mv + la.grad_ahead, x + la.grad_here])
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    pad = 0.25 * np.maximum(hi - lo, 0.5)
    for k in (1, 2):
        axis(layout, k, range=[float(lo[0] - pad[0]), float(hi[0] + pad[0])], title={"text": "w₁"})
        axis(layout, k, "y", range=[float(lo[1] - pad[1]), float(hi[1] + pad[1])], title={"text": "w₂"})
    layout.update(height=420, margin={"t": 60, "b": 50}, legend={"orientation": "h", "y": -0.2})
    return figure(data, layout)
