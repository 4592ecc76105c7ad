"""Single-Neuron Playground: watch one neuron learn °C → °F by gradient descent.

Run with ``streamlit run app.py``. The page reads top to bottom: the link,
the language, the sidebar's settings, the run, the headline, then the view.
"""

import streamlit as st

from playground import cache, headline, link, page, sidebar, views

st.set_page_config(page_icon=page.ICON, layout="wide")
link.read()
T = page.language()
st.title(T("page.heading"))
st.markdown(T("page.intro"))
link.notes(T)

settings, rate_slot = sidebar.controls(T)
outcome = cache.outcome_of(settings)
headline.rate_position(T, outcome, rate_slot)
headline.show(T, outcome)

view = page.view_selector(T)
views.render(view, T, outcome)
page.write_link(outcome)
