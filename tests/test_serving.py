"""Serving a class: cached figures unpickle to the same JSON (ui.serving.fastpickle), and the start-up warm-up
(ui.serving.warm): each lesson's warm(lang) leaves its page's default view nothing to compute."""
from __future__ import annotations

import functools
import importlib
import inspect
import json
import pickle
import time
from collections import Counter
from types import ModuleType

import plotly.graph_objects as go
import pytest
import streamlit as st

import ui.serving.fastpickle  # noqa: F401  (what app.py imports)
from tests.fuzz.test_pages_fuzz import open_page
from ui.nav import LESSONS
from ui.serving import warm
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


# ---- the warm-up ------------------------------------------------------------------------------------------------
SLUGS = tuple(lesson.slug for lesson in LESSONS if lesson.exists)


def _reached(glue: ModuleType, seen: set) -> list[ModuleType]:
    """The glue module and the ui.lessons helpers it imports (owndata, live, papers ...), each once."""
    out = [glue]
    seen.add(glue.__name__)
    for v in vars(glue).values():
        if isinstance(v, ModuleType) and v.__name__.startswith("ui.lessons.") and v.__name__ not in seen:
            out += _reached(v, seen)
    return out


def _is_work(name: str) -> bool:
    return name.split(".")[0] in ("sim", "viz")


def count_work(monkeypatch, slug: str) -> Counter:
    """Replace every public function of sim and viz that lesson `slug`'s glue reaches (the modules it imports, and
    functions it imports by name) with one that counts its calls made inside a cached function's body: the work a
    cache miss does. The page's own cheap calls outside st.cache_data (sim.search.random_trials to cut a stage
    into chunks, the variance recursion in the initialisation's "why Xavier and He" lines ...) are not counted.
    Counted by the name of the innermost cached function that missed."""
    counts: Counter = Counter()
    glues = _reached(importlib.import_module(f"ui.lessons.{slug}"), set())
    cached = {f.__wrapped__.__code__: f.__qualname__ for g in glues for f in vars(g).values()
              if callable(f) and hasattr(f, "clear") and inspect.isfunction(getattr(f, "__wrapped__", None))}
    assert cached, slug

    def counting(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            frame = inspect.currentframe().f_back
            while frame is not None and frame.f_code not in cached:
                frame = frame.f_back
            if frame is not None:
                counts[cached[frame.f_code]] += 1
            return fn(*args, **kwargs)
        return wrapper

    wrapped: dict[int, object] = {}

    def wrap(owner, name: str, fn) -> None:
        if id(fn) not in wrapped:
            wrapped[id(fn)] = counting(fn)
        monkeypatch.setattr(owner, name, wrapped[id(fn)])

    for g in glues:
        for name, v in list(vars(g).items()):
            if isinstance(v, ModuleType) and _is_work(v.__name__):
                for fname, fn in list(vars(v).items()):
                    if inspect.isfunction(fn) and not fname.startswith("_") and fn.__module__ == v.__name__:
                        wrap(v, fname, fn)
            elif inspect.isfunction(v) and _is_work(v.__module__):
                wrap(g, name, v)
    assert wrapped, slug
    return counts


def misses_after(monkeypatch, slug: str, warm_up) -> Counter:
    """Empty caches, warm_up("en"), then the page's default view in English (AppTest): the cached functions whose
    body ran (a miss) with the sim and viz calls each made."""
    st.cache_data.clear()
    warm_up("en")
    counts = count_work(monkeypatch, slug)
    at = open_page(slug, {"lang": "en"})
    assert not at.exception, [e.value for e in at.exception]
    assert at.get("plotly_chart"), f"{slug}: the default view drew no chart"
    return counts


@pytest.mark.parametrize("slug", SLUGS)
def test_the_warm_up_leaves_the_default_view_nothing_to_compute(monkeypatch, slug):
    """Every computation and figure of the page's default view comes from the cache the lesson's warm() filled: the
    same cached functions called with hash-equal arguments (an int for a float, a list for a tuple or another
    default would miss)."""
    assert misses_after(monkeypatch, slug, importlib.import_module(f"ui.lessons.{slug}").warm) == {}


@pytest.mark.slow
@pytest.mark.parametrize("slug", SLUGS)
def test_the_check_sees_the_cold_default_view(monkeypatch, slug):
    """Without a warm-up the counters see the default view's computations: the check above is not vacuous."""
    assert misses_after(monkeypatch, slug, lambda lang: None)


def _gradcheck_warm(seed, float32=True):
    from ui.lessons import gradcheck as lab

    def warm_up(lang):
        lab.error_h_figure(lab.lab.FUNCTIONS[0], float32, 1e-5, seed, lang)
        lab.sweep(lab.lab.FUNCTIONS[0], seed)
    return warm_up


@pytest.mark.parametrize("warm_up, missed", [
    (lambda lang: None, {"sweep", "error_h_figure"}),             # no warm-up: the view computes everything
    (_gradcheck_warm(1), {"sweep", "error_h_figure"}),             # another seed
    (_gradcheck_warm(0, float32=False), {"error_h_figure"}),       # the data warm, the figure built for another toggle
    (_gradcheck_warm(0, float32=1), {"error_h_figure"}),           # the toggle's True as 1: another cache key
], ids=["nothing", "seed-1", "toggle-off", "toggle-as-int"])
def test_the_check_catches_a_warm_up_that_misses(monkeypatch, warm_up, missed):
    """The counters see what a wrong warm-up leaves to compute (the right one: the test above)."""
    assert set(misses_after(monkeypatch, "gradcheck", warm_up)) == missed


@pytest.mark.slow
def test_the_server_warms_every_default_view_at_start_up(tmp_path):
    """A real server: the first run starts the warm-up, which warms every lesson in both languages from its own
    thread (no script run: no ScriptRunContext) without a traceback or Streamlit's warning about that, and a
    browser's first view of each lesson in each language then finds every cached computation done: the server's
    cache metrics count no new miss (nothing session-specific, such as the session's language or seed state,
    changes a cache key)."""
    import asyncio
    import re
    import urllib.request

    from benchmarks.stclient import Session, Stats, server

    log = tmp_path / "server.log"
    views = warm.default_views()

    def misses(url: str) -> dict[str, int]:
        """Each st.cache_data function's misses so far (Streamlit's metrics endpoint, OpenMetrics text)."""
        text = urllib.request.urlopen(url + "/_stcore/metrics", timeout=10).read().decode()
        found = re.findall(r'^cache_lookups_total\{cache="([^"]+)",cache_type="st_cache_data",result="miss"\} (\S+)$',
                           text, re.M)
        assert found, text[:2000]
        return {name: int(float(n)) for name, n in found}

    async def first_views(ws: str, pages) -> Stats:
        stats = Stats()
        for page, lang in pages:
            s = Session(ws, stats, 120)   # a new browser tab each
            await s.rerun(page, {"lang": lang})
            await s.close()
        return stats

    with server("app.py", log) as (url, _pid):
        ws = url.replace("http", "ws") + "/_stcore/stream"
        assert not asyncio.run(first_views(ws, [("", "en")])).errors   # the first run starts the warm-up
        end = time.monotonic() + 120
        while f"warmed {len(views)} of {len(views)} default views" not in log.read_text():
            assert time.monotonic() < end and "warmed" not in log.read_text(), log.read_text()
            time.sleep(0.2)
        before = misses(url)
        stats = asyncio.run(first_views(ws, views))
        assert not stats.errors and stats.views == len(views)
        after = misses(url)
        assert {k: after[k] - before.get(k, 0) for k in after if after[k] != before.get(k, 0)} == {}
    text = log.read_text()
    assert len(views) == 2 * len(SLUGS) == 18
    assert "Traceback" not in text and "missing ScriptRunContext" not in text, text
