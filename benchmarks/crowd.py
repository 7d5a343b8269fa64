"""The building blocks of the load benchmarks: a simulated student, a wave of them, waiting for a quiet server,
percentiles and a plain table. benchmarks.load (one server), benchmarks.hall (replicas behind HAProxy) and
benchmarks.drill (a replica killed under the class) all use these; none of those imports another."""
from __future__ import annotations

import asyncio
import random
import time

from benchmarks.stclient import Session, Stats, cpu_seconds, random_value
from ui.nav import LESSONS as _REGISTERED

# Every lesson whose page exists (ui.nav.LESSONS): a lesson that lands is in the load at once.
LESSONS = tuple(lesson.slug for lesson in _REGISTERED if lesson.exists)


# ---------------------------------------------------------------- a student
async def student(ws_url: str, stats: Stats, rng: random.Random, stop_at: float, args) -> None:
    """Every lesson, each tab, a few random controls per tab, thinking between actions, until the wave ends."""
    s = Session(ws_url, stats, args.timeout)
    # the class opens the teacher's link (seed 0); some pick a seed of their own, and any may move it later
    seed = rng.randint(1, 50) if rng.random() < args.own_seed else 0
    base = {"lang": rng.choice(("en", "en", "ko")), "seed": str(seed)}

    async def act(page, params):
        if time.monotonic() >= stop_at:
            return False
        t = await s.rerun(page, params)
        if t is not None:
            stats.times.append(t)
        await asyncio.sleep(min(rng.uniform(*args.think), max(0.0, stop_at - time.monotonic())))
        return time.monotonic() < stop_at

    try:
        await act("home", base)
        lessons = list(LESSONS)
        rng.shuffle(lessons)
        for lesson in lessons:
            if not await act(lesson, base):
                return
            tab_key, labels = next(iter(s.tabs.items()), (None, [""]))
            for i, label in enumerate(labels):
                params = {**base, tab_key: label} if i else dict(base)
                if i and not await act(lesson, params):
                    return
                for _ in range(args.moves):
                    candidates = [k for k in s.widgets if k != tab_key]
                    if not candidates:
                        break
                    k = rng.choice(candidates)
                    value = random_value(*s.widgets[k], rng)
                    if value is not None:
                        params = {**params, k: value}
                    if not await act(lesson, params):
                        return
    finally:
        await s.close()


async def wave(ws_url: str, n: int, seed: int, args) -> Stats:
    stats = Stats()
    stop_at = time.monotonic() + args.duration
    tasks = []
    for i in range(n):   # arrivals spread over the ramp, as a class opening a link does
        rng = random.Random(seed * 100_003 + i)
        tasks.append(asyncio.create_task(student(ws_url, stats, rng, stop_at, args)))
        await asyncio.sleep(args.ramp / max(1, n))
    await asyncio.gather(*tasks)
    return stats


async def idle(pid: int, limit: float = 90.0) -> None:
    """Wait until the server has been quiet for a second (the app warms its default views in the background)."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        c0 = cpu_seconds(pid)
        await asyncio.sleep(1.0)
        if cpu_seconds(pid) - c0 < 0.05:
            return


# ---------------------------------------------------------------- the report
def pct(xs: list[float], q: float) -> float:
    if not xs:
        return float("nan")
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]


def table(rows: list[tuple], head: tuple) -> str:
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    return "\n".join("  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)) for r in [head, *rows])
