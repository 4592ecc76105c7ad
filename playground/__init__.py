"""Page helpers for the Single-Neuron Playground.

``settings`` (what a link or the sidebar asks for), ``experiment`` (settings
→ a training run and everything read off it), ``charts`` (data → Altair
charts) and ``text`` (every word the page shows, in English and Spanish) are
plain Python with no Streamlit in them, so tests call them directly. ``page``
holds the Streamlit glue.
"""
