"""The home page: the lessons of Lectures 6 and 7, grouped by lecture, each with what a student will see."""
import streamlit as st

from ui import lecture
from ui.i18n import current_lang, t
from ui.nav import LESSONS
from ui.page import use_app_navigation
from ui.scenes import SCENES


def render() -> None:
    use_app_navigation()
    lecture.style()
    st.title(t("home.title"))
    st.markdown(t("home.intro"))
    part = None
    for lesson in LESSONS:
        if lesson.part != part:   # a heading per lecture, as in the sidebar
            part = lesson.part
            st.subheader(t(part))
        with st.container(border=True):
            if lesson.exists:
                st.page_link(lesson.file, label=t(f"nav.{lesson.slug}"), icon=lesson.icon)
            else:
                st.markdown(f"**{t(f'nav.{lesson.slug}')}** · _{t('home.soon')}_")
            st.caption(t(f"home.{lesson.slug}"))
            if lesson.exists and SCENES.get(lesson.slug):
                scenes(lesson)
    st.info(t("home.how"))
    st.caption(t("lecture.home_scenes_note"))


def scenes(lesson) -> None:
    """The lesson's scenes as a table of contents: each opens the page at that scene, in this language."""
    with st.expander(f"{t('lecture.home_scenes')} ({len(SCENES[lesson.slug])})", icon=":material/slideshow:"):
        for n, sc in enumerate(SCENES[lesson.slug], start=1):
            st.page_link(lesson.file, label=f"{n} · {t(f'scenes.{lesson.slug}.{sc.id}.title')}",
                         query_params={"scene": n, "lang": current_lang()})
