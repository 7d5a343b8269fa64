"""Regularisation and transfer: ensembles and Polyak averaging, penalties, dropout, data augmentation, transfer."""
import streamlit as st

from ui.controls import seed
from ui.i18n import current_lang, t
from ui.lessons import regularisation as lab
from ui.page import chart, controls, explain, header, lead, lesson_tabs


def ensembles():
    lead("regularisation.s1.text")
    with controls():
        kind, n = lab.ensemble_controls()
    above = st.container()
    c = lab.ensemble_streamed(kind, n, seed(), "rg_ensemble")
    with above:
        lab.ensemble_metrics(c)
    explain("regularisation.s1.explain", gain=f"{100 * c.gain(len(c.n)):+.1f}", n=len(c.n))
    chart(*lab.polyak_figure(seed(), current_lang()), key="rg_polyak")
    r = lab.polyak(seed())
    explain("regularisation.s1.explain_polyak", raw=f"{r.raw[-1]:.3f}", avg=f"{r.averaged[-1]:.3f}")


def penalties():
    lead("regularisation.s2.text")
    with controls():
        kind, i = lab.penalty_controls()
    curve, hist = lab.penalty_figures(kind, i, seed(), current_lang())
    r = lab.penalties(kind, seed())
    st.markdown(t("regularisation.s2.metrics", train=f"{r.train_acc[i]:.3f}", val=f"{r.val_acc[i]:.3f}",
                  gap=f"{r.gap[i]:.3f}", gap0=f"{r.gap[0]:.3f}", zero=f"{100 * r.near_zero[i]:.0f}"))
    chart(*curve, key="rg_pen_curve")
    chart(*hist, key="rg_pen_hist")
    explain("regularisation.s2.explain")


def dropout():
    lead("regularisation.s3.text")
    with controls():
        keep, keep_in, epochs, connect, K = lab.dropout_controls()
    pics = lab.dropout_pictures(keep, connect, seed(), current_lang())
    chart(*pics["masks"], key="rg_masks")
    explain("regularisation.s3.explain_masks")
    chart(*pics["expect"], key="rg_expect")
    explain("regularisation.s3.explain_expect")
    with st.spinner(t("regularisation.s3.spinner")):
        figs = lab.dropout_figures(keep, keep_in, epochs, connect, K, seed(), current_lang())
    run = lab.dropout_run(keep, keep_in, epochs, connect, seed())
    st.markdown(t("regularisation.s3.metrics", err0=f"{1 - run.val_acc[0, -1]:.3f}", err1=f"{1 - run.val_acc[1, -1]:.3f}",
                  gap0=f"{run.gap[0]:.3f}", gap1=f"{run.gap[1]:.3f}"))
    chart(*figs["curves"], key="rg_drop_curves")
    explain("regularisation.s3.explain_curves")
    chart(*figs["mc"], key="rg_mc")
    mc = lab.monte_carlo(keep, keep_in, epochs, connect, K, seed())
    st.markdown(t("regularisation.s3.mc_metrics", k=K, mc=f"{mc.mc_acc[-1]:.3f}", single=f"{mc.scaled_acc:.3f}",
                  unscaled=f"{mc.unscaled_acc:.3f}"))
    explain("regularisation.s3.explain_mc")


def augmentation():
    lead("regularisation.s4.text")
    with controls():
        n, aug, digit = lab.augment_controls()
    pics = lab.augment_pictures(aug, digit, seed(), current_lang())
    chart(*pics["variants"], key="rg_variants")
    explain("regularisation.s4.explain_flip")
    with st.spinner(t("regularisation.s4.spinner")):
        curves = lab.augment_figure(n, aug, seed(), current_lang())
    run = lab.augment_run(n, aug, seed())
    st.markdown(t("regularisation.s4.metrics", n=run.n_train, without=f"{run.val_acc[0, -1]:.3f}",
                  with_=f"{run.val_acc[1, -1]:.3f}", gain=f"{100 * run.gain:+.1f}"))
    chart(*curves, key="rg_aug_curves")
    chart(*pics["pattern"], key="rg_pattern")
    explain("regularisation.s4.explain_pattern")


def transfer():
    lead("regularisation.s5.text")
    with controls():
        ft = lab.transfer_controls()
    chart(*lab.table_figure(current_lang()), key="rg_table")           # where this experiment sits, at once
    explain("regularisation.s5.explain_table")
    c = lab.transfer_streamed(ft, seed(), "rg_transfer")
    st.table(lab.transfer_rows(c))
    explain("regularisation.s5.explain")


header("regularisation")
lesson_tabs("rg_tab", {"regularisation.s1.title": ensembles, "regularisation.s2.title": penalties,
                       "regularisation.s3.title": dropout, "regularisation.s4.title": augmentation,
                       "regularisation.s5.title": transfer})
