"""The article's math, worked through with the numbers of one iteration."""

import streamlit as st

from playground.compute import updates, work, worked
from playground.core.optimizers import BY_NAME
from playground.ui import budget, cache, player, widgets


def render(T, outcome, present):
    heading, formulas = st.empty(), st.container()
    # The controls run first (the formulas need their values) but show after the
    # formulas, so the first formula is on a projector's first screen.
    step = player.scrubber(T, outcome)
    celsius = widgets.number(T, "sample", help_values={"n": len(outcome.data)})
    widgets.heading(T("math.header", k=T.count(step)), where=heading)
    cost = work.replay_updates(outcome.settings, step)
    if not budget.allowed(T, cost, f"math {outcome.settings!r} {step}"):
        return
    m = worked.math_step(outcome, step, float(celsius))
    blocks = worked.math_blocks(T, outcome, m)
    if BY_NAME[outcome.settings.optimizer].update:  # the last block is plain descent's update
        found = cache.update_state(outcome.settings, step)
        blocks = [*blocks[:-1], updates.block(T, outcome, m, found)]
    with formulas:
        for paragraph, lines in blocks:
            st.markdown(paragraph)
            for formula in lines:
                st.latex(formula)
        st.caption(T("math.source", next=T.count(step + 1)))
        if step == outcome.run.iterations:
            st.caption(T("math.end"))
