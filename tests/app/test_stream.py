"""ui.stream: chunks that compute draw partial results between them; cached (fast) ones draw only the final."""
from streamlit.testing.v1 import AppTest

from ui.stream import bounds


def _app(delay: float, n: int = 5) -> AppTest:
    src = f'''
import time
import streamlit as st
from ui import stream
st.session_state["partials"] = []
def chunk(i):
    time.sleep({delay})
    return i
def partial(done, i):
    st.session_state["partials"].append((list(done), i))
    st.write(f"partial {{len(done)}}")
calls = [lambda i=i: chunk(i) for i in range({n})]
out, spot = stream.chunked(calls, partial, lambda k: f"{{k}} of {n}")
spot.write(f"final {{out}}")
'''
    at = AppTest.from_string(src, default_timeout=30)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_computing_chunks_draw_what_is_done_then_the_final_replaces_it():
    at = _app(0.12)
    partials = at.session_state["partials"]
    assert partials and all(done == list(range(len(done))) for done, _ in partials)   # in order, growing
    assert [len(d) for d, _ in partials] == sorted({len(d) for d, _ in partials}) and len(partials[-1][0]) < 5
    texts = [m.value for m in at.markdown]
    assert texts == ["final [0, 1, 2, 3, 4]"]                  # the partial results are gone from the page


def test_cached_chunks_draw_only_the_final():
    at = _app(0.0)
    assert at.session_state["partials"] == [] and [m.value for m in at.markdown] == ["final [0, 1, 2, 3, 4]"]


def test_bounds_start_small_and_cover_everything():
    assert bounds(100, 8, 37) == [(0, 8), (8, 45), (45, 82), (82, 100)]
    assert bounds(3, 10, 10) == [(0, 3)] and bounds(5, 0, 0) == [(i, i + 1) for i in range(5)]
    assert bounds(0, 5, 5) == [(0, 0)]
