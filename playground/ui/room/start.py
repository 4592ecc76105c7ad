""" "Start a room", folded at the foot of the sidebar: a title, a button, two links.

It makes a room as ``python -m playground.room new`` does, with the default
tasks, and shows the participants' link (with its QR code) and the host's,
marked as secret. The links point at the address
the browser used, so they work on the network the host is on.
"""

import ipaddress
import time

import streamlit as st

from playground.charts import slides
from playground.room import RoomsFull, RoomsTooSoon, RoomsUnavailable, UnknownRoom, config
from playground.room.ids import CODE_LENGTH, MAX_TITLE, clean_name, normalize_code
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
        created = call(lambda store: store.create(title, creator=client_address()))
    except RoomsTooSoon as error:
        st.info(T("room.start.wait", seconds=max(1, round(error.wait))), icon=":material/timer:")
        return None
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


def participants_link(code):
    """The link participants open: ``ROOMS_BASE_URL`` if set, else this page's address."""
    base = config.public_url() or link.base_url()
    return f"{base}{'' if base.endswith('/') else '/'}?room={code}"


def invite(T, code):
    """The participants' link, the code to type, and the QR code; returns the link.
    A link to localhost says plainly that no phone can open it, and what to do."""
    joined = participants_link(code)
    st.caption(T("room.start.participants", code=code))
    st.code(joined, language=None, wrap_lines=True)
    if config.is_local(joined):
        st.warning(T("room.start.localhost"), icon=":material/wifi_off:")
    st.image(slides.qr_svg(joined), caption=T("room.start.qr"), width=320)
    return joined


def join(T):
    """Outside a room: a "Room code" field, for a participant who types the code. It
    sits in the sidebar, so the page's first screen stays the chart (a projector's)."""
    with st.sidebar, st.expander(T("room.code.header"), icon=":material/login:"):
        with st.form("room_join", border=False, enter_to_submit=True):
            st.text_input(T("room.code.label"), key=state.ROOM_CODE,
                          max_chars=4 * CODE_LENGTH, placeholder="ABCD 1234",
                          help=T("room.code.help"))  # fmt: skip
            go = st.form_submit_button(T("room.code.button"), icon=":material/login:")
        if not go:
            return
        code = normalize_code(st.session_state.get(state.ROOM_CODE) or "")
        try:
            room = None if code is None else call(lambda store: store.room(code))
        except UnknownRoom:
            room = None
        except RoomsUnavailable:
            st.warning(T("room.unavailable"), icon=":material/cloud_off:")
            return
        if room is None:
            typed = st.session_state.get(state.ROOM_CODE) or ""
            st.warning(T("room.unknown", code=link.quoted(typed)), icon=":material/groups:")
            return
        link.go({"room": room.code, "lang": T.lang} if T.lang != "en" else {"room": room.code})
        st.rerun()


def client_address():
    """The client's address: the direct peer's, or, behind a proxy on this machine
    (nginx), the last address it added to X-Forwarded-For. A client's own
    X-Forwarded-For is trusted only from a loopback peer, so it cannot pose as many."""
    peer = st.context.ip_address or ""
    try:
        local = ipaddress.ip_address(peer).is_loopback
    except ValueError:
        local = not peer
    forwarded = st.context.headers.get("X-Forwarded-For") or ""
    if local and forwarded:
        return forwarded.split(",")[-1].strip()[:64]
    return peer[:64] or "unknown"
