"""Hyperparameter search: coarse-to-fine random search on the digits, random vs grid, sampling on a log scale."""
import streamlit as st

from ui.controls import seed
from ui.i18n import current_lang, t
from ui.lessons import search as lab
from ui.page import chart, controls, explain, header, lead, lesson_tabs, notes


def coarse_to_fine():
    lead("search.s1.text")
    s, lang = seed(), current_lang()
    st.subheader(t("search.s1.stage1"))
    with controls():
        name, work = lab.data_choice(s)
        opt = lab.opt_choice()
        c1 = lab.coarse_controls(s, name, work, opt)
    explain(f"search_opt.note_{opt}")
    if c1.grid:
        st.info(t("search.s1.grid_note", n=c1.n, k=lab.grid_side(c1.n), kk=lab.grid_side(c1.n) ** 2),
                icon=":material/info:")
    above = st.container()
    r1, spot = lab.run_stage(c1, "search.viz.coarse_title", "sr_coarse")   # the scatter grows as trials finish
    p1 = lab.proposal(c1)
    nxt = (p1.lr_range, p1.reg_range) if p1.n_finished else None
    with spot.container():
        chart(*lab.trials_figure(c1, nxt, "search.viz.coarse_title", lang), key="sr_coarse")
    with notes(above):
        lab.stage_summary(r1, None)
        if not p1.n_finished:
            st.warning(t("search.s1.all_stopped"), icon=":material/warning:")
        elif r1.val_acc[r1.best()] < lab.LEARNED:
            st.info(t("search.s1.none_learned", acc=f"{r1.val_acc[r1.best()]:.2f}"), icon=":material/info:")
        lab.edge_warnings(p1, c1.lr, c1.reg)
    explain("search.s1.explain_scatter")
    st.table(lab.best_rows(r1))

    st.subheader(t("search.s1.stage2"))
    st.markdown(t("search.s1.proposal", k=len(p1.top), lr_lo=f"{p1.lr_range[0]:g}", lr_hi=f"{p1.lr_range[1]:g}",
                  reg_lo=f"{p1.reg_range[0]:g}", reg_hi=f"{p1.reg_range[1]:g}"))
    c2 = lab.fine_controls(p1, s, name, work, opt)
    above = st.container()
    r2, spot = lab.run_stage(c2, "search.viz.fine_title", "sr_fine")
    p2 = lab.proposal(c2)
    with above:
        lab.stage_summary(r2, r1)
        lab.edge_warnings(p2, c2.lr, c2.reg)
    nxt = (p2.lr_range, p2.reg_range) if p2.n_finished else None
    with spot.container():
        chart(*lab.trials_figure(c2, nxt, "search.viz.fine_title", lang), key="sr_fine")
    st.table(lab.best_rows(r2))
    explain("search.s1.explain_fine")


def random_vs_grid():
    lead("search.s2.text")
    with controls():
        n = lab.random_vs_grid_controls()
    rvg, cmp = lab.random_vs_grid(n, seed())
    chart(*lab.random_vs_grid_figure(n, seed(), current_lang()), key="sr_rvg")
    lab.random_vs_grid_metrics(rvg, cmp)
    explain("search.s2.explain")


def log_scale():
    lead("search.s3.text")
    with controls():
        n, lo, hi = lab.log_controls()
    lv = lab.log_vs_linear(n, lo, hi, seed())
    chart(*lab.log_figure(n, lo, hi, seed(), current_lang()), key="sr_log")
    st.table(lab.decade_rows(lv))
    explain("search.s3.explain", share=f"{100 * lv.uniform_per_decade[-1] / max(1, lv.n):.0f}")


header("search")
lesson_tabs("sr_tab", {"search.s1.title": coarse_to_fine, "search.s2.title": random_vs_grid,
                       "search.s3.title": log_scale})
