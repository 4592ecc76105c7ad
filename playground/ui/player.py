"""Moving through a run: the animation that plays in the browser, and the
iteration to inspect (``step`` in a link).

The animation is a Streamlit custom component (``st.components.v2``): the
page sends the frames once, and the browser draws them at 30 a second with
no message to the server per frame; its own slider scrubs them the same way.
Of the ways Streamlit offers (a Vega-Lite parameter bound to a slider moves a
chart but cannot play it; a pre-rendered animation cannot be scrubbed or
restyled; a rerun per frame is what made Play slow), it is the only one that
both plays and scrubs without the server.
"""

from pathlib import Path

import streamlit as st

from playground.ui import state

ASSETS = Path(__file__).with_name("assets")
STEP = "step"

_PLAYER = st.components.v2.component(
    "neuron_player",
    css=(ASSETS / "player.css").read_text(),
    js=(ASSETS / "player.js").read_text(),
    # In the page's own DOM (its classes all start np-), so the page's focus
    # styles, axe-core and a screen reader's reading order see it as one page.
    isolate_styles=False,
)


def animation(data):
    """Mount the animation with ``data``: ``figures.player_data``, as JSON text."""
    _PLAYER(data=data, key="player", height="content")


def scrubber(T, outcome):
    """The iteration to inspect; a new run moves it to its end. Returns it."""
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


def inspected(outcome):
    """The iteration to inspect, for views that mark it without drawing the slider."""
    step = st.session_state.get(STEP)
    last = outcome.run.last
    return last if step is None or not 0 <= step <= last else step
