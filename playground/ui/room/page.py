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

import time

import streamlit as st

from neuron.parameters import ENGINE
from playground.charts import board as boards
from playground.room import (
    Outcome,
    RoomsUnavailable,
    UnknownRoom,
    clean_name,
    new_participant_id,
    normalize_code,
    prediction_entry,
    run_entry,
)
from playground.room.ids import MAX_NAME, check_participant
from playground.ui import link, state, widgets
from playground.ui.room import live, start
from playground.ui.room.connection import call

SAVED = (Outcome.SAVED, Outcome.REPLACED)
HANDED_FOR = 2.0  # seconds a board read by the look stays fresh for the rerun it asks for
ICON = ":material/groups:"


def show(T, outcome):
    """The room's part of the page, for the run ``outcome``.

    Returns
    -------
    bool
        False while the run must stay hidden: the task is a prediction the
        host has not revealed (the run would give the answer away, before a
        first vote and between two).
    """
    session = st.session_state
    code = session.get("room")
    session[state.ROOM_QUIET] = False
    if code is None:
        start.join(T)
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


def quiet():
    """Whether the page is in a live room: the reading then says what the run did,
    not what to try. "Try the rate 0.00118…: both learned by iteration 1,9…" is
    the bias task's answer, and shows on the task before it too."""
    return bool(st.session_state.get(state.ROOM_QUIET))


def participant():
    """Whether this page is a room participant's: a room code, and no host token
    (in the link, or kept from an earlier run) for it. Known before ``show``,
    for the sidebar; a code no room has counts too, until the page says so."""
    session = st.session_state
    code = normalize_code(session.get("room"))
    if code is None or session.get("host") is not None:
        return False
    kept = session.get(state.ROOM_HOST)
    return kept is None or kept[0] != code


def _room(T, outcome, code):
    session = st.session_state
    session["room"] = code  # the link keeps the code as the room spells it
    token = _host_token(code)
    pid = _participant(code, token)
    board = _handed(code) or call(lambda store: store.board(code, viewer=pid, token=token))
    room = board.room
    session[state.ROOM_QUIET] = True  # the tasks are the room's to find, the next one too
    live.open_task(room)
    host, present = token is not None, bool(session.get("present"))
    hidden = live.hides(room, host)
    if host and present:  # the projector: the board, large, and never the run
        session[state.ROOM_SEEN] = live.signature(room)
        session[state.ROOM_BOARD] = board
        live.projector(T, room, token)
        widgets.keep((state.VIEW, *state.KEEP))
        return False
    with st.container(border=True):
        _header(T, room, token)
        if room.closed is not None:
            st.info(T("room.closed"), icon=":material/lock:")
            return True
        if host:
            live.host_controls(T, room, token)
        else:
            first = next((e.entry.get("choice") for e in board.first if e.mine), None)
            _form(T, room, outcome, first)
        session[state.ROOM_SEEN] = live.signature(room)
        session[state.ROOM_BOARD] = board  # read once: the board's fragment shows it
        live.board(T, code, pid, token)
    if hidden:
        st.info(
            T("room.hidden.run.host" if host else "room.hidden"), icon=":material/visibility_off:"
        )
        widgets.keep((state.VIEW, *state.KEEP))  # the undrawn views' choices
    return not hidden


def _handed(code):
    """The board the board's look has just read, when it found the room moved on and
    reran the page: this run takes it rather than reading it again (a move reruns
    every participant's page at about the same time). Taken once, and only fresh."""
    handed = st.session_state.pop(state.ROOM_HANDED, None)
    if handed is not None and handed[0] == code and time.monotonic() - handed[1] < HANDED_FOR:
        return handed[2]
    return None


def _participant(code, token):
    """This person's id in the room: the link's ``me`` (a reload, a restart), else new.

    A participant's id stays in their link from then on; the name they typed
    comes back from the room with it."""
    session = st.session_state
    pid = session.get("me")
    try:
        check_participant(pid)
    except ValueError:
        pid = session.get(state.ROOM_PARTICIPANT) or new_participant_id()
    session[state.ROOM_PARTICIPANT] = pid
    if token is not None:
        session["me"] = None  # the host's screen may be shared: no id in its link
        return pid
    session["me"] = pid
    if not session.get(state.ROOM_NAME):
        known = call(lambda store: store.member(code, pid))
        if known:
            session[state.ROOM_NAME] = known
            session[state.ROOM_JOINED] = (code, pid, known, known)
    return pid


def _host_token(code):
    """The host token for this room, if this session holds one, else None.

    The link's token is checked once, then kept in the session and taken out
    of the address bar (and so out of logs, Referer headers and shoulder-surfed
    screens): the session is the host from then on. The browser tab keeps it
    too (``_KEEP_HOST``), so that a reload, or the new session a server
    restart brings, is still the host's."""
    session, token = st.session_state, st.session_state.get("host")
    if token is not None:
        session["host"] = None  # the next write of the link leaves it out
        if call(lambda store: store.is_host(code, token)):
            session[state.ROOM_HOST] = (code, token)
        else:
            session[state.ROOM_NOTE] = ("warning", "room.not_host", None)
    kept = session.get(state.ROOM_HOST)
    held = kept[1] if kept is not None and kept[0] == code else None
    found = _KEEP_HOST(data={"code": code, "token": held}, key="room_keep_host", height=0,
                       on_token_change=lambda: None)  # fmt: skip
    back = found.get("token") if held is None else None
    if isinstance(back, str) and back and call(lambda store: store.is_host(code, back)):
        session[state.ROOM_HOST], held = (code, back), back
    return held


# The host's browser tab keeps the room's host token in its sessionStorage (this
# tab only, never in the address bar or a request), and hands it back to a new
# session that lacks it: after a reload, or a server restart.
_KEEP_HOST = st.components.v2.component(
    "room_keep_host",
    js="""export default function({ data, setStateValue }) {
  const name = "playground-room-host-" + data.code;
  if (data.token) {
    sessionStorage.setItem(name, data.token);
    return;
  }
  const kept = sessionStorage.getItem(name);
  if (kept) setStateValue("token", kept);
}""",
)


def _header(T, room, token):
    where = T("room.header", code=room.code, task=room.task + 1, count=len(room.tasks))
    if token is not None:
        where += " · " + T("room.host.badge")
    elif st.session_state.get(state.ROOM_NOTE, (None, None))[1] == "room.not_host":
        st.warning(T("room.not_host"), icon=":material/key_off:")
        st.session_state.pop(state.ROOM_NOTE)
    st.caption(where)
    st.text(room.title)  # whoever made the room chose it: plain text, never markup
    st.markdown(f"**{room.current.question[boards.language(T, room.current)]}**")


@st.fragment
def _form(T, room, outcome, first=None):
    """The name, the answer and Submit. A fragment: typing a name or picking an
    answer reruns only this. In a second round the answer starts at ``first``,
    the participant's first vote, which they may keep or change."""
    task = room.current
    name, answer = st.columns(2) if task.kind == "prediction" else (st.container(), None)
    name.text_input(
        T("room.name.label"), key=state.ROOM_NAME, max_chars=MAX_NAME, help=T("room.name.help")
    )
    shown = _join(room.code)
    if shown and shown != clean_name(st.session_state.get(state.ROOM_NAME) or ""):
        name.caption(T("room.name.shown", name=shown))
    if room.locked():  # after the reveal: nothing more is counted
        st.info(T("room.locked"), icon=":material/lock:")
        live.note(T)
        return
    if answer is not None:
        labels = boards.choice_labels(T, task)
        _second_round(T, room, labels, first)
        answer.radio(T("room.choice.label"), list(labels), index=None, key=state.ROOM_CHOICE,
                     format_func=labels.get)  # fmt: skip
    label = T(f"room.submit.{task.kind}")
    if st.button(label, key="room_submit", type="primary", icon=":material/send:"):
        try:  # a fragment's rerun runs only this: show() is not around it
            _submit(T, room, outcome)
        except (RoomsUnavailable, UnknownRoom):
            st.warning(T("room.unavailable"), icon=":material/cloud_off:")
            return
    live.note(T)


def _second_round(T, room, labels, first):
    """In a second round: say so, with the participant's first vote, and put that
    vote in the field once (before the radio is drawn), to keep or change."""
    if room.round() != 2:
        return
    session, here = st.session_state, (room.code, room.task, room.round())
    if session.get(state.ROOM_ROUND) != here:
        session[state.ROOM_ROUND] = here
        if first in labels:
            session[state.ROOM_CHOICE] = first
    st.info(T("room.round2"), icon=":material/forum:")
    if first in labels:
        st.markdown(T("room.mine.first", choice=labels[first]))


def _join(code):
    """Record the typed name as joined (once per name); returns the name as the room
    shows it ("Sam (2)"), or None."""
    session = st.session_state
    pid, typed = session[state.ROOM_PARTICIPANT], session.get(state.ROOM_NAME) or ""
    if not clean_name(typed):
        return None
    joined = session.get(state.ROOM_JOINED)
    if joined is not None and joined[:2] == (code, pid) and joined[3:] == (typed,):
        return joined[2]
    try:
        shown = call(lambda store: store.join(code, pid, typed))
    except (RoomsUnavailable, UnknownRoom):
        return None
    session[state.ROOM_JOINED] = (code, pid, shown, typed)
    return shown


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
    if result == Outcome.OFF_TASK:
        fixed = ", ".join(f"{k} = {v}" for k, v in task.settings.items() if k not in task.controls)
        st.warning(T("room.outcome.off_task", controls=", ".join(task.controls), fixed=fixed))
    else:
        shown(T(f"room.outcome.{result}"))
    return result
