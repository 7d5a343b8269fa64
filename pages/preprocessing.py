"""Data preprocessing lab: the four steps on a 2-D cloud, train-only statistics, PCA on digits, image centring."""
import streamlit as st

from ui.controls import seed
from ui.i18n import current_lang, t
from ui.lessons import preprocessing as lab
from ui.page import chart, controls, explain, header, lead, lesson_tabs


def steps():
    lead("preprocessing.cloud.text")
    with controls():
        c = lab.cloud_controls()
    r = lab.cloud(**c, seed=seed())
    if r.flat_axes:
        st.warning(t("preprocessing.cloud.flat_axes"), icon=":material/warning:")
    if r.flat_dirs:
        st.warning(t("preprocessing.cloud.flat_dirs"), icon=":material/warning:")
    chart(*lab.steps_figure(**c, seed=seed(), lang=current_lang()), key="pp_steps")
    explain("preprocessing.cloud.explain")
    with st.expander(t("preprocessing.code_title")):
        st.code(lab.CODE, language="python")


def leak():
    lead("preprocessing.leak.text")
    with controls():
        c = lab.leak_controls()
    chart(*lab.leak_figure(c["step"], c["fit_on"], c["n"], seed(), current_lang()), key="pp_leak")
    st.table(lab.leak_rows(seed(), c["step"], c["n"]))
    explain(f"preprocessing.leak.explain_{c['fit_on']}")


def pca():
    lead("preprocessing.pca.text")
    with controls():
        c = lab.digits_controls()
    d = lab.digits(c["k"], seed())
    curves, tiles = lab.digits_figures(c["k"], c["whiten"], seed(), current_lang())
    st.markdown(lab.digits_metrics(d))
    chart(*curves, key="pp_variance")
    if d.n_flat:
        st.info(t("preprocessing.pca.flat", n=d.n_flat), icon=":material/info:")
    explain("preprocessing.pca.explain_curves")
    chart(*tiles, key="pp_digits")
    explain("preprocessing.pca.explain_digits")


def images():
    lead("preprocessing.img.text")
    shapes, check = lab.centring_text(lab.centring(seed()))
    st.markdown(shapes)
    chart(*lab.centring_figure(seed(), current_lang()), key="pp_centring")
    st.markdown(check)
    explain("preprocessing.img.explain")


header("preprocessing")
lesson_tabs("pp_tab", {"preprocessing.tab.steps": steps, "preprocessing.tab.leak": leak,
                       "preprocessing.tab.pca": pca, "preprocessing.tab.images": images})
