"""The same seed and controls give the same results and figures: across reruns, sessions and server restarts.

Figures are compared as parsed JSON (a figure rebuilt from the cache may order its keys differently), arrays
decoded, numbers to 1e-6 relative (the last bits of float32 statistics). Known and open: a server computing for
several students at once can shift a few float32 deep-net values across a histogram bin edge (a count or two in
500 000; sums whose order depends on BLAS threads or memory alignment); the restart test therefore runs its servers
without their start-up warm-up. The activation
lab's "cost of exp()" tab is left out: it shows this machine's measured timings."""
from __future__ import annotations

import asyncio
import base64
import json
import math
from pathlib import Path

import numpy as np
import pytest

from benchmarks.stclient import Session, Stats, server
from tests.fuzz.test_pages_fuzz import open_page

VIEWS = {   # page -> a view away from the defaults
    "activations": {"seed": "7", "fns": ["Sigmoid", "ELU", "Maxout"], "x": "1.3"},
    "preprocessing": {"seed": "7", "pp_tab": "3 · PCA on digits"},
    "initialization": {"seed": "7", "layers": "6", "width": "120", "samples": "300", "init_tab": "Compare all schemes"},
    "batchnorm": {"seed": "7", "bn_tab": "2 · BN rescues a bad initialisation"},
    "babysitting": {"seed": "7", "ds": "spiral", "epochs": "5", "bs_tab": "2 · Learning rate"},
    "search": {"seed": "7", "sr_n": "8", "sr_epochs": "2", "sr_fine_n": "8", "sr_fine_epochs": "2"},
    "gradcheck": {"seed": "7", "gc_tab": "Traps", "gc_p": "0.8"},   # dropout's fresh masks come from a seeded stream
    "optimisation": {"seed": "7", "op_tab": "2 · The race", "op_r_surface": "local", "op_r_noise": "1"},
}


def figures(specs) -> list[dict]:
    return [json.loads(s) for s in specs]


def same(a, b) -> bool:
    """Equal figures: same structure and text, arrays and numbers equal to 1e-6 relative (see the docstring)."""
    if isinstance(a, dict) and isinstance(b, dict) and {"dtype", "bdata"} <= a.keys() and a.keys() == b.keys():
        x, y = (np.frombuffer(base64.b64decode(v["bdata"]), dtype=v["dtype"]) for v in (a, b))
        return x.shape == y.shape and (x.dtype.kind not in "fc" and np.array_equal(x, y)
                                       or np.allclose(x, y, rtol=1e-6, atol=0, equal_nan=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and isinstance(b, float | int):
        return math.isclose(a, b, rel_tol=1e-6) or (math.isnan(a) and math.isnan(b))
    return a == b


def app_figures(at) -> list[dict]:
    assert not at.exception, [e.value for e in at.exception]
    return figures(c.proto.spec for c in at.get("plotly_chart"))


def test_reruns_and_sessions_agree_on_one_lesson():
    params = {"lang": "en", **VIEWS["initialization"]}
    at = open_page("initialization", params)
    first = app_figures(at)
    at.run()
    assert first and same(app_figures(at), first)                               # a rerun
    assert same(app_figures(open_page("initialization", params)), first)        # another session


@pytest.mark.slow
@pytest.mark.parametrize("page", sorted(VIEWS))
def test_reruns_and_sessions_agree(page):
    params = {"lang": "en", **VIEWS[page]}
    at = open_page(page, params)
    first = app_figures(at)
    at.run()
    assert first and same(app_figures(at), first)
    assert same(app_figures(open_page(page, params)), first)


async def _server_figures(url: str) -> dict[str, list[dict]]:
    ws = url.replace("http", "ws") + "/_stcore/stream"
    out = {}
    for page, params in VIEWS.items():
        stats = Stats()
        s = Session(ws, stats, timeout=180)
        await s.rerun(page, {"lang": "en", **params}, history=False)
        await s.close()
        assert not stats.errors, stats.errors
        out[page] = figures(s.charts)
    return out


@pytest.mark.slow
def test_server_restarts_agree(tmp_path: Path, monkeypatch):
    """Two server processes, one after the other, send the same figures for the same URLs. Their start-up
    warm-up is off: computing beside it moves a few of the BN tab's 500 000 float32 values across a histogram
    bin edge (a count or two per bin; see the module docstring), which is concurrency, not a restart."""
    monkeypatch.setenv("CS231N_WARM", "0")
    runs = []
    for i in range(2):
        with server("app.py", tmp_path / f"server{i}.log") as (url, _pid):
            runs.append(asyncio.run(_server_figures(url)))
    assert all(runs[0][p] for p in VIEWS)
    for page in VIEWS:
        assert same(runs[0][page], runs[1][page]), page
