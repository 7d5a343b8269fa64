"""The baseline of benchmarks.load: a bare Streamlit page with one Plotly chart, nothing else."""
import numpy as np
import plotly.graph_objects as go
import streamlit as st

x = np.linspace(-10, 10, 401)
st.plotly_chart(go.Figure(go.Scatter(x=x, y=np.tanh(x))), width="stretch")
