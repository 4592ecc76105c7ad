"""The page's costly work, done once and shared by every session.

Bounded caches keyed by hashable settings, through Streamlit's public API.
Everything cached is read-only: arrays are frozen and charts are only ever
drawn, so sharing them across sessions is safe.
"""

import streamlit as st

from playground import analysis, charts, figures, frames
from playground.text import text


@st.cache_resource(max_entries=16, show_spinner=False)
def outcome_of(settings):
    """The run for ``settings`` and everything read off it."""
    return analysis.analyse(settings)


@st.cache_resource(max_entries=64, show_spinner=False)
def sweep_curve(settings, rate):
    """One line of the rate comparison: the loss over iterations at ``rate``."""
    return frames.loss_curve(settings, rate)


@st.cache_resource(max_entries=256, show_spinner=False)
def chart_spec(kind, settings, lang, *extra):
    """A chart as Vega-Lite with its data as frames, built once per distinct view."""
    if kind == "sweep":  # the sweep's runs come from their own cache
        extra = (figures.sweep_curves(settings, extra[0], curve=sweep_curve),)
    chart = figures.BUILDERS[kind](outcome_of(settings), text(lang), *extra)
    return charts.to_vega_lite(chart)


@st.cache_resource(max_entries=64, show_spinner=False)
def player_data(settings, lang):
    """The animation's frames and words for ``settings`` in ``lang``."""
    return figures.player_data(outcome_of(settings), text(lang))


def show(kind, settings, T, *extra):
    """Draw the chart ``kind`` (a key of ``figures.BUILDERS``) for ``settings``."""
    st.vega_lite_chart(spec=chart_spec(kind, settings, T.lang, *extra), width="stretch")
