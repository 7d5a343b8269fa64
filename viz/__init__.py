"""Plotly figure builders, one module per lesson: result dataclasses in, go.Figure out (no Streamlit);
grid.py builds figures from dicts, style.py holds the shared look."""
