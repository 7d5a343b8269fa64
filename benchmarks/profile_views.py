"""Where a warm page view's time goes: each lesson's default view run through AppTest under cProfile.

    python -m benchmarks.profile_views [page ...]

A first run warms every cache; the profiled run is a fresh session's view (new AppTest), as a student
opening a link gets. Self time is summed by where the code lives: plotly (figure objects, validation and
JSON), pickle (st.cache_data returns a copy of the cached value), streamlit, numpy/sim, viz, pandas/pyarrow.
The websocket send is not in AppTest; benchmarks.load measures the whole."""
from __future__ import annotations

import cProfile
import pstats
import sys
import time
from pathlib import Path

import streamlit.runtime.scriptrunner.script_runner as script_runner
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
PAGES = ("home", "activations", "preprocessing", "initialization", "batchnorm", "babysitting", "search")
BUCKETS = (("plotly", ("/plotly/", "/_plotly_utils/")), ("pickle", ("_pickle", "pickle.py", "copyreg")),
           ("json", ("/json/", "orjson", "_json")), ("pandas/pyarrow", ("/pandas/", "/pyarrow/")),
           ("streamlit", ("/streamlit/",)), ("protobuf", ("/google/protobuf/", "upb")),
           ("numpy/sim", ("/numpy/", f"{ROOT}/sim/")), ("viz", (f"{ROOT}/viz/",)),
           ("ui/pages/app", (f"{ROOT}/ui/", f"{ROOT}/pages/", f"{ROOT}/app.py")))
KEY_CALLS = ("plotly_chart", "to_json_plotly", "to_plotly_json", "_unpickle", "loads", "marshall")


PROFILER: list[cProfile.Profile] = []   # the profiler of the run being measured, if any
_exec = script_runner.exec_func_with_error_handling


def _profiled_exec(func, ctx):
    """The script runs in its own thread: profile it there (cProfile sees one thread only)."""
    if not PROFILER:
        return _exec(func, ctx)

    def run():
        PROFILER[0].enable()
        try:
            return func()
        finally:
            PROFILER[0].disable()
    return _exec(run, ctx)


script_runner.exec_func_with_error_handling = _profiled_exec


def view(page: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params.update({"lang": "en", "seed": "0"})
    if page != "home":
        at.switch_page(f"pages/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def bucket(filename: str) -> str:
    for name, marks in BUCKETS:
        if any(m in filename for m in marks):
            return name
    return "other"


def profile(page: str) -> tuple[float, dict[str, float], dict[str, float]]:
    view(page)   # warm the caches
    prof = cProfile.Profile()
    PROFILER[:] = [prof]
    t0 = time.perf_counter()
    view(page)
    wall = time.perf_counter() - t0
    PROFILER.clear()
    stats = pstats.Stats(prof).stats
    by_bucket: dict[str, float] = {}
    calls: dict[str, float] = {}
    for (filename, _line, func), (_cc, _nc, tottime, cumtime, _callers) in stats.items():
        b = bucket(filename + func)
        by_bucket[b] = by_bucket.get(b, 0.0) + tottime
        for k in KEY_CALLS:
            if func == k or func.endswith(k):
                calls[k] = max(calls.get(k, 0.0), cumtime)
    return wall, by_bucket, calls


def main(argv: list[str]) -> int:
    names = [n for n, _ in BUCKETS] + ["other"]
    print("page            wall ms  " + "  ".join(f"{n[:14]:>14}" for n in names) + "   key calls (cumulative ms)")
    for page in argv or PAGES:
        wall, b, calls = profile(page)
        total = sum(b.values()) or 1
        cells = "  ".join(f"{1000 * b.get(n, 0):8.0f} {100 * b.get(n, 0) / total:3.0f}%" for n in names)
        keys = ", ".join(f"{k} {1000 * v:.0f}" for k, v in sorted(calls.items(), key=lambda kv: -kv[1]))
        print(f"{page:15} {1000 * wall:7.0f}  {cells}   {keys}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
