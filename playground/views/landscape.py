"""The loss over (weight, bias), with the path descent took across it."""

import streamlit as st

from playground import cache, described, player, widgets


def render(T, outcome, present):
    widgets.heading(T("landscape.header"))
    chart = st.container()
    step = player.scrubber(T, outcome)
    with chart:
        table = described.run_table(outcome, T)
        cache.show("landscape", outcome.settings, T, step, present=present, table=table)
    if present:
        return
    kappa = outcome.bowl.condition_number
    if outcome.scaling is not None:
        st.caption(T("landscape.scaled", kappa=T.number(kappa, 3)))
    else:
        st.caption(T("landscape.caption", kappa=T.count(round(kappa))))
