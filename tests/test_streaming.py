"""Heavy views stream and a new setting cancels them: a real server, spoken to over Streamlit's own protocol.

A search with new settings draws its scatter chunk by chunk (ui/stream.py). A student who moves a slider
while it computes overtakes the run: Streamlit stops it at its next message, so the old computation ends
after the chunk in flight, and the server's CPU is idle again right after the new view, not busy finishing
a search nobody looks at."""
from __future__ import annotations

import asyncio

import pytest

from benchmarks.stclient import Session, Stats, cpu_seconds, server

pytestmark = pytest.mark.slow

BASE = {"lang": "en", "seed": "0"}
HEAVY = {"lang": "en", "seed": "11", "sr_n": "100", "sr_epochs": "6"}   # 600 trial-epochs, then the fine stage
SAME_WORK = {**HEAVY, "seed": "12"}                                     # the same view's work, for its full cost


async def _cancel_then_finish(url: str, pid: int) -> dict:
    s = Session(url.replace("http", "ws") + "/_stcore/stream", Stats(), timeout=180)
    out = {}
    assert await s.rerun("search", BASE, history=False) is not None          # the default view, now cached
    c0 = cpu_seconds(pid)
    out["full_s"] = await s.rerun("search", SAME_WORK)                       # what the heavy view costs uncut
    out["full_cpu"] = cpu_seconds(pid) - c0
    out["full_charts"] = list(s.chart_times)
    c0 = cpu_seconds(pid)
    out["first_chart"] = await s.rerun("search", HEAVY, until_chart=True)    # the heavy search has begun to draw
    out["cancel_s"] = await s.rerun("search", BASE)                          # ... and a new setting overtakes it
    c1 = cpu_seconds(pid)
    out["cpu_until_cancelled"] = c1 - c0
    await asyncio.sleep(1.0)
    out["cpu_next_second"] = cpu_seconds(pid) - c1
    c2 = cpu_seconds(pid)
    out["heavy_s"] = await s.rerun("search", HEAVY)                          # the heavy search, this time to the end:
    out["heavy_cpu"] = cpu_seconds(pid) - c2                                 # what the cancelled run left undone
    out["heavy_charts"] = list(s.chart_times)
    await s.close()
    assert not s.stats.errors, s.stats.errors
    return out


def test_a_new_setting_cancels_a_running_search(tmp_path, monkeypatch):
    monkeypatch.setenv("CS231N_WARM", "0")      # nothing else computing in the server
    with server("app.py", tmp_path / "server.log") as (url, pid):
        r = asyncio.run(_cancel_then_finish(url, pid))
    assert None not in (r["full_s"], r["cancel_s"], r["heavy_s"])
    assert r["cpu_next_second"] < 0.25, r        # idle within a second: no search left running behind the view
    assert r["cancel_s"] < 0.5 * r["full_s"], r                   # the new view did not queue behind the old one,
    assert r["cpu_until_cancelled"] < r["full_cpu"], r            # which stopped before its end (a stage is
    assert r["heavy_cpu"] > 0.2 * r["full_cpu"], r                # bounded to ~0.5 s, so the saving is a share of
                                                                   # it): what it left undone was computed later
    for run in ("full", "heavy"):                                  # both streamed: a partial scatter first,
        charts = r[f"{run}_charts"]                                # long before the run finished (how many
        assert len(charts) >= 2 and charts[0] < 0.5 * r[f"{run}_s"], r   # partials depends on the machine's speed)
    assert "Traceback" not in (tmp_path / "server.log").read_text()
