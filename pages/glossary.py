"""Glossary · 용어집: every term the lessons use, once, in English and Korean."""
import streamlit as st

from ui.i18n import t
from ui.lessons import glossary
from ui.page import use_app_navigation

use_app_navigation()
st.title(t("glossary.title"))
st.markdown(t("glossary.intro"))
st.table(glossary.rows(), hide_index=True)
