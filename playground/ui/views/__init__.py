"""The views' modules, one per entry of the registry ``playground.core.views``.

``render`` draws the one a name picks; each module's ``render(T, outcome,
present)`` draws its view.
"""

import importlib

import streamlit as st

from playground.core.views import BY_NAME, NAMES, VIEWS, View
from playground.ui import heavy

__all__ = ["BY_NAME", "NAMES", "VIEWS", "View", "render"]


def render(name, T, outcome, present):
    """Draw the view called ``name``; a heavy one, or one comparing optimizers,
    takes a heavy-work ticket (``ui.heavy``), and says so if none comes in time."""
    view = BY_NAME[name]
    comparing = view.compares and bool(st.session_state.get("compare"))
    try:
        with heavy.ticket(view.heavy or comparing):
            importlib.import_module(f"{__name__}.{name}").render(T, outcome, present)
    except heavy.Busy:
        st.warning(T("busy"), icon=":material/hourglass_top:")
