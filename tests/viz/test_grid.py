"""viz.grid: dict-built figures are checked by the viz tests, and match validated ones in the browser's JSON."""
import json

import pytest

from viz.grid import figure, grid


def test_a_misspelt_property_fails_the_viz_tests():
    with pytest.raises(ValueError):
        figure([dict(type="bar", x=[1], y=[1], colour="red")], {})


def test_template_names_are_expanded_as_validation_would():
    fig = figure([dict(type="bar", x=[1, 2], y=[3, 4], xaxis="x5", yaxis="y5")],
                 dict(grid(2, 3, list("abcdef")), height=300, template="plotly_white"))
    template = json.loads(fig.to_json())["layout"]["template"]
    assert isinstance(template, dict) and template["layout"]["plot_bgcolor"] == "white"   # plotly.js needs this
