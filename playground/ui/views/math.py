"""The article's math, worked through with the numbers of one iteration."""

import streamlit as st

from playground.compute import updates, work, worked
from playground.core.optimizers import BY_NAME
from playground.ui import budget, cache, player, state, widgets


def render(T, outcome, present):
    heading, formulas = st.empty(), st.container()
    # The controls run first (the formulas need their values) but show after the
    # formulas, so the first formula is on a projector's first screen.
    step = player.scrubber(T, outcome)
    x, y = sample(T, outcome)
    widgets.heading(T("math.header", k=T.count(step)), where=heading)
    cost = work.replay_updates(outcome.settings, step)
    if not budget.allowed(T, cost, f"math {outcome.settings!r} {step}"):
        return
    m = worked.math_step(outcome, step, x, y)
    blocks = worked.math_blocks(T, outcome, m)
    if BY_NAME[outcome.settings.optimizer].update:  # the last block is plain descent's update
        found = cache.update_state(outcome.settings, step)
        blocks = [*blocks[:-1], updates.block(T, outcome, m, found)]
    with formulas:
        if outcome.reading.depends_on_rounding:  # the engine's verdict on this run
            st.info(T("math.rounding", optimizer=T(f"optimizer.{outcome.settings.optimizer}")))
        for paragraph, lines in blocks:
            st.markdown(paragraph)
            for formula in lines:
                st.latex(formula)
        st.caption(T("math.source", next=T.count(step + 1)))
        if step == outcome.run.iterations:
            st.caption(T("math.end"))


def sample(T, outcome):
    """The worked sample's (x, y): a temperature typed for the article's data (its y
    the exact °F), else one of the data's own samples, chosen by its row."""
    n = len(outcome.data)
    if outcome.article:
        return float(widgets.number(T, "sample", help_values={"n": n})), None
    kept = st.session_state.get(state.SAMPLE_ROW)
    if kept is not None and not 1 <= kept <= n:  # a row kept from other data
        st.session_state[state.SAMPLE_ROW] = min(max(int(kept), 1), n)
    row = st.number_input(
        T("sample.label.data", n=T.count(n)),
        min_value=1,
        max_value=n,
        step=1,
        key=state.SAMPLE_ROW,
        help=T("sample.help.data", n=T.count(n)),
    )
    return float(outcome.data.x[row - 1]), float(outcome.data.y[row - 1])
