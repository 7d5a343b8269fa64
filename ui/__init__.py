"""Streamlit glue shared by pages: translations, shared controls, cached sim calls."""
