"""The article's math, worked through with the numbers of one iteration."""

import streamlit as st

from playground import cache, player, updates, widgets, worked


def render(T, outcome, present):
    heading = st.empty()
    step = player.scrubber(T, outcome)
    heading.header(T("math.header", k=T.count(step)))
    celsius = widgets.number(T, "sample", help_values={"n": len(outcome.data)})
    m = worked.math_step(outcome, step, float(celsius))
    blocks = worked.math_blocks(T, outcome, m)
    if outcome.settings.optimizer != "gd":  # the last block is plain descent's update
        found = cache.update_state(outcome.settings, step)
        blocks = [*blocks[:-1], updates.block(T, outcome, m, found)]
    for paragraph, formulas in blocks:
        st.markdown(paragraph)
        for formula in formulas:
            st.latex(formula)
    st.caption(T("math.source", next=T.count(step + 1)))
    if step == outcome.run.iterations:
        st.caption(T("math.end"))
