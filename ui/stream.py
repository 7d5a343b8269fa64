"""Long computations shown as they go: cached chunks, the results so far drawn between them.

A view that trains for a second never waits blank: it runs its computation as a few chunks, each one cached
call, and while any chunk is new it draws what is done so far (the search's scatter grows, the loss curves
lengthen, compare-all adds a scheme at a time) under a progress bar. Each draw sends a message, and sending
is where Streamlit stops a script run that a newer setting has overtaken, so a student who moves a slider
cancels the old computation after the chunk in flight instead of queueing behind all of it. The chunks are
a fixed function of the settings and the final result is built from the same cached chunks whether it was
streamed or read from the cache, so the numbers are the same either way."""
from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TypeVar

import streamlit as st

T = TypeVar("T")

FRESH = 0.05      # s: a chunk that took longer than this was computed, not read from the cache (even under load)
SHOW_AFTER = 0.15  # s: a computation done sooner shows only its final figure (no partial one to build and send)
REDRAW = 0.25      # s: at most four partial figures a second (each is a figure build and a send)


def chunked(calls: Sequence[Callable[[], T]], partial: Callable[[list[T], int], None],
            text: Callable[[int], str]):
    """Run `calls` in order (each a cached computation); returns (their results, the spot for the final figure).

    While chunks compute, the spot holds a progress bar (`text(chunks done)`) and, after a computed chunk
    once SHOW_AFTER has passed, `partial(results so far, chunk index)`: it draws into the spot (one chart,
    with a key of its own per draw). When every chunk is cached nothing is drawn before the caller's final
    figure."""
    spot = st.empty()
    out: list[T] = []
    box = bar = drawing = last = None                 # last: when the latest partial figure was drawn
    start = time.perf_counter()
    for i, call in enumerate(calls):
        t0 = time.perf_counter()
        out.append(call())
        now = time.perf_counter()
        if i == len(calls) - 1:
            break
        if box is None:
            if now - t0 < FRESH or now - start < SHOW_AFTER:
                continue
            box = spot.container()
            bar, drawing = box.empty(), box.empty()
        bar.progress((i + 1) / len(calls), text=text(i + 1))
        if last is None or now - last >= REDRAW:
            with drawing.container():
                partial(out, i)
            last = time.perf_counter()
    return out, spot


def bounds(total: int, first: int, rest: int) -> list[tuple[int, int]]:
    """[start, stop) of the chunks of `total` items: a small first chunk (the first results show at once),
    then chunks of `rest`; at least one item each."""
    first, rest = max(1, first), max(1, rest)
    edges = [0, min(total, first)]
    while edges[-1] < total:
        edges.append(min(total, edges[-1] + rest))
    return [(a, b) for a, b in zip(edges[:-1], edges[1:], strict=True) if b > a] or [(0, 0)]
