"""Streamlit glue between pages and sim/viz: page furniture (page.py), shared controls, translations, and one
module per lesson with its typed settings, cached sim calls and figures cached by inputs and language."""
import importlib

# Every script run imports `ui` first (app.py and every page do). Importing the heavy libraries here, once,
# under Python's lock for this module, stops the first sessions of a fresh server from importing them in
# parallel threads: pandas (behind st.dataframe) then fails with "partially initialized module 'pandas'"
# when a whole class opens the link at once.
for _name in ("pandas", "pyarrow", "plotly.graph_objects", "plotly.io", "plotly.subplots"):
    importlib.import_module(_name)
