"""Streamlit's own websocket protocol, spoken without a browser: a server on a free loopback port, what its process
costs (/proc), and one session that reruns pages and reads their ForwardMsgs (used by benchmarks.load, the
determinism test and the fuzz tests)."""
from __future__ import annotations

import asyncio
import contextlib
import os
import random
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from classroom.pgtemp import free_port  # one helper for every loopback server we start
from ui.scenes import TAB_KEYS

ROOT = Path(__file__).resolve().parent.parent
DONE = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR)
TICK = os.sysconf("SC_CLK_TCK")
TEXTS = {"markdown": "body", "heading": "body", "alert": "body", "code": "code_text", "text": "body"}
SKIP_KEYS = {"lang"}  # the language is part of who the student is, not a control they play with


# ---------------------------------------------------------------- the server and what it costs
class Server:
    """`streamlit run <script>` on a loopback port (free unless given), with `env` added to this process's
    environment. Started at once; `wait_healthy()` blocks until /_stcore/health answers (so several can start
    side by side: deploy.local's replicas); `stop()` ends it."""

    def __init__(self, script: str, log_path: Path, *, port: int | None = None, env: dict[str, str] | None = None):
        self.script, self.log_path, self.port = script, log_path, port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = open(log_path, "w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true", "--server.address",
             "127.0.0.1", "--server.port", str(self.port), "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"], cwd=ROOT, stdout=self._log, stderr=subprocess.STDOUT,
            env={**os.environ, **env} if env else None)
        self.pid = self.proc.pid

    def wait_healthy(self, limit: float = 120.0) -> None:
        end = time.monotonic() + limit
        while time.monotonic() < end:
            with contextlib.suppress(OSError):
                if urllib.request.urlopen(self.url + "/_stcore/health", timeout=1).read() == b"ok":
                    return
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.script} exited; see {self.log_path}")
            time.sleep(0.3)
        raise RuntimeError(f"{self.script} never became healthy; see {self.log_path}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._log.close()


@contextlib.contextmanager
def server(script: str, log_path: Path, *, port: int | None = None, env: dict[str, str] | None = None):
    """One Server, healthy; yields (url, pid) and stops it after."""
    srv = Server(script, log_path, port=port, env=env)
    try:
        srv.wait_healthy()
        yield srv.url, srv.pid
    finally:
        srv.stop()


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime + stime


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


# ---------------------------------------------------------------- the browser's messages
def rerun_msg(page_hash: str, query: str, *, page: str = "", history: bool = False, widget_states=(),
              fragment_id: str = "", auto: bool = False, locale: str = "en-US") -> BackMsg:
    """The BackMsg a browser sends to run a page (or, with fragment_id, one fragment; auto: on its timer), with
    the widget values it changed (WidgetState protos: a button's trigger_value, a text's string_value …)."""
    msg = BackMsg()
    rs = msg.rerun_script
    rs.query_string, rs.page_name, rs.page_script_hash = query, page, page_hash
    rs.is_history_navigation, rs.fragment_id, rs.is_auto_rerun = history, fragment_id, auto
    rs.widget_states.widgets.extend(widget_states)
    rs.context_info.locale = locale
    rs.context_info.timezone = "UTC"
    return msg


def widget_key(element_id: str) -> str | None:
    """The user key inside a widget's id ("$$ID-<hash>-<key>", streamlit==1.67.0), None for a widget without one."""
    parts = element_id.split("-", 2)
    return parts[2] if len(parts) == 3 and parts[0] == "$$ID" and parts[2] != "None" else None


# ---------------------------------------------------------------- one websocket session
@dataclass
class Stats:
    times: list[float] = field(default_factory=list)   # seconds from an action to its finished run
    errors: list[str] = field(default_factory=list)
    views: int = 0                                      # finished script runs
    actions: list[tuple[float, str, str]] = field(default_factory=list)   # (seconds, page, URL) of each
    first_chart: list[tuple[float, str]] = field(default_factory=list)   # (seconds to an action's first chart, page)
    replicas: list[str] = field(default_factory=list)   # behind HAProxy: the REPLICA cookie of each connection


class Session:
    """One browser tab's worth of protocol: send a rerun, read ForwardMsgs until its run has finished."""

    def __init__(self, ws_url: str, stats: Stats, timeout: float):
        self.ws_url, self.stats, self.timeout = ws_url, stats, timeout
        self.ws = None
        self.pages: dict[str, str] = {}        # url path -> page_script_hash
        self.widgets: dict[str, object] = {}   # query_param_key -> widget proto of the last run
        self.tabs: dict[str, list[str]] = {}   # tabs widget key -> its labels
        self.query = ""                        # the URL the server reported last
        self.drawn: dict[tuple, str] = {}      # delta path -> Plotly spec (JSON) of the charts on screen now
        self.chart_times: list[float] = []     # seconds from the send to each chart of the last run (partial ones too)
        self.texts: list[str] = []             # the text of the last run's markdown, headings, alerts, code
        self.ids: dict[str, tuple] = {}        # element id -> (kind, proto) of every widget of the last run
        self.cookies: dict[str, str] = {}      # sent with each connection, as a browser's: HAProxy's sticky REPLICA

    async def connect(self) -> None:
        """Open the websocket with this session's cookies and keep those the answer sets: behind HAProxy the
        REPLICA cookie pins the session to one replica, and a new one after a redispatch re-pins it."""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else None
        self.ws = await websockets.connect(self.ws_url, subprotocols=["streamlit"], max_size=None,
                                           compression=None, open_timeout=self.timeout, ping_interval=None,
                                           additional_headers=headers)
        for c in self.ws.response.headers.get_all("Set-Cookie"):
            k, _, v = c.split(";", 1)[0].partition("=")
            self.cookies[k.strip()] = v.strip()
        if "REPLICA" in self.cookies:
            self.stats.replicas.append(self.cookies["REPLICA"])

    async def close(self) -> None:
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await self.ws.close()

    async def rerun(self, page: str, params: dict[str, str | list[str]], history: bool = True,
                    states: list | None = None, until_chart: bool = False) -> float | None:
        """Open `page` with `params` as its URL (and `states`, WidgetState protos: a click, a choice); the seconds
        until the run finished, None on an error.

        until_chart: return at the run's first chart instead (the seconds until it); the next rerun then
        overtakes this one, as a student moving a slider mid-computation does. Messages of an overtaken run
        that arrive before the next run starts are skipped."""
        msg = rerun_msg(self.pages.get(page, ""), urlencode(params, doseq=True), page=page, history=history,
                        widget_states=states or ())
        rs = msg.rerun_script
        self.widgets, self.tabs, self.drawn, self.chart_times, self.texts, self.ids = {}, {}, {}, [], [], {}
        tab_key = None
        t0 = self.t0 = time.perf_counter()
        try:
            if self.ws is None:
                await self.connect()
            await self.ws.send(msg.SerializeToString())
            started = False
            while True:
                fwd = ForwardMsg()
                fwd.ParseFromString(await asyncio.wait_for(self.ws.recv(), self.timeout))
                kind = fwd.WhichOneof("type")
                started = started or kind == "new_session"
                if kind == "delta" and started:
                    tab_key = self._element(fwd.delta, tuple(fwd.metadata.delta_path), page, tab_key)
                    if until_chart and self.chart_times:
                        return self.chart_times[0]
                elif kind == "navigation":
                    self.pages.update({p.url_pathname or "home": p.page_script_hash for p in fwd.navigation.app_pages})
                elif kind == "page_info_changed":
                    self.query = fwd.page_info_changed.query_string
                elif kind == "script_finished" and started and fwd.script_finished in DONE:
                    if self.chart_times:
                        self.stats.first_chart.append((self.chart_times[0], page))
                    self.stats.views += 1
                    self.stats.actions.append((time.perf_counter() - t0, page, rs.query_string))
                    return time.perf_counter() - t0
        except TimeoutError:
            self.stats.errors.append(f"timeout ({self.timeout:g} s) on {page}?{rs.query_string}")
        except websockets.ConnectionClosed as e:
            self.stats.errors.append(f"disconnect on {page}: {e}")
        except OSError as e:
            self.stats.errors.append(f"connect failed on {page}: {e}")
        except websockets.InvalidHandshake as e:   # e.g. a balancer's 502/503 while no replica answers
            self.stats.errors.append(f"connect refused on {page}: {e}")
        await self.close()
        self.ws = None   # the next action reconnects, as the browser would
        return None

    @property
    def charts(self) -> list[str]:
        """The Plotly specs (JSON) the last run left on screen, in page order: a chart that a later element
        replaced (a partial one drawn while the view computed) is gone, as in the browser."""
        return [self.drawn[k] for k in sorted(self.drawn)]

    def _element(self, delta, path: tuple, page: str, tab_key: str | None) -> str | None:
        which = delta.WhichOneof("type")
        if which in ("add_block", "new_element"):    # whatever was at this path (and below it) is replaced
            for k in [k for k in self.drawn if k[:len(path)] == path]:
                del self.drawn[k]
        if which == "add_block":
            block = delta.add_block
            if block.WhichOneof("type") == "tab_container":
                # the lessons keep their open tab in the URL by hand (ui.lecture.seed_tab): its key is the lesson's
                tab_key = block.tab_container.query_param_key or TAB_KEYS.get(page.split("?")[0].strip("/"))
                self.tabs[tab_key] = []
            elif block.WhichOneof("type") == "tab" and tab_key:
                self.tabs[tab_key].append(block.tab.label)
        elif which == "new_element":
            el = delta.new_element
            kind = el.WhichOneof("type")
            if kind == "exception":
                self.stats.errors.append(f"exception on {page}: {el.exception.type}: {el.exception.message}"[:300])
            else:
                proto = getattr(el, kind)
                if kind == "plotly_chart":
                    self.drawn[path] = proto.spec
                    self.chart_times.append(time.perf_counter() - self.t0)
                if kind in TEXTS:
                    self.texts.append(getattr(proto, TEXTS[kind]))
                if getattr(proto, "id", "") and hasattr(proto, "label"):
                    self.ids[proto.id] = (kind, proto)
                key = getattr(proto, "query_param_key", "") if hasattr(proto, "query_param_key") else ""
                if key and key not in SKIP_KEYS:
                    self.widgets[key] = (kind, proto)
        return tab_key


def random_value(kind: str, w, rng: random.Random) -> str | list[str] | None:
    """A random in-range URL value for a widget, in the form the URL binding reads."""
    if kind == "slider":
        if w.options:   # select_slider: the option's label
            return rng.choice(list(w.options))
        is_int = w.data_type == w.INT
        lo, hi, step = w.min, w.max, w.step or 1

        def pick():
            v = lo + step * rng.randint(0, max(0, int(round((hi - lo) / step))))
            return str(int(round(v))) if is_int else f"{min(v, hi):.6g}"
        if len(w.default) == 2:
            a, b = sorted((pick(), pick()), key=float)
            return [a, b] if a != b else None
        return pick()
    if kind in ("selectbox", "radio"):
        return rng.choice(list(w.options)) if w.options else None
    if kind == "multiselect":
        if not w.options:
            return None
        cap = w.max_selections or len(w.options)
        return rng.sample(list(w.options), rng.randint(1, min(cap, len(w.options), 4)))
    if kind in ("checkbox", "toggle"):
        return rng.choice(("true", "false"))
    if kind == "number_input":
        if w.query_param_key == "seed":
            return str(rng.randint(0, 50))
        lo = w.min if w.has_min else -100
        hi = w.max if w.has_max else 100
        return str(rng.randint(int(lo), int(min(hi, lo + 1000))))
    return None
