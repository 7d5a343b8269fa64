"""The home page: the lecture's six lessons, each with what a student will see."""
import streamlit as st

from ui.i18n import t
from ui.nav import LESSONS
from ui.page import use_app_navigation


def render() -> None:
    use_app_navigation()
    st.title(t("home.title"))
    st.markdown(t("home.intro"))
    for lesson in LESSONS:
        with st.container(border=True):
            if lesson.exists:
                st.page_link(lesson.file, label=t(f"nav.{lesson.slug}"), icon=lesson.icon)
            else:
                st.markdown(f"**{t(f'nav.{lesson.slug}')}** · _{t('home.soon')}_")
            st.caption(t(f"home.{lesson.slug}"))
    st.info(t("home.how"))
