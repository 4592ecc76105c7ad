"""The article's picture: the actual line, and the neuron before and after training."""

import streamlit as st

from playground import cache


def render(T, outcome, step):
    st.header(T("predictions.header"))
    cache.show("predictions", outcome.settings, T, step)
    st.caption(T("predictions.caption", n=len(outcome.data)))
