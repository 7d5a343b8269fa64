"""The kill drill: a replica dies in the middle of a wave (`python -m benchmarks.load --replicas 2 --kill-one`).

The teacher opens a class (in the shared PostgreSQL store); every student opens the class's link on the
initialisation lesson's scene 4 (`?room=CODE&scene=4`), answers its question (the radio, then the button: the
protocol's widget states, as a click sends them) and browses the lessons, thinking between actions, its
websocket watched as a browser's is. Half-way through the wave the replica holding the most students is killed
(SIGKILL). Its students' websockets close; each reconnects at once through HAProxy (its REPLICA cookie names
a dead replica: HAProxy re-dispatches it and sets a new one) and reruns the URL it was on, as Streamlit's
browser client does. Reported: the killed replica's students, reconnects, how many were back on the same view
(the same figures and controls as before the kill) and in the class within 10 s, the failed views, and the
answers: confirmed on screen before the kill against those in the store after (lost = the difference)."""
from __future__ import annotations

import asyncio
import hashlib
import random
import time
from dataclasses import dataclass, field

from streamlit.proto.WidgetStates_pb2 import WidgetState

from benchmarks.crowd import LESSONS, pct
from benchmarks.stclient import Session, Stats, random_value
from classroom import open_store
from classroom.codes import display_code

PAGE, SCENE, QUESTION = "initialization", "4", "init_xavier_relu"   # a scene with a class question
BACK_WITHIN = 10.0


@dataclass
class Drill:
    code: str
    ws_url: str
    stats: Stats = field(default_factory=Stats)
    sessions: list[Session] = field(default_factory=list)
    confirmed: int = 0                 # answers the student saw confirmed ("Your answer: ...")
    killed: str = ""
    kill_at: float = 0.0
    victims: set[int] = field(default_factory=set)                # students on the killed replica
    back: dict[int, float] = field(default_factory=dict)          # student -> seconds from the kill to its view
    same: dict[int, bool] = field(default_factory=dict)           # ... the same view as before the kill
    in_class: dict[int, bool] = field(default_factory=dict)       # ... still in the class
    failed: list[str] = field(default_factory=list)               # views that failed (errors)


def signature(s: Session) -> str:
    """What a student sees of a view: its figures and its controls (their keys), as one digest."""
    return hashlib.sha256(repr((sorted(s.charts), sorted(s.widgets), sorted(s.tabs.items()))).encode()).hexdigest()


def widget(s: Session, kind: str, key_part: str):
    return next(((i, p) for i, (k, p) in s.ids.items() if k == kind and key_part in i), (None, None))


async def answer(s: Session, params: dict, rng: random.Random) -> bool:
    """Choose an option and press 'Lock in my answer'; True when the page confirms it."""
    rid, radio = widget(s, "radio", f"classroom_answer_{QUESTION}")
    bid, _ = widget(s, "button", f"classroom_submit_{QUESTION}")
    if rid is None or bid is None:
        return False
    states = [WidgetState(id=rid, string_value=rng.choice(list(radio.options))), WidgetState(id=bid, trigger_value=True)]
    return await s.rerun(PAGE, params, history=False, states=states) is not None and any(
        t.startswith("Your answer:") for t in s.texts)


async def watch(s: Session, seconds: float) -> bool:
    """Think for `seconds`, watching the websocket as a browser does; True if it closed meanwhile."""
    if s.ws is None:
        await asyncio.sleep(seconds)
        return False
    try:
        await asyncio.wait_for(s.ws.wait_closed(), max(0.0, seconds))
        return True
    except TimeoutError:
        return False


async def student(i: int, d: Drill, rng: random.Random, stop_at: float, args) -> None:
    s = Session(d.ws_url, d.stats, args.timeout)
    d.sessions.append(s)
    base = {"lang": "en", "seed": "0", "room": display_code(d.code)}
    page, params = PAGE, {**base, "scene": SCENE}
    seen, last = None, None
    try:
        if await s.rerun(page, params) is None:
            return
        seen, last = signature(s), (page, params)
        ok = await answer(s, params, rng)   # (not `d.confirmed += await ...`: other students add meanwhile)
        d.confirmed += ok
        while time.monotonic() < stop_at:
            closed = await watch(s, min(rng.uniform(*args.think), stop_at - time.monotonic()))
            if closed or s.ws is None:
                await come_back(i, s, d, last, seen)
                continue
            if s.widgets and rng.random() < 0.5:   # move a control of this view, else open another lesson
                page, params = last[0], dict(last[1])
                k = rng.choice(list(s.widgets))
                if (v := random_value(*s.widgets[k], rng)) is not None:
                    params[k] = v
            else:
                page, params = rng.choice(LESSONS), dict(base)
            if await s.rerun(page, params) is None:
                d.failed.append(d.stats.errors[-1])
                await come_back(i, s, d, last, seen)
                continue
            seen, last = signature(s), (page, params)
    finally:
        await s.close()


async def come_back(i: int, s: Session, d: Drill, last: tuple, seen: str | None) -> None:
    """The browser reconnects (through HAProxy) and reruns the URL it shows, until a run finishes."""
    s.ws = None
    end = time.monotonic() + 3 * BACK_WITHIN
    while time.monotonic() < end:
        if await s.rerun(*last) is not None:
            if d.kill_at and i not in d.back:
                d.back[i] = time.monotonic() - d.kill_at
                d.same[i] = signature(s) == seen
                d.in_class[i] = any(display_code(d.code) in t for t in s.texts)
            return
        d.failed.append(d.stats.errors[-1])
        await asyncio.sleep(0.5)


async def kill_drill(hall, args) -> dict:
    """One wave of args.students in a class, a replica killed half-way; prints and returns the drill's report."""
    store = open_store(hall.db)
    code, _key = store.create_room()
    d = Drill(code, hall.url.replace("http", "ws", 1) + "/_stcore/stream")
    duration = max(args.duration, 40.0)
    stop_at = time.monotonic() + args.ramp + duration
    tasks = []
    for i in range(args.students):
        tasks.append(asyncio.create_task(student(i, d, random.Random(args.seed * 7919 + i), stop_at, args)))
        await asyncio.sleep(args.ramp / max(1, args.students))
    await asyncio.sleep(duration / 2)
    live = {n: sum(1 for s in d.sessions if s.cookies.get("REPLICA") == n) for n in hall.names}
    d.killed = max(live, key=live.get)
    d.victims = {i for i, s in enumerate(d.sessions) if s.cookies.get("REPLICA") == d.killed}
    confirmed_before = d.confirmed
    d.kill_at = time.monotonic()
    hall.kill(d.killed)
    await asyncio.gather(*tasks)
    stored = store.tally(code, QUESTION)["n"]
    store.shutdown()
    victims = sorted(d.victims)
    back = [d.back[i] for i in victims if i in d.back]
    moved = sum(1 for i in victims if d.sessions[i].cookies.get("REPLICA") not in (d.killed, None))
    report = {"killed": d.killed, "students": len(victims), "reconnected": moved,
              "back": sum(1 for t in back if t <= BACK_WITHIN), "same": sum(d.same.get(i, False) for i in victims),
              "in_class": sum(d.in_class.get(i, False) for i in victims), "max_back": max(back, default=float("nan")),
              "failed": len(d.failed), "confirmed": d.confirmed, "stored": stored,
              "lost": max(0, d.confirmed - stored), "views": d.stats.views}
    print(f"\n## Kill drill: {args.students} students in class {display_code(code)}, replica {d.killed} killed "
          f"half-way through a {duration:g} s wave (it held {len(victims)} of them; answers confirmed before the "
          f"kill: {confirmed_before})")
    print(f"reconnected through HAProxy to another replica: {moved} of {len(victims)}; back on a view within "
          f"{BACK_WITHIN:g} s: {report['back']} (p50 {pct(back, .5):.2f} s, max {report['max_back']:.2f} s); "
          f"the same view as before the kill: {report['same']}; still in the class: {report['in_class']}")
    print(f"failed views: {len(d.failed)} (of {d.stats.views + len(d.failed)} asked); answers confirmed "
          f"{d.confirmed}, in the store {stored}: lost {report['lost']}")
    for e in sorted(set(d.failed))[:6]:
        print("  failed:", e, f"(x{d.failed.count(e)})")
    return report
