"""The local lecture hall (deploy.local) for real: two replicas, Debian's HAProxy, a throwaway PostgreSQL. HAProxy
pins each websocket session by its REPLICA cookie, balances a class across the replicas, takes a killed replica
out of rotation and re-pins its sessions on the other; `python -m deploy.local` prints the class's address and
Ctrl+C leaves nothing running. Without haproxy or PostgreSQL: skipped, except with CI=true, where they fail."""
from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from benchmarks.stclient import Session, Stats, free_port
from classroom.pgtemp import find_bindir
from deploy.local import HAPROXY, Hall

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent


def need_hall():
    missing = [what for what, ok in (("haproxy", os.access(HAPROXY, os.X_OK)), ("postgresql", find_bindir()))
               if not ok]
    if not missing:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but {', '.join(missing)} missing: .ci/run must apt-get install them")
    pytest.skip(f"{', '.join(missing)} not installed (apt-get install haproxy postgresql)")


def test_sessions_are_pinned_balanced_and_re_pinned_when_their_replica_dies(tmp_path):
    need_hall()

    async def drive(hall: Hall) -> None:
        ws = hall.url.replace("http", "ws", 1) + "/_stcore/stream"
        stats = Stats()
        a, b = Session(ws, stats, 60), Session(ws, stats, 60)
        assert await a.rerun("home", {"lang": "en"}) is not None
        assert await b.rerun("home", {"lang": "en"}) is not None
        assert sorted((a.cookies["REPLICA"], b.cookies["REPLICA"])) == ["r1", "r2"], "leastconn: one each"
        await a.close()
        a.ws = None   # a new websocket, as after a reload: the cookie keeps it on its replica
        pinned = a.cookies["REPLICA"]
        assert await a.rerun("activations", {"lang": "en"}) is not None and a.cookies["REPLICA"] == pinned
        assert {s["name"]: s["scur"] for s in hall.stats()} == {"r1": "1", "r2": "1"}

        hall.kill(pinned)
        await asyncio.sleep(0.5)
        assert await a.rerun("activations", {"lang": "en"}) is None   # its websocket died with the replica
        assert await a.rerun("activations", {"lang": "en"}) is not None, "reconnected through HAProxy"
        assert a.cookies["REPLICA"] != pinned and a.cookies["REPLICA"] == b.cookies["REPLICA"]
        assert stats.replicas[-1] == a.cookies["REPLICA"]
        for _ in range(50):
            if {s["name"]: s["status"] for s in hall.stats()}[pinned] == "DOWN":
                break
            await asyncio.sleep(0.2)
        else:
            pytest.fail(f"HAProxy never took {pinned} out of rotation")
        await a.close()
        await b.close()

    with Hall(2, logs=tmp_path / "hall", warm=False) as hall:
        assert all(s["status"] == "UP" for s in hall.stats()) and hall.db.startswith("postgresql://")
        asyncio.run(drive(hall))
        replicas, pg_root = list(hall.replicas), hall._pg.root
    assert all(r.proc.poll() is not None for r in replicas) and not os.path.exists(pg_root)


def test_the_launcher_prints_the_address_and_stops_everything_on_ctrl_c(tmp_path):
    need_hall()
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "deploy.local", "--replicas", "1", "--port", str(port),
                             "--logs", str(tmp_path)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    try:
        lines = []
        for line in proc.stdout:   # until the address and the rest of that message
            lines.append(line)
            if "Ctrl+C stops everything" in line or len(lines) > 50:
                break
        address = re.search(r"http://\S+", "".join(lines))
        assert address and address.group(0) == f"http://127.0.0.1:{port}", "".join(lines)
        assert urllib.request.urlopen(address.group(0) + "/_stcore/health", timeout=10).read() == b"ok"
        haproxy = [p for p in Path("/proc").glob("[0-9]*")
                   if f"{tmp_path}/haproxy.cfg".encode() in _cmdline(p)]
        assert haproxy
    finally:
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0 and "stopped." in out
    assert not any(p.exists() for p in haproxy)
    pg_root = re.search(r"files in (\S+),", "".join(lines))
    assert pg_root and not os.path.exists(pg_root.group(1)), "the throwaway PostgreSQL's files are gone"


def _cmdline(proc: Path) -> bytes:
    try:
        return (proc / "cmdline").read_bytes()
    except OSError:
        return b""
