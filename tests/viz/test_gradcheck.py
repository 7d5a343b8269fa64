"""Gradient-checks figures and their text alternatives: traces, axes and bands from the lab's results, every
placeholder filled in both languages, the numbers the figures plot in the descriptions."""
import numpy as np
import pytest

from sim.labs import gradcheck as lab
from tests.figdata import decoded
from ui.i18n import LANGS, tr
from viz import gradcheck as viz
from viz.alt import gradcheck as alt


def well_formed(text: str, lang: str) -> str:
    assert text and "{" not in text and "}" not in text and "nan" not in text.lower(), text
    assert (sum("가" <= c <= "힣" for c in text) > 5) == (lang == "ko"), text
    return text


@pytest.fixture(scope="module")
def results():
    return {"sweep": lab.error_vs_h("tanh", 0), "kink": lab.kink_scalar("relu", 3e-6, 1e-5),
            "net": lab.kink_net(1e-4, 1e-5, 0), "reg": lab.reg_trap(), "drop": lab.dropout_trap(0.5),
            "sample": lab.sample_trap(10), "bug": lab.bug_check("relu_mask", 0)}


@pytest.mark.parametrize("lang", LANGS)
def test_error_h_figure_and_its_description(results, lang):
    s, t = results["sweep"], tr(lang)
    f = decoded(viz.error_h_figure(s, t, float32=True, mark_h=1e-5))
    lines = [tr_ for tr_ in f["data"] if tr_["mode"] == "lines+markers"]
    assert len(lines) == 4 and {tr_["line"]["dash"] for tr_ in lines} == {"solid", "dash"}
    assert {tr_["marker"]["symbol"] for tr_ in lines} == {"circle", "diamond"}      # not colour alone
    stars = [tr_ for tr_ in f["data"] if tr_["marker"]["symbol"] == "star"]
    assert sorted(float(st["x"][0]) for st in stars) == sorted(c.best_h for c in s.curves)
    assert f["layout"]["xaxis"]["type"] == "log" and f["layout"]["yaxis"]["type"] == "log"
    texts = {a["text"] for a in f["layout"]["annotations"]}
    assert {t(f"gradcheck.fig.band_{b}") for b in ("wrong", "uncomfortable", "kinks", "happy")} <= texts
    rects = [sh for sh in f["layout"]["shapes"] if sh["type"] == "rect"]
    assert sorted((sh["y0"], sh["y1"]) for sh in rects)[1:] == [(1e-7, 1e-4), (1e-4, 1e-2), (1e-2, 1e3)]
    text = well_formed(alt.error_h(s, t), lang)
    c = s.curve(True, "float64")
    assert viz.sci(c.best_h) in text and viz.sci(c.best_err) in text and f"{c.slope:.2f}" in text
    assert "float32" not in alt.error_h(s, t, float32=False)


@pytest.mark.parametrize("lang", LANGS)
def test_every_other_figure_is_described_with_its_numbers(results, lang):
    t = tr(lang)
    r = results
    pairs = [(viz.kink_figure(r["kink"], t), alt.kink(r["kink"], t), "0.65"),
             (viz.kink_net_figure(r["net"], t), alt.kink_net(r["net"], t), str(int(r["net"].crossed.sum()))),
             (viz.reg_trap_figure(r["reg"], t, 1e3), alt.reg_trap(r["reg"], t), viz.sci(r["reg"].data_err)),
             (viz.dropout_figure(r["drop"], t), alt.dropout(r["drop"], t), viz.sci(r["drop"].fixed.max())),
             (viz.sample_figure(r["sample"], t), alt.sample(r["sample"], t), "3760"),
             (viz.bug_figure(r["bug"], t), alt.bug(r["bug"], t), viz.sci(r["bug"].err[0]))]
    for fig, text, number in pairs:
        well_formed(text, lang)
        assert number in text, (number, text)
        f = decoded(fig)
        assert f["layout"]["xaxis"].get("title", {}).get("text") and f["layout"]["yaxis"]["title"]["text"]


def test_bug_bars_fail_exactly_the_touched(results):
    f = decoded(viz.bug_figure(results["bug"], tr("en")))
    bars = f["data"][0]
    fails = [x for x, y in zip(bars["x"], np.asarray(bars["y"], float), strict=True) if y > 1e-4]
    assert fails == ["W1", "b1"]
    assert [sh["y0"] for sh in f["layout"]["shapes"] if sh["type"] == "line"] == [1e-4]
