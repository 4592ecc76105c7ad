"""The article's picture, played: the actual line, the neuron before training,
and the neuron moving to where training took it."""

import streamlit as st

from playground import cache, player


def render(T, outcome, present):
    st.header(T("predictions.header"))
    player.animation(cache.player_data(outcome.settings, T.lang, T.level))
    if present:
        return
    st.caption(T("predictions.caption", n=len(outcome.data)))
