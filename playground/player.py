"""The iteration to inspect (``step`` in a link).

A new run moves it to its end. It marks that iteration on the predictions,
the loss and the landscape, and the Math view works through it.
"""

import streamlit as st

from playground import state

STEP = "step"


def scrubber(T, outcome):
    """The step slider; returns the iteration to inspect."""
    last = outcome.run.last
    session = st.session_state
    if session.get(state.STEP_FOR) != outcome.settings:
        session[STEP] = last if session.get(state.STEP_FOR) is not None else session.get(STEP)
        session[state.STEP_FOR] = outcome.settings
    step = session.get(STEP)
    if step is None or not 0 <= step <= last:
        session[STEP] = step = last
    if last == 0:
        return 0
    return st.slider(T("step.label"), 0, last, key=STEP, help=T("step.help"))
