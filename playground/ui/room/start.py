""" "Start a room", folded at the foot of the sidebar: a title, a button, two links.

It makes a room as ``python -m playground.room new`` does, with the default
tasks, and shows the participants' link (with its QR code) and the host's,
marked as secret. The links point at the address
the browser used, so they work on the network the host is on.
"""

import time

import streamlit as st

from playground.charts import slides
from playground.room import RoomsFull, RoomsUnavailable
from playground.room.ids import MAX_TITLE, clean_name
from playground.ui import link, state
from playground.ui.room.connection import call

AGAIN_AFTER = 30  # seconds before one session may start another room (a double click)


def sidebar(T):
    """The expander; open while it shows a room this session has made."""
    made = st.session_state.get(state.ROOM_MADE)
    with st.sidebar, st.expander(T("room.start.header"), icon=":material/groups:",
                                 expanded=made is not None):  # fmt: skip
        st.text_input(T("room.start.title"), key=state.ROOM_TITLE, max_chars=MAX_TITLE,
                      placeholder=T("room.start.placeholder"))  # fmt: skip
        if st.button(T("room.start.button"), key="room_start", icon=":material/add:"):
            made = _start(T) or made
        if made is not None:
            links(T, *made)


def _start(T):
    """Make the room; returns (code, token) or None, having said why not."""
    session = st.session_state
    title = clean_name(session.get(state.ROOM_TITLE) or "", MAX_TITLE)
    if not title:
        st.warning(T("room.start.no_title"))
        return None
    wait = session.get(state.ROOM_STARTED, 0) + AGAIN_AFTER - time.monotonic()
    if wait > 0:
        st.info(T("room.start.wait", seconds=max(1, round(wait))), icon=":material/timer:")
        return None
    try:
        created = call(lambda store: store.create(title))
    except RoomsFull:
        st.warning(T("room.start.full"), icon=":material/block:")
        return None
    except RoomsUnavailable:
        st.warning(T("room.unavailable"), icon=":material/cloud_off:")
        return None
    made = (created.room.code, created.token)
    session[state.ROOM_MADE], session[state.ROOM_STARTED] = made, time.monotonic()
    return made


def links(T, code, token):
    """The participants' link (and its QR code) and the host's, marked secret."""
    joined = invite(T, code)
    st.warning(T("room.start.secret"), icon=":material/key:")
    hosted = f"{joined}&host={token}"
    st.code(hosted, language=None, wrap_lines=True)
    st.link_button(T("room.start.open"), hosted, icon=":material/open_in_new:")


def invite(T, code):
    """The participants' link, and its QR code; returns the link."""
    joined = f"{link.base_url()}?room={code}"
    st.caption(T("room.start.participants", code=code))
    st.code(joined, language=None, wrap_lines=True)
    st.image(slides.qr_svg(joined), caption=T("room.start.qr"), width=200)
    return joined
