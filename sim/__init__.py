"""Simulation core: pure NumPy, seeded, no Streamlit or Plotly."""
