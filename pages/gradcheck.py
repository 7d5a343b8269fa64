"""Gradient checks: the numerical gradient's error against h, kinks, the traps, and find the bug."""
import streamlit as st

from ui.controls import fmt_num, seed
from ui.i18n import current_lang, t
from ui.lessons import gradcheck as lab
from ui.page import chart, controls, explain, header, lead, lesson_tabs


def error_h():
    lead("gradcheck.s1.text")
    with controls():
        fn, f32, h = lab.error_h_controls()
    chart(*lab.error_h_figure(fn, f32, h, seed(), current_lang()), key="gc_fig_h")
    s = lab.sweep(fn, seed())
    at = lab.errors_at(s, h)
    st.markdown(t("gradcheck.s1.at_h", h=fmt_num(h), centred=lab.sci(at[(True, 'float64')]),
                  one_sided=lab.sci(at[(False, 'float64')])))
    st.table(lab.curve_rows(s))
    explain("gradcheck.s1.explain")


def kinks():
    lead("gradcheck.s2.text")
    with controls():
        fn, kx, h, ws = lab.kink_controls()
    scalar, net = lab.kink_figures(fn, kx, h, ws, seed(), current_lang())
    k = lab.kink(fn, kx, h)
    if k.crosses:
        st.warning(t("gradcheck.s2.crosses", err=lab.sci(k.err0)), icon=":material/warning:")
    chart(*scalar, key="gc_fig_scalar")
    explain("gradcheck.s2.explain_scalar")
    chart(*net, key="gc_fig_net")
    explain("gradcheck.s2.explain_net")


def traps():
    lead("gradcheck.s3.text")
    with controls():
        reg, keep, n = lab.trap_controls()
    reg_fig, drop_fig, sample_fig = lab.trap_figures(reg, keep, n, seed(), current_lang())
    st.subheader(t("gradcheck.s3.reg_title"))
    chart(*reg_fig, key="gc_fig_reg")
    explain("gradcheck.s3.explain_reg")
    st.subheader(t("gradcheck.s3.dropout_title"))
    chart(*drop_fig, key="gc_fig_dropout")
    explain("gradcheck.s3.explain_dropout")
    st.subheader(t("gradcheck.s3.sample_title"))
    chart(*sample_fig, key="gc_fig_sample")
    explain("gradcheck.s3.explain_sample")


def find_the_bug():
    lead("gradcheck.s4.text")
    with controls():
        code, guess, show = lab.bug_controls()
    st.markdown(t(f"gradcheck.bugtext.{code}"))
    b = lab.bug(code, seed())
    if guess is None and not show:
        st.table(lab.param_rows(b))
        st.info(t("gradcheck.s4.predict_first"), icon=":material/help:")
        return
    if guess is not None:
        right = guess == lab.fails_code(b)
        fails = ", ".join(b.fails) or t("gradcheck.none_fail")
        (st.success if right else st.error)(t("gradcheck.s4.right" if right else "gradcheck.s4.wrong", fails=fails),
                                            icon=":material/check:" if right else ":material/close:")
    chart(*lab.bug_figure(code, seed(), current_lang()), key="gc_fig_bug")
    explain("gradcheck.s4.explain")


header("gradcheck")
lesson_tabs("gc_tab", {"gradcheck.s1.title": error_h, "gradcheck.s2.title": kinks, "gradcheck.s3.title": traps,
                       "gradcheck.s4.title": find_the_bug})
