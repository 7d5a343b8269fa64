"""A throwaway PostgreSQL server for tests and benchmarks: Debian's binaries, a temp directory, a free port.

    with TempPostgres() as url:    # "postgresql://postgres@127.0.0.1:<port>/postgres"
        store = open_store(url)

initdb refuses to run as root, so as root the cluster belongs to the `postgres` user (runuser)."""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile


def find_bindir() -> str | None:
    """The newest /usr/lib/postgresql/<version>/bin holding initdb and pg_ctl, or None."""
    found = [d for d in glob.glob("/usr/lib/postgresql/*/bin")
             if all(os.access(os.path.join(d, exe), os.X_OK) for exe in ("initdb", "pg_ctl"))]
    found.sort(key=lambda d: int(d.split("/")[-2]) if d.split("/")[-2].isdigit() else 0)
    return found[-1] if found else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class TempPostgres:
    """Start with `start()` (returns the URL) or as a context manager; `stop()` removes everything."""

    def __init__(self, *, durable: bool = False, max_connections: int = 200):
        self.durable, self.max_connections = durable, max_connections  # durable=False: fsync off (tests)
        self.root = self.url = None

    def _run(self, *args: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *args], check=True, capture_output=True, timeout=120)

    def start(self) -> str:
        bindir = find_bindir()
        if bindir is None:
            raise FileNotFoundError("PostgreSQL binaries not found under /usr/lib/postgresql/*/bin")
        self.root = tempfile.mkdtemp(prefix="classroom-pg-")
        if os.geteuid() == 0:
            pw = pwd.getpwnam("postgres")
            os.chown(self.root, pw.pw_uid, pw.pw_gid)
        data, port = os.path.join(self.root, "data"), free_port()
        opts = (f"-p {port} -k {self.root} -c listen_addresses=127.0.0.1 "
                f"-c max_connections={self.max_connections}" + ("" if self.durable else " -c fsync=off"))
        try:
            self._run(f"{bindir}/initdb", "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8",
                      "--locale=C", "--no-sync")
            self._run(f"{bindir}/pg_ctl", "-D", data, "-l", os.path.join(self.root, "log"), "-o", opts,
                      "-w", "-t", "60", "start")
        except subprocess.CalledProcessError as e:
            log = self.log()
            self.stop()
            raise RuntimeError(f"PostgreSQL did not start: {e.stderr.decode(errors='replace')}\n{log}") from e
        self._bindir, self._data = bindir, data
        self.url = f"postgresql://postgres@127.0.0.1:{port}/postgres"
        return self.url

    def log(self) -> str:
        try:
            with open(os.path.join(self.root or "", "log"), encoding="utf-8", errors="replace") as f:
                return f.read()[-2000:]
        except OSError:
            return ""

    def stop(self) -> None:
        if self.url:
            try:
                self._run(f"{self._bindir}/pg_ctl", "-D", self._data, "-m", "fast", "-w", "stop")
            except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
                pass
            self.url = None
        if self.root:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None

    def __enter__(self) -> str:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
