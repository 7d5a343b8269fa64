"""AppTest of the "from the paper" tabs (Glorot & Bengio 2010, He et al. 2015 in the initialisation lesson;
Ioffe & Szegedy 2015 in the batch-norm lesson): defaults and every control's extremes, both languages, chart data."""
import numpy as np
import pytest

from tests.app.conftest import run_page
from tests.figdata import arr, figure
from ui.i18n import tr

TABS = {"glorot": ("initialization", "init_tab", 3), "he": ("initialization", "init_tab", 1),
        "ioffe": ("batchnorm", "bn_tab", 2)}


def run(paper: str, lang: str = "en", **params):
    page, key, charts = TABS[paper]
    at = run_page(page, timeout=180, lang=lang, **{key: tr(lang)(f"papers.{paper}.tab")}, **params)
    assert len(at.get("plotly_chart")) == charts
    assert not at.exception
    return at


def by_meta(fig) -> dict:
    return {d["meta"]: d for d in fig["data"]}


def spread(trace) -> float:
    """The std of a histogram line (bin centres weighted by their share)."""
    x, w = arr(trace["x"]), arr(trace["y"])
    m = np.average(x, weights=w)
    return float(np.sqrt(np.average((x - m) ** 2, weights=w)))


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_glorot_defaults(lang):
    at = run("glorot", lang)
    acts = by_meta(figure(at, "gp_acts"))
    assert len(acts) == 10                                            # 5 layers × 2 schemes
    std = [spread(acts[f"standard:act:{i}"]) for i in range(1, 6)]
    norm = [spread(acts[f"normalised:act:{i}"]) for i in range(1, 6)]
    assert std[-1] < 0.25 * std[0] and norm[-1] > 0.85 * norm[0]
    grads = by_meta(figure(at, "gp_grads"))
    assert spread(grads["standard:grad:1"]) < 0.25 * spread(grads["standard:grad:5"])
    stds = by_meta(figure(at, "gp_stds"))
    assert arr(stds["standard:act"]["y"])[-1] < 0.25 * arr(stds["standard:act"]["y"])[0]
    table = at.table[0].value
    assert len(table) == 3
    assert "0.49" in table.iloc[2, 2] and ("0.84" in table.iloc[2, 2])   # the Jacobian: ≈ 0.5 vs ≈ 0.8


@pytest.mark.parametrize("layers", [2, 8])
def test_glorot_layer_extremes(layers):
    at = run("glorot", "ko" if layers == 8 else "en", gp_layers=layers)
    acts = by_meta(figure(at, "gp_acts"))
    assert len(acts) == 2 * layers
    stds = by_meta(figure(at, "gp_stds"))
    y = arr(stds["standard:act"]["y"])
    assert len(y) == layers and np.all(np.diff(y) < 0) and np.all(np.isfinite(y))


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_he_thirty_layers_default(lang):
    at = run("he", lang)
    fig = by_meta(figure(at, "hp_loss"))
    x, h = arr(fig["xavier:raw"]["y"]), arr(fig["he:raw"]["y"])
    assert len(x) == len(h) == 1200
    assert np.max(np.abs(x / x[0] - 1)) < 0.01                        # Xavier stalls
    assert h[-50:].mean() < 0.5 * h[0]                                 # He converges


def test_he_twenty_two_layers():
    at = run("he", "ko", hp_depth=22)
    assert at.radio(key="hp_depth").value == 22
    fig = by_meta(figure(at, "hp_loss"))
    x, h = arr(fig["xavier:raw"]["y"]), arr(fig["he:raw"]["y"])
    assert x[-50:].mean() < 0.5 * x[0] and h[-50:].mean() < 0.5 * h[0]   # both converge
    assert "22" in figure(at, "hp_loss")["layout"]["title"]["text"]


@pytest.mark.parametrize("lang,unit", [("en", 1), ("ko", 100)])
def test_ioffe_defaults_and_unit_extremes(lang, unit):
    at = run("ioffe", lang, ip_unit=unit)
    acc = by_meta(figure(at, "ip_acc"))
    off, on = arr(acc["bn_False"]["y"]), arr(acc["bn_True"]["y"])
    assert len(off) == len(on) == 41 and off[-1] > 0.85 and on[-1] > 0.85
    pct = by_meta(figure(at, "ip_pct"))
    moved = {bn: max(float(np.abs(arr(pct[f"bn_{bn}:{q}"]["y"]) - arr(pct[f"bn_{bn}:{q}"]["y"])[0]).max())
                     for q in (15, 50, 85)) for bn in (False, True)}
    assert moved[False] > 2 * moved[True]
    for bn in (False, True):                                           # ordered percentiles
        lo, mid, hi = (arr(pct[f"bn_{bn}:{q}"]["y"]) for q in (15, 50, 85))
        assert np.all(lo <= mid) and np.all(mid <= hi)
    assert str(unit) in figure(at, "ip_pct")["layout"]["title"]["text"]


def test_ioffe_unit_slider_redraws():
    at = run("ioffe")
    before = arr(by_meta(figure(at, "ip_pct"))["bn_False:50"]["y"])
    at.slider(key="ip_unit").set_value(50).run()
    after = arr(by_meta(figure(at, "ip_pct"))["bn_False:50"]["y"])
    assert not np.allclose(before, after)
