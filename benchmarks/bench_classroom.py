"""The class tally: 100 students answer at once (one thread each, like Streamlit sessions), then a tally.

The table times a whole round (100 concurrent answers + the tally) on SQLite and, when Debian's
PostgreSQL binaries and psycopg are present, on a throwaway PostgreSQL server (fsync on). After the
table a short section prints the latency of each answer: median and p95 over every round.
`python -m benchmarks.bench_classroom` runs only this."""
from __future__ import annotations

import atexit
import os
import sys
import tempfile
import threading
import time

import numpy as np

from benchmarks import Case, median_ms
from classroom import ClassroomError, open_store
from classroom.pgtemp import TempPostgres, find_bindir

N_ANSWERS = 100
REPEATS = 8
CHOICES = ("a", "b", "c", "d")
_latency_ms: dict[str, list[float]] = {}
_notes: list[str] = []


def one_round(store, label: str) -> None:
    code, key = store.create_room()
    barrier, lat, failed = threading.Barrier(N_ANSWERS), [], []

    def student(i: int) -> None:
        barrier.wait()
        t0 = time.perf_counter()
        try:
            store.submit(code, "q", f"student-{i}", CHOICES[i % 4])
        except ClassroomError as e:
            failed.append(e)
        lat.append((time.perf_counter() - t0) * 1e3)

    threads = [threading.Thread(target=student, args=(i,)) for i in range(N_ANSWERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    tally = store.tally(code, "q")
    if failed or tally["n"] != N_ANSWERS:
        raise RuntimeError(f"{label}: {len(failed)} answers refused, tally {tally['n']} != {N_ANSWERS}")
    store.close(code, key)
    _latency_ms.setdefault(label, []).extend(lat)


def _sqlite_case() -> Case:
    store = open_store(os.path.join(tempfile.mkdtemp(prefix="bench-classroom-"), "class.sqlite3"))
    return Case(f"classroom sqlite: {N_ANSWERS} concurrent answers + tally", lambda: one_round(store, "sqlite"),
                repeats=REPEATS)


def _postgres_case() -> Case | None:
    if find_bindir() is None:
        _notes.append("postgresql: skipped (no binaries under /usr/lib/postgresql/*/bin; apt-get install postgresql)")
        return None
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _notes.append("postgresql: skipped (psycopg not installed)")
        return None
    server = TempPostgres(durable=True)
    try:
        url = server.start()
    except (OSError, RuntimeError) as e:
        _notes.append(f"postgresql: skipped (the server did not start: {str(e).splitlines()[0]})")
        return None
    store = open_store(url)

    def stop() -> None:
        store.shutdown()
        server.stop()

    atexit.register(stop)
    return Case(f"classroom postgresql: {N_ANSWERS} concurrent answers + tally",
                lambda: one_round(store, "postgresql"), repeats=REPEATS)


def report() -> None:
    if not _latency_ms and not _notes:
        return
    print(f"\nclassroom: latency of one answer among {N_ANSWERS} submitted at once (every round)")
    for label, lat in _latency_ms.items():
        print(f"  {label:<11} median {np.median(lat):7.2f} ms   p95 {np.percentile(lat, 95):7.2f} ms"
              f"   ({len(lat)} answers)")
    for note in _notes:
        print(f"  {note}")


CASES = [c for c in (_sqlite_case(), _postgres_case()) if c is not None]
atexit.register(report)  # runs after `python -m benchmarks` printed its table (and before the server stops)

if __name__ == "__main__":
    for case in CASES:
        print(f"{case.name}: median {median_ms(case.fn, case.repeats):.1f} ms per round")
    sys.exit(0)
