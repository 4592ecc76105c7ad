"""Settings in, runs and what is read off them out: the outcome, chart data, the
page's words, the Math view's numbers, the presets. No Streamlit, no charts."""
