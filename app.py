"""Single-Neuron Playground: watch one neuron learn °C → °F by gradient descent.

Run with ``streamlit run app.py``. The page reads top to bottom: language,
what the link asked for, the sidebar's settings, the run, then the views.
"""

import streamlit as st

from playground import page

st.set_page_config(page_icon="🧠", layout="wide")

T = page.language()
st.title(T("page.heading"))
st.markdown(T("page.intro"))
page.link_notes(T)

settings, rate_slot = page.controls(T)
experiment = page.experiment(settings)
page.rate_position(T, experiment, rate_slot)

page.header(T, experiment)
step = page.scrubber(T, experiment)
page.views(T, experiment, step)
