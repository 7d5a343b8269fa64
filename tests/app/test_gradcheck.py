"""AppTest of the gradient-checks lesson: every tab at its defaults and at the extremes of every control, both
languages, asserting on the figures' data."""
import numpy as np
import pytest

from tests.app.conftest import run_page
from tests.figdata import arr, figure
from ui.i18n import tr

CHARTS = {1: 1, 2: 2, 3: 3, 4: 1}
MIN = dict(gc_f32="false", gc_h="1e-13", gc_kink="ReLU: max(0, x)", gc_kx="-50", gc_kh="1e-6", gc_ws="1e-4",
           gc_reg="0.01", gc_p="0.3", gc_nc="4")
MAX = dict(gc_f32="true", gc_h="0.1", gc_kink="max(x/2, 2x)", gc_kx="50", gc_kh="3e-5", gc_ws="1", gc_reg="1e6",
           gc_p="1", gc_nc="60")


def run(tab: int, lang: str = "en", charts: int | None = None, **params):
    at = run_page("gradcheck", lang=lang, gc_tab=tr(lang)(f"gradcheck.s{tab}.title"), **params)
    assert len(at.get("plotly_chart")) == (CHARTS[tab] if charts is None else charts)
    return at


def trace(fig, startswith):
    return next(t for t in fig["data"] if (t.get("name") or "").startswith(startswith))


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_error_h_defaults(lang):
    at = run_page("gradcheck", lang=lang)                       # tab 1 opens by default
    assert at.title[0].value == ("Gradient checks" if lang == "en" else "그래디언트 검사")
    f = figure(at, "gc_fig_h")
    t = tr(lang)
    centred = trace(f, t("gradcheck.fig.curve", formula=t("gradcheck.fig.centred"), dtype="float64"))
    h, err = arr(centred["x"]), arr(centred["y"])
    assert len(h) == 49 and h.max() == pytest.approx(0.1) and h.min() == pytest.approx(1e-13)
    best = h[np.argmin(err)]
    assert 1e-6 <= best <= 1e-4 and err.min() < 1e-9
    lines = [tr_ for tr_ in f["data"] if tr_.get("mode") == "lines+markers"]
    assert len(lines) == 4                                      # float32 shown by default
    texts = [a["text"] for a in f["layout"]["annotations"]]
    assert t("gradcheck.fig.band_happy") in texts and t("gradcheck.fig.band_wrong") in texts
    assert len(at.table) == 1


@pytest.mark.parametrize("fn", ["tanh", "softmax", "twolayer"])
def test_error_h_every_function_and_extremes(fn):
    lo = run(1, gc_fn=fn, **MIN)
    f = figure(lo, "gc_fig_h")
    assert len([t for t in f["data"] if t.get("mode") == "lines+markers"]) == 2   # float64 only
    assert f["layout"]["shapes"][-1]["x0"] == pytest.approx(1e-13)               # the marked h
    hi = run(1, gc_fn=fn, **MAX)
    assert figure(hi, "gc_fig_h")["layout"]["shapes"][-1]["x0"] == pytest.approx(0.1)


@pytest.mark.parametrize("params", [{}, MIN, MAX])
def test_kinks(params):
    at = run(2, **params)
    k = figure(at, "gc_fig_scalar")
    num = arr(trace(k, "centred numerical")["y"])
    assert num.min() == pytest.approx(0 if params.get("gc_kink", "ReLU").startswith("ReLU") else 0.5)
    net = figure(at, "gc_fig_net")
    crossed = trace(net, "a ReLU winner changed")
    n_crossed = len(crossed.get("x", []))
    if params.get("gc_ws") == "1":
        assert n_crossed == 0
    else:
        assert n_crossed > 0 and arr(crossed["x"]).max() < 1             # crossings lie within one step


def test_kink_default_straddles_and_warns():
    at = run(2)
    assert at.warning                                           # x = 3e-6 within h = 1e-5 of the kink
    pts = trace(figure(at, "gc_fig_scalar"), "x = ")
    assert arr(pts["y"]).tolist() == pytest.approx([1.0, 0.65])


@pytest.mark.parametrize("params", [{}, MIN, MAX])
def test_traps(params):
    at = run(3, **params)
    reg = figure(at, "gc_fig_reg")
    worst = arr(trace(reg, "worst")["y"])
    assert worst[0] > 1e-2 and worst[-1] < 1e-4                 # wrong at small reg, hidden at large
    drop = figure(at, "gc_fig_dropout")
    fixed, fresh = arr(trace(drop, "mask's seed")["y"]), arr(trace(drop, "new mask")["y"])
    assert len(fixed) == 20 and fixed.max() < 1e-7
    if params.get("gc_p") == "1":
        assert fresh.max() < 1e-7
    else:
        assert np.median(fresh) > 1e-2
    sample = figure(at, "gc_fig_sample")
    b1 = trace(sample, "b1")
    assert arr(b1["y"]).max() > 0.1                              # the per-parameter check catches b1
    n = int(params.get("gc_nc", 10))
    assert sum(len(t["x"]) for t in sample["data"] if t.get("x") is not None) == n + 4 * max(1, n // 4)


@pytest.mark.parametrize("bug,fails", [("relu_mask", {"W1", "b1"}), ("transpose", {"W1", "b1"}),
                                       ("l2_factor", {"W1", "W2"}), ("softmax_onehot", {"W1", "b1", "W2", "b2"}),
                                       ("none", set()), ("bn_mean", {"x"}), ("bn_none", set())])
def test_find_the_bug(bug, fails):
    at = run(4, charts=0, gc_bug=bug)                           # no prediction yet: no chart
    assert at.info
    at = run(4, charts=1, gc_bug=bug, gc_show="true")
    f = figure(at, "gc_fig_bug")
    bars = f["data"][0]
    err = dict(zip(bars["x"], arr(bars["y"]), strict=True))
    assert {p for p, e in err.items() if e > 1e-4} == fails


def test_prediction_is_marked_right_or_wrong():
    right = run(4, charts=1, gc_bug="relu_mask", gc_guess="W1, b1")
    assert right.success and not right.error
    wrong = run(4, charts=1, gc_bug="relu_mask", gc_guess="W2, b2")
    assert wrong.error and not wrong.success
    bn = run(4, "ko", charts=1, gc_bug="bn_mean", gc_guess_bn="x")
    assert bn.success


@pytest.mark.parametrize("tab", [1, 2, 3, 4])
def test_presenter_view_and_scenes(tab):
    """The presenter view draws every tab with its charts and no title (the scene bar carries it)."""
    at = run(tab, "ko", charts=CHARTS[tab], present="1", gc_show="true")
    assert not at.title and at.session_state["present"] is True
