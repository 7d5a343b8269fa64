"""A whole class at once: N simulated students speak Streamlit's websocket protocol to one `streamlit run app.py`.

    python -m benchmarks.load --students 30 [--waves 3] [--duration 60] [--browsers K]
    python -m benchmarks.load --students 60 --class        (a class following its teacher: benchmarks/load_class.py)

Each student is one websocket session (`/_stcore/stream`, BackMsg/ForwardMsg protobufs from the installed
streamlit), as a browser tab would be: it opens every lesson, opens each of its tabs and moves a few of the
controls the page just drew (every bound widget reports its `query_param_key` and range) to random in-range
values, thinking between actions. An action is a rerun with the new URL, sent as history navigation so the
URL decides every bound widget, which is what a pasted link or the back button does. Its time runs from the
send to the `script_finished` of the run that completes (a run the app reruns itself is followed through).
Errors: an exception element in any run, a disconnect, an action without an answer within --timeout.

The same run measures a bare Streamlit page with one Plotly chart (benchmarks/bare_app.py) on a second
server, and the warm view of every lesson on the idle app before the class arrives. Loopback only.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import time
from pathlib import Path

from benchmarks.crowd import LESSONS, idle, pct, student, table, wave
from benchmarks.stclient import Session, Stats, cpu_seconds, rss_mb, server


async def warm_views(ws_url: str, pages: list[tuple[str, dict]], repeats: int, timeout: float) -> dict[str, float]:
    """Median seconds of a fresh session's first view of each page (new websocket, like a page load's
    script part), after one warm-up view; sequential on an idle server."""
    out = {}
    for page, params in pages:
        stats, times = Stats(), []
        for i in range(repeats + 1):
            s = Session(ws_url, stats, timeout)
            t = await s.rerun(page, params, history=False)
            await s.close()
            if i and t is not None:
                times.append(t)
        out[page] = statistics.median(times) if times else float("nan")
        if stats.errors:
            out[page + " (errors)"] = len(stats.errors)
    return out


# ---------------------------------------------------------------- real browsers, for a cross-check
async def browsers(url: str, k: int, seed: int) -> Stats:
    """K Chromium contexts at once, each loading every lesson's URL and waiting until it has settled."""
    from playwright.async_api import async_playwright
    stats = Stats()
    args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"]

    async def one(browser, i):
        rng = random.Random(seed + i)
        ctx = await browser.new_context(viewport={"width": 1300, "height": 900})
        page = await ctx.new_page()
        try:
            for lesson in LESSONS:
                t0 = time.perf_counter()
                await page.goto(f"{url}/{lesson}?lang=en&seed={rng.choice((0, 0, 0, rng.randint(1, 50)))}")
                idle = page.locator("[data-testid='stApp'][data-test-script-state='notRunning']")
                quiet = 0
                for _ in range(480):   # 120 s at most
                    await page.wait_for_timeout(250)
                    busy = not await idle.count() or await page.get_by_test_id("stSkeleton").count()
                    quiet = 0 if busy else quiet + 1
                    if quiet >= 2:
                        break
                stats.times.append(time.perf_counter() - t0 - 0.5)   # minus the two quiet polls
                stats.views += 1
                if await page.get_by_test_id("stException").count():
                    stats.errors.append(f"exception shown on {lesson}")
        finally:
            await ctx.close()

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        await asyncio.gather(*(one(browser, i) for i in range(k)))
        await browser.close()
    return stats


async def main_async(args) -> int:
    logs = Path(args.logs)
    logs.mkdir(parents=True, exist_ok=True)
    print(f"# load: {args.students} students, {args.waves} waves of {args.duration:g} s, think "
          f"{args.think[0]:g}-{args.think[1]:g} s, {100 * args.own_seed:.0f}% start from their own seed, "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} before the run"
          + (" (shared with other jobs: the numbers are pessimistic)" if os.getloadavg()[0] > 1.0 else " (quiet)"))
    with server("benchmarks/bare_app.py", logs / "bare.log") as (bare_url, bare_pid), \
            server("app.py", logs / "app.log") as (url, pid):
        ws, bare_ws = url.replace("http", "ws") + "/_stcore/stream", bare_url.replace("http", "ws") + "/_stcore/stream"
        rss0 = rss_mb(pid)
        default = {"lang": "en", "seed": "0"}
        await warm_views(ws, [("home", default)], 0, args.timeout)   # the first visit starts the app's warm-up
        await idle(pid)
        views = await warm_views(ws, [(p, default) for p in ("home", *LESSONS)], args.repeats, args.timeout)
        bare = (await warm_views(bare_ws, [("", {})], args.repeats, args.timeout))[""]
        rows = [(p, f"{1000 * t:.0f}", f"{t / bare:.1f}x") for p, t in views.items() if "errors" not in p]
        print("\n## Warm page view (fresh session, default view, idle server; median of", args.repeats, ")")
        print(table([("bare one-chart page", f"{1000 * bare:.0f}", "1.0x"), *rows], ("page", "ms", "vs bare")))

        peak = rss_mb(pid)
        sampling = True

        async def sample():
            nonlocal peak
            while sampling:
                peak = max(peak, rss_mb(pid))
                await asyncio.sleep(0.5)
        sampler = asyncio.create_task(sample())
        wave_rows, all_stats = [], Stats()
        cpu0 = cpu_seconds(pid)
        for w in range(args.waves):
            c0, t0 = cpu_seconds(pid), time.monotonic()
            st = await wave(ws, args.students, args.seed + w, args)
            cpu, wall = cpu_seconds(pid) - c0, time.monotonic() - t0
            await asyncio.sleep(args.settle)
            all_stats.times += st.times
            all_stats.errors += st.errors
            all_stats.views += st.views
            all_stats.actions += st.actions
            all_stats.first_chart += st.first_chart
            wave_rows.append((w + 1, st.views, len(st.errors), f"{pct(st.times, .5):.2f}", f"{pct(st.times, .95):.2f}",
                              f"{max(st.times, default=float('nan')):.2f}", f"{cpu:.1f}", f"{cpu / wall:.2f}",
                              f"{cpu / max(1, st.views):.3f}", f"{rss_mb(pid):.0f}"))
        sampling = False
        await sampler
        cpu_total = cpu_seconds(pid) - cpu0
        print(f"\n## {args.students} students (protocol level)")
        print(table(wave_rows, ("wave", "views", "errors", "p50 s", "p95 s", "max s", "cpu s", "cores busy",
                                "cpu s/view", "RSS after MB")))
        st = all_stats
        print(f"\nall waves: {st.views} views, {len(st.errors)} errors, p50 {pct(st.times, .5):.2f} s, "
              f"p95 {pct(st.times, .95):.2f} s, max {max(st.times, default=float('nan')):.2f} s, "
              f"{cpu_total / max(1, st.views):.3f} cpu s/view; RSS at start {rss0:.0f} MB, peak {peak:.0f} MB")
        for e in sorted(set(st.errors))[:15]:
            print("  error:", e, f"(x{st.errors.count(e)})")
        pages = sorted({p for _, p, _ in st.actions})
        rows = [(p, len(ts := [t for t, q, _ in st.actions if q == p]), f"{pct(ts, .5):.2f}", f"{pct(ts, .95):.2f}",
                 f"{max(ts):.2f}", f"{pct(fs := [t for t, q in st.first_chart if q == p], .5):.2f}",
                 f"{pct(fs, .95):.2f}") for p in pages]
        print("\nper page (first chart: from the action to its first chart on screen, a partial one included):\n"
              + table(rows, ("page", "views", "p50 s", "p95 s", "max s", "first chart p50 s", "first chart p95 s")))
        print("slowest actions:")
        for t, p, q in sorted(st.actions, reverse=True)[:8]:
            print(f"  {t:6.2f} s  {p}?{q}")

        # memory per session: N sessions held open on a warm view, RSS before and after (caches already full)
        await asyncio.sleep(args.settle)
        r0 = rss_mb(pid)
        held = [Session(ws, Stats(), args.timeout) for _ in range(args.students)]
        for s in held:
            await s.rerun("activations", {"lang": "en", "seed": "0"}, history=False)
        await asyncio.sleep(args.settle)
        r1 = rss_mb(pid)
        for s in held:
            await s.close()
        busy = cpu_total / max(1e-9, sum(float(r[6]) / float(r[7]) for r in wave_rows if float(r[7]) > 0))
        per = (r1 - r0) / args.students
        print(f"\nmemory per open session: {f'{per:.2f} MB' if per > 0 else 'below the noise'} ({args.students} sessions on a warm "
              f"view: RSS {r0:.0f} -> {r1:.0f} MB); students per busy core: {args.students / max(busy, 1e-9):.0f} "
              f"(the app kept {busy:.2f} cores busy on average)")

        if args.browsers:
            c0 = cpu_seconds(pid)
            bs = await browsers(url, args.browsers, args.seed)
            print(f"\n## {args.browsers} real Chromium contexts, every lesson once (load to settled)")
            print(f"views {bs.views}, errors {len(bs.errors)}, p50 {pct(bs.times, .5):.2f} s, "
                  f"p95 {pct(bs.times, .95):.2f} s, max {max(bs.times, default=float('nan')):.2f} s, "
                  f"{(cpu_seconds(pid) - c0) / max(1, bs.views):.3f} server cpu s/view")
            ps = Stats()
            proto_args = argparse.Namespace(**{**vars(args), "moves": 0, "duration": 600.0, "think": (0.0, 0.0)})
            stop = time.monotonic() + 600
            await asyncio.gather(*(student(ws, ps, random.Random(args.seed + i), stop, proto_args)
                                   for i in range(args.browsers)))
            print(f"the same {args.browsers} as protocol students (lessons and tabs, no think time): views {ps.views}, "
                  f"errors {len(ps.errors)}, p50 {pct(ps.times, .5):.2f} s, p95 {pct(ps.times, .95):.2f} s")
            st.errors += bs.errors + ps.errors
        return 1 if st.errors else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__.split("\n\n")[0])
    ap.add_argument("--students", type=int, default=30)
    ap.add_argument("--waves", type=int, default=3, help="the class arrives, works, leaves; RSS after each")
    ap.add_argument("--duration", type=float, default=60.0, help="seconds each wave works (bounded)")
    ap.add_argument("--ramp", type=float, default=10.0, help="seconds over which a wave's students arrive")
    ap.add_argument("--think", type=float, nargs=2, default=(3.0, 10.0), metavar=("MIN", "MAX"),
                    help="seconds a student thinks between actions (reads the text, looks at the figure)")
    ap.add_argument("--own-seed", type=float, default=0.2, help="share of students who start from a seed of their own")
    ap.add_argument("--moves", type=int, default=2, help="controls moved per tab")
    ap.add_argument("--browsers", type=int, default=0, help="also drive K real Chromium contexts at the end")
    ap.add_argument("--repeats", type=int, default=5, help="warm views per page for the bare comparison")
    ap.add_argument("--settle", type=float, default=5.0, help="seconds of quiet after a wave before RSS is read")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds an action may take before it is an error")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--logs", default="/tmp/benchmarks-load", help="server logs go here")
    from benchmarks import load_class
    load_class.add_options(ap)    # --class: one class following its teacher
    from benchmarks.hall import (  # the lecture hall (its own module; it does not import this one)
        add_options,
        run,
    )
    add_options(ap)
    args = ap.parse_args(argv)
    if (args.replicas or args.url) and not args.klass:   # through HAProxy (a class: benchmarks.load_class)
        return run(ap, args)
    if not (1 <= args.students <= 500 and 1 <= args.waves <= 10 and 0 < args.duration <= 1800):
        ap.error("--students 1..500, --waves 1..10, --duration 0..1800")
    if args.klass:
        return asyncio.run(load_class.main_async(args))
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    sys.exit(main())
