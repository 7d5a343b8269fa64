"""A lecture hall on one machine: N `streamlit run app.py` replicas, HAProxy (Debian's `haproxy`) with the
repository's deploy/haproxy.cfg in front, one PostgreSQL for the class store; prints the one address to give
the class and stops everything on Ctrl+C.

    python -m deploy.local --replicas 2                   # a throwaway PostgreSQL, the hall on 127.0.0.1
    CLASSROOM_DB=postgresql://... python -m deploy.local --replicas 3 --address 0.0.0.0 --port 8080

The replicas listen on loopback only (nobody reaches them but HAProxy); the class reaches HAProxy on
--address. Used by the tests and `python -m benchmarks.load --replicas K` as `Hall`."""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from benchmarks.stclient import Server, Session, Stats, free_port
from classroom.pgtemp import TempPostgres

CONFIG = Path(__file__).resolve().parent / "haproxy.cfg"
HAPROXY = "/usr/sbin/haproxy"


def render(text: str, servers: list[tuple[str, int]], bind: str, stats_socket: str) -> str:
    """deploy/haproxy.cfg for local replicas: the `bind` line listens on `bind`, the `server-template` line (the
    Compose replicas found by DNS) becomes one `server` per (name, loopback port) whose cookie is its name,
    Docker's resolvers go, and a stats socket lets the launcher read each replica's sessions. All else as is."""
    out, section = [], ""
    for line in text.splitlines():
        word = line.split()[0] if line.strip() else ""
        if line[:1].strip():   # a section starts at the margin
            section = word
        if section == "resolvers":
            continue
        if word == "bind":
            line = f"    bind {bind}"
        elif word == "server-template":
            out += [f"    server {name} 127.0.0.1:{port} cookie {name}" for name, port in servers]
            continue
        out.append(line)
        if word == "global":
            out.append(f"    stats socket {stats_socket} mode 600 level admin")
    return "\n".join(out) + "\n"


class Hall:
    """The running hall: `url` (HAProxy), `replicas` (benchmarks.stclient.Server, named r1..rN by their cookie),
    `db` (the class store's URL). Start with `start()` or as a context manager; `stop()` ends all it started."""

    def __init__(self, replicas: int = 2, *, port: int | None = None, address: str = "127.0.0.1",
                 db: str | None = None, logs: Path | None = None, script: str = "app.py", warm: bool = True):
        self.n, self.port, self.address, self.script, self.warm = replicas, port or free_port(), address, script, warm
        self.db = db if db is not None else os.environ.get("CLASSROOM_DB", "")
        self.logs = Path(logs or tempfile.mkdtemp(prefix="lecture-hall-"))
        self.url = f"http://{'127.0.0.1' if address in ('0.0.0.0', '::') else address}:{self.port}"
        self.replicas: list[Server] = []
        self.names: list[str] = []
        self._pg = self._haproxy = None
        self.socket = str(self.logs / "haproxy.sock")

    def start(self) -> str:
        self.logs.mkdir(parents=True, exist_ok=True)
        try:
            if not self.db:
                self._pg = TempPostgres(durable=True)   # the class's answers: a real server, fsync on
                self.db = self._pg.start()
            for i in range(self.n):
                self.replicas.append(Server(self.script, self.logs / f"r{i + 1}.log", env={"CLASSROOM_DB": self.db}))
                self.names.append(f"r{i + 1}")
            for r in self.replicas:   # started side by side, waited for one by one
                r.wait_healthy(180)
            cfg = self.logs / "haproxy.cfg"
            cfg.write_text(render(CONFIG.read_text(), [(n, r.port) for n, r in zip(self.names, self.replicas,
                                                                                     strict=True)],
                                  f"{self.address}:{self.port}", self.socket))
            subprocess.run([HAPROXY, "-c", "-q", "-f", str(cfg)], check=True, capture_output=True, timeout=30)
            self._haproxy_log = open(self.logs / "haproxy.log", "w")
            self._haproxy = subprocess.Popen([HAPROXY, "-db", "-f", str(cfg)], stdout=self._haproxy_log,
                                             stderr=subprocess.STDOUT)
            self._wait_balanced()
            if self.warm:
                self._first_visits()
        except BaseException:
            self.stop()
            raise
        return self.url

    def _wait_balanced(self, limit: float = 30.0) -> None:
        """Until HAProxy answers and has seen every replica healthy (its first checks)."""
        end = time.monotonic() + limit
        while time.monotonic() < end:
            if self._haproxy.poll() is not None:
                raise RuntimeError(f"haproxy exited; see {self.logs / 'haproxy.log'}")
            with contextlib.suppress(OSError):
                up = [s for s in self.stats() if s["status"] == "UP"]
                if len(up) == self.n and urllib.request.urlopen(self.url + "/_stcore/health", timeout=2).read() == b"ok":
                    return
            time.sleep(0.2)
        raise RuntimeError(f"HAProxy never saw {self.n} healthy replicas; see {self.logs}")

    def _first_visits(self) -> None:
        """Open each replica's home page once: its first run starts its warm-up (ui/warm.py), so the default
        views are cached before the class arrives rather than by the first students."""
        async def visit(url: str) -> None:
            s = Session(url.replace("http", "ws", 1) + "/_stcore/stream", Stats(), 120)
            await s.rerun("home", {"lang": "en"}, history=False)
            await s.close()

        async def all_() -> None:
            await asyncio.gather(*(visit(r.url) for r in self.replicas))
        t = threading.Thread(target=asyncio.run, args=(all_(),))   # its own loop: callers may be inside one
        t.start()
        t.join()

    def store_note(self) -> str:
        """Where the class store is, for the console (never the URL of CLASSROOM_DB: it may hold a password)."""
        if self._pg is None:
            return "the PostgreSQL in CLASSROOM_DB"
        return f"a throwaway PostgreSQL on {self.db.rsplit('@', 1)[1]} (files in {self._pg.root}, removed on exit)"

    def stats(self) -> list[dict[str, str]]:
        """HAProxy's view of each replica: name (its cookie), status (UP/DOWN), scur (open connections: the
        students' websockets), stot (connections so far), from the stats socket's `show stat`."""
        with socket.socket(socket.AF_UNIX) as s:
            s.settimeout(5)
            s.connect(self.socket)
            s.sendall(b"show stat\n")
            data = b""
            while chunk := s.recv(65536):
                data += chunk
        head, *rows = data.decode().strip().splitlines()
        keys = head.lstrip("# ").split(",")
        servers = [dict(zip(keys, r.split(","), strict=False)) for r in rows]
        return [{"name": s["svname"], "status": s["status"].split()[0], "scur": s["scur"], "stot": s["stot"]}
                for s in servers if s["pxname"] == "streamlit" and s["svname"] not in ("BACKEND", "FRONTEND")]

    def kill(self, name: str) -> None:
        """A replica dies (SIGKILL: no goodbye to its browsers), as a crashed process or a lost machine would."""
        self.replicas[self.names.index(name)].proc.send_signal(signal.SIGKILL)

    def stop(self) -> None:
        if self._haproxy is not None:
            self._haproxy.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._haproxy.wait(10)
            self._haproxy_log.close()
            self._haproxy = None
        for r in self.replicas:
            r.stop()
        self.replicas = []
        if self._pg is not None:
            self._pg.stop()
            self._pg = None

    def __enter__(self) -> Hall:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def class_address(address: str, port: int) -> str:
    """The address to give the class: this machine's name on the network when listening on all interfaces."""
    if address in ("0.0.0.0", "::"):
        with contextlib.suppress(OSError):
            address = socket.gethostbyname(socket.gethostname())
    return f"http://{address}:{port}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m deploy.local", description=__doc__.split("\n\n")[0])
    ap.add_argument("--replicas", type=int, default=2, help="Streamlit processes (about one per core)")
    ap.add_argument("--port", type=int, default=8080, help="HAProxy's port: the one the class opens")
    ap.add_argument("--address", default="127.0.0.1", help="where HAProxy listens (0.0.0.0: the whole network)")
    ap.add_argument("--logs", default=None, help="replica, HAProxy and PostgreSQL files (default: a temp folder)")
    args = ap.parse_args(argv)
    if not 1 <= args.replicas <= 16:
        ap.error("--replicas 1..16")
    if not os.access(HAPROXY, os.X_OK):
        ap.error(f"{HAPROXY} not found: apt-get install haproxy")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))   # `kill` stops the hall as Ctrl+C does
    hall = Hall(args.replicas, port=args.port, address=args.address, logs=args.logs and Path(args.logs))
    print(f"starting {args.replicas} replicas, HAProxy and "
          f"{'the PostgreSQL in CLASSROOM_DB' if hall.db else 'a throwaway PostgreSQL'} ...", flush=True)
    try:
        hall.start()
        print(f"\nGive the class this address:  {class_address(args.address, args.port)}\n"
              f"replicas: {', '.join(f'{n} = {r.url} (pid {r.pid})' for n, r in zip(hall.names, hall.replicas, strict=True))}\n"
              f"class store: {hall.store_note()}\nlogs: {hall.logs}\nCtrl+C stops everything.", flush=True)
        gone: set[str] = set()
        while True:
            time.sleep(5)
            for n, r in zip(hall.names, hall.replicas, strict=True):
                if r.proc.poll() is not None and n not in gone:
                    gone.add(n)
                    print(f"replica {n} has exited (see {r.log_path}); HAProxy sends its students to the others",
                          flush=True)
    except KeyboardInterrupt:
        pass
    finally:   # a second Ctrl+C must not cut the clean-up short (PostgreSQL left running)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        hall.stop()
    print("stopped.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
