"""Plotly figure builders: result dataclasses in, go.Figure out (no Streamlit)."""
