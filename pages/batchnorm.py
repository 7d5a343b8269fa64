"""Batch normalisation lab: before/after, γ and β, BN rescuing a bad init, train vs test, FC vs conv."""
import streamlit as st

from ui import batchnorm as lab
from ui.controls import fmt_num, seed
from ui.i18n import t
from ui.page import chart, explain, header
from viz import batchnorm as fig
from viz import bn_train_test as tfig


def before_after():
    st.markdown(t("batchnorm.s1.text"))
    c = lab.before_after_controls()
    r, pre_var = lab.before_after(c["layer"], c["init"], c["activation"], c["bn_below"], c["gamma"], c["beta"],
                                  c["identity"], seed())
    if r.n_constant:
        st.warning(t("batchnorm.s1.constant", n=r.n_constant, d=r.n_features), icon=":material/warning:")
    elif pre_var < 10 * 1e-5:
        st.info(t("batchnorm.s1.eps_dominates", var=fmt_num(pre_var)), icon=":material/info:")
    if c["identity"]:
        st.success(t("batchnorm.s1.identity_ok", err=f"{r.max_abs_change:.1e}"), icon=":material/check:")
    chart(fig.before_after_figure(r, t), key="bn_before_after")
    st.table(lab.feature_rows(r))
    explain("batchnorm.s1.explain")
    with st.expander(t("batchnorm.s1.assignment_title")):
        st.markdown(t("batchnorm.s1.assignment_text"))
        st.table(lab.assignment_rows(lab.assignment()))


def rescue():
    st.markdown(t("batchnorm.s2.text"))
    c = lab.rescue_controls()
    with st.spinner(t("batchnorm.s2.spinner")):
        off = lab.deep_net(c["init"], c["activation"], False, seed())
        on = lab.deep_net(c["init"], c["activation"], True, seed())
    chart(fig.bn_histograms(off, t, on=False), key="bn_hist_off")
    chart(fig.bn_histograms(on, t, on=True), key="bn_hist_on")
    chart(fig.std_per_layer_figure(off, on, t), key="bn_std_layers")
    explain("batchnorm.s2.explain")


def train_test():
    st.markdown(t("batchnorm.s3.text"))
    c = lab.train_test_controls()
    tt = lab.train_test(c["n_steps"], c["batch_size"], c["momentum"], seed())
    if tt.zero_variance:
        st.warning(t("batchnorm.s3.batch_one"), icon=":material/warning:")
    elif c["batch_size"] <= 8:
        st.info(t("batchnorm.s3.small_batch", n=c["batch_size"]), icon=":material/info:")
    if c["n_steps"] * (1 - c["momentum"]) < 1:
        st.info(t("batchnorm.s3.few_steps", k=c["n_steps"]), icon=":material/info:")
    chart(tfig.running_stats_figure(tt, t), key="bn_running")
    explain("batchnorm.s3.explain_running")
    st.markdown(t("batchnorm.s3.metrics", k=c["n_steps"], means=lab.vec(tt.test_mean), stds=lab.vec(tt.test_std)))
    chart(tfig.train_test_figure(tt, t), key="bn_train_test")
    explain("batchnorm.s3.explain_test")
    chart(tfig.batch_noise_figure(lab.batch_noise(c["batch_size"], seed()), t), key="bn_noise")
    explain("batchnorm.s3.explain_noise")


def fc_vs_conv():
    st.markdown(t("batchnorm.s4.text"))
    demo = lab.axes(seed())
    left, right = st.columns([1, 2])
    hi = left.slider(t("batchnorm.s4.highlight"), 0, 2, 0, key="bn_channel", bind="query-params")
    right.markdown(lab.shapes_table(demo))
    chart(fig.axes_figure(demo, t, hi), key="bn_axes")
    explain("batchnorm.s4.explain")


header("batchnorm")
# Only the open tab runs (its label is in the URL, so a link opens the same tab in the same language).
tab1, tab2, tab3, tab4 = st.tabs([t("batchnorm.s1.title"), t("batchnorm.s2.title"), t("batchnorm.s3.title"),
                                  t("batchnorm.s4.title")], key="bn_tab", on_change="rerun", bind="query-params")
if tab1.open:
    with tab1:
        before_after()
if tab2.open:
    with tab2:
        rescue()
if tab3.open:
    with tab3:
        train_test()
if tab4.open:
    with tab4:
        fc_vs_conv()
