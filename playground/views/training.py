"""The run over its iterations: loss, gradients, weight and bias, and the CSV."""

import streamlit as st

from playground import cache, frames, player, widgets


def render(T, outcome):
    settings = outcome.settings
    st.header(T("training.header"))
    chart = st.container()
    step = player.scrubber(T, outcome)
    log = widgets.toggle(T, "log")
    with chart:
        cache.show("loss", settings, T, step, log)
    st.caption(T("training.zoom"))
    left, right = st.columns(2)
    with left:
        st.subheader(T("training.gradients"))
        cache.show("gradients", settings, T)
        kappa = T.count(round(outcome.stability.condition_number))
        st.caption(T("training.gradients.caption", kappa=kappa))
    with right:
        st.subheader(T("training.parameters"))
        cache.show("parameter", settings, T, "weight")
        cache.show("parameter", settings, T, "bias")
        st.caption(T("training.parameters.caption"))
    st.download_button(
        T("download.label"),
        data=lambda: frames.history_csv(cache.outcome_of(settings).run),
        file_name="single-neuron-history.csv",
        mime="text/csv",
        key="download",
        help=T("download.help", rows=T.count(outcome.run.losses.size)),
        icon=":material/download:",
    )
