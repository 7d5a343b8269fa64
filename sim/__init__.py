"""Simulation core: pure NumPy, seeded, no Streamlit or Plotly.

Top level: the engine, one concept per module (activations, initializers, batchnorm, deepnet, twolayer, train,
batched, data, preprocess, search, live), with the plumbing apart: speed in _fast, argument checks in _checks. sim/labs/: one module per
lesson with the demos built on the engine, named like pages/, ui/ and viz/."""
