"""Cached runs of the babysitting lab and its learning-rate choices (live training: ui/live.py)."""
from __future__ import annotations

import math

import numpy as np
import streamlit as st

from sim import data, diagnose, sanity
from sim.batched import train_many
from sim.twolayer import init_params

LR_OPTIONS = [f"{v}e{e}" for e in range(-6, 7) for v in (1, 3)][:-1]   # 1e-6, 3e-6, …, 3e5, 1e6
LR_DEFAULT = ["1e-6", "1e-1", "1e0", "1e1", "1e6"]                   # flat, too low, good, too high, diverged
LR_BAD_INIT = ["1e-1", "3e-1", "1e0"]                                 # with weight scale 1e-4: plateau then drop
MAX_RUNS = 8


@st.cache_data(max_entries=8, show_spinner=False)
def dataset(name: str, seed: int) -> data.Dataset:
    return data.prepare(name, seed=seed)


@st.cache_data(max_entries=32, show_spinner=False)
def checks(name: str, hidden: int, ws: float, lr: float, seed: int) -> sanity.SanityChecks:
    return sanity.sanity_checks(dataset(name, seed), hidden_dim=hidden, weight_scale=ws, lr=lr, seed=seed)


@st.cache_data(max_entries=32, show_spinner=False)
def explore(name: str, hidden: int, ws: float, reg: float, batch: int, epochs: int, seed: int,
            lrs: tuple[float, ...]):
    """All chosen learning rates as one batched run, and each curve's diagnosis."""
    d = dataset(name, seed)
    p = init_params(d.X_train.shape[1], hidden, d.n_classes, weight_scale=ws, seed=seed)
    m = train_many(p, d.X_train, d.y_train, d.X_val, d.y_val, lrs=np.array(lrs), regs=reg, epochs=epochs,
                   batch_size=batch, seed=seed)
    diags = tuple(diagnose.diagnose(m.loss[r, :m.n_iters(r)], int(m.diverged_at[r])) for r in range(len(lrs)))
    return m, diags


def parse_lrs(values) -> tuple[tuple[float, ...], list[str]]:
    """Learning rates from the multiselect (presets or typed), sorted and deduplicated; and what was not one."""
    good, bad = set(), []
    for v in values or ():
        try:
            x = float(str(v).strip())
        except ValueError:
            bad.append(str(v))
            continue
        if math.isfinite(x) and 0 < x <= 1e9:
            good.add(float(f"{x:.6g}"))
        else:
            bad.append(str(v))
    return tuple(sorted(good))[:MAX_RUNS], bad


def apply_preset(ws: float, lrs: list[str]) -> None:
    """Button callback: set the weight scale and the learning rates (the URL follows)."""
    st.session_state["ws"] = ws
    st.session_state["lrs"] = list(lrs)


def gap_verdict(m, r: int) -> str:
    return diagnose.gap_verdict(float(m.train_acc[r, -1]), float(m.val_acc[r, -1]))
