"""The live room on the page: ``?room=CODE`` for a participant, ``&host=TOKEN`` for the host.

``show`` is the page's one call into the room. Without ``?room=`` (or with a
code no room has) it adds only "Start a room" at the foot of the sidebar. In
a room it draws a bordered box above the run: the room's title and task,
then the participant's name, answer and Submit button, or the host's
buttons, then the board, which looks again by itself (see ``live``).

Each task opens with its own settings once, through the link (see
``live.open_task``); a link that brings its own settings on arrival
(``?room=CODE&lr=0.0009``) keeps them.

Whatever goes wrong with the room (an unknown code, a database that cannot be
used) is a message in the box; the solo playground around it keeps working.
"""

import streamlit as st

from neuron.parameters import ENGINE
from playground.charts import board as boards
from playground.room import (
    Outcome,
    RoomsUnavailable,
    UnknownRoom,
    new_participant_id,
    normalize_code,
    prediction_entry,
    run_entry,
)
from playground.room.ids import MAX_NAME
from playground.ui import link, state, widgets
from playground.ui.room import live, start
from playground.ui.room.connection import call

SAVED = (Outcome.SAVED, Outcome.REPLACED)
ICON = ":material/groups:"


def show(T, outcome):
    """The room's part of the page, for the run ``outcome``.

    Returns
    -------
    bool
        False while the run must stay hidden: the task is a prediction that
        this participant has not made yet and the host has not revealed.
    """
    session = st.session_state
    code = session.get("room")
    if code is None:
        start.sidebar(T)
        refused = [raw for name, raw in session.get(state.NOTES, []) if name == "room"]
        if refused:  # a code no room can have: say so beside the link's own note
            st.warning(T("room.unknown", code=link.quoted(refused[0])), icon=ICON)
        return True
    try:
        return _room(T, outcome, normalize_code(code))  # in a room: no "Start a room"
    except UnknownRoom:
        st.warning(T("room.unknown", code=link.quoted(code)), icon=ICON)
    except RoomsUnavailable:
        st.warning(T("room.unavailable"), icon=":material/cloud_off:")
    start.sidebar(T)
    return True


def _room(T, outcome, code):
    session = st.session_state
    session["room"] = code  # the link keeps the code as the room spells it
    pid = session.setdefault(state.ROOM_PARTICIPANT, new_participant_id())
    token = _host_token(code)
    board = call(lambda store: store.board(code, viewer=pid, token=token))
    room = board.room
    live.open_task(room)
    mine = any(e.mine for e in board.entries)
    hidden = live.hides(room, token is not None) and not mine
    with st.container(border=True):
        _header(T, room, token)
        if room.closed is not None:
            st.info(T("room.closed"), icon=":material/lock:")
            return True
        if token is not None:
            live.host_controls(T, room, token)
        else:
            _form(T, room, outcome, hidden)
        session[state.ROOM_SEEN] = live.signature(room, mine, token is not None)
        session[state.ROOM_BOARD] = board  # read once: the board's fragment shows it
        live.board(T, code, pid, token)
    if hidden:
        st.info(T("room.hidden"), icon=":material/visibility_off:")
        widgets.keep((state.VIEW, *state.KEEP))  # the undrawn views' choices
    return not hidden


def _host_token(code):
    """The link's host token if it is this room's (checked once a session), else None."""
    session, token = st.session_state, st.session_state.get("host")
    if token is None:
        return None
    if session.get(state.ROOM_HOST) != (code, token):
        if not call(lambda store: store.is_host(code, token)):
            return None
        session[state.ROOM_HOST] = (code, token)
    return token


def _header(T, room, token):
    where = T("room.header", code=room.code, task=room.task + 1, count=len(room.tasks))
    if token is not None:
        where += " · " + T("room.host.badge")
    elif st.session_state.get("host") is not None:
        st.warning(T("room.not_host"), icon=":material/key_off:")
    st.caption(where)
    st.text(room.title)  # whoever made the room chose it: plain text, never markup
    st.markdown(f"**{room.current.question[boards.language(T, room.current)]}**")


@st.fragment
def _form(T, room, outcome, hidden):
    """The name, the answer and Submit. A fragment: typing a name or picking an
    answer reruns only this; a first prediction reruns the page, to show the run."""
    task = room.current
    name, answer = st.columns(2) if task.kind == "prediction" else (st.container(), None)
    name.text_input(
        T("room.name.label"), key=state.ROOM_NAME, max_chars=MAX_NAME, help=T("room.name.help")
    )
    if answer is not None:
        labels = boards.choice_labels(T, task)
        answer.radio(T("room.choice.label"), list(labels), index=None, key=state.ROOM_CHOICE,
                     format_func=labels.get)  # fmt: skip
    label = T(f"room.submit.{task.kind}")
    if st.button(label, key="room_submit", type="primary", icon=":material/send:"):
        try:  # a fragment's rerun runs only this: show() is not around it
            result = _submit(T, room, outcome)
        except (RoomsUnavailable, UnknownRoom):
            st.warning(T("room.unavailable"), icon=":material/cloud_off:")
            return
        if hidden and result in SAVED:  # the run, hidden until now, is the participant's
            st.session_state[state.ROOM_NOTE] = ("success", f"room.outcome.{result}", None)
            st.rerun()
    live.note(T)


def _submit(T, room, outcome):
    """Send this participant's prediction, or their run, and say what became of it."""
    session, task = st.session_state, room.current
    if task.kind == "prediction":
        choice = session.get(state.ROOM_CHOICE)
        if choice is None:
            st.warning(T("room.choose"))
            return None
        entry = prediction_entry(task, choice)
    else:
        s = outcome.settings
        values = {p.link: getattr(s, p.name) for p in ENGINE if p.link}
        entry = run_entry(task, values, outcome.run, outcome.reading.learned)
    result = call(
        lambda store: store.submit(
            room.code,
            room.task,
            participant=session[state.ROOM_PARTICIPANT],
            name=session.get(state.ROOM_NAME) or "",
            entry=entry,
        )
    )
    shown = st.success if result in SAVED else st.warning
    shown(T(f"room.outcome.{result}"))
    return result
