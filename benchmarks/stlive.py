"""One browser tab left open, spoken in Streamlit's websocket protocol: it reads every ForwardMsg as it arrives,
reruns fragments on their timers as the browser does (`auto_rerun`), clicks buttons and types into widgets by
their keys, answers the class-memory component as the browser's local storage would, and notes what each
finished full run showed (its page and scene). Used by benchmarks.load_class (a class following its teacher)."""
from __future__ import annotations

import asyncio
import contextlib
import json
import re
import time
from dataclasses import dataclass, field

import websockets
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

from benchmarks.stclient import rerun_msg, widget_key

SCENE = re.compile(r"(?:Scene|장면) (\d+)/(\d+)")
CODE = re.compile(r"^[2-9A-Z]{4}-[2-9A-Z]{4}$")


@dataclass
class Shown:
    """A finished full run: when, on which page, which scene (None: no scene), and its run number."""
    at: float
    page: str
    scene: int | None


_TRIGGERS = ("trigger_value", "string_trigger_value", "json_trigger_value", "chat_input_value")


@dataclass
class TabStats:
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)     # what is worth reading but is not a failure
    full_runs: int = 0
    fragment_runs: int = 0


class LiveTab:
    def __init__(self, ws_url: str, stats: TabStats, *, locale: str = "en-US", keep=None, memory: dict | None = None,
                 timeout: float = 120.0):
        """`keep(interval)`: which fragment timers run (None: all, as the browser)."""
        self.ws_url, self.stats, self.locale, self.keep, self.timeout = ws_url, stats, locale, keep, timeout
        self.memory = memory or {}       # what this browser's localStorage holds (the class-memory component)
        self.pages: dict[str, str] = {}  # url path -> page hash
        self.page_hash = ""
        self.query = ""
        self.widgets: dict[str, tuple[str, object]] = {}   # key -> (kind, proto) of the last runs
        self.texts: list[str] = []       # markdown / caption / heading text of the last finished full run
        self.shown: list[Shown] = []
        self.code = ""                   # a room code seen in a heading (the teacher's panel)
        self.sid = ""                    # this student's id, from what the app asked the browser to store
        self._ws = None
        self._reader: asyncio.Task | None = None
        self._timers: dict[str, tuple[float, asyncio.Task]] = {}   # fragment id -> (interval, its timer)
        self._full = asyncio.Event()
        self._values: dict[str, object] = {}   # widget id -> the last value this tab set (WidgetState)
        self._memory_told = False
        self.memory_runs = 0             # full runs finished since this tab told the app what local storage holds

    @property
    def page(self) -> str:
        return next((p for p, h in self.pages.items() if h == self.page_hash), "")

    # ---- sending ----------------------------------------------------------------------------------------------
    async def open(self, page: str, params: str) -> None:
        """Load `page` with the query string `params` in a new websocket (a page load)."""
        self._ws = await websockets.connect(self.ws_url, subprotocols=["streamlit"], max_size=None,
                                            compression=None, open_timeout=self.timeout, ping_interval=None)
        self._reader = asyncio.create_task(self._read())
        self.query, self._values = params, {}
        await self._send(rerun_msg(self.pages.get(page, ""), params, page=page, locale=self.locale))

    async def navigate(self, page: str) -> None:
        """Click another page in the sidebar's navigation (its URL has no parameters)."""
        self._values = {}
        await self._send(rerun_msg(self.pages[page], "", page=page, locale=self.locale))

    async def click(self, key: str) -> bool:
        return await self._widget(key, trigger_value=True)

    async def type(self, key: str, text: str) -> bool:
        """A text box's new value (the rerun runs when the box loses focus, as a browser's)."""
        return await self._widget(key, string_value=text)

    async def toggle(self, key: str, on: bool) -> bool:
        return await self._widget(key, bool_value=on)

    async def _widget(self, key: str, **value) -> bool:
        if key not in self.widgets:
            return False
        ws = WidgetState(id=self.widgets[key][1].id, **value)
        await self._send(rerun_msg(self.page_hash, self.query, widget_states=[ws], locale=self.locale))
        return True

    async def answer(self, qid: str, value: str) -> bool:
        """Type or choose an answer and lock it in: two widget values in one message, as the browser sends a
        pending text value along with the click that follows it."""
        box, button = self.widgets.get(f"classroom_answer_{qid}"), self.widgets.get(f"classroom_submit_{qid}")
        if box is None or button is None:
            return False
        kind, proto = box
        if kind == "radio":
            value = proto.options[int(value) % len(proto.options)]
        states = [WidgetState(id=proto.id, string_value=value), WidgetState(id=button[1].id, trigger_value=True)]
        await self._send(rerun_msg(self.page_hash, self.query, widget_states=states, locale=self.locale))
        return True

    async def _send(self, msg, full: bool = True) -> None:
        """Send a rerun with every value this tab has set so far, as the browser sends its whole widget state
        (Streamlit coalesces a rerun that overtakes another by taking the newer message's values: a partial
        message would drop a typed answer whose submit it overtook)."""
        rs = msg.rerun_script
        given = {w.id for w in rs.widget_states.widgets}
        self._values.update({w.id: w for w in rs.widget_states.widgets if w.WhichOneof("value") not in _TRIGGERS})
        rs.widget_states.widgets.extend(w for i, w in self._values.items() if i not in given)
        if full:
            self._full.clear()
        try:
            await self._ws.send(msg.SerializeToString())
        except (websockets.ConnectionClosed, OSError) as e:
            self.stats.errors.append(f"send failed: {e}"[:200])

    async def until(self, done, timeout: float) -> bool:
        """Wait until `done(self)` holds (checked as messages arrive, every 50 ms)."""
        end = time.monotonic() + timeout
        while not done(self):
            if time.monotonic() > end:
                return False
            await asyncio.sleep(0.05)
        return True

    async def settled(self, timeout: float | None = None) -> bool:
        """Wait for the next finished full run."""
        try:
            await asyncio.wait_for(self._full.wait(), timeout or self.timeout)
            return True
        except TimeoutError:
            self.stats.errors.append(f"no finished run within {timeout or self.timeout:g} s on {self.page}")
            return False

    async def close(self) -> None:
        for task in [*(tk for _, tk in self._timers.values()), *([self._reader] if self._reader else [])]:
            task.cancel()
        if self._ws is not None:
            with contextlib.suppress(Exception):
                await self._ws.close()

    # ---- receiving --------------------------------------------------------------------------------------------
    async def _read(self) -> None:
        try:
            async for raw in self._ws:
                fwd = ForwardMsg()
                fwd.ParseFromString(raw)
                self._on(fwd)
        except websockets.ConnectionClosed as e:
            if e.rcvd is None or e.rcvd.code != 1000:
                self.stats.errors.append(f"disconnect: {e}"[:200])
        except asyncio.CancelledError:
            raise

    def _on(self, fwd) -> None:
        kind = fwd.WhichOneof("type")
        if kind == "new_session":
            self._run_texts: list[str] = []
        elif kind == "navigation":   # the page st.navigation resolved (new_session names the script asked for)
            self.pages.update({p.url_pathname or "overview": p.page_script_hash for p in fwd.navigation.app_pages})
            self.page_hash = fwd.navigation.page_script_hash or self.page_hash
        elif kind == "page_info_changed":
            self.query = fwd.page_info_changed.query_string
        elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
            self._element(fwd.delta.new_element)
        elif kind == "auto_rerun":     # as the browser: one timer per fragment, kept while unchanged
            fid, interval = fwd.auto_rerun.fragment_id, fwd.auto_rerun.interval
            if self._timers.get(fid, (None,))[0] != interval and (self.keep is None or self.keep(interval)):
                self._stop([fid])
                self._timers[fid] = (interval, asyncio.create_task(self._tick(fid, interval)))
        elif kind == "stop_auto_rerun":
            self._stop(fwd.stop_auto_rerun.fragment_ids)
        elif kind == "script_finished":
            if fwd.script_finished == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY:
                self.stats.fragment_runs += 1
            elif fwd.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
                self.stats.full_runs += 1
                texts = self.texts = list(getattr(self, "_run_texts", []))
                scene = next((int(m.group(1)) for t in texts if (m := SCENE.search(t))), None)
                self.shown.append(Shown(time.monotonic(), self.page, scene))
                self._full.set()
                self.memory_runs += self._memory_told
                if self.memory and not self._memory_told:
                    self._memory_told = True       # the browser's first answer: what local storage holds
                    asyncio.get_running_loop().create_task(self._tell_memory())

    def _element(self, el) -> None:
        kind = el.WhichOneof("type")
        proto = getattr(el, kind)
        if kind == "exception":
            self.stats.errors.append(f"exception: {el.exception.type}: {el.exception.message}"[:300])
        elif kind in ("markdown", "heading"):
            body = proto.body
            getattr(self, "_run_texts", []).append(body)
            if kind == "heading" and CODE.match(body.strip()):
                self.code = body.strip()
        elif kind == "bidi_component" and proto.json:
            data = json.loads(proto.json)
            student = ((data or {}).get("write") or {}).get("student")
            if student and not (self.memory.get("student") and json.loads(self.memory["student"]).get("code")
                                == student.get("code")):
                self.sid = student["sid"]            # as localStorage would now hold
                self.memory["student"] = json.dumps({"code": student["code"], "sid": student["sid"]})
        key = widget_key(getattr(proto, "id", "") or "")
        if key:
            self.widgets[key] = (kind, proto)

    def _stop(self, fragment_ids) -> None:
        for fid in fragment_ids:
            if fid in self._timers:
                self._timers.pop(fid)[1].cancel()

    async def _tell_memory(self) -> None:
        mem = self.widgets.get("class_memory")
        if mem is None:
            return
        stored = json.dumps({"teacher": self.memory.get("teacher", ""), "student": self.memory.get("student", ""),
                             "tab": self.memory.get("tab", "")})
        ws = WidgetState(id=mem[1].id, json_value=json.dumps({"stored": stored}))
        await self._send(rerun_msg(self.page_hash, self.query, widget_states=[ws], locale=self.locale))

    async def _tick(self, fragment_id: str, interval: float) -> None:
        """The browser's timer for a fragment with run_every: a fragment rerun every `interval` seconds."""
        while True:
            await asyncio.sleep(interval)
            await self._send(rerun_msg(self.page_hash, self.query, fragment_id=fragment_id, auto=True,
                                       locale=self.locale), full=False)
