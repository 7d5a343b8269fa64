"""Weight initialisation lab: the lecture's 10-layer experiment, forward and backward, and symmetry."""
import streamlit as st

from ui.controls import control, fmt_num, log_slider, seed
from ui.i18n import current_lang, t
from ui.lessons import initialization as lab
from ui.lessons import papers
from ui.page import chart, controls, explain, header, lead, lesson_tabs, notes

header("initialization")

box = controls()
c = box.columns(3)
n_layers = control(c[0]).slider(t("initialization.layers"), 1, 20, 10, key="layers", bind="query-params")
width = control(c[1]).slider(t("initialization.width"), 10, 1000, 500, step=10, key="width", bind="query-params",
                             help=t("initialization.width_help"))
n_samples = control(c[2]).slider(t("initialization.samples"), 100, 1000, 1000, step=100, key="samples",
                                 bind="query-params", help=t("initialization.samples_help"))
c = box.columns(3)
act = control(c[0]).selectbox(t("initialization.nonlinearity"), lab.ACT_NAMES, index=lab.ACT_NAMES.index("tanh"),
                              format_func=lab.ACT_LABELS.get, key="act", bind="query-params")
init = control(c[1]).selectbox(t("initialization.init"), lab.INITS, index=lab.INITS.index("small"),
                               format_func=lab.INIT_LABELS.get, key="init", bind="query-params",
                               help=t("initialization.init_help"))
with c[2]:
    custom = lab.scale_slider(disabled=init != "custom")
scale = custom if init == "custom" else None

net = lab.NetConfig(n_layers, width, n_samples, act, init, scale, seed())
with st.spinner(t("initialization.computing")):
    res = lab.deep_net(net)

m = st.columns(4)
m[0].metric(t("initialization.m_first"), lab.fmt_stat(res.act.std[0]))
m[1].metric(t("initialization.m_last", n=n_layers), lab.fmt_stat(res.act.std[-1], res.act.overflow_layer is not None))
m[2].metric(t("initialization.m_grad", n=1), lab.fmt_stat(res.grad.std[0]))
m[3].metric(t("initialization.m_sat"), f"{lab.pct(res.saturated_frac[0])} · {lab.pct(res.dead_frac[0])}",
            help=t("initialization.m_sat_help"))
if res.act.overflow_layer is not None:
    st.warning(t("initialization.overflow", layer=res.act.overflow_layer, last=res.act.overflow_layer - 1),
               icon=":material/warning:")
elif res.grad.overflow_layer is not None:
    st.warning(t("initialization.grad_overflow", layer=res.grad.overflow_layer), icon=":material/warning:")
if init == "zeros":
    st.info(t("initialization.zeros_note"), icon=":material/info:")
elif init == "large" and act == "tanh":
    st.info(t("initialization.large_grad_note"), icon=":material/info:")
with st.expander(t("initialization.why.title")):
    st.markdown("\n\n".join(lab.why_lines(res)))


def hist_tab() -> None:
    fixed = control(st).toggle(t("initialization.fixed"), value=True, key="fixed", bind="query-params",
                               help=t("initialization.fixed_help"))
    chart(*lab.histograms_figure(net, fixed, current_lang()), key="hist")
    explain("initialization.hist_explain")


def stats_tab() -> None:
    log_y = control(st).toggle(t("initialization.log_y"), value=True, key="logy", bind="query-params")
    chart(*lab.stats_figure(net, log_y, current_lang()), key="stats")
    explain("initialization.stats_explain")


def compare_tab() -> None:
    lead("initialization.compare_text", act=lab.ACT_LABELS[act])
    cmp_log = control(st).toggle(t("initialization.log_y"), value=True, key="cmp_log", bind="query-params")
    spot = lab.compare_runs(net, cmp_log, current_lang())     # the schemes' lines appear as their nets finish
    with spot.container():
        chart(*lab.compare_figure(net, cmp_log, current_lang()), key="compare")
    explain("initialization.compare_explain")


def lecture_tab() -> None:
    rows = lab.lecture_rows(res)
    if rows is None:
        st.info(t("initialization.lecture_mismatch"), icon=":material/info:")
    else:
        st.markdown(t("initialization.lecture_text", init=lab.INIT_LABELS[init], act=lab.ACT_LABELS[act]))
        st.dataframe(rows, hide_index=True, width="content")
        explain("initialization.lecture_explain")


def symmetry_tab() -> None:
    lead("initialization.sym_text")
    c = controls().columns(3)
    value = control(c[0]).select_slider(t("initialization.sym_value"), (0.0, 0.1, 0.25, 0.5, 1.0), value=0.5, key="sym_c",
                                        bind="query-params", format_func=fmt_num)
    with c[1]:
        std = log_slider(t("initialization.sym_std"), "sym_std", -2, 0, 0.1)
    steps = control(c[2]).slider(t("initialization.sym_steps"), 10, 500, 200, step=10, key="sym_steps", bind="query-params")
    const_run, rand_run = lab.symmetry(value, std, steps, seed())
    above = st.container()
    sym_fig, weights_fig = lab.symmetry_figures(value, std, steps, seed(), current_lang())
    chart(*sym_fig, key="symmetry")
    s = notes(above).columns(2)
    s[0].metric(t("initialization.sym_metric_const"), fmt_num(const_run.spread[-1]),
                help=t("initialization.sym_acc", acc=f"{100 * const_run.accuracy:.0f}"))
    s[1].metric(t("initialization.sym_metric_rand"), fmt_num(rand_run.spread[-1]),
                help=t("initialization.sym_acc", acc=f"{100 * rand_run.accuracy:.0f}"))
    chart(*weights_fig, key="sym_weights")
    explain("initialization.sym_explain", acc_c=f"{100 * const_run.accuracy:.0f}",
            acc_r=f"{100 * rand_run.accuracy:.0f}")


def table_tab() -> None:
    st.dataframe(lab.stats_rows(res), hide_index=True, width="stretch", column_config=lab.stats_columns())
    st.download_button(t("common.download_csv"), lab.stats_csv(res), file_name=f"init_{act}_{init}.csv",
                       mime="text/csv", key="csv", icon=":material/download:")
    explain("initialization.table_explain")


# Only the open tab runs (compare-all trains five nets).
lesson_tabs("init_tab", {"initialization.tab.hist": hist_tab, "initialization.tab.stats": stats_tab,
                         "initialization.tab.compare": compare_tab, "initialization.tab.lecture": lecture_tab,
                         "initialization.tab.symmetry": symmetry_tab, "initialization.tab.table": table_tab,
                         "papers.glorot.tab": papers.glorot_tab, "papers.he.tab": papers.he_tab})
