"""Serving a class: cached figures unpickle to the same JSON (ui.serving.fastpickle), and the start-up warm-up."""
from __future__ import annotations

import json
import pickle

import plotly.graph_objects as go
import pytest

import ui.serving.fastpickle  # noqa: F401  (what app.py imports)
from tests.fuzz.test_pages_fuzz import open_page
from viz.plotly_internals import is_light, property_dicts


def specs(at) -> list[dict]:
    """The figures a view sent, parsed (a rebuilt figure may order its keys differently)."""
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


@pytest.mark.slow
@pytest.mark.parametrize("page", ["activations", "preprocessing", "initialization", "batchnorm", "babysitting",
                                  "search", "optimisation"])
def test_a_cached_figure_serialises_as_the_one_built(page):
    """First view of a fresh seed builds the figures; the second session's view gets them from st.cache_data."""
    params = {"lang": "en", "seed": "4242"}
    built, cached = specs(open_page(page, params)), specs(open_page(page, params))
    assert built and built == cached


def test_a_pickled_figure_keeps_its_json_and_skips_validation():
    fig = go.Figure(go.Scatter(x=[1, 2], y=[3, 4], name="a"), layout={"template": "plotly_white", "title": {}, "xaxis": {"title": {"text": "x"}},
                                                                       "annotations": [{"text": "t"}]})
    back = pickle.loads(pickle.dumps(fig))
    assert json.loads(back.to_json()) == json.loads(fig.to_json())
    assert is_light(back)                                       # light: the dict, no Plotly objects built
    assert back.data[0].name == "a" and not is_light(back)      # touched as a figure: built in place
    back.update_layout(title_text="T")
    assert json.loads(back.to_json())["layout"]["title"] == {"text": "T"}


def test_a_cached_figure_is_styled_light_and_serialises_as_the_one_built():
    """ui.page.chart's writes (uirevision, readable text) keep a cached figure light, with the same JSON as the
    same writes on the built figure."""
    from viz.style import readable_text

    fig = go.Figure(go.Scatter(x=[1, 2], y=[3.0, 4.0]), layout={"xaxis": {"title": {"text": "x"}}})
    back = pickle.loads(pickle.dumps(fig))
    for f in (fig, back):
        property_dicts(f)[0]["uirevision"] = "k"
        readable_text(f)
    assert is_light(back) and json.loads(back.to_json()) == json.loads(fig.to_json())


@pytest.mark.slow
def test_the_warm_up_opens_every_default_view(tmp_path):
    import asyncio

    from benchmarks.stclient import server
    from ui.nav import LESSONS
    from ui.serving import warm
    pages = [(p, lang) for lang in ("en", "ko") for p in ("home", *(x.slug for x in LESSONS))]
    with server("app.py", tmp_path / "server.log") as (url, _pid):
        assert asyncio.run(warm.open_views(url.replace("http", "ws") + "/_stcore/stream", pages)) == len(pages)
    assert "Traceback" not in (tmp_path / "server.log").read_text()
