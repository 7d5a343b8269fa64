"""Where a page view's time goes: each lesson's default view (and the heavy tabs) run through AppTest under cProfile.

    python -m benchmarks.profile_views [--cold] [view ...]

A view is a page, or page:key=value&key=value for a tab or settings (VIEWS names the heavy ones: search,
babysitting-lr, initialization-compare). A first run warms every cache; the profiled run is a fresh session's
view (new AppTest), as a student opening a link gets. --cold profiles the view at a seed nothing has computed
yet, as a student who moves a control gets: the lesson's own computation is then in it. Self time is summed
by where the code lives: plotly (figure objects, validation and JSON), pickle (st.cache_data returns a copy of
the cached value), streamlit, numpy/sim (the lesson's computation: NumPy's C functions count where they are
called from), viz, pandas/pyarrow. The websocket send is not in AppTest; benchmarks.load measures the whole."""
from __future__ import annotations

import cProfile
import pstats
import sys
import time
from pathlib import Path

import streamlit.runtime.scriptrunner.script_runner as script_runner
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
PAGES = ("home", "activations", "preprocessing", "initialization", "batchnorm", "babysitting", "search",
         "optimisation", "gradcheck", "regularisation")
VIEWS = {"babysitting-lr": "babysitting:bs_tab=2 · Learning rate",
         "initialization-compare": "initialization:init_tab=Compare all schemes"}
COLD_SEED = 4242
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


def view(name: str, seed: int = 0) -> AppTest:
    page, _, query = VIEWS.get(name, name).partition(":")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.query_params.update({"lang": "en", "seed": str(seed)})
    at.query_params.update(dict(kv.split("=", 1) for kv in query.split("&") if kv))
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


def profile(page: str, cold: bool = False) -> tuple[float, dict[str, float], dict[str, float]]:
    view(page)   # warm the caches (and the imports)
    prof = cProfile.Profile()
    PROFILER[:] = [prof]
    t0 = time.perf_counter()
    view(page, COLD_SEED if cold else 0)
    wall = time.perf_counter() - t0
    PROFILER.clear()
    stats = pstats.Stats(prof).stats
    by_bucket: dict[str, float] = {}
    calls: dict[str, float] = {}
    for (filename, _line, func), (_cc, _nc, tottime, cumtime, callers) in stats.items():
        for b, share in _owners(filename, func, tottime, callers):
            by_bucket[b] = by_bucket.get(b, 0.0) + share
        for k in KEY_CALLS:
            if func == k or func.endswith(k):
                calls[k] = max(calls.get(k, 0.0), cumtime)
    return wall, by_bucket, calls


def _owners(filename: str, func: str, tottime: float, callers: dict) -> list[tuple[str, float]]:
    """Where a function's self time belongs: its own code's bucket; a C function's (NumPy's matmul, a ufunc) is
    shared among its callers' buckets in proportion to the time each call site spent in it."""
    if filename != "~":
        return [(bucket(filename + func), tottime)]
    own = [(bucket(f + fn), ct) for (f, _l, fn), (_cc, _nc, _tt, ct) in callers.items() if f != "~"]
    total = sum(ct for _, ct in own)
    return [(b, tottime * ct / total) for b, ct in own] if total > 0 else [("other", tottime)]


def main(argv: list[str]) -> int:
    cold = "--cold" in argv
    names = [n for n, _ in BUCKETS] + ["other"]
    print(("cold views (a seed nothing computed yet)" if cold else "warm views (every cache full)")
          + "; self time per bucket in ms and share")
    print("view                    wall ms  " + "  ".join(f"{n[:14]:>14}" for n in names)
          + "   key calls (cumulative ms)")
    for page in [a for a in argv if a != "--cold"] or [*PAGES, *VIEWS]:
        wall, b, calls = profile(page, cold)
        total = sum(b.values()) or 1
        cells = "  ".join(f"{1000 * b.get(n, 0):8.0f} {100 * b.get(n, 0) / total:3.0f}%" for n in names)
        keys = ", ".join(f"{k} {1000 * v:.0f}" for k, v in sorted(calls.items(), key=lambda kv: -kv[1]))
        print(f"{page:23} {1000 * wall:7.0f}  {cells}   {keys}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
