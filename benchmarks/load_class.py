"""A class that follows its teacher: one teacher and N students in one room, each an open browser tab spoken in
Streamlit's websocket protocol (benchmarks/stlive.py), on one `streamlit run app.py` (or, with `--replicas K`, a
lecture hall of K replicas behind HAProxy sharing one PostgreSQL: deploy.local).

    python -m benchmarks.load --students 60 --class [--db postgresql] [--replicas 2]

The teacher opens a scene and starts a class; the students open the join link (every third in Korean) and the
teacher steps through six scenes of three lessons (Next, or another lesson from the sidebar and then Next).
Every student answers each scene's question; a fifth change their answer and a tenth reload their page (the
browser's local storage brings their id back) and answer again. The teacher reveals, then moves on.

The same class runs twice on one server: following (the students' pages poll the teacher's view and move with
it) and not following (the teacher turns teacher-paced mode off and each student presses Next by hand, 0.5-2 s
after the teacher, with no follow poll: the app before teacher-paced mode). Reported: the follow delay (the
teacher's click to the student's page showing that scene; budget p95 <= 2 s), answers lost and counted twice
(the store's tally against what each student last sent), and the server CPU of both runs."""
from __future__ import annotations

import asyncio
import contextlib
import os
import random
import tempfile
import time
from collections import Counter
from pathlib import Path

from benchmarks.crowd import pct
from benchmarks.stclient import cpu_seconds, server
from benchmarks.stlive import LiveTab, TabStats
from classroom import open_store
from classroom.codes import normalise_code
from classroom.question import number
from ui.classmode import FOLLOW_S
from ui.scenes import SCENES as LESSON_SCENES


def add_options(ap) -> None:
    """benchmarks.load's options for one class following its teacher."""
    ap.add_argument("--class", dest="klass", action="store_true",
                    help="one class following its teacher through six scenes (benchmarks/load_class.py)")
    ap.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite", help="--class: the class store")
    ap.add_argument("--idle", type=float, default=10.0, help="--class: seconds of a listening class, nobody clicking")

# (lesson, scene): every one has a class question; the moves between them are one to three clicks
SCENES = (("initialization", 4), ("initialization", 5), ("batchnorm", 2), ("batchnorm", 3), ("babysitting", 1),
          ("babysitting", 2))
FOLLOW_BUDGET_S = 2.0


class Student:
    def __init__(self, i: int, ws: str, stats: TabStats, following: bool, rng: random.Random, timeout: float):
        self.i, self.ws, self.stats, self.following, self.rng, self.timeout = i, ws, stats, following, rng, timeout
        self.locale = "ko-KR" if i % 3 == 2 else "en-US"
        self.tab = self._new_tab({})
        self.answers: dict[str, str] = {}     # question id -> the last answer the app took
        self.delays: list[float] = []
        self.sent: set[str] = set()           # questions this student answered (pressed the button with a value)
        self.missed = self.unconfirmed = 0    # scenes never shown; answers not confirmed on screen within 30 s

    def _new_tab(self, memory: dict) -> LiveTab:
        # not following: no follow poll (the app before teacher-paced mode); the reveal poll stays
        keep = None if self.following else (lambda interval: interval != FOLLOW_S)
        return LiveTab(self.ws, self.stats, locale=self.locale, memory=memory, timeout=self.timeout, keep=keep)

    def on(self, page: str, scene: int | None, since: float):
        return lambda tab: any(s.at >= since and s.page == page and s.scene == scene for s in tab.shown)

    async def arrive(self, page: str, scene: int, since: float, moves: list[str]) -> None:
        """Show the teacher's scene: by following (measured), or by hand, as the teacher moved."""
        if not self.following:
            await asyncio.sleep(self.rng.uniform(0.5, 2.0))
            for i, move in enumerate(moves):       # a lesson from the sidebar (it opens without a scene), Next …
                since_move = time.monotonic()
                await (self.tab.navigate(move) if move != "next" else self.tab.click("scene_next"))
                target = (page, i if moves[0] != "next" else scene - len(moves) + i + 1)
                await self.tab.until(self.on(target[0], target[1] or None, since_move), 30)
        if not await self.tab.until(self.on(page, scene, since), 30):
            self.missed += 1
            last = self.tab.shown[-1] if self.tab.shown else None
            self.stats.errors.append(f"student {self.i} never showed {page} scene {scene} "
                                     f"(last: {last and (last.page, last.scene)})")
        elif moves and self.following:
            self.delays.append(next(s.at for s in self.tab.shown if s.at >= since and (s.page, s.scene) ==
                                    (page, scene)) - since)

    async def answer(self, qid: str, codes: tuple[str, ...]) -> None:
        """Think, answer; a fifth change their mind, a tenth reload the page and answer again. `codes`: the
        options' codes in the order the radio lists them (empty: a numeric estimate)."""
        await asyncio.sleep(self.rng.uniform(1.0, 5.0))
        await self._send(qid, codes)
        if self.rng.random() < 0.1:
            page, query = self.tab.page, self.tab.query
            memory = dict(self.tab.memory, tab="student")
            await self.tab.close()
            self.tab = self._new_tab(memory)
            await self.tab.open(page, query)
            # back in the class once the page has run with what local storage holds (a person takes longer)
            ok = await self.tab.until(lambda t: t.memory_runs and f"classroom_submit_{qid}" in t.widgets, 30)
            if not ok:
                self.stats.errors.append(f"student {self.i}: not back in the class after a reload")
                return
            await self._send(qid, codes)
        elif self.rng.random() < 0.2:
            await asyncio.sleep(self.rng.uniform(0.5, 2.0))
            await self._send(qid, codes)

    async def _send(self, qid: str, codes: tuple[str, ...]) -> None:
        """Answer and wait for the page's confirmation ("Your answer: …."), as a student reads it."""
        pick = self.rng.randrange(len(codes)) if codes else None
        value = str(pick) if codes else f"{self.rng.uniform(0.0, 3.0):.3f}"
        box, runs = self.tab.widgets.get(f"classroom_answer_{qid}"), len(self.tab.shown)   # confirmed: by a later run
        if box is None or not await self.tab.answer(qid, value):
            self.stats.errors.append(f"student {self.i}: no answer box for {qid}")
            return
        label = box[1].options[pick] if codes else number(float(value))
        self.sent.add(qid)
        if await self.tab.until(lambda t: len(t.shown) > runs and any(f": {label}." in x for x in t.texts), 30):
            self.answers[qid] = codes[pick] if codes else value
        else:
            said = next((x for x in self.tab.texts if x.startswith(("Your answer", "나의 답"))),
                        "no answer shown: " + " | ".join(x[:30] for x in self.tab.texts[:8]))
            self.unconfirmed += 1                 # (the store is checked on its own: tally_check)
            self.stats.notes.append(f"student {self.i}: the page did not confirm the answer to {qid} within 30 s "
                                    f"({label!r}; it says {said[:300]!r})")


async def teacher_moves(teacher: LiveTab, moves: list[str], page: str, scene: int) -> float:
    """Click through `moves` ("next" or a lesson from the sidebar); the time of the last click."""
    sent = time.monotonic()
    for move in moves:
        sent = time.monotonic()
        await (teacher.click("scene_next") if move == "next" else teacher.navigate(move))
        await teacher.settled(60)
    await teacher.until(lambda t: t.shown and (t.shown[-1].page, t.shown[-1].scene) == (page, scene), 60)
    return sent


def moves_to(prev: tuple[str, int], nxt: tuple[str, int]) -> list[str]:
    if prev[0] == nxt[0]:
        return ["next"] * (nxt[1] - prev[1])
    return [nxt[0]] + ["next"] * nxt[1]


def tally_check(store, code: str, qid: str, students: list[Student]) -> tuple[int, int]:
    """(lost, counted twice) for one question. By students: the store counts one answer per student who answered
    (a reloaded student's new answer replaces the old). By value: each answer a page confirmed is in the store."""
    n = store.tally(code, qid)["n"]
    senders = sum(qid in s.sent for s in students)
    expected = Counter(s.answers[qid] for s in students if qid in s.answers)
    got = Counter()
    for answer, k in store.tally(code, qid)["counts"].items():
        got[answer if isinstance(answer, str) else f"{answer:.3f}"] += k
    lost_values = sum(max(0, expected[a] - got[a]) for a in expected)
    return max(senders - n, lost_values, 0), max(n - senders, 0)


async def run_class(ws: str, db: str, pids: list[int], args, following: bool) -> dict:
    from ui.lessons import questions
    rng, stats, tstats = random.Random(args.seed * 2 + following), TabStats(), TabStats()
    teacher = LiveTab(ws, tstats, timeout=args.timeout)
    first = SCENES[0]
    await teacher.open(first[0], f"lang=en&scene={first[1]}")
    await teacher.settled()
    await teacher.click("classroom_start")
    await teacher.until(lambda t: t.code, 60)
    code = normalise_code(teacher.code)
    print(f"  room {teacher.code} ({'following' if following else 'by hand'})", flush=True)
    store = open_store(db)
    if not following:                               # teacher-paced mode off: nobody's page moves by itself
        await teacher.until(lambda t: "classroom_paced" in t.widgets, 30)
        await teacher.toggle("classroom_paced", False)
        for _ in range(200):
            if store.view(code)["version"] and not store.view(code)["paced"]:
                break
            await asyncio.sleep(0.1)
        else:
            tstats.errors.append("the teacher's toggle never turned teacher-paced mode off")
    def cpu() -> float:
        return sum(cpu_seconds(pid) for pid in pids)
    cpu0, t0 = cpu(), time.monotonic()
    students = [Student(i, ws, stats, following, random.Random(rng.random()), args.timeout)
                for i in range(args.students)]

    async def join(s: Student):
        await asyncio.sleep(s.i * args.ramp / max(1, len(students)))
        lang = "ko" if s.locale == "ko-KR" else "en"
        await s.tab.open(first[0], f"room={teacher.code}&lang={lang}&scene={first[1]}")
        await s.tab.until(s.on(*first, 0.0), 60)
    await asyncio.gather(*(join(s) for s in students))
    lost = twice = 0
    prev = None
    for lesson, n in SCENES:
        moves = moves_to(prev, (lesson, n)) if prev else []
        sent = await teacher_moves(teacher, moves, lesson, n) if moves else 0.0
        await asyncio.gather(*(s.arrive(lesson, n, sent if following else 0.0, moves) for s in students))
        qid = LESSON_SCENES[lesson][n - 1].question
        await asyncio.gather(*(s.answer(qid, questions.option_codes(qid)) for s in students))
        miss, extra = tally_check(store, code, qid, students)
        delays = [d for st_ in students for d in st_.delays[-1:]] if moves and following else []
        print(f"  {'following' if following else 'by hand'}: {lesson} scene {n}: "
              f"{sum(1 for st_ in students if st_.on(lesson, n, 0.0)(st_.tab))}/{len(students)} there"
              + (f", delay p50 {pct(delays, .5):.2f} s p95 {pct(delays, .95):.2f} s" if delays else "")
              + f"; {qid}: lost {miss}, counted twice {extra}", flush=True)
        lost, twice = lost + miss, twice + extra
        await teacher.click(f"classroom_reveal_{qid}")
        await teacher.settled()
        await asyncio.sleep(2.0)
        prev = (lesson, n)
    busy_cpu, busy_wall = cpu() - cpu0, time.monotonic() - t0
    c1 = cpu()
    await asyncio.sleep(args.idle)                  # the class listens: nobody clicks, the pages still poll
    idle_cpu = cpu() - c1
    for s in students:
        await s.tab.close()
    await teacher.close()
    store.shutdown()
    delays = [d for s in students for d in s.delays]
    return {"following": following, "delays": delays, "missed": sum(s.missed for s in students), "lost": lost,
            "unconfirmed": sum(s.unconfirmed for s in students), "answered": sum(len(s.sent) for s in students),
            "twice": twice, "cpu": busy_cpu, "wall": busy_wall, "idle_cpu": idle_cpu,
            "full": stats.full_runs, "fragments": stats.fragment_runs,
            "errors": stats.errors + tstats.errors, "notes": stats.notes}


@contextlib.contextmanager
def _servers(k: int, logs: Path):
    """(the class's address, each server's own address to warm, their pids): one `streamlit run app.py`, or with
    `--replicas K` a lecture hall of K replicas behind HAProxy (deploy.local.Hall)."""
    if not k:
        with server("app.py", logs / "class.log") as (url, pid):
            yield url, [url], [pid]
        return
    from deploy.local import Hall
    with Hall(k, logs=logs, warm=False) as hall:
        yield hall.url, [r.url for r in hall.replicas], [r.pid for r in hall.replicas]


async def main_async(args) -> int:
    logs = Path(args.logs)
    logs.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()[0]
    print(f"# class: {args.students} students following a teacher through {len(SCENES)} scenes, "
          + (f"{args.replicas[0]} replicas behind HAProxy, " if args.replicas else "one server process, ")
          +
          f"{os.cpu_count()} cores, load average {load:.1f} before the run"
          + (" (shared with other jobs: the numbers are pessimistic)" if load > 1.0 else " (quiet)"))
    k = args.replicas[0] if args.replicas else 0
    pg = None
    if args.db == "postgresql" or k:                # a hall's replicas share one PostgreSQL, as deployed
        from classroom.pgtemp import TempPostgres
        pg = TempPostgres()
        db = pg.start()
    else:
        db = str(Path(tempfile.mkdtemp()) / "class.sqlite3")
    os.environ["CLASSROOM_DB"] = db     # the servers inherit it
    try:
        with _servers(k, logs) as (url, warm_urls, pids):
            ws = url.replace("http", "ws") + "/_stcore/stream"
            for base in warm_urls:        # the teacher rehearsed: the scenes' runs are cached, in both languages
                warm = LiveTab(base.replace("http", "ws") + "/_stcore/stream", TabStats(), timeout=args.timeout)
                for lesson, n in SCENES:
                    for lang in ("en", "ko"):
                        await warm.open(lesson, f"lang={lang}&scene={n}")
                        await warm.settled()
                        await warm.close()
            results = [await run_class(ws, db, pids, args, following) for following in (True, False)]
    finally:
        if pg is not None:
            pg.stop()
    a, b = results
    print(f"\n## follow delay (teacher's click -> the student's page shows the scene), {len(a['delays'])} moves")
    print(f"p50 {pct(a['delays'], .5):.2f} s, p95 {pct(a['delays'], .95):.2f} s, max {max(a['delays'], default=0):.2f} s "
          f"(budget p95 <= {FOLLOW_BUDGET_S:g} s: {'met' if pct(a['delays'], .95) <= FOLLOW_BUDGET_S else 'NOT met'}); "
          f"students who never showed a scene within 30 s: {a['missed']}")
    print("\n## answers (the store's tally against each student's last answer, every question)")
    for r in results:
        print(f"{'following' if r['following'] else 'not following'}: lost {r['lost']}, counted twice {r['twice']} "
              f"({r['answered']} answers; not confirmed on screen within 30 s: {r['unconfirmed']})")
    print("\n## server CPU")
    for r in results:
        print(f"{'following    ' if r['following'] else 'not following'}: {r['cpu']:.1f} s over {r['wall']:.0f} s "
              f"({r['cpu'] / r['wall']:.2f} cores), {r['full']} full runs, {r['fragments']} fragment runs; "
              f"at rest {r['idle_cpu'] / args.idle:.2f} cores")
    per_min = (a["cpu"] / a["wall"] - b["cpu"] / b["wall"]) * 60 / args.students
    print(f"following costs {a['cpu'] / b['cpu']:.2f}x the CPU of the same class not following "
          f"({per_min:+.2f} cpu s per student-minute; at rest {a['idle_cpu'] / args.idle:.2f} vs "
          f"{b['idle_cpu'] / args.idle:.2f} cores)")
    errors = a["errors"] + b["errors"]
    print(f"\nerrors: {len(errors)}")
    for e in sorted(set(errors))[:12]:
        print("  ", e, f"(x{errors.count(e)})")
    for n in (a["notes"] + b["notes"])[:6]:
        print("   note:", n)
    bad = errors or a["lost"] or a["twice"] or b["lost"] or b["twice"] or a["missed"]
    return 1 if bad else 0

