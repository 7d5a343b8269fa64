"""A lecture hall under load: the class benchmark (benchmarks.load) through HAProxy to K replicas.

    python -m benchmarks.load --students 100 --replicas 1 2        # each hall in turn, then side by side
    python -m benchmarks.load --students 60 --replicas 2 --kill-one  # and the kill drill (benchmarks.drill)
    python -m benchmarks.load --students 60 --url http://127.0.0.1:8080   # a balancer already running here

`--replicas K` starts `deploy.local.Hall` (K `streamlit run app.py`, HAProxy with deploy/haproxy.cfg, a
throwaway PostgreSQL). The students are benchmarks.load's, each one websocket session that carries HAProxy's
REPLICA cookie like a browser does, so it stays on the replica it was given. Besides the class figures the
report gives each replica's students (the REPLICA cookies the sessions received), CPU and memory; with
`--url` only what a client sees (students per replica still, from the cookies)."""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import time
from collections import Counter
from pathlib import Path

from benchmarks.crowd import idle, pct, table, wave
from benchmarks.stclient import Stats, cpu_seconds, rss_mb


def add_options(ap: argparse.ArgumentParser) -> None:
    """The lecture hall's options (benchmarks.hall, benchmarks.drill)."""
    ap.add_argument("--replicas", type=int, nargs="+", metavar="K",
                    help="through HAProxy to K replicas (deploy.local); several K: each in turn, then side by side")
    ap.add_argument("--url", help="a running balancer's address on this machine instead of starting one")
    ap.add_argument("--kill-one", action="store_true",
                    help="after the waves, the kill drill: a replica dies in the middle of a wave (needs K >= 2)")



@contextlib.contextmanager
def hall_for(args, k: int, logs: Path):
    """(url, Hall or None): a local hall of k replicas, or the running balancer at --url."""
    if args.url:
        yield args.url.rstrip("/"), None
        return
    from deploy.local import Hall
    with Hall(k, logs=logs, warm=True) as hall:
        yield hall.url, hall


def ws_of(url: str) -> str:
    return url.replace("http", "ws", 1) + "/_stcore/stream"


class Meter:
    """CPU seconds and peak RSS of every live replica, by name; replicas that died count no more."""

    def __init__(self, hall):
        self.pids = dict(zip(hall.names, (r.pid for r in hall.replicas), strict=True)) if hall else {}
        self.peak = dict.fromkeys(self.pids, 0.0)

    def cpu(self) -> dict[str, float]:
        out = {}
        for n, pid in self.pids.items():
            with contextlib.suppress(OSError, IndexError):
                out[n] = cpu_seconds(pid)
        return out

    def rss(self) -> dict[str, float]:
        out = {}
        for n, pid in self.pids.items():
            with contextlib.suppress(OSError):
                out[n] = rss_mb(pid)
                self.peak[n] = max(self.peak[n], out[n])
        return out

    async def sample(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            self.rss()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 0.5)


def since(now: dict[str, float], before: dict[str, float]) -> dict[str, float]:
    return {n: now[n] - before[n] for n in before if n in now}


async def run_hall(args, k: int, logs: Path) -> dict:
    """Waves of args.students through the hall of k replicas (and the kill drill if asked); the summary row."""
    with hall_for(args, k, logs) as (url, hall):
        meter = Meter(hall)
        for pid in meter.pids.values():   # each replica warms its default views at start-up
            await idle(pid)
        stop = asyncio.Event()
        sampler = asyncio.create_task(meter.sample(stop))
        rows, every, cpu_all = [], Stats(), Counter()
        wall_all = 0.0
        for w in range(args.waves):
            c0, t0 = meter.cpu(), time.monotonic()
            st = await wave(ws_of(url), args.students, args.seed + w, args)
            cpu, wall = since(meter.cpu(), c0), time.monotonic() - t0
            await asyncio.sleep(args.settle)
            for f in ("times", "errors", "actions", "replicas"):
                getattr(every, f).extend(getattr(st, f))
            every.views += st.views
            cpu_all.update(cpu)
            wall_all += wall
            total = sum(cpu.values())
            rows.append((w + 1, st.views, len(st.errors), f"{pct(st.times, .5):.2f}", f"{pct(st.times, .95):.2f}",
                         f"{max(st.times, default=float('nan')):.2f}", dict(sorted(Counter(st.replicas).items())),
                         f"{total:.1f}" if cpu else "-", f"{total / wall:.2f}" if cpu else "-",
                         f"{total / max(1, st.views):.3f}" if cpu else "-",
                         " / ".join(f"{v:.0f}" for v in meter.rss().values()) or "-"))
        st = every
        if rows:   # (--waves 0: the drill alone)
            where = f"{k} replica{'s' if k > 1 else ''} behind HAProxy" if hall else f"the balancer at {url}"
            print(f"\n## {args.students} students, {where}")
            print(table(rows, ("wave", "views", "errors", "p50 s", "p95 s", "max s", "students per replica",
                               "cpu s", "cores busy", "cpu s/view", "RSS after MB (each)")))
            print(f"\nall waves: {st.views} views, {len(st.errors)} errors, p50 {pct(st.times, .5):.2f} s, "
                  f"p95 {pct(st.times, .95):.2f} s, max {max(st.times, default=float('nan')):.2f} s")
            for e in sorted(set(st.errors))[:10]:
                print("  error:", e, f"(x{st.errors.count(e)})")
            if hall:
                per = Counter(st.replicas)
                prow = [(n, per.get(n, 0) // max(1, args.waves), f"{cpu_all.get(n, 0):.1f}",
                         f"{cpu_all.get(n, 0) / max(wall_all, 1e-9):.2f}", f"{meter.peak[n]:.0f}") for n in hall.names]
                print("\nper replica:\n" + table(prow, ("replica", "students per wave", "cpu s", "cores busy",
                                                         "RSS peak MB")))
        drill = None
        if args.kill_one and hall and k >= 2:
            from benchmarks.drill import kill_drill
            drill = await kill_drill(hall, args)
        stop.set()
        await sampler
        cpu_total = sum(cpu_all.values())
        return {"replicas": k, "views": st.views, "errors": len(st.errors), "p50": pct(st.times, .5),
                "p95": pct(st.times, .95), "max": max(st.times, default=float("nan")),
                "cpu/view": cpu_total / max(1, st.views) if cpu_all else float("nan"),
                "busy": cpu_total / max(wall_all, 1e-9) if cpu_all else float("nan"),
                "students": dict(sorted(Counter(st.replicas).items())), "drill": drill}


async def main_async(args) -> int:
    logs = Path(args.logs)
    logs.mkdir(parents=True, exist_ok=True)
    load0 = os.getloadavg()[0]
    print(f"# hall: {args.students} students, {args.waves} waves of {args.duration:g} s, think "
          f"{args.think[0]:g}-{args.think[1]:g} s, {os.cpu_count()} cores, load average {load0:.1f} before the run"
          + (" (shared with other jobs: the numbers are pessimistic)" if load0 > 1.0 else " (quiet)"))
    results = []
    for k in ([0] if args.url else args.replicas):
        results.append(await run_hall(args, k, logs / f"hall-{k}"))
    if len(results) > 1:
        print(f"\n## Side by side: {args.students} students (load average now {os.getloadavg()[0]:.1f})")
        head = ("", *(f"{r['replicas']} replica{'s' if r['replicas'] > 1 else ''}" for r in results))
        lines = [("views", *(r["views"] for r in results)), ("errors", *(r["errors"] for r in results)),
                 ("p50 / p95 / max s", *(f"{r['p50']:.2f} / {r['p95']:.2f} / {r['max']:.1f}" for r in results)),
                 ("p95 vs 1 replica", *(f"{r['p95'] / results[0]['p95']:.2f}x" for r in results)),
                 ("server cpu s per view", *(f"{r['cpu/view']:.3f}" for r in results)),
                 ("cores busy (all replicas)", *(f"{r['busy']:.2f}" for r in results))]
        print(table(lines, head))
    bad = any(r["errors"] or (r["drill"] and r["drill"]["lost"]) for r in results)
    return 1 if bad else 0


def run(ap: argparse.ArgumentParser, args) -> int:
    if not (1 <= args.students <= 500 and (0 if args.kill_one else 1) <= args.waves <= 10 and 0 < args.duration <= 1800):
        ap.error("--students 1..500, --waves 1..10 (0 with --kill-one), --duration 0..1800")
    if args.kill_one and (args.url or max(args.replicas or [0]) < 2):
        ap.error("--kill-one kills a replica of a hall it starts: --replicas 2 or more")
    if args.replicas and not all(1 <= k <= 8 for k in args.replicas):
        ap.error("--replicas 1..8 (deploy/haproxy.cfg's server-template holds 8)")
    signal.signal(signal.SIGTERM, _interrupt)   # `kill` stops it as Ctrl+C does: the hall cleans up after itself
    return asyncio.run(main_async(args))


def _interrupt(*_) -> None:
    raise KeyboardInterrupt
