"""The class tally figure: binned counts (never the raw answers), every option shown, the truth marked."""
import numpy as np

from tests.figdata import arr, decoded
from ui.i18n import tr
from viz.classroom import BINS, tally_counts, tally_figure

t = tr("en")


def test_estimates_over_decades_are_binned_on_log10_and_counted_once():
    values = [1e-7, 2e-7, 1e-6, 1e-5, 1e-3, 1e-2, 1e-2]
    centres, counts, log = tally_counts(values)
    assert log and counts.sum() == len(values) and len(counts) == BINS
    assert centres.min() > -7.1 and centres.max() < -1.9
    fig = decoded(tally_figure(None, {"values": values, "counts": {}}, t, revision="q", truth=1e-6))
    bar = fig["data"][0]
    assert bar["type"] == "bar" and arr(bar["y"]).sum() == len(values) and len(arr(bar["x"])) == BINS   # counts, not answers
    assert fig["layout"]["xaxis"]["title"]["text"] == t("classroom.axis_log")
    assert [s["x0"] for s in fig["layout"]["shapes"]] == [-6.0]                              # the truth, on log10
    far = decoded(tally_figure(None, {"values": [0.5], "counts": {}}, t, revision="q", truth=3.0))
    lo, hi = far["layout"]["xaxis"]["range"]
    assert lo < 0.5 and hi > 3.0                                               # a truth off the answers is in view


def test_close_estimates_stay_linear_and_no_truth_before_the_reveal():
    centres, counts, log = tally_counts([0.9, 1.0, 1.0, 1.2, -0.5])
    assert not log and counts.sum() == 5 and np.isclose(centres.min(), -0.5 + 1.7 / BINS / 2)
    fig = decoded(tally_figure(None, {"values": [0.9, 1.0], "counts": {}}, t, revision="q"))
    assert not fig["layout"].get("shapes")
    assert len(arr(decoded(tally_figure(None, {"values": [], "counts": {}}, t, revision="q"))["data"][0]["y"])) == 0


def test_every_option_is_shown_and_the_true_one_is_green():
    opts = {"a": "Up", "b": "Down", "c": "Same"}
    fig = tally_figure(opts, {"values": [], "counts": {"b": 3}}, t, revision="q", truth="b", compact=True)
    bar = decoded(fig)["data"][0]
    assert list(bar["x"]) == ["Up", "Down", "Same"] and list(bar["y"]) == [0, 3, 0]
    assert len(set(bar["marker"]["color"])) == 2 and bar["marker"]["color"][1] != bar["marker"]["color"][0]
    assert fig.layout.height == 170
