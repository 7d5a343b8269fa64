"""Colour is never lost: every palette of the app stays apart under simulated protanopia, deuteranopia and
tritanopia (Machado et al. 2009, severity 1.0), every series colour is visible on white (WCAG 1.4.11), and the
page's own text colours meet WCAG 1.4.3 (7:1, the presenter view's bar). The formulas are checked against
published values first, so the thresholds below mean what they say."""
import numpy as np
import pytest

from ui import a11y
from viz.colour import MACHADO, ciede2000, contrast, lab, min_difference, rgb, simulate
from viz.style import BAD, GOOD, PALETTES

KINDS = ("normal", "protanopia", "deuteranopia", "tritanopia")
# CIEDE2000 >= 10 between any two colours of a palette as each viewer sees them. A just-noticeable difference is
# about 1-2.3; 10 keeps two thin lines apart at a glance (series also differ by dash, marker or pattern).
MIN_DIFFERENCE = 10.0
SIDEBAR = "#f0f2f6"   # Streamlit's secondary background, behind the sidebar's text


@pytest.mark.parametrize("lab1,lab2,expected", [
    # Sharma, Wu & Dalal (2005), "The CIEDE2000 color-difference formula", Table 1: pairs 1, 7, 13, 15, 17, 25, 34
    ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
    ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
    ((50.0, 2.49, -0.001), (50.0, -2.49, 0.0009), 7.1792),
    ((50.0, 2.49, -0.001), (50.0, -2.49, 0.0011), 7.2195),
    ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ((2.0776, 0.0795, -1.135), (0.9033, -0.0636, -0.5514), 0.9082),
])
def test_ciede2000_matches_the_published_test_data(lab1, lab2, expected):
    assert ciede2000(np.array(lab1), np.array(lab2)) == pytest.approx(expected, abs=1e-4)
    assert ciede2000(np.array(lab2), np.array(lab1)) == pytest.approx(expected, abs=1e-4)   # symmetric


def test_lab_and_contrast_match_reference_values():
    assert lab(rgb("#ffffff")) == pytest.approx([100, 0, 0], abs=1e-3)
    assert lab(rgb("#ff0000")) == pytest.approx([53.2408, 80.0925, 67.2032], abs=1e-3)   # sRGB red, D65
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)   # the lightest grey at 4.5:1
    assert contrast("#777777", "#ffffff") < 4.5


@pytest.mark.parametrize("kind", KINDS[1:])
def test_dichromat_simulation_keeps_greys_and_confuses_what_it_should(kind):
    """Machado's matrices map white to white (rows sum to 1) and leave greys grey; deuteranopia makes a red and a
    green of equal lightness nearly alike, tritanopia a blue and a green."""
    assert MACHADO[kind].sum(axis=1) == pytest.approx(np.ones(3), abs=1e-3)
    assert simulate("#808080", kind) == pytest.approx(rgb("#808080"), abs=2e-3)
    red, green = lab(simulate("#d62728", kind)), lab(simulate("#2ca02c", kind))
    if kind == "deuteranopia":
        assert ciede2000(red, green) < 6 < ciede2000(lab(rgb("#d62728")), lab(rgb("#2ca02c")))


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", list(PALETTES))
def test_every_palette_stays_apart_for_every_viewer(name, kind):
    diff, pair = min_difference(PALETTES[name], kind)
    assert diff >= MIN_DIFFERENCE, f"{name} under {kind}: {pair} differ by only {diff:.1f} (CIEDE2000)"


def test_the_old_palettes_would_have_failed():
    """The check has teeth: the Plotly default palette the schemes used, and good vs bad in red and green."""
    assert min_difference(("#1f77b4", "#d62728", "#2ca02c", "#9467bd"), "protanopia")[0] < MIN_DIFFERENCE
    assert min_difference(("#d62728", "#2ca02c"), "deuteranopia")[0] < MIN_DIFFERENCE
    assert min_difference((GOOD, BAD), "deuteranopia")[0] >= MIN_DIFFERENCE


@pytest.mark.parametrize("colour", sorted({c for p in PALETTES.values() for c in p}))
def test_every_series_colour_is_visible_on_white(colour):
    assert contrast(colour, "#ffffff") >= 3.0, "WCAG 1.4.11: a chart's lines and marks need 3:1"


def test_the_pages_own_text_and_focus_colours():
    for bg in ("#ffffff", SIDEBAR):
        assert contrast(a11y.NOTE, bg) >= 7.0          # captions, hints, disabled labels: the presenter view's bar
        assert contrast(a11y.FOCUS, bg) >= 3.0         # the focus ring (WCAG 1.4.11)
