"""Batch normalisation lab: before/after, γ and β, BN rescuing a bad init, train vs test, FC vs conv."""
import streamlit as st

from ui.controls import control, fmt_num, seed
from ui.i18n import current_lang, t
from ui.lessons import batchnorm as lab
from ui.lessons import papers
from ui.page import chart, controls, explain, header, lead, lesson_tabs


def before_after():
    lead("batchnorm.s1.text")
    with controls():
        c = lab.before_after_controls()
    r, pre_var = lab.before_after(c, seed())
    if r.n_constant:
        st.warning(t("batchnorm.s1.constant", n=r.n_constant, d=r.n_features), icon=":material/warning:")
    elif lab.eps_dominates(pre_var):
        st.info(t("batchnorm.s1.eps_dominates", var=fmt_num(pre_var)), icon=":material/info:")
    if c.identity:
        st.success(t("batchnorm.s1.identity_ok", err=f"{r.max_abs_change:.1e}"), icon=":material/check:")
    chart(*lab.before_after_figure(c, seed(), current_lang()), key="bn_before_after")
    st.table(lab.feature_rows(r))
    explain("batchnorm.s1.explain")
    with st.expander(t("batchnorm.s1.assignment_title")):
        st.markdown(t("batchnorm.s1.assignment_text"))
        st.table(lab.assignment_rows(lab.assignment()))


def rescue():
    lead("batchnorm.s2.text")
    with controls():
        c = lab.rescue_controls()
    with st.spinner(t("batchnorm.s2.spinner")):
        hist_off, hist_on, std_layers = lab.rescue_figures(c, seed(), current_lang())
    chart(*hist_off, key="bn_hist_off")
    chart(*hist_on, key="bn_hist_on")
    chart(*std_layers, key="bn_std_layers")
    explain("batchnorm.s2.explain")
    if c.gradients:
        explain("batchnorm.s2.gradients_explain")


def train_test():
    lead("batchnorm.s3.text")
    with controls():
        c = lab.train_test_controls()
    tt = lab.train_test(c, seed())
    running, modes, noise = lab.train_test_figures(c, seed(), current_lang())
    if tt.zero_variance:
        st.warning(t("batchnorm.s3.batch_one"), icon=":material/warning:")
    elif c.batch_size <= 8:
        st.info(t("batchnorm.s3.small_batch", n=c.batch_size), icon=":material/info:")
    if c.n_steps * (1 - c.momentum) < 1:
        st.info(t("batchnorm.s3.few_steps", k=c.n_steps), icon=":material/info:")
    chart(*running, key="bn_running")
    explain("batchnorm.s3.explain_running")
    st.markdown(t("batchnorm.s3.metrics", k=c.n_steps, means=lab.vec(tt.test_mean), stds=lab.vec(tt.test_std)))
    chart(*modes, key="bn_train_test")
    explain("batchnorm.s3.explain_test")
    chart(*noise, key="bn_noise")
    explain("batchnorm.s3.explain_noise")


def fc_vs_conv():
    lead("batchnorm.s4.text")
    demo = lab.axes(seed())
    left, right = st.columns([1, 2])
    hi = control(left).slider(t("batchnorm.s4.highlight"), 0, 2, 0, key="bn_channel", bind="query-params")
    right.markdown(lab.shapes_table(demo))
    chart(*lab.axes_figure(seed(), hi, current_lang()), key="bn_axes")
    explain("batchnorm.s4.explain")


def higher_lr():
    st.markdown(t("batchnorm.s5.text"))
    lr = control(st).select_slider(t("batchnorm.s5.lr"), lab.LR_CHOICES, value=3.0, key="bn_lr", bind="query-params",
                                   format_func=fmt_num)
    with st.spinner(t("batchnorm.s5.spinner")):
        runs = lab.lr_rescue(lr, seed())
        fig = lab.lr_rescue_figure(lr, seed(), current_lang())
    chart(*fig, key="bn_lr_loss")
    for bn, (loss, blown) in runs.items():
        name = t("batchnorm.fig.bn_on" if bn else "batchnorm.fig.bn_off")
        st.markdown(t("batchnorm.s5.blown", name=name, k=blown) if blown is not None else
                    t("batchnorm.s5.final", name=name, loss=fmt_num(float(loss[-20:].mean()))))
    explain("batchnorm.s5.explain")


header("batchnorm")
lesson_tabs("bn_tab", {"batchnorm.s1.title": before_after, "batchnorm.s2.title": rescue,
                       "batchnorm.s3.title": train_test, "batchnorm.s4.title": fc_vs_conv,
                       "batchnorm.s5.title": higher_lr, "papers.ioffe.tab": papers.ioffe_tab})
