"""Serving: the warm-up of every lesson's default view (warm), cached figures that unpickle without a second
validation (fastpickle: registered on import), a rerun of the page after a reconnect to another replica
(rejoin). app.py calls `start()` once per run."""
from __future__ import annotations

from ui.serving import fastpickle, rejoin, warm

assert fastpickle   # imported for its registration: cached figures come back light


def start() -> None:
    """Every run: the process's warm-up (once) and the page's reconnect timer."""
    warm.start()


def rerun_on_reconnect() -> None:
    """Behind a balancer: a page whose replica died runs again on another."""
    rejoin.rerun_on_reconnect()
