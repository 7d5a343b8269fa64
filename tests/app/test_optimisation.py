"""AppTest of the optimisation lesson: every tab at its defaults and at the extremes of every control, in both
languages, asserting on the figures' data."""
import numpy as np
import pytest

from tests.app.conftest import run_page
from tests.figdata import arr, figure, trace
from ui.i18n import tr

RULES = ("sgd", "sgd_momentum", "nesterov", "adagrad", "rmsprop", "adam", "adam_nobc")
SCHEDS = ("constant", "step", "step20", "exponential", "inverse", "cosine")
# URL values: bound select sliders hold fmt_num's text (1000 -> "1e3"); the surface select holds its code
MIN = {1: dict(op_surface="quadratic", op_kappa="1", op_noise="0", op_lr="0.01", op_steps="10", op_with_mom="false"),
       2: dict(**{f"op_r_{r}": "false" for r in RULES}, op_r_surface="quadratic", op_r_kappa="1", op_r_noise="0",
               op_r_steps="10", op_r_lr="0.01", op_r_lr_ada="0.001", op_r_mu="0"),
       3: dict(op_m_kappa="1"), 4: dict(op_a_grad="0.001"),
       5: dict(op_n_ds="digits", op_n_epochs="1", op_n_batch="16", op_n_adam_lr="1e-4", op_kb="false"),
       6: dict(**{f"op_s_{s}": "false" for s in SCHEDS}, op_s_lr0="0.005", op_s_epochs="5", op_s_k="0.01"),
       7: dict(op_2_kappa="1", op_2_passes="5", op_2_minibatch="false")}
MAX = {1: dict(op_surface="local", op_kappa="1e3", op_noise="5", op_lr="0.25", op_steps="500", op_with_mom="true"),
       2: dict(**{f"op_r_{r}": "true" for r in RULES}, op_r_surface="saddle", op_r_kappa="1e3", op_r_noise="5",
               op_r_steps="500", op_r_lr="0.25", op_r_lr_ada="1", op_r_mu="0.99"),
       3: dict(op_m_kappa="1e3"), 4: dict(op_a_grad="1e3"),
       5: dict(op_n_ds="blobs", op_n_epochs="30", op_n_batch="256", op_n_adam_lr="0.01", op_kb="true"),
       6: dict(**{f"op_s_{s}": "true" for s in SCHEDS}, op_s_lr0="0.2", op_s_epochs="40", op_s_k="0.3"),
       7: dict(op_2_kappa="1e3", op_2_passes="40", op_2_minibatch="true")}
CHARTS = {1: 2, 2: 2, 3: 2, 4: 1, 5: 1, 6: 2, 7: 2}


def run(tab: int, lang: str = "en", **params):
    at = run_page("optimisation", lang=lang, op_tab=tr(lang)(f"optimisation.t{tab}.title"), **params)
    return at


def paths(fig) -> list[dict]:
    return [d for d in fig["data"] if d.get("meta") in RULES + ("newton",)]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_problems_defaults(lang):
    at = run_page("optimisation", lang=lang)              # the first tab opens by default
    assert at.title[0].value == ("Optimisation" if lang == "en" else "최적화")
    assert len(at.get("plotly_chart")) == 2
    f = figure(at, "op_problem_paths")
    (sgd,) = paths(f)
    y = arr(sgd["y"])
    assert y.size == 101 and np.all(np.sign(y[1:12]) != np.sign(y[:11]))     # κ = 100: the zig-zag
    loss = figure(at, "op_problem_loss")
    assert loss["layout"]["yaxis"]["type"] == "log" and arr(loss["data"][0]["y"])[-1] > 0.1


def test_problems_extremes():
    at = run(1, **MIN[1])
    (sgd,) = paths(figure(at, "op_problem_paths"))
    assert arr(sgd["x"]).size == 11
    at = run(1, **MAX[1])
    ps = paths(figure(at, "op_problem_paths"))
    assert [p["meta"] for p in ps] == ["sgd", "sgd_momentum"] and all(arr(p["x"]).size == 501 for p in ps)
    assert at.warning                                     # lr 0.25 on curvature 10: SGD diverges, the page says so
    assert np.all(np.isfinite(arr(ps[0]["x"])))


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_race_defaults_animate_in_the_browser(lang):
    at = run(2, lang)
    assert len(at.get("plotly_chart")) == CHARTS[2]
    f = figure(at, "op_race_paths")
    assert [p["meta"] for p in paths(f)] == list(RULES[:6])
    assert len(f["frames"]) == 40 and f["layout"]["updatemenus"][0]["buttons"][0]["method"] == "animate"
    first, last = f["frames"][0]["data"][0], f["frames"][-1]["data"][0]
    assert arr(first["x"]).size < arr(last["x"]).size              # the frames grow the paths
    styles = {(p["line"]["color"], p["marker"]["symbol"], p["line"]["dash"]) for p in paths(f)}
    assert len({s[1] for s in styles}) == len({s[2] for s in styles}) == 6   # marker and dash, not colour alone
    loss = figure(at, "op_race_loss")
    final = {d["meta"]: arr(d["y"])[-1] for d in loss["data"]}
    assert final["sgd_momentum"] < 1e-6 < final["adagrad"]


def test_race_extremes():
    at = run(2, **MIN[2])
    f = figure(at, "op_race_paths")
    assert not f["data"] and f["layout"]["annotations"]            # no runner: a valid figure that says why
    at = run(2, **MAX[2])
    f = figure(at, "op_race_paths")
    assert len(paths(f)) == 7 and all(np.all(np.isfinite(arr(p["x"]))) for p in paths(f))


@pytest.mark.parametrize("params,kappa", [({}, 100), (MIN[3], 1), (MAX[3], 1000)])
def test_momentum_map(params, kappa):
    at = run(3, **params)
    f = figure(at, "op_momentum_map")
    z = arr(np.asarray(f["data"][0]["z"]).ravel())                  # log10(steps to shrink 1000-fold)
    assert z.size == 100 * 81 and np.isnan(z).any()                 # blank: diverged
    if kappa == 100:
        assert 10 ** np.nanmin(z) == pytest.approx(np.log(1e-3) / np.log(9 / 11), rel=0.1)
    th, best = trace(f, f["data"][1]["name"]), f["data"][2]
    if kappa == 100:
        assert abs(arr(best["x"])[0] / arr(th["x"])[0] - 1) < 0.1 and abs(arr(best["y"])[0] / arr(th["y"])[0] - 1) < 0.1
    if kappa == 1:
        assert arr(th["y"])[0] == 0 and arr(best["y"])[0] == 0
    assert len(at.get("plotly_chart")) == CHARTS[3]
    la = figure(at, "op_look_ahead")
    arrows = {(d["meta"], d["xaxis"]): d for d in la["data"] if d.get("meta")}
    assert len(arrows) == 6                                         # three arrows on each of the two panels
    v1, v2 = arrows[("velocity", "x")], arrows[("velocity", "x2")]
    assert np.allclose(arr(v1["x"]), arr(v2["x"])) and np.allclose(arr(v1["y"]), arr(v2["y"]))   # the same μv
    g2 = arrows[("gradient", "x2")]
    assert arr(g2["x"])[0] == pytest.approx(arr(v2["x"])[1])        # Nesterov's gradient starts at the look-ahead


@pytest.mark.parametrize("params,g", [({}, 1.0), (MIN[4], 1e-3), (MAX[4], 1e3)])
def test_adaptive_steps(params, g):
    at = run(4, **params)
    f = figure(at, "op_adaptive_steps")
    y = {d["meta"]: arr(d["y"]) for d in f["data"]}
    assert y["sgd"][0] == pytest.approx(g) and y["adam"][0] == pytest.approx(1.0, rel=1e-4)
    assert y["adagrad"][3] == pytest.approx(0.5, rel=1e-4) and y["adam_nobc"][0] == pytest.approx(3.162, rel=1e-3)


def test_real_net_defaults_and_extremes():
    at = run(5)
    f = figure(at, "op_net")
    assert len(f["data"]) == 12
    acc = {d["meta"]: arr(d["y"]) for d in f["data"] if d.get("yaxis") == "y2"}
    assert acc["rmsprop"][-1] > 0.9 > 0.5 > acc["sgd"][-1] and acc["sgd"].size == 11
    at = run(5, **MIN[5])
    acc = {d["meta"]: arr(d["y"]) for d in figure(at, "op_net")["data"] if d.get("yaxis") == "y2"}
    assert acc["adam"].size == 2
    at = run(5, timeout=180, **MAX[5])
    assert len(at.get("plotly_chart")) == 2
    kb = figure(at, "op_kingma_ba")
    assert [d["meta"] for d in kb["data"]] == ["adagrad", "rmsprop", "nesterov", "adam"]
    assert all(arr(d["y"])[-1] < 0.5 * arr(d["y"])[0] for d in kb["data"])
    acc = {d["meta"]: arr(d["y"]) for d in figure(at, "op_net")["data"] if d.get("yaxis") == "y2"}
    assert acc["adam"].size == 31 and all(0 <= a.min() and a.max() <= 1 for a in acc.values())   # the blobs
    assert max(a[-1] for a in acc.values()) > acc["sgd"][0] + 0.2   # 30 updates (one batch an epoch): some learn
    at = run(5, op_n_ds="spiral", op_n_epochs="3")
    first = {d["meta"]: arr(d["y"])[0] for d in figure(at, "op_net")["data"] if d.get("yaxis", "y") == "y"}
    assert first["sgd"] == pytest.approx(np.log(3), abs=0.05)        # three classes: the loss starts at ln 3
    at = run(5, op_n_ds="upload")                                     # no file yet: falls back to the digits, says so
    assert at.info and len(figure(at, "op_net")["data"]) == 12


def test_schedules_defaults_and_extremes():
    at = run(6)
    bowl, net = figure(at, "op_schedules_bowl"), figure(at, "op_schedules_net")
    lr = {d["meta"]: arr(d["y"]) for d in bowl["data"] if d.get("yaxis", "y") == "y"}
    assert set(lr) == {"constant", "step", "cosine"} and lr["step"][-1] == pytest.approx(0.1 * 0.5 ** 5)
    gap = {d["meta"]: arr(d["y"]) for d in bowl["data"] if d.get("yaxis") == "y2"}
    assert gap["step"][-1] < 0.5 * gap["constant"][-1]
    assert net["layout"]["xaxis"]["matches"] == "x2"
    at = run(6, **MIN[6])
    assert not figure(at, "op_schedules_bowl")["data"]
    at = run(6, timeout=120, **MAX[6])
    lr = {d["meta"]: arr(d["y"]) for d in figure(at, "op_schedules_net")["data"] if d.get("yaxis", "y") == "y"}
    assert len(lr) == 6 and lr["cosine"][0] < 0.2 and lr["cosine"].max() == pytest.approx(0.2, rel=0.01)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_second_order(lang):
    at = run(7, lang)
    n = figure(at, "op_newton")
    newton = trace(n, tr(lang)("optimisation.rule.newton"))
    assert np.allclose([arr(newton["x"])[1], arr(newton["y"])[1]], 0, atol=1e-12)
    assert len(at.table) == 1
    lb = figure(at, "op_lbfgs")
    assert [d["meta"] for d in lb["data"]] == ["lbfgs", "sgd_momentum"]
    y = arr(lb["data"][0]["y"])
    assert y[-1] < 0.2 < y[0]
    at = run(7, **MIN[7])
    assert arr(figure(at, "op_lbfgs")["data"][0]["x"])[-1] >= 5
    at = run(7, timeout=120, **MAX[7])
    assert [d["meta"] for d in figure(at, "op_lbfgs")["data"]] == ["lbfgs", "lbfgs_minibatch", "sgd_momentum"]


@pytest.mark.parametrize("tab", [2, 3])
def test_presenter_view(tab):
    at = run(tab, present="1")
    assert at.session_state["present"] is True and not at.title    # the lesson's title shares the scene bar
    assert len(at.get("plotly_chart")) == CHARTS[tab]
    f = figure(at, "op_race_paths" if tab == 2 else "op_momentum_map")
    assert f["data"]


def test_a_scene_sets_the_race():
    from ui.lecture import scene_settings
    s = scene_settings("optimisation", 3, "en")
    at = run_page("optimisation", lang="en", **{k: ("true" if v is True else "false" if v is False else str(v))
                                                for k, v in s.items()})
    ps = paths(figure(at, "op_race_paths"))
    assert [p["meta"] for p in ps] == ["sgd", "sgd_momentum", "nesterov", "rmsprop", "adam"]
    ends = {p["meta"]: arr(p["x"])[-1] for p in ps}
    assert ends["sgd"] > 0.5 and ends["sgd_momentum"] < -0.5        # the local-minimum scene's takeaway, drawn
