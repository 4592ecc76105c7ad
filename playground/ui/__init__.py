"""The Streamlit page: controls, caches, the views and the live room's pages.
The only layer that imports Streamlit."""
