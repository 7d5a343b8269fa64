"""Simulation core: pure NumPy, seeded, no Streamlit or Plotly.

Top level: the engine, one concept per module (activations, initializers, batchnorm, deepnet, twolayer, train,
batched, data, preprocess, search, live), with the speed plumbing apart in _fast. sim/labs/: one module per
lesson with the demos built on the engine, named like pages/, ui/ and viz/."""
