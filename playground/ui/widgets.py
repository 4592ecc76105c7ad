"""Widgets built from the parameter table: its bounds, key, label and help.

Each widget's key is its parameter's link name. Its value lives in session
state (``link.read`` puts every parameter there before any widget exists), so
no widget is ever given a value it cannot hold, and the widget, the link and
the table agree.
"""

import streamlit as st

from playground.core.params import BY_LINK
from playground.ui.link import listed

__all__ = ["choice", "choices", "heading", "keep", "listed", "number", "text", "toggle"]


def keep(names):
    """Keep the values of the widgets ``names`` through a run that does not draw
    them: Streamlit forgets an undrawn widget's value, unless it is set anew."""
    for name in names:
        if name in st.session_state:
            st.session_state[name] = st.session_state[name]


def heading(title, where=None):
    """The open view's heading: an h2 for screen readers and the outline, kept
    out of sight (the view selector above already names the view), so the
    view's chart starts on a projector's first screen."""
    with (where or st).container(key="view_heading"):
        st.header(title)


def number(T, name, help_values=None, **kwargs):
    """A number input for the parameter whose link name is ``name``."""
    p = BY_LINK[name]
    return st.number_input(
        T(f"{p.text}.label"),
        min_value=p.low,
        max_value=p.high,
        step=p.step,
        format=p.format,
        key=p.link,
        help=T(f"{p.text}.help", **(help_values or {})),
        **kwargs,
    )


def toggle(T, name, **kwargs):
    """A switch for the boolean parameter ``name``."""
    p = BY_LINK[name]
    return st.toggle(T(f"{p.text}.label"), key=p.link, help=T(f"{p.text}.help"), **kwargs)


def text(T, name, **kwargs):
    """A text field for the parameter ``name`` (a list of rates)."""
    p = BY_LINK[name]
    return st.text_input(
        T(f"{p.text}.label"), key=p.link, max_chars=400, help=T(f"{p.text}.help"), **kwargs
    )


def choice(T, name, format_func, **kwargs):
    """A drop-down for the parameter ``name`` (one of its choices), each labelled
    by ``format_func``."""
    p = BY_LINK[name]
    return st.selectbox(
        T(f"{p.text}.label"),
        p.choices,
        key=p.link,
        format_func=format_func,
        help=T(f"{p.text}.help"),
        **kwargs,
    )


def choices(T, name, format_func, **kwargs):
    """A multiselect for the parameter ``name`` (some of its choices), each
    labelled by ``format_func``."""
    p = BY_LINK[name]
    return st.multiselect(
        T(f"{p.text}.label"),
        p.choices,
        key=p.link,
        format_func=format_func,
        help=T(f"{p.text}.help"),
        **kwargs,
    )
