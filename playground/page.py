"""Page-wide pieces: the language, the view selector and the link write-back."""

from pathlib import Path

import streamlit as st

from playground import link, player, state
from playground.params import TABLE
from playground.text import CATALOGUES, LANGUAGES, Text
from playground.views import BY_NAME, NAMES

ICON = Path(__file__).with_name("assets") / "neuron.svg"  # local: a Material icon is fetched


def language():
    """The language selector (``lang`` in a link); returns its catalogue."""
    with st.sidebar:
        lang = st.segmented_control(
            CATALOGUES["en"]["sidebar.language"],  # "Language · Idioma" reads in both
            LANGUAGES,
            key="lang",
            required=True,
            format_func=lambda code: CATALOGUES[code]["language.name"],
        )
    T = Text(lang)
    st.set_page_config(page_title=T("page.title"))
    return T


def view_selector(T):
    """The views, one button each; returns the open one's name (``view`` in a link)."""
    for name in state.KEEP:  # keep what the other views' widgets hold
        if name in st.session_state:
            st.session_state[name] = st.session_state[name]
    return st.segmented_control(
        T("view.label"),
        NAMES,
        key=state.VIEW,
        required=True,
        format_func=lambda name: f"{BY_NAME[name].icon} {T(f'view.{name}')}",
        label_visibility="collapsed",
        width="stretch",
    )


def write_link(outcome):
    """Put the page's settings in the address bar, leaving out every default."""
    values = {p.link: st.session_state.get(p.link) for p in TABLE}
    values["step"] = player.inspected(outcome)
    link.write(values, defaults={"step": outcome.run.last})
