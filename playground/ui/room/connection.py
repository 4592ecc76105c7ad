"""The page's way to the rooms: one store per process, and a short memory of a
database that could not be used.

A database that is down costs every rerun a connect timeout (5 s for
PostgreSQL), so once it fails the page says so at once for ``DOWN_FOR``
seconds, then tries again.
"""

import logging
import time

import streamlit as st

from playground.room import RoomsUnavailable, open_store

DOWN_FOR = 30  # seconds
log = logging.getLogger(__name__)


class Health:
    """Until when (``time.monotonic``) the rooms are known to be unavailable, and why."""

    def __init__(self):
        self.until, self.reason = 0.0, ""


@st.cache_resource(show_spinner=False)
def health():
    """The process's one Health: a database down for one session is down for all."""
    return Health()


@st.cache_resource(show_spinner=False)
def store():
    """The process's one Store (its Engine and pool are shared by every session)."""
    return open_store()


def call(action):
    """``action(store)``: whatever it returns or raises.

    Raises
    ------
    RoomsUnavailable
        At once, while the rooms were found unavailable less than ``DOWN_FOR``
        seconds ago; else when ``action`` finds them so (it is then remembered).
    """
    known = health()
    if time.monotonic() < known.until:
        raise RoomsUnavailable(known.reason)
    try:
        return action(store())
    except RoomsUnavailable as error:
        known.until, known.reason = time.monotonic() + DOWN_FOR, str(error)
        log.warning("live rooms unavailable for the next %d s: %s", DOWN_FOR, error)
        raise
