"""50 students answering at once, from threads and from separate processes: no answer lost, none
double-counted, every change counted once, and the bounds and the reveal hold under the race."""
import multiprocessing
import threading
import time
from collections import Counter

import pytest

from classroom import errors, open_store

N = 50
CHOICES = ("a", "b", "c", "d")


def answers_of(i: int) -> list[tuple[str, object]]:
    """Student i's submissions in order: three changes to each of two questions."""
    return [(q, a) for k in range(3) for q, a in (("mc", CHOICES[(i + k) % 4]), ("num", i + 0.25 * k))]


def final_answers() -> tuple[Counter, list[float]]:
    last = [dict(answers_of(i)) for i in range(N)]
    return Counter(a["mc"] for a in last), sorted(a["num"] for a in last)


def student(url: str, code: str, i: int, barrier) -> None:
    store = open_store(url)
    barrier.wait(timeout=60)
    for q, a in answers_of(i):
        store.submit(code, q, f"student-{i}", a)
    store.shutdown()


def check_exact(store, code) -> None:
    counts, values = final_answers()
    mc, num = store.tally(code, "mc"), store.tally(code, "num")
    assert mc["n"] == N and mc["counts"] == dict(counts)
    assert num["n"] == N and num["values"] == values
    for i in range(N):
        assert store.answer_of(code, "num", f"student-{i}") == dict(answers_of(i))["num"]


def run_threads(target, n=N):
    failures = []

    def wrap(i):
        try:
            target(i)
        except Exception as e:  # noqa: BLE001 - reported below
            failures.append(e)

    threads = [threading.Thread(target=wrap, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return failures


def test_fifty_threads(store, db_url):
    code, _ = store.create_room()
    barrier = threading.Barrier(N)
    failures = run_threads(lambda i: student(db_url, code, i, barrier))
    assert failures == []
    check_exact(store, code)


@pytest.mark.slow
def test_fifty_processes(store, db_url):
    code, _ = store.create_room()
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(N)
    procs = [ctx.Process(target=student, args=(db_url, code, i, barrier)) for i in range(N)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=180)
    assert [p.exitcode for p in procs] == [0] * N
    check_exact(store, code)


def test_bound_holds_under_the_race(make_store):
    store = make_store(max_answers=20)
    code, _ = store.create_room()
    barrier = threading.Barrier(N)

    def one(i):
        barrier.wait(timeout=60)
        store.submit(code, "q", f"s{i}", CHOICES[i % 4])

    failures = run_threads(one)
    assert len(failures) == N - 20 and all(isinstance(e, errors.QuestionFull) for e in failures)
    assert store.tally(code, "q")["n"] == 20


def test_reveal_during_the_race(store):
    code, key = store.create_room()
    barrier = threading.Barrier(N + 1)
    taken = []

    def one(i):
        barrier.wait(timeout=60)
        for k in range(3):
            store.submit(code, "q", f"s{i}", CHOICES[(i + k) % 4])
            taken.append((i, CHOICES[(i + k) % 4]))

    def teacher(_):
        barrier.wait(timeout=60)
        while len(taken) < N:  # reveal in the middle of the stream of answers
            time.sleep(0.001)
        store.reveal(code, "q", key)

    failures = run_threads(lambda i: teacher(i) if i == N else one(i), N + 1)
    assert all(isinstance(e, errors.AlreadyRevealed) for e in failures)
    last = dict(taken)  # each student's last accepted answer is the one counted
    assert store.tally(code, "q") == {"kind": "choice", "n": len(last), "counts": dict(Counter(last.values())),
                                      "values": [], "revealed": True}
