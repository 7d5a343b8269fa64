"""Every page opened through AppTest with hostile URLs and with random in-range controls: never a traceback.

A hostile value (unknown key, wrong type, huge, negative, NaN, inf, unicode, HTML) must fall back to the
control's default, silently or with a message; an in-range value must simply work. The quick subset runs one
example per page (plus the hostile sidebar values as explicit examples); the full suite 200 per page.
"""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from benchmarks.stclient import random_value
from tests.fuzz import quick
from ui.controls import SEED_MAX
from ui.i18n import LANGS
from ui.nav import LESSONS

ROOT = Path(__file__).resolve().parents[2]
PAGES = ("home", *(lesson.slug for lesson in LESSONS if lesson.exists))
SIDEBAR = ("lang", "seed")
WIDGETS = ("slider", "select_slider", "selectbox", "multiselect", "radio", "toggle", "checkbox", "number_input")

PAGE_RUNS = settings(max_examples=1) if quick() else settings()   # each example opens a whole page in AppTest

HOSTILE = ("inf", "-inf", "Infinity", "nan", "NaN", "1e400", "-1e400", "1e308", "-1", "-0", "0", "1.5", "1e-400",
           "9" * 60, "-" + "9" * 60, "0x1f", "1_000", "١٢٣", "²", "abc", "", " ", "None", "true", "[]", "{}",
           "<script>alert(1)</script>", "<b>bold</b>", "<img src=x onerror=alert(1)>", "**md** $x$ :red[x]",
           "한국어", "💥🔥", "\u202e", "a" * 3000, "%00", "../../etc/passwd", "{0}", "{x}", "%s")
value = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=12),
                  st.integers(-10**30, 10**30).map(str), st.floats().map(str))
values = st.one_of(value, st.lists(value, min_size=2, max_size=3))


def tab_key(page: str) -> str | None:
    src = (ROOT / "pages" / f"{page}.py").read_text()
    m = re.search(r'key="(\w+)",\s*on_change="rerun"|lesson_tabs\(\s*"(\w+)"', src)   # st.tabs or ui.page's helper
    return (m.group(1) or m.group(2)) if m else None


def open_page(page: str, params: dict) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params.update(params)
    if page != "home":
        at.switch_page(f"pages/{page}.py")
    at.run()
    return at


def bound(at: AppTest) -> dict[str, tuple[str, object]]:
    """Every URL-bound widget the run drew: query_param_key -> (proto kind, proto)."""
    out = {}
    for name in WIDGETS:
        for w in getattr(at, name):
            if w.proto.query_param_key:
                out[w.proto.query_param_key] = ("slider" if name == "select_slider" else name, w.proto)
    return out


@cache
def tabs_and_widgets(page: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The page's tab labels (English) and the keys of the controls its default view draws."""
    at = open_page(page, {"lang": "en"})
    return tuple(t.label for t in at.tabs), tuple(bound(at))


def assert_no_traceback_and_valid(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert at.sidebar.radio[0].value in LANGS
    assert 0 <= at.sidebar.number_input[0].value <= SEED_MAX
    for name in ("slider", "number_input"):   # whatever the URL said, every number is one its control allows
        for w in getattr(at, name):
            p = w.proto
            lo = p.min if name == "slider" or p.has_min else float("-inf")
            hi = p.max if name == "slider" or p.has_max else float("inf")
            for v in (w.value if isinstance(w.value, tuple) else (w.value,)):
                assert v is None or lo <= v <= hi, (p.query_param_key, v)


def page_params(page: str):
    keys = [*SIDEBAR, *tabs_and_widgets(page)[1], "scene"] + ([tab_key(page)] if tab_key(page) else [])
    return st.dictionaries(st.one_of(st.sampled_from(keys), st.text(min_size=1, max_size=8)), values, max_size=4)


SIDEBAR_CASES = [("seed", "inf"), ("seed", "1e400"), ("lang", "xx"), *(pytest.param(*c, marks=pytest.mark.slow) for c in (
    ("seed", "-inf"), ("seed", "nan"), ("seed", "-1"), ("seed", "1e30"), ("seed", "<b>x</b>"), ("seed", "1.5"),
    ("lang", "<b>x</b>"), ("lang", "inf")))]


@pytest.mark.parametrize("key,bad", SIDEBAR_CASES)
def test_a_hostile_sidebar_value_falls_back_silently(key, bad):
    """The bug this file was written for: ?seed=inf (or 1e400) showed Streamlit's OverflowError on every page."""
    at = open_page("home", {key: bad})
    assert not at.exception, [e.value for e in at.exception]
    assert at.sidebar.number_input[0].value == (1 if (key, bad) == ("seed", "1.5") else 0)
    assert at.sidebar.radio[0].value == "en"
    if (key, bad) != ("seed", "1.5"):                                    # the URL was cleaned too
        assert at.query_params.get(key) in (None, "en"), at.query_params   # (links always carry lang)


def hostile_case(page: str, data) -> None:
    params = data.draw(page_params(page), label="query")
    at = open_page(page, params)
    assert_no_traceback_and_valid(at)


def in_range_case(page: str, data) -> None:
    labels, _ = tabs_and_widgets(page)
    params = {"lang": "en", "seed": str(data.draw(st.integers(0, 50), label="seed"))}
    if labels:
        params[tab_key(page)] = data.draw(st.sampled_from(labels), label="tab")
    at = open_page(page, params)       # the tab's own controls are known once it has drawn
    rng = data.draw(st.randoms(use_true_random=False))
    for key, (kind, proto) in bound(at).items():
        if key not in SIDEBAR and rng.random() < 0.5 and (v := random_value(kind, proto, rng)) is not None:
            params[key] = v
    at = open_page(page, params)
    assert_no_traceback_and_valid(at)


@pytest.mark.parametrize("page", PAGES)
@PAGE_RUNS
@given(data=st.data())
def test_hostile_urls(page, data):
    hostile_case(page, data)


@pytest.mark.slow
@pytest.mark.parametrize("page", PAGES)
@settings(max_examples=50)
@given(data=st.data())
def test_in_range_controls(page, data):
    in_range_case(page, data)
