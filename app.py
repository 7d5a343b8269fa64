"""Entry point: page config, the shared sidebar (language, seed) and the navigation."""
import streamlit as st

from ui.controls import sidebar
from ui.i18n import t
from ui.lecture import sidebar_state
from ui.nav import LESSONS
from ui.page import ROUTED

st.set_page_config(page_title="CS231n · Training Neural Networks", page_icon=":material/neurology:",
                   layout="wide", initial_sidebar_state=sidebar_state())
sidebar()
st.session_state[ROUTED] = True  # pages rerun any run that did not come through here (ui.page)

sections: dict[str, list] = {"": [st.Page("pages/home.py", title=t("nav.home"), icon=":material/home:",
                                          url_path="home", default=True)]}
for lesson in LESSONS:
    if lesson.exists:
        sections.setdefault(t(lesson.part), []).append(
            st.Page(lesson.file, title=t(f"nav.{lesson.slug}"), icon=lesson.icon, url_path=lesson.slug))
st.navigation(sections).run()
