"""Cached runs of the babysitting lab and its learning-rate choices (live training: ui/live.py)."""
from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import streamlit as st

from sim import data
from sim.batched import ManyHistory, resume_many, train_many
from sim.labs import babysitting as demos
from sim.twolayer import init_params
from ui import stream
from ui.controls import fmt_num
from ui.i18n import t, tr
from ui.lessons import owndata
from ui.page import chart
from viz import babysitting as fig
from viz.alt import babysitting as alt

N_TRAIN = (50, 100, 200, 500, 1000, 2000)   # training examples kept; 2000 keeps every one of any dataset


@dataclass(frozen=True)
class Preset:
    """A button above the tabs: the settings it sets (the URL follows). Each preset's diagnoses are the same
    for seeds 0–9 (tests/app/test_babysitting.py)."""
    weight_scale: float
    lrs: tuple[str, ...]
    hidden: int = 50
    reg: float = 0.0
    epochs: int = 20
    n_train: int = N_TRAIN[-1]


PRESETS = {
    # flat · flat (accuracy may creep) · too low · good · blows up · blows up: the lecture's shapes
    "lecture": Preset(1e-2, ("1e-6", "1e-2", "1e-1", "1e0", "3e1", "1e6")),
    # every learning rate plateaus, then drops: the initialisation, not the learning rate, causes it
    "bad_init": Preset(1e-4, ("2e-1", "3e-1", "5e-1")),
    # 50 training digits and 200 hidden units: training accuracy 1.0, validation far below
    "overfit": Preset(1e-2, ("1e0",), hidden=200, epochs=50, n_train=50),
}
LR_DEFAULT = list(PRESETS["lecture"].lrs)
LR_OPTIONS = sorted({f"{v}e{e}" for e in range(-6, 6) for v in (1, 3)} | {"1e6"}
                    | {lr for p in PRESETS.values() for lr in p.lrs}, key=float)   # 1e-6, 3e-6, …, 3e5, 1e6
LR_MAX = 1e9
MAX_RUNS = 8


@st.cache_data(max_entries=8, show_spinner=False)
def dataset(name: str, seed: int, n_train: int | None = None) -> data.Dataset:
    return data.prepare(name, seed=seed, n_train=n_train)


@dataclass(frozen=True)
class RunConfig:
    """The training set-up shared by the sanity, learning-rate and monitoring tabs (a cache key as it is)."""
    dataset: str = "digits"
    hidden: int = 50               # hidden units of the two-layer net
    weight_scale: float = 1e-2     # W = weight_scale · randn
    reg: float = 0.0
    batch_size: int = 100
    epochs: int = 20
    seed: int = 0
    n_train: int = N_TRAIN[-1]     # training examples kept (the validation split is unchanged)

    @property
    def data(self) -> data.Dataset:
        if ":" in self.dataset:   # a student's own set, named by its content's digest (ui.lessons.owndata)
            return owndata.dataset(self.dataset, self.seed, self.n_train)
        return dataset(self.dataset, self.seed, self.n_train)


# runs × epochs × batches per epoch × hidden × (batch + 30): the CPU a batched run takes grows about so (15 ns per
# unit on the 2-core development machine; benchmarks/bench_heaviest.py times the bound). The lecture preset: 1.2e7.
RUN_WORK = 1.2e8


def _epoch_work(run: RunConfig, n_runs: int) -> int:
    """The units of RUN_WORK one epoch of n_runs batched runs takes."""
    return max(1, n_runs) * math.ceil(len(run.data.y_train) / run.batch_size) * run.hidden * (run.batch_size + 30)


def bounded(run: RunConfig, n_runs: int) -> RunConfig:
    """The run the learning-rate and monitoring tabs train: at most RUN_WORK, so no view takes more than ~2 s of
    CPU when a class shares the server; past it, fewer epochs (the page says so)."""
    return replace(run, epochs=max(1, min(run.epochs, int(RUN_WORK // _epoch_work(run, n_runs)))))


@st.cache_data(max_entries=32, show_spinner=False)
def checks(run: RunConfig, lr: float) -> demos.SanityChecks:
    return demos.sanity_checks(run.data, hidden_dim=run.hidden, weight_scale=run.weight_scale,
                               lr=lr, seed=run.seed)


FIRST_WORK, CHUNK_WORK, MAX_CHUNKS = 4e6, 1.5e7, 6   # in RUN_WORK's units: the first chunk of epochs ~0.05 s


def epoch_marks(run: RunConfig, n_runs: int) -> tuple[int, ...]:
    """The epochs after which the learning rates' batched run is cached: a short first chunk, then chunks of
    about CHUNK_WORK (at most MAX_CHUNKS in all), so the loss curves grow while the rest trains."""
    per_epoch = _epoch_work(run, n_runs)
    first = int(FIRST_WORK // per_epoch)
    rest = max(int(CHUNK_WORK // per_epoch), math.ceil((run.epochs - max(1, first)) / (MAX_CHUNKS - 1)))
    return tuple(b for _, b in stream.bounds(run.epochs, first, rest))


@st.cache_data(max_entries=48, show_spinner=False)
def _trained(run: RunConfig, lrs: tuple[float, ...], epochs: int) -> ManyHistory:
    """The chosen learning rates as one batched run, trained to `epochs` (an epoch mark): resumed from the run
    cached at the mark before, so streamed or not it is the same numbers."""
    d, marks = run.data, epoch_marks(run, len(lrs))
    i = marks.index(epochs)
    args = (d.X_train, d.y_train, d.X_val, d.y_val)
    if i == 0:
        p = init_params(d.X_train.shape[1], run.hidden, d.n_classes, weight_scale=run.weight_scale, seed=run.seed)
        return train_many(p, *args, lrs=np.array(lrs), regs=run.reg, epochs=epochs, batch_size=run.batch_size,
                          seed=run.seed)
    return resume_many(_trained(run, lrs, marks[i - 1]), *args, epochs=epochs, batch_size=run.batch_size,
                       seed=run.seed)


def train_runs(run: RunConfig, lrs: tuple[float, ...], log_y: bool, lang: str):
    """The learning rates' run, drawn as it trains: while epochs are new, the loss curves grow across the
    whole run's axis under a progress bar. Returns the spot where the final loss chart goes."""
    marks = epoch_marks(run, len(lrs))

    def partial(done: list, i: int) -> None:
        m = done[-1]
        chart(fig.loss_figure(m, None, tr(lang), log_y=log_y, until=run.epochs * m.iters_per_epoch),
              alt.loss(m, None, tr(lang)), f"lr_loss_{i}", table=False)

    calls = [lambda e=e: _trained(run, lrs, e) for e in marks]
    _, spot = stream.chunked(calls, partial, lambda k: t("babysitting.training_epochs", done=marks[k - 1],
                                                            n=run.epochs))
    return spot


@st.cache_data(max_entries=32, show_spinner=False)
def explore(run: RunConfig, lrs: tuple[float, ...]):
    """All chosen learning rates as one batched run, and each curve's diagnosis."""
    m = _trained(run, lrs, epoch_marks(run, len(lrs))[-1])
    diags = tuple(demos.diagnose(m.loss[r, :m.n_iters(r)], int(m.diverged_at[r])) for r in range(len(lrs)))
    return m, diags


# ---- figures, cached by inputs and language, each with its text alternative: (figure, alt) -----------------
@st.cache_data(max_entries=32, show_spinner=False)
def overfit_figure(run: RunConfig, lr: float, lang: str):
    tiny, t_ = checks(run, lr).tiny, tr(lang)
    return fig.overfit_figure(tiny, t_), alt.overfit(tiny, t_)


@st.cache_data(max_entries=32, show_spinner=False)
def lr_figures(run: RunConfig, lrs: tuple[float, ...], log_y: bool, lang: str):
    """The loss curves (each diagnosed) and the accuracies of the chosen learning rates."""
    m, diags = explore(run, lrs)
    t_ = tr(lang)
    return (fig.loss_figure(m, diags, t_, log_y=log_y), alt.loss(m, diags, t_)), (fig.accuracy_figure(m, t_),
                                                                                  alt.accuracy(m, t_))


@st.cache_data(max_entries=32, show_spinner=False)
def monitor_figures(run: RunConfig, lrs: tuple[float, ...], r: int, lang: str):
    """Run r's train/val accuracy gap and its update/weight ratios."""
    m, _ = explore(run, lrs)
    t_ = tr(lang)
    return (fig.gap_figure(m, r, t_), alt.gap(m, r, t_)), (fig.ratio_figure(m, r, t_), alt.ratio(m, r, t_))


def parse_lrs(values) -> tuple[tuple[float, ...], list[str], list[str]]:
    """Learning rates from the multiselect (presets or typed), sorted and deduplicated; the entries that are no
    positive number; and the positive ones above LR_MAX (1e308 is a number, just far too large to train with)."""
    good, bad, too_big = set(), [], []
    for v in values or ():
        try:
            x = float(str(v).strip())
        except ValueError:
            bad.append(str(v))
            continue
        if math.isnan(x) or x <= 0:
            bad.append(str(v))
        elif x > LR_MAX:
            too_big.append(str(v))
        else:
            good.add(float(f"{x:.6g}"))
    return tuple(sorted(good))[:MAX_RUNS], bad, too_big


def apply_preset(name: str) -> None:
    """Button callback: set the preset's controls (the URL follows); digits, batch 100."""
    p = PRESETS[name]
    st.session_state.update(ds="digits", batch=100, ws=p.weight_scale, lrs=list(p.lrs), hidden=p.hidden, reg=p.reg,
                            epochs=p.epochs, ntrain=p.n_train)


def creeping(m, lrs: tuple[float, ...], n_classes: int) -> list[dict]:
    """The runs whose loss stayed flat while their training accuracy crept up, with the numbers to say so."""
    out = []
    for r, lr in enumerate(lrs):
        loss = m.loss[r, :m.n_iters(r)]
        if demos.creeps(loss, float(m.train_acc[r, -1]), n_classes):
            c = demos.smooth(loss)
            out.append(dict(lr=fmt_num(lr), start=f"{c[0]:.4f}", end=f"{c[-1]:.4f}",
                            acc=f"{m.train_acc[r, -1]:.2f}", chance=f"{1 / n_classes:.2f}"))
    return out


def best_run(m) -> int:
    """The run with the best final validation accuracy: what the monitoring tab opens on."""
    return int(np.argmax(np.nan_to_num(m.val_acc[:, -1], nan=-1.0)))


def gap_verdict(m, r: int) -> str:
    return demos.gap_verdict(float(m.train_acc[r, -1]), float(m.val_acc[r, -1]))


# ---- the start-up warm-up (ui.serving.warm) ---------------------------------------------------------------------
def warm(lang: str) -> None:
    """Compute what the page's default view draws (the digits, every control at its default, seed 0; the sanity
    tab) with the arguments the page passes (tests/test_serving.py holds these to the page's defaults)."""
    run = RunConfig(owndata.SOURCES[0])   # the dataset select's first code; the other fields are the sliders' defaults
    tiny_lr = 1.0                         # the sanity tab's learning-rate slider
    checks(run, tiny_lr)
    overfit_figure(run, tiny_lr, lang)
