"""Cached runs, figures and widget blocks of the hyperparameter search lesson."""
from __future__ import annotations

import math
from dataclasses import dataclass

import streamlit as st

from sim import data, search
from sim.labs import search as demos
from ui import stream
from ui.controls import coded_select, control, fmt_num
from ui.i18n import current_lang, t, tr
from ui.lessons import owndata
from ui.page import chart
from viz import search as viz
from viz.alt import search as alt

# The net every trial trains: the babysitting lesson's defaults on the digits.
HIDDEN, BATCH, WEIGHT_SCALE = 50, 100, 1e-2
FIRST_WORK = 50                    # trial-epochs of a stage's first chunk (about 0.05 s): its dots show at once
CHUNK_WORK = 225                   # trial-epochs of each later chunk (about 0.15 s): a new setting stops the old
                                   # stage after the chunk in flight (ui/stream.py)
STAGE_WORK = 600                   # trials × epochs one stage trains per view (the default fine stage: 450)
LR_DEFAULT, REG_DEFAULT = (-4.0, 2.0), (-5.0, 5.0)
LR_BOUNDS, REG_BOUNDS = (-8.0, 3.0), (-8.0, 6.0)
SQUARES = (4, 9, 16, 25, 36, 49, 64, 81, 100)
N_SEEDS = 200                      # objectives averaged in the random-vs-grid comparison
TOP_ROWS = 5
LEARNED = 0.3                      # below this best val accuracy (chance is 0.1) no trial really learned


OPTS = ("sgd", "sgd_momentum")   # the search's update rules: with momentum, mu is a third searched hyperparameter
SOURCES = ("digits", owndata.DRAWN, owndata.UPLOAD)   # the data a search trains on: the digits or the student's own
_DIGITS_WORK = 1437 * (64 + 10)   # training rows × (features + classes) of the digits: what the work bounds assume


# ---- cached sims -------------------------------------------------------------------------------------------
@st.cache_data(max_entries=4, show_spinner=False)
def _digits(seed: int) -> data.Dataset:
    return data.prepare("digits", seed=seed)


def dataset(seed: int, name: str = "digits") -> data.Dataset:
    """The search's data: the digits, or a student's own set named by its digest (ui.lessons.owndata)."""
    return owndata.dataset(name, seed, None) if ":" in name else _digits(seed)


def work_scale(name: str, seed: int) -> float:
    """How much costlier one trial-epoch is on this data than on the digits (at least 1): the bounds divide by it."""
    d = dataset(seed, name)
    return max(1.0, len(d.y_train) * (d.X_train.shape[1] + d.n_classes) / _DIGITS_WORK)


@dataclass(frozen=True)
class Stage:
    """One stage of coarse-to-fine search, as its controls chose it (a cache key as it is)."""
    grid: bool = False
    n: int = 30                                # trials asked for (a grid keeps ⌊√n⌋²)
    lr: tuple[float, float] = LR_DEFAULT       # log10 range of the learning rate
    reg: tuple[float, float] = REG_DEFAULT     # log10 range of the regularisation strength
    epochs: int = 5
    seed: int = 0
    stream: int = 0                            # stage 1 draws from stream 0, stage 2 from 1: independent samples
    data: str = "digits"                       # the digits, or a student's own set (ui.lessons.owndata's name)
    work: float = 1.0                          # work_scale(data): the chunks shrink by it
    opt: str = "sgd"                           # "sgd_momentum": each trial also draws a momentum (search.MOMENTA)


def trials(s: Stage):
    t_ = search.grid_trials(s.n, s.lr, s.reg) if s.grid else search.random_trials(s.n, s.lr, s.reg, s.seed, s.stream)
    return search.with_momentum(t_, s.seed, s.stream) if s.opt == "sgd_momentum" else t_


def chunks(s: Stage) -> list[tuple[int, int]]:
    """The trials [start, stop) each cached batched run of the stage trains: a fixed function of the stage, so
    a stage streamed chunk by chunk and one read from the cache are the same numbers."""
    first, later = (int(w / s.work) // s.epochs for w in (FIRST_WORK, CHUNK_WORK))
    return stream.bounds(len(trials(s)), max(1, first), max(1, later))


@st.cache_data(max_entries=96, show_spinner=False)
def _chunk(s: Stage, part: int) -> search.SearchResult:
    d = dataset(s.seed, s.data)
    a, b = chunks(s)[part]
    return search.run_trials(trials(s)[a:b], d.X_train, d.y_train, d.X_val, d.y_val, hidden_dim=HIDDEN,
                             epochs=s.epochs, batch_size=BATCH, weight_scale=WEIGHT_SCALE, seed=s.seed)


def stage(s: Stage) -> search.SearchResult:
    """All trials of one stage: its chunks (each one batched run, cached) joined."""
    return search.merge([_chunk(s, p) for p in range(len(chunks(s)))])


def run_stage(s: Stage, title_key: str, key: str):
    """stage(s), drawn as it computes: while chunks are new, the scatter of the trials trained so far grows
    under a progress bar. Returns (the stage's result, the spot where its final chart goes)."""
    parts = chunks(s)
    total = parts[-1][1]

    def partial(done: list, i: int) -> None:
        res, lang = search.merge(done), current_lang()
        chart(viz.trials_figure(res, tr(lang), lr_range=s.lr, reg_range=s.reg,
                                title=tr(lang)(title_key, n=f"{len(res)}/{total}", epochs=s.epochs)),
              alt.trials(res, tr(lang), lr_range=s.lr, reg_range=s.reg), f"{key}_{i}", table=False)

    calls = [lambda p=p: _chunk(s, p) for p in range(len(parts))]
    done, spot = stream.chunked(calls, partial, lambda k: t("search.progress", done=parts[k - 1][1], n=total))
    return search.merge(done), spot


@st.cache_data(max_entries=64, show_spinner=False)
def proposal(s: Stage) -> search.Narrowing:
    return search.narrow(stage(s), s.lr, s.reg)


@st.cache_data(max_entries=64, show_spinner=False)
def trials_figure(s: Stage, next_range, title_key: str, lang: str):
    res, t_ = stage(s), tr(lang)
    return (viz.trials_figure(res, t_, lr_range=s.lr, reg_range=s.reg, proposal=next_range,
                              title=t_(title_key, n=len(res), epochs=s.epochs)),
            alt.trials(res, t_, lr_range=s.lr, reg_range=s.reg, proposal=next_range))


@st.cache_data(max_entries=32, show_spinner=False)
def random_vs_grid(n: int, seed: int):
    return demos.random_vs_grid(n, seed), demos.compare_over_seeds(n, N_SEEDS, seed)


@st.cache_data(max_entries=32, show_spinner=False)
def random_vs_grid_figure(n: int, seed: int, lang: str):
    rvg, t_ = random_vs_grid(n, seed)[0], tr(lang)
    return viz.random_vs_grid_figure(rvg, t_), alt.random_vs_grid(rvg, t_)


@st.cache_data(max_entries=32, show_spinner=False)
def log_vs_linear(n: int, lo: int, hi: int, seed: int):
    return demos.log_vs_linear(n, lo, hi, seed)


@st.cache_data(max_entries=32, show_spinner=False)
def log_figure(n: int, lo: int, hi: int, seed: int, lang: str):
    lv, t_ = log_vs_linear(n, lo, hi, seed), tr(lang)
    return viz.log_sampling_figure(lv, t_), alt.log_sampling(lv, t_)


# ---- tables ------------------------------------------------------------------------------------------------
def best_rows(res: search.SearchResult, k: int = TOP_ROWS) -> list[dict]:
    """The k best trials: rank, lr, reg, val and train accuracy (stopped trials say so)."""
    rows = []
    for rank, i in enumerate(res.order()[:k], start=1):
        stopped = bool(res.stopped_early[i])
        row = {t("search.col.rank"): rank, t("search.col.lr"): fmt_num(res.lr[i]),
               t("search.col.reg"): fmt_num(res.reg[i])}
        if res.momentum is not None:
            row[t("search_opt.col_momentum")] = f"{res.momentum[i]:g}"
        rows.append({**row, t("search.col.val"): t("search.col.stopped") if stopped else f"{res.val_acc[i]:.3f}",
                     t("search.col.train"): t("search.col.stopped") if stopped else f"{res.train_acc[i]:.3f}"})
    return rows


def decade_rows(lv) -> list[dict]:
    return [{t("search.col.decade"): f"[{a:.0e}, {b:.0e})", t("search.col.uniform"): int(u),
             t("search.col.log_uniform"): int(g)}
            for a, b, u, g in zip(lv.decades[:-1], lv.decades[1:], lv.uniform_per_decade, lv.log_per_decade,
                                  strict=True)]


# ---- widget blocks -----------------------------------------------------------------------------------------
def _range(label: str, key: str, bounds: tuple, default: tuple, *, help=None) -> tuple:
    v = control(st).slider(label, bounds[0], bounds[1], default, step=0.1, format="10^%.1f", key=key,
                           bind="query-params", help=help)
    lo, hi = (float(v[0]), float(v[1])) if isinstance(v, (tuple, list)) and len(v) == 2 else default
    return (round(lo, 1), round(hi, 1)) if hi > lo else (round(lo, 1), round(lo + 0.1, 1))


def data_choice(seed: int) -> tuple[str, float]:
    """The data the search trains on, with the uploader when it is an upload: (its name, its work scale)."""
    source = coded_select(st, t("search.data"), SOURCES, "sr_ds", "owndata.source", help=t("search.data_help"))
    name = owndata.choose(source) if source != "digits" else "digits"
    if name == "spiral":   # a drawing that cannot train yet: the digits, as the search's own default
        name = "digits"
    if ":" in name:
        note, values = owndata.data_note(source)
        st.caption(t(note, **values))
    return name, work_scale(name, seed)


def opt_choice() -> str:
    """The search's update rule (SGD or SGD + momentum), in the URL as its code (sr_opt)."""
    return coded_select(st, t("search_opt.label"), OPTS, "sr_opt", "search_opt.rule", help=t("search_opt.help"))


def coarse_controls(seed: int, name: str = "digits", work: float = 1.0, opt: str = "sgd") -> Stage:
    """The coarse stage: grid or random, n, lr and reg ranges, epochs."""
    c = st.columns([1, 1, 1.4, 1.4, 1])
    n = control(c[0]).slider(t("search.n_trials"), 4, 100, 30, key="sr_n", bind="query-params", help=t("search.n_help"))
    epochs = control(c[1]).slider(t("search.epochs"), 1, 20, 5, key="sr_epochs", bind="query-params",
                                  help=t("search.epochs_help"))
    with c[2]:
        lr = _range(t("search.lr_range"), "sr_lr", LR_BOUNDS, LR_DEFAULT, help=t("search.lr_help"))
    with c[3]:
        reg = _range(t("search.reg_range"), "sr_reg", REG_BOUNDS, REG_DEFAULT, help=t("search.reg_help"))
    c[4].write("")
    grid = control(c[4]).toggle(t("search.grid"), key="sr_grid", bind="query-params", help=t("search.grid_help"))
    n, epochs = bounded(int(n), int(epochs), work)
    return Stage(bool(grid), n, lr, reg, epochs, seed, stream=0, data=name, work=work, opt=opt)


def fine_controls(prop: search.Narrowing, seed: int, name: str = "digits", work: float = 1.0,
                  opt: str = "sgd") -> Stage:
    """Fine-stage settings; its ranges follow the proposal, or (toggle off) two sliders that start from it."""
    c = st.columns([1, 1, 2.8])
    n = control(c[0]).slider(t("search.n_trials"), 4, 100, 30, key="sr_fine_n", bind="query-params")
    epochs = control(c[1]).slider(t("search.epochs"), 1, 30, 15, key="sr_fine_epochs", bind="query-params",
                                  help=t("search.fine_epochs_help"))
    c[2].write("")
    follow = control(c[2]).toggle(t("search.follow"), value=True, key="sr_follow", bind="query-params",
                                  help=t("search.follow_help"))
    lr, reg = _clip(prop.lr_range, LR_BOUNDS), _clip(prop.reg_range, REG_BOUNDS)
    if not follow:   # the sliders appear afresh, starting from the proposal; then they are the student's
        c = st.columns(2)
        with c[0]:
            lr = _range(t("search.lr_range"), "sr_fine_lr", LR_BOUNDS, lr)
        with c[1]:
            reg = _range(t("search.reg_range"), "sr_fine_reg", REG_BOUNDS, reg)
    n, epochs = bounded(int(n), int(epochs), work)
    return Stage(False, n, lr, reg, epochs, seed, stream=1, data=name, work=work, opt=opt)


def bounded(n: int, epochs: int, work: float = 1.0) -> tuple[int, int]:
    """The trials and epochs a stage trains: at most STAGE_WORK digit-sized trial-epochs per view, so data `work`
    times costlier than the digits trains fewer (said on screen when it cuts: epochs first, then trials)."""
    budget = max(4, int(STAGE_WORK / work))
    capped = max(1, min(epochs, budget // n))
    if capped < epochs:
        st.caption(t("serve.search_capped", n=n, asked=epochs, epochs=capped, budget=budget))
    if n * capped > budget:
        st.caption(t("search.trials_capped", asked=n, n=budget, budget=budget))
        n = budget
    return n, capped


def _clip(r: tuple, bounds: tuple) -> tuple:
    lo, hi = max(bounds[0], min(r[0], bounds[1])), max(bounds[0], min(r[1], bounds[1]))
    return (lo, hi) if hi > lo else (bounds[0], bounds[1])


def edge_warnings(prop: search.Narrowing, lr: tuple, reg: tuple) -> None:
    """'The range is wrong: widen it' for every hyperparameter whose best value sits at an end of its range."""
    for which, edge, rng in (("lr", prop.lr_edge, lr), ("reg", prop.reg_edge, reg)):
        if edge:
            st.warning(t(f"search.edge_{edge}", name=t(f"search.name_{which}"), lo=f"{rng[0]:g}", hi=f"{rng[1]:g}"),
                       icon=":material/warning:")


def random_vs_grid_controls() -> int:
    return int(control(st).select_slider(t("search.rg_n"), SQUARES, value=9, key="sr_rg_n", bind="query-params",
                                         help=t("search.rg_n_help")))


def log_controls() -> tuple[int, int, int]:
    c = st.columns(2)
    n = control(c[0]).slider(t("search.ls_n"), 10, 1000, 100, step=10, key="sr_ls_n", bind="query-params")
    v = control(c[1]).slider(t("search.ls_range"), -10, 1, (-6, -1), format="10^%d", key="sr_ls_range", bind="query-params")
    lo, hi = (int(v[0]), int(v[1])) if isinstance(v, (tuple, list)) and len(v) == 2 else (-6, -1)
    return int(n), lo, hi if hi > lo else lo + 1


def grid_side(n: int) -> int:
    return max(1, math.isqrt(max(1, n)))


def stage_summary(res: search.SearchResult, before: search.SearchResult | None) -> None:
    """Best val accuracy (and its change from the previous stage) and how many trials broke out early."""
    b = res.best()
    c = st.columns(3)
    acc = None if b is None else float(res.val_acc[b])
    prev = None if before is None or before.best() is None else float(before.val_acc[before.best()])
    c[0].metric(t("search.metric.best"), "—" if acc is None else f"{acc:.3f}",
                delta=None if acc is None or prev is None else f"{acc - prev:+.3f}")
    c[1].metric(t("search.metric.stopped"), f"{int(res.stopped_early.sum())} / {len(res)}",
                help=t("search.metric.stopped_help"))
    best = "—" if b is None else f"{fmt_num(res.lr[b])} · {fmt_num(res.reg[b])}" + (
        "" if res.momentum is None else f" · μ {res.momentum[b]:g}")
    c[2].metric(t("search.metric.best_params"), best,
                help=t("search.metric.best_params_help"))


def random_vs_grid_metrics(rvg, cmp) -> None:
    c = st.columns(2)
    for col, lay, key in ((c[0], rvg.grid, "grid"), (c[1], rvg.random, "random")):
        col.metric(t(f"search.s2.distinct_{key}"), lay.distinct_x)
        col.metric(t(f"search.s2.best_{key}"), f"{lay.score[lay.best]:.3f}",
                   help=t("search.s2.best_help", opt=f"{rvg.optimum:.3f}"))
    st.markdown(t("search.s2.over_seeds", seeds=cmp.n_seeds, n=cmp.n_trials, pct=f"{100 * cmp.random_better:.0f}",
                  grid_pct=f"{100 * cmp.grid_better:.0f}", mean_random=f"{cmp.mean_best_random:.3f}",
                  mean_grid=f"{cmp.mean_best_grid:.3f}", opt=f"{cmp.optimum_mean:.3f}"))


# ---- the start-up warm-up (ui.serving.warm) ---------------------------------------------------------------------
def warm(lang: str) -> None:
    """Compute what the page's default view draws (coarse-to-fine on the digits with SGD, every control at its
    default, seed 0: both stages, the fine one following the coarse one's proposal) with the arguments the page
    passes (tests/test_serving.py holds these to the page's defaults)."""
    seed, name = 0, SOURCES[0]
    work = work_scale(name, seed)
    n, epochs = bounded(30, 5, work)                              # coarse_controls' sliders
    coarse = Stage(False, n, LR_DEFAULT, REG_DEFAULT, epochs, seed, stream=0, data=name, work=work, opt=OPTS[0])
    p1 = proposal(coarse)
    trials_figure(coarse, (p1.lr_range, p1.reg_range) if p1.n_finished else None, "search.viz.coarse_title", lang)
    n, epochs = bounded(30, 15, work)                             # fine_controls' sliders, following the proposal
    fine = Stage(False, n, _clip(p1.lr_range, LR_BOUNDS), _clip(p1.reg_range, REG_BOUNDS), epochs, seed, stream=1,
                 data=name, work=work, opt=OPTS[0])
    p2 = proposal(fine)
    trials_figure(fine, (p2.lr_range, p2.reg_range) if p2.n_finished else None, "search.viz.fine_title", lang)
