"""Work past the budget waits for a button: the page offers it, and says what it costs.

``playground.compute.work`` counts what a page asks for. Within ``BUDGET`` it
runs as it always did; past it, the page shows what the work is and a button,
and runs it (with a progress bar) only once pressed. A pressed offer is kept
for the session, keyed by what it computes, so later reruns (served from the
caches) do not ask again.
"""

import hashlib

import streamlit as st

from playground.compute.work import BUDGET

_APPROVED = "budget.approved"  # session: the keys of offers pressed


def allowed(T, cost, key):
    """Whether work of ``cost`` loop updates, known as ``key``, may run now.

    Within the budget, or once its button was pressed, True; otherwise the
    offer is shown and False returned (the caller draws what it can without it).
    """
    approved = st.session_state.setdefault(_APPROVED, set())
    if cost <= BUDGET or key in approved:
        return True
    offer = st.empty()
    with offer.container():
        st.info(
            T("budget.offer", n=T.count(cost), budget=T.count(BUDGET)),
            icon=":material/hourglass_empty:",
        )
        widget = "budget." + hashlib.sha256(key.encode()).hexdigest()[:16]
        pressed = st.button(T("budget.run"), key=widget, icon=":material/play_arrow:")
    if pressed:
        approved.add(key)
        offer.empty()
    return pressed


def progress(T, cost, units):
    """Run ``units`` (callables) in turn, under a progress bar when ``cost`` is past
    the budget (the work a button started), and return their results."""
    if cost <= BUDGET:
        return [unit() for unit in units]
    bar, out = st.progress(0.0), []
    for i, unit in enumerate(units):
        bar.progress(i / len(units), T("budget.progress", i=i + 1, n=len(units)))
        out.append(unit())
    bar.empty()
    return out
