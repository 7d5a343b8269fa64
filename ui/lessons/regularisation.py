"""Cached runs, figures and widget blocks of the regularisation and transfer lesson. The heavy views (the
ensembles, the transfer curves) are computed in cached chunks and drawn as they finish (ui/stream.py)."""
from __future__ import annotations

import numpy as np
import streamlit as st

from sim.labs import augtransfer as at
from sim.labs import regularisation as demos
from ui import stream
from ui.controls import coded_select, control, fmt_num
from ui.i18n import current_lang, t, tr
from ui.page import chart
from viz import regularisation as viz
from viz.alt import regularisation as alt

STRENGTHS = demos.STRENGTHS       # the penalty strengths (the questions name them)
MAX_MEMBERS = 10
KEEPS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
KEEPS_IN = (0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
N_AUG = (20, 50, 100, 200, 500)
FINETUNES = (0.01, 0.1, 1.0)
MASK_UNITS, MASK_PASSES = 10, 3
SRIVASTAVA = {"rg_keep": 0.5, "rg_keep_in": 0.8, "rg_epochs": 100, "rg_connect": False}
HERE = (0, 0)                      # the transfer table's cell of this experiment: very little data, similar data


def member_chunks(n: int, kind: str = "init") -> list[tuple[int, int]]:
    """The members [start, stop) each cached call trains: 2 first (on screen at once), then 4 at a time. A search
    ensemble trains its trials in chunks instead (SEARCH_CHUNKS) and takes the best n of them."""
    return stream.bounds(n, 2, 4)


SEARCH_CHUNKS = tuple(stream.bounds(demos.SEARCH_TRIALS, 5, 5))   # the search's trials, 5 per cached call


# ---- cached sims -------------------------------------------------------------------------------------------
@st.cache_data(max_entries=64, show_spinner=False)
def _members(kind: str, a: int, b: int, seed: int) -> demos.Members:
    return demos.members(kind, a, b, seed)


@st.cache_data(max_entries=32, show_spinner=False)
def _search_chunk(seed: int, a: int, b: int):
    return demos.search_trials(seed, a, b)


def _y(seed: int):
    return demos.digits(seed, demos.ENS_TRAIN).y_val


def _curve(parts: list, seed: int) -> demos.EnsembleCurve:
    return demos.ensemble_curve(np.concatenate(parts), _y(seed))


def _search_curve(done: list, n: int, seed: int) -> demos.EnsembleCurve:
    """The ensemble of the best n of the trials trained so far."""
    return _curve([demos.rank_trials(np.concatenate(done), _y(seed))[:n]], seed)


def _calls(kind: str, n: int, seed: int) -> list:
    if kind == "search":
        return [lambda a=a, b=b: _search_chunk(seed, a, b) for a, b in SEARCH_CHUNKS]
    return [lambda a=a, b=b: _members(kind, a, b, seed).probs for a, b in member_chunks(n, kind)]


@st.cache_data(max_entries=16, show_spinner=False)
def ensemble(kind: str, n: int, seed: int) -> demos.EnsembleCurve:
    done = [call() for call in _calls(kind, n, seed)]
    return _search_curve(done, n, seed) if kind == "search" else _curve(done, seed)


def ensemble_streamed(kind: str, n: int, seed: int, key: str) -> demos.EnsembleCurve:
    """The ensemble curve, drawn as its members (or the search's trials) finish; the final chart in their spot."""
    calls = _calls(kind, n, seed)
    ends = [b for _, b in (SEARCH_CHUNKS if kind == "search" else member_chunks(n, kind))]

    def partial(done: list, i: int) -> None:
        c = _search_curve(done, n, seed) if kind == "search" else _curve(done, seed)
        t_ = tr(current_lang())
        chart(viz.ensemble_figure(c, t_, kind), alt.ensemble(c, t_, kind), f"{key}_{i}", table=False)

    total = demos.SEARCH_TRIALS if kind == "search" else n
    progress = "regularisation.progress_trials" if kind == "search" else "regularisation.progress_members"
    _, spot = stream.chunked(calls, partial, lambda k: t(progress, done=ends[k - 1], n=total))
    with spot.container():
        chart(*ensemble_figure(kind, n, seed, current_lang()), key=key)
    return ensemble(kind, n, seed)


@st.cache_data(max_entries=16, show_spinner=False)
def ensemble_figure(kind: str, n: int, seed: int, lang: str):
    c, t_ = ensemble(kind, n, seed), tr(lang)
    return viz.ensemble_figure(c, t_, kind), alt.ensemble(c, t_, kind)


@st.cache_data(max_entries=8, show_spinner=False)
def polyak(seed: int) -> demos.PolyakResult:
    return demos.polyak(seed)


@st.cache_data(max_entries=16, show_spinner=False)
def polyak_figure(seed: int, lang: str):
    r, t_ = polyak(seed), tr(lang)
    return viz.polyak_figure(r, t_), alt.polyak(r, t_)


@st.cache_data(max_entries=12, show_spinner=False)
def penalties(kind: str, seed: int) -> demos.PenaltyResult:
    return demos.penalties(kind, seed)


@st.cache_data(max_entries=32, show_spinner=False)
def penalty_figures(kind: str, i: int, seed: int, lang: str):
    r, t_ = penalties(kind, seed), tr(lang)
    return ((viz.penalty_curve_figure(r, i, t_), alt.penalty_curve(r, i, t_)),
            (viz.penalty_hist_figure(r, i, t_), alt.penalty_hist(r, i, t_)))


@st.cache_data(max_entries=16, show_spinner=False)
def dropout_run(keep: float, keep_in: float, epochs: int, connect: bool, seed: int) -> demos.DropoutRun:
    return demos.dropout_run(keep, keep_in, epochs, seed, connect=connect)


@st.cache_data(max_entries=16, show_spinner=False)
def monte_carlo(keep: float, keep_in: float, epochs: int, connect: bool, K: int, seed: int) -> demos.MonteCarlo:
    return demos.monte_carlo(dropout_run(keep, keep_in, epochs, connect, seed), K, seed)


@st.cache_data(max_entries=32, show_spinner=False)
def dropout_pictures(keep: float, connect: bool, seed: int, lang: str):
    """The cheap figures, on screen first: the masks and one unit's expectation over many masks."""
    t_ = tr(lang)
    m = demos.masks(keep, MASK_PASSES, 6, MASK_UNITS, seed)
    e = expectation(keep, seed)
    return {"masks": (viz.masks_figure(m, t_, connect=connect), alt.masks(m, t_, connect)),
            "expect": (viz.expectation_figure(e, t_), alt.expectation(e, t_))}


@st.cache_data(max_entries=32, show_spinner=False)
def dropout_figures(keep: float, keep_in: float, epochs: int, connect: bool, K: int, seed: int, lang: str):
    """The trained nets' figures: Srivastava et al.'s curves and the Monte Carlo average."""
    t_ = tr(lang)
    run = dropout_run(keep, keep_in, epochs, connect, seed)
    mc = monte_carlo(keep, keep_in, epochs, connect, K, seed)
    return {"curves": (viz.dropout_curves_figure(run, t_, connect=connect), alt.dropout_curves(run, t_)),
            "mc": (viz.monte_carlo_figure(mc, t_), alt.monte_carlo(mc, t_))}


@st.cache_data(max_entries=16, show_spinner=False)
def expectation(keep: float, seed: int) -> demos.Expectation:
    return demos.expectation(keep, 2000, seed)


@st.cache_data(max_entries=16, show_spinner=False)
def augment_run(n_train: int, aug: at.Augmentation, seed: int) -> at.AugmentRun:
    return at.augment_run(n_train, aug, seed)


@st.cache_data(max_entries=32, show_spinner=False)
def augment_pictures(aug: at.Augmentation, digit: int, seed: int, lang: str):
    """The cheap figures, on screen first: one digit's variants and the common pattern."""
    t_ = tr(lang)
    v = at.variants(digit, aug, 9, seed)
    p = at.pattern(seed)
    return {"variants": (viz.variants_figure(v, t_), alt.variants(v, t_)),
            "pattern": (viz.pattern_figure(p, t_), alt.pattern(p, t_))}


@st.cache_data(max_entries=32, show_spinner=False)
def augment_figure(n_train: int, aug: at.Augmentation, seed: int, lang: str):
    """The trained comparison: accuracy against epochs without and with augmentation."""
    run, t_ = augment_run(n_train, aug, seed), tr(lang)
    return viz.augment_figure(run, t_), alt.augment(run, t_)


@st.cache_data(max_entries=8, show_spinner=False)
def pretrain(seed: int) -> at.Pretrained:
    return at.pretrain(seed)


@st.cache_data(max_entries=64, show_spinner=False)
def _shots(shots: int, finetune: float, seed: int) -> at.ShotResult:
    return at.transfer_shots(pretrain(seed), shots, seed, finetune)


def transfer(finetune: float, seed: int) -> at.TransferCurves:
    return at.curves(pretrain(seed), [_shots(k, finetune, seed) for k in at.SHOTS])


def transfer_streamed(finetune: float, seed: int, key: str) -> at.TransferCurves:
    """The transfer curves, drawn as each number of examples per class finishes (the pretraining first)."""
    def partial(done: list, i: int) -> None:
        if i == 0:
            return
        c, t_ = at.curves(done[0], done[1:]), tr(current_lang())
        chart(viz.transfer_figure(c, t_), alt.transfer(c, t_), f"{key}_{i}", table=False)

    calls = [lambda: pretrain(seed)] + [lambda k=k: _shots(k, finetune, seed) for k in at.SHOTS]
    done, spot = stream.chunked(calls, partial, lambda k: t("regularisation.progress_shots", done=k,
                                                            n=len(at.SHOTS) + 1))
    c = at.curves(done[0], done[1:])
    with spot.container():
        t_ = tr(current_lang())
        chart(viz.transfer_figure(c, t_), alt.transfer(c, t_), key=key)
    return c


def table_figure(lang: str):
    t_ = tr(lang)
    return viz.transfer_table_figure(t_, HERE), alt.table(t_, at.SHOTS)


# ---- widget blocks -----------------------------------------------------------------------------------------
def ensemble_controls() -> tuple[str, int]:
    c = st.columns([1.3, 1])
    kind = coded_select(c[0], t("regularisation.kind_label"), demos.KINDS, "rg_kind", "regularisation.kind",
                        help=t("regularisation.kind_help"))
    n = control(c[1]).slider(t("regularisation.n_members"), 1, MAX_MEMBERS, 5, key="rg_n", bind="query-params",
                             help=t("regularisation.n_members_help"))
    return kind, int(n)


def ensemble_metrics(c: demos.EnsembleCurve) -> None:
    n = len(c.n)
    cols = st.columns(3)
    cols[0].metric(t("regularisation.metric.ensemble", n=n), f"{c.ensemble[-1]:.3f}",
                   delta=f"{c.gain(n):+.3f}", help=t("regularisation.metric.ensemble_help"))
    cols[1].metric(t("regularisation.metric.mean"), f"{c.mean[-1]:.3f}")
    cols[2].metric(t("regularisation.metric.best"), f"{c.best[-1]:.3f}")


def penalty_controls() -> tuple[str, int]:
    c = st.columns([1, 1.6])
    kind = coded_select(c[0], t("regularisation.penalty_label"), demos.PENALTIES, "rg_pen", "regularisation.penalty",
                        help=t("regularisation.penalty_help"))
    s = control(c[1]).select_slider(t("regularisation.strength"), demos.STRENGTHS, value=1e-3, key="rg_strength",
                                    bind="query-params", format_func=fmt_num, help=t("regularisation.strength_help"))
    i = demos.STRENGTHS.index(s) if s in demos.STRENGTHS else 3
    return kind, i


def apply_srivastava() -> None:
    """Button callback: the paper's keep probabilities (0.5 hidden, 0.8 input) and a long run."""
    st.session_state.update(SRIVASTAVA)


def dropout_controls() -> tuple[float, float, int, bool, int]:
    st.button(t("regularisation.preset_srivastava"), key="rg_preset", on_click=apply_srivastava,
              help=t("regularisation.preset_srivastava_help"), width="content")
    c = st.columns(5)
    keep = control(c[0]).select_slider(t("regularisation.keep"), KEEPS, value=0.5, key="rg_keep", bind="query-params",
                                       help=t("regularisation.keep_help"))
    keep_in = control(c[1]).select_slider(t("regularisation.keep_in"), KEEPS_IN, value=0.8, key="rg_keep_in",
                                          bind="query-params", help=t("regularisation.keep_in_help"))
    epochs = control(c[2]).slider(t("regularisation.epochs"), 10, 100, 60, step=10, key="rg_epochs", bind="query-params")
    K = control(c[3]).slider(t("regularisation.k_masks"), 1, 100, 50, key="rg_k", bind="query-params",
                             help=t("regularisation.k_masks_help"))
    c[4].write("")
    connect = control(c[4]).toggle(t("regularisation.connect"), key="rg_connect", bind="query-params",
                                   help=t("regularisation.connect_help"))
    return float(keep), float(keep_in), int(epochs), bool(connect), int(K)


def augment_controls() -> tuple[int, at.Augmentation, int]:
    c = st.columns(6)
    n = control(c[0]).select_slider(t("regularisation.n_train"), N_AUG, value=50, key="rg_aug_n", bind="query-params",
                                    help=t("regularisation.n_train_help"))
    shift = control(c[1]).slider(t("regularisation.shift"), 0.0, 2.0, 1.0, step=0.25, key="rg_shift", bind="query-params")
    rotate = control(c[2]).slider(t("regularisation.rotate"), 0, 30, 15, step=5, key="rg_rotate", bind="query-params")
    scale = control(c[3]).slider(t("regularisation.scale"), 0.0, 0.3, 0.1, step=0.05, key="rg_scale", bind="query-params")
    noise = control(c[4]).slider(t("regularisation.noise"), 0.0, 0.2, 0.05, step=0.05, key="rg_noise", bind="query-params")
    digit = control(c[5]).slider(t("regularisation.digit"), 0, 99, 0, key="rg_digit", bind="query-params")
    aug = at.Augmentation(round(float(shift), 2), float(rotate), round(float(scale), 2), round(float(noise), 2))
    return int(n), aug, int(digit)


def transfer_controls() -> float:
    v = control(st).select_slider(t("regularisation.finetune"), FINETUNES, value=0.1, key="rg_ft", bind="query-params",
                                  format_func=fmt_num, help=t("regularisation.finetune_help"))
    return float(v)


def transfer_rows(c: at.TransferCurves) -> list[dict]:
    return [{t("regularisation.col.shots"): int(s), **{t(f"regularisation.method.{m}"): f"{a[j]:.3f}"
                                                       for j, m in enumerate(at.METHODS)}}
            for s, a in zip(c.shots, c.val_acc, strict=True)]


# ---- the start-up warm-up (ui.serving.warm) ---------------------------------------------------------------------
def warm(lang: str) -> None:
    """Compute what the page's default view draws (the ensembles tab: the first kind, 5 members, seed 0, and
    Polyak averaging) with the arguments the page passes (tests/test_serving.py holds these to the page's
    defaults)."""
    kind, n = demos.KINDS[0], 5
    ensemble(kind, n, 0)          # its members' chunks, as ensemble_streamed asks for them
    ensemble_figure(kind, n, 0, lang)
    polyak_figure(0, lang)
    polyak(0)
