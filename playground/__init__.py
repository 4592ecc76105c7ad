"""Page helpers for the Single-Neuron Playground, in layers that import downward only.

``core`` (the parameter table, settings, registries, text) ← ``compute``
(settings → a run and everything read off it) ← ``charts`` (data → Altair
specs) ← ``ui`` (Streamlit). ``room`` is the live room's store, and ``cli``
the page's reading in a terminal. Only ``ui`` loads Streamlit; the contracts in
``pyproject.toml`` (import-linter) hold every layer to this in CI.
"""
