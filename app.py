"""Entry point, a router: page config, the shared sidebar, class mode's calls, the navigation, the page."""
import streamlit as st

from ui import a11y, classmode, serving
from ui.controls import guard_url, sidebar
from ui.i18n import t
from ui.lecture import finish_run, sidebar_state
from ui.lessons import home
from ui.nav import LESSONS
from ui.page import ROUTED

st.set_page_config(page_title="CS231n · Training Neural Networks", page_icon=":material/neurology:",
                   layout="wide", initial_sidebar_state=sidebar_state())
serving.start()      # once per server process: every lesson's default view computed in the background (ui.serving.warm)
guard_url()          # before any widget reads the URL: a hostile ?seed=inf must not reach Streamlit's parser
classmode.begin_run()   # a following student: moved a control (explores) or takes the teacher's seed
sidebar()
a11y.page_setup()    # the page's language, contrast, focus ring, navigation lists, Korean names (ui.a11y)
classmode.sidebar_panel()       # start a class (teacher) or join one (student)
serving.rerun_on_reconnect()    # behind a balancer: a page whose replica died runs again on another
st.session_state[ROUTED] = True  # pages rerun any run that did not come through here (ui.page)

# The home page answers at "/" and, hidden from the menu, at "/home" (what a reader guesses and older links say).
sections: dict[str, list] = {"": [
    st.Page("pages/home.py", title=t("nav.home"), icon=":material/home:", url_path="overview", default=True),
    st.Page(home.render, title=t("nav.home"), url_path="home", visibility="hidden")]}
for lesson in LESSONS:
    if lesson.exists:
        sections.setdefault(t(lesson.part), []).append(
            st.Page(lesson.file, title=t(f"nav.{lesson.slug}"), icon=lesson.icon, url_path=lesson.slug))
sections[t("nav.part_reference")] = [st.Page("pages/glossary.py", title=t("nav.glossary"), icon=":material/menu_book:",
                                           url_path="glossary")]
page = st.navigation(sections)
classmode.on_page(page.url_path)   # the class bar; a following student's page takes the teacher's scene
page.run()
finish_run()   # the language into the URL (ui.lecture)
classmode.end_run(page.url_path)   # the teacher's view into the store; a student's controls, to notice a move
