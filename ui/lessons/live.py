"""Live training: the run's chunks in session state, and the player component that animates them in the browser.

The server computes a chunk (`sim.live.run_chunk`, 300 iterations with snapshots) when the player asks, and
the player (ui/components/live/) plays it with no round trip per frame. The player asks for the next chunk
as soon as it starts playing the last one it has, so the next is there before the current one ends; and it
asks to continue from the iteration on screen when the learning rate or regularisation changed. The update
rule (`OPTS`, `sim.optim`'s names; vanilla SGD by default) names the run: another rule starts a new run."""
from __future__ import annotations

import uuid
from dataclasses import replace
from pathlib import Path

import streamlit as st

from sim import live
from sim.twolayer import init_params
from ui.i18n import t
from ui.lessons.babysitting import RunConfig
from viz import live as payload

CAP = 1500               # iterations: the live run stops here
CHUNK, EVERY = live.CHUNK, live.EVERY   # iterations per chunk, and between snapshots
RUN_KEY = "live_run"     # session state: the run
PLAYER_KEY = "live_player"
OPTS = ("sgd", "sgd_momentum", "nesterov", "adagrad", "rmsprop", "adam")   # the select's codes, SGD first
_ASSETS = Path(__file__).parent / "components" / "live"

_player = st.components.v2.component(
    "cs231n_live_player", html=(_ASSETS / "live.html").read_text(encoding="utf-8"),
    css=(_ASSETS / "live.css").read_text(encoding="utf-8"), js=(_ASSETS / "live.js").read_text(encoding="utf-8"))


def setup(run: RunConfig) -> RunConfig:
    """What names a live run: the page's training set-up without the regularisation (it may change during the
    run) and the epochs (a live run stops at CAP iterations instead). A cache key as it is."""
    return replace(run, reg=0.0, epochs=1)


def trainable(run: RunConfig) -> bool:
    """Live training shows decision regions of 2-D data or the digits panel: other data (an upload with more
    than two features) has neither."""
    return run.dataset == "digits" or run.data.X_train.shape[1] == 2


def _initial(cfg: RunConfig) -> live.LiveState:
    d = cfg.data
    return live.start(init_params(d.X_train.shape[1], cfg.hidden, d.n_classes, weight_scale=cfg.weight_scale,
                                  seed=cfg.seed))


@st.cache_data(max_entries=16, show_spinner=False)
def first_chunk(cfg: RunConfig, lr: float, reg: float, opt: str = "sgd") -> live.Chunk:
    """Iterations 0 … 299: the same for every student with the same settings, so cached."""
    return live.run_chunk(_initial(cfg), cfg.data, lr=lr, reg=reg, batch_size=cfg.batch_size,
                          seed=cfg.seed, n_iters=min(live.CHUNK, CAP), opt=opt)


def _new_run(cfg: RunConfig, lr: float, reg: float, opt: str = "sgd") -> dict:
    # a fresh id per run (also across server restarts), so the player never mixes two runs' chunks
    return {"id": uuid.uuid4().hex[:12], "cfg": cfg, "opt": opt, "chunks": [first_chunk(cfg, lr, reg, opt)],
            "marks": [], "send_from": 0, "answered": 0}


def live_run(cfg: RunConfig, lr: float, reg: float, opt: str = "sgd") -> dict:
    """The live run of this dataset, net, seed and update rule; another configuration starts a new run."""
    run = st.session_state.get(RUN_KEY)
    last = run["chunks"][-1] if run else None
    # a blown-up run has no weights worth continuing from: new settings start it again
    if run is None or run["cfg"] != cfg or run.get("opt", "sgd") != opt or (
            last.diverged_at is not None and (last.lr, last.reg) != (lr, reg)):
        run = st.session_state[RUN_KEY] = _new_run(cfg, lr, reg, opt)
    return run


def _final(c: live.Chunk) -> bool:
    return c.diverged_at is not None or c.stop >= CAP


def _chunk_from(run: dict, state: live.LiveState, lr: float, reg: float) -> live.Chunk:
    cfg = run["cfg"]
    return live.run_chunk(state, cfg.data, lr=lr, reg=reg, batch_size=cfg.batch_size,
                          seed=cfg.seed, n_iters=min(live.CHUNK, CAP - state.iteration), opt=run.get("opt", "sgd"))


def next_chunk(run: dict) -> None:
    """One more chunk with the last chunk's settings (nothing when the run is over)."""
    last = run["chunks"][-1]
    if not _final(last):
        run["chunks"].append(_chunk_from(run, last.end, last.lr, last.reg))
        run["send_from"] = len(run["chunks"]) - 1


def branch(run: dict, at: int, lr: float, reg: float) -> None:
    """Continue from the weights at iteration `at` (within what was computed) with a new lr and reg."""
    chunks = run["chunks"]
    at = max(0, min(int(at), chunks[-1].stop))
    j = max(i for i, c in enumerate(chunks) if c.start <= at)
    c = chunks[j]
    if c.lr == lr and c.reg == reg and j == len(chunks) - 1:
        return
    cfg = run["cfg"]
    before = chunks[j - 1].end if j else _initial(cfg)
    state = live.rewind(before, cfg.data, lr=c.lr, reg=c.reg, batch_size=cfg.batch_size,
                        seed=cfg.seed, to=at, opt=run.get("opt", "sgd"))
    kept = chunks[:j] + ([live.cut(c, state)] if state.iteration > c.start else [])
    run["marks"] = [m for m in run["marks"] if m.at < state.iteration]
    if (c.lr, c.reg) != (lr, reg) and state.iteration > 0:
        run["marks"].append(payload.Mark(state.iteration, (c.lr, lr), (c.reg, reg)))
    run["chunks"] = kept + [_chunk_from(run, state, lr, reg)]
    run["send_from"] = max(0, len(kept) - 1) if len(kept) > j else len(kept)


def _on_ask(cfg: RunConfig, lr: float, reg: float, opt: str = "sgd") -> None:
    """The player's request: {"run", "kind": "next" | "branch", "from" (next) or "at" (branch)}."""
    ask = (st.session_state.get(PLAYER_KEY) or {}).get("ask")
    run = st.session_state.get(RUN_KEY)
    if not isinstance(ask, dict) or run is None or run["cfg"] != cfg or run.get("opt", "sgd") != opt \
            or ask.get("run") != run["id"]:
        return
    try:
        if ask.get("kind") == "next" and int(ask.get("from", -1)) == run["chunks"][-1].stop:
            next_chunk(run)
        elif ask.get("kind") == "branch":
            branch(run, int(ask.get("at", 0)), lr, reg)
    except (TypeError, ValueError):
        return
    run["answered"] += 1


def reset() -> None:
    """Reset button callback: the run starts again from the initial weights."""
    st.session_state.pop(RUN_KEY, None)


def live_panel(page_run: RunConfig, lr: float, opt: str = "sgd") -> None:
    """The player for the page's set-up (its reg is the current one) trained with the update rule `opt`, in a
    fragment: its requests rerun only this, not the page."""
    cfg, reg = setup(page_run), page_run.reg

    @st.fragment
    def _panel():
        run = live_run(cfg, lr, reg, opt)
        data = payload.payload(run["id"], cfg.data, run["chunks"], t=t, cap=CAP, lr=lr, reg=reg,
                               marks=run["marks"], send_from=run["send_from"], answered=run["answered"])
        _player(key=PLAYER_KEY, data=data, on_ask_change=lambda: _on_ask(cfg, lr, reg, opt), height=720)
    _panel()
