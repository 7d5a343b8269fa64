"""The "from the paper" tabs of the initialisation and batch-norm lessons: Glorot & Bengio 2010, He et al. 2015
and Ioffe & Szegedy 2015 rerun on the digits, each with the paper's claim beside this run's numbers. Cached
sim calls with small arguments; the trainings stream run by run under a progress bar (ui.stream)."""
from __future__ import annotations

import streamlit as st

from sim.labs import papers_bn as bn_demos
from sim.labs import papers_init as init_demos
from ui import stream
from ui.controls import control, fmt_num, seed
from ui.i18n import current_lang, t, tr
from ui.page import chart, controls, explain, lead
from viz import papers as viz
from viz.alt import papers as alt

GLOROT_LAYERS = (2, 8)      # the slider's range; the paper's net has 5
HE_DEPTHS = init_demos.HE_DEPTHS
UNITS = 100                 # the last hidden layer's sigmoids (Ioffe & Szegedy's net)


# ---- cached sims -------------------------------------------------------------------------------------------
@st.cache_data(max_entries=16, show_spinner=False)
def glorot(n_layers: int, seed: int) -> dict:
    """{scheme: GlorotResult} at initialisation: 300 digits through n_layers tanh layers of 1000 units."""
    return {s: init_demos.glorot_net(s, n_layers=n_layers, seed=seed) for s in init_demos.GLOROT_SCHEMES}


def jacobian_layer(n_layers: int) -> int:
    return min(3, n_layers - 1) if n_layers > 1 else 1


@st.cache_data(max_entries=16, show_spinner=False)
def jacobian(n_layers: int, seed: int) -> dict:
    """{scheme: mean singular value} of one layer's Jacobian (one SVD of 1000 × 1000 per scheme)."""
    layer = jacobian_layer(n_layers)
    return {s: init_demos.jacobian_mean_sv(s, layer=layer, n_layers=max(n_layers, layer + 1), seed=seed)
            for s in init_demos.GLOROT_SCHEMES}


HE_STEPS = 1200
HE_CHUNKS = tuple(stop for _, stop in stream.bounds(HE_STEPS, 100, 275))   # a first curve at once, then 4 more


@st.cache_data(max_entries=48, show_spinner=False)
def he_chunk(init: str, n_layers: int, seed: int, i: int):
    """The run's state after HE_CHUNKS[i] steps, continued from chunk i − 1 (cached too)."""
    state = he_chunk(init, n_layers, seed, i - 1) if i else init_demos.relu_net_start(init, n_layers, seed=seed)
    return init_demos.relu_net_steps(state, HE_CHUNKS[i], seed=seed)


@st.cache_data(max_entries=16, show_spinner=False)
def he_run(init: str, n_layers: int, seed: int):
    """The whole run's summary (the same numbers as init_demos.train_relu_net: tests/app/test_papers.py)."""
    return init_demos.summarise(init, n_layers, he_chunk(init, n_layers, seed, len(HE_CHUNKS) - 1).loss)


def he_runs(n_layers: int, seed: int) -> dict:
    return {init: he_run(init, n_layers, seed) for init in init_demos.HE_INITS}


IOFFE_STEPS = 1000
IOFFE_CHUNKS = tuple(stop for _, stop in stream.bounds(IOFFE_STEPS, 100, 225))   # multiples of 25 (measured)


@st.cache_data(max_entries=24, show_spinner=False)
def ioffe_chunk(batchnorm: bool, seed: int, i: int):
    """The run's state after IOFFE_CHUNKS[i] steps, continued from chunk i − 1 (cached too)."""
    state = ioffe_chunk(batchnorm, seed, i - 1) if i else bn_demos.sigmoid_net_start(batchnorm, seed=seed)
    return bn_demos.sigmoid_net_steps(state, IOFFE_CHUNKS[i], last=i == len(IOFFE_CHUNKS) - 1, seed=seed)


@st.cache_data(max_entries=8, show_spinner=False)
def ioffe_run(batchnorm: bool, seed: int):
    """The whole run (the same numbers as bn_demos.train_sigmoid_net: tests/sim/labs/test_papers_bn.py)."""
    return bn_demos.as_run(ioffe_chunk(batchnorm, seed, len(IOFFE_CHUNKS) - 1))


def ioffe_runs(seed: int) -> dict:
    return {bn: ioffe_run(bn, seed) for bn in (False, True)}


# ---- figures, cached by inputs and language: (figure, alt) -------------------------------------------------
@st.cache_data(max_entries=32, show_spinner=False)
def glorot_figures(n_layers: int, seed: int, lang: str):
    res, t_ = glorot(n_layers, seed), tr(lang)
    return tuple((viz.glorot_figure(res, t_, kind), alt.glorot(res, t_, kind)) for kind in ("act", "grad")) + \
        ((viz.glorot_std_figure(res, t_), alt.glorot_std(res, t_)),)


@st.cache_data(max_entries=16, show_spinner=False)
def he_figure(n_layers: int, seed: int, lang: str):
    runs, t_ = he_runs(n_layers, seed), tr(lang)
    return viz.he_figure(runs, t_), alt.he(runs, t_)


@st.cache_data(max_entries=16, show_spinner=False)
def ioffe_figures(unit: int, seed: int, lang: str):
    runs, t_ = ioffe_runs(seed), tr(lang)
    return ((viz.ioffe_accuracy_figure(runs, t_), alt.ioffe_accuracy(runs, t_)),
            (viz.ioffe_percentile_figure(runs, unit, t_), alt.ioffe_percentiles(runs, unit, t_)))


# ---- tabs --------------------------------------------------------------------------------------------------
def _claims(rows: list[tuple[str, str, str]]) -> None:
    """The paper's claim beside this run's number, one row each."""
    st.table([{t("papers.col_claim"): c, t("papers.col_paper"): p, t("papers.col_ours"): o} for c, p, o in rows])


def glorot_tab() -> None:
    lead("papers.glorot.text")
    n_layers = control(controls()).slider(t("papers.glorot.layers"), *GLOROT_LAYERS, 5, key="gp_layers",
                                          bind="query-params", help=t("papers.glorot.layers_help"))
    lang = current_lang()
    acts, grads, stds = glorot_figures(int(n_layers), seed(), lang)
    chart(*acts, key="gp_acts")
    chart(*grads, key="gp_grads")
    chart(*stds, key="gp_stds")
    res = glorot(int(n_layers), seed())
    with st.spinner(t("papers.glorot.jacobian_spinner")):
        sv = jacobian(int(n_layers), seed())
    st_, no = res["standard"], res["normalised"]
    _claims([(t("papers.glorot.claim_act"), t("papers.glorot.paper_act"),
              t("papers.glorot.ours_act", s=fmt_num(st_.act_std[-1] / st_.act_std[0]),
                n=fmt_num(no.act_std[-1] / no.act_std[0]))),
             (t("papers.glorot.claim_grad"), t("papers.glorot.paper_grad"),
              t("papers.glorot.ours_grad", s=fmt_num(st_.grad_std[0] / st_.grad_std[-1]),
                n=fmt_num(no.grad_std[0] / no.grad_std[-1]))),
             (t("papers.glorot.claim_jac", k=(k := jacobian_layer(int(n_layers))), k1=k + 1),
              t("papers.glorot.paper_jac"),
              t("papers.glorot.ours_jac", s=fmt_num(sv["standard"]), n=fmt_num(sv["normalised"])))])
    explain("papers.glorot.explain")


def he_tab() -> None:
    lead("papers.he.text")
    depth = control(controls()).radio(t("papers.he.depth"), HE_DEPTHS, index=HE_DEPTHS.index(30), key="hp_depth",
                                      bind="query-params", horizontal=True, help=t("papers.he.depth_help"))
    depth, s, lang = int(depth), seed(), current_lang()

    def partial(done: list, i: int) -> None:        # both curves, as far as they have trained
        runs = {st_.init: init_demos.summarise(st_.init, depth, st_.loss) for st_ in done[-1]}
        chart(viz.he_figure(runs, tr(lang)), alt.he(runs, tr(lang)), f"hp_loss_{i}", table=False)

    calls = [lambda k=k: tuple(he_chunk(init, depth, s, k) for init in init_demos.HE_INITS)
             for k in range(len(HE_CHUNKS))]
    _, spot = stream.chunked(calls, partial, lambda k: t("papers.he.computing", done=HE_CHUNKS[k - 1], n=HE_STEPS))
    with spot.container():
        chart(*he_figure(depth, s, lang), key="hp_loss")
    runs = he_runs(depth, s)
    x, h = runs["xavier"], runs["he"]
    moved = lambda r: t("papers.he.never") if r.moved_at is None else str(r.moved_at)  # noqa: E731
    _claims([(t("papers.he.claim_stall"), t(f"papers.he.paper_{depth}"),
              t("papers.he.ours_change", x=f"{100 * x.max_change:.1f}", h=f"{100 * h.max_change:.0f}")),
             (t("papers.he.claim_final"), t("papers.he.paper_final"),
              t("papers.he.ours_final", x=fmt_num(x.final), h=fmt_num(h.final), start=fmt_num(x.start))),
             (t("papers.he.claim_start"), t("papers.he.paper_start"),
              t("papers.he.ours_start", x=moved(x), h=moved(h)))])
    explain("papers.he.explain")


def ioffe_tab() -> None:
    lead("papers.ioffe.text")
    unit = control(controls()).slider(t("papers.ioffe.unit"), 1, UNITS, 1, key="ip_unit", bind="query-params",
                                      help=t("papers.ioffe.unit_help"))
    unit, s, lang = int(unit) - 1, seed(), current_lang()

    calls = [lambda k=k: {bn: ioffe_chunk(bn, s, k) for bn in (False, True)} for k in range(len(IOFFE_CHUNKS))]

    def partial(done: list, i: int) -> None:            # both figures, as far as the runs have trained
        runs, t_ = {bn: bn_demos.as_run(state) for bn, state in done[-1].items()}, tr(lang)
        chart(viz.ioffe_accuracy_figure(runs, t_), alt.ioffe_accuracy(runs, t_), f"ip_acc_{i}", table=False)
        chart(viz.ioffe_percentile_figure(runs, unit, t_), alt.ioffe_percentiles(runs, unit, t_), f"ip_pct_{i}",
              table=False)

    _, spot = stream.chunked(calls, partial, lambda k: t("papers.ioffe.computing", done=IOFFE_CHUNKS[k - 1],
                                                           n=IOFFE_STEPS))
    acc, pct = ioffe_figures(unit, s, lang)
    with spot.container():
        chart(*acc, key="ip_acc")
        chart(*pct, key="ip_pct")
    runs = ioffe_runs(s)
    off, on = runs[False], runs[True]
    _claims([(t("papers.ioffe.claim_acc"), t("papers.ioffe.paper_acc"),
              t("papers.ioffe.ours_acc", off=f"{100 * off.test_acc[-1]:.1f}", on=f"{100 * on.test_acc[-1]:.1f}",
                k=int(off.steps[4]), off_k=f"{100 * off.test_acc[4]:.1f}", on_k=f"{100 * on.test_acc[4]:.1f}")),
             (t("papers.ioffe.claim_drift"), t("papers.ioffe.paper_drift"),
              t("papers.ioffe.ours_drift", off=fmt_num(off.drift(unit)), on=fmt_num(on.drift(unit)), unit=unit + 1))])
    explain("papers.ioffe.explain")
