"""The room's board, live (it looks again by itself), and the host's buttons.

The board is a fragment (``st.fragment(run_every=...)``): only it reruns on
its timer, every ``HOST_REFRESH`` seconds for the host and ``REFRESH`` for a
participant (each look costs the server a script run, and sixty participants
look far more often than one host). When the room has moved on (another task,
a reveal, the room closed) it reruns the whole page, having put the new task's
settings in the link.

The host sees every entry as it comes; a participant sees their own, and
everyone's once the host reveals the task. A prediction's answers are a
histogram, shown only after the reveal, beside the answer the engine computes;
runs are a strip of rates against the critical rate, and a leaderboard.
"""

import math
import time
from datetime import UTC, datetime
from urllib.parse import parse_qsl

import pandas as pd
import streamlit as st

from neuron.parameters import ENGINE
from playground.charts import board as boards
from playground.charts import slides
from playground.charts.base import to_vega_lite
from playground.charts.figures_optimizers import MARKER, regimes
from playground.core import params
from playground.core.settings import Settings
from playground.core.text import text
from playground.room import NotHost, RoomClosed, RoomsUnavailable, UnknownRoom
from playground.ui import cache, link, state
from playground.ui.room import start
from playground.ui.room.connection import call

HOST_REFRESH, REFRESH = 2, 4  # seconds between two looks at the board: the host's, others'


def hides(room, host):
    """Whether the task hides the run: from the host (whose screen is on the
    projector) every task until its reveal; from a participant a prediction,
    until the host reveals it, even once they have voted: the host may ask the
    room to discuss and vote again, and the run would settle the discussion."""
    if host:
        return room.task not in room.revealed
    return room.current.kind == "prediction" and room.task not in room.revealed


def signature(room):
    """What of the room decides the rest of the page: the task, its round, whether
    it is revealed, whether the room is closed. (A participant's own vote does
    not: the run stays hidden until the reveal, so their page need not rerun.)"""
    return room.task, room.round(), room.task in room.revealed, room.closed is not None


def open_task(room):
    """Open the room's current task with its settings, once per task, as a link would:
    make the task's query the page's link and rerun, for ``link.read`` to apply."""
    session, here = st.session_state, (room.code, room.task)
    before = session.get(state.ROOM_TASK)
    if before == here:
        return
    session[state.ROOM_TASK] = here
    session.pop(state.ROOM_CHOICE, None)
    if (before is None or before[0] != room.code) and any(
        p.link in st.query_params for p in ENGINE if p.link
    ):
        return  # arriving with settings of one's own (?room=CODE&lr=0.0009): keep them
    kept = {p.link: session.get(p.link) for p in params.PAGE if p.link != "step"}
    query = {**link.query_of(kept), **dict(parse_qsl(room.current.query))}
    if query != {name: st.query_params[name] for name in st.query_params}:
        link.go(query)
        st.rerun()


def host_controls(T, room, token):
    """Previous, Next, Reveal, the countdown, Clear (confirmed), Invite and Export:
    each goes through the store with the token."""
    with st.container(horizontal=True):
        for action, icon, disabled in _moves(room):
            st.button(T(f"room.{action}"), key=f"room_{action}", icon=icon, disabled=disabled,
                      help=T(f"room.{action}.help"), on_click=_act,
                      args=(action, room.code, token))  # fmt: skip
        countdown_controls(T, room, token)
        with st.popover(T("room.clear"), icon=":material/delete_sweep:", key="room_clear_menu"):
            st.markdown(T("room.clear.confirm", n=room.task + 1))
            st.button(T("room.clear.yes"), key="room_clear", type="primary",
                      help=T("room.clear.help"), on_click=_act,
                      args=("clear", room.code, token))  # fmt: skip
        with st.popover(T("room.invite"), icon=":material/qr_code_2:", key="room_invite"):
            start.invite(T, room.code)  # the participants' link only: the screen may be shared
    note(T)


def export_button(T, code, token):
    """Export CSV, on the host's board: the record as it is now.

    The file is built before the click, and again only when the record moves
    (``Store.record_mark``), so its address holds while its content does: a
    file built on click is stored under an address no session holds, which
    Streamlit drops two clean-ups later, any session's, and in a busy room
    that came before the browser fetched it (a download of nothing)."""
    session = st.session_state
    try:
        here = (code, call(lambda store: store.record_mark(code)))
    except (RoomsUnavailable, UnknownRoom):
        return
    kept = session.get(state.ROOM_EXPORT)
    if kept is None or kept[0] != here:
        kept = session[state.ROOM_EXPORT] = (here, _export(code, token))
    st.download_button(T("room.export"), data=kept[1], file_name=f"room-{code}.csv",
                       mime="text/csv", key="room_export", icon=":material/download:",
                       help=T("room.export.help"), on_click="ignore")  # fmt: skip


def _moves(room):
    """The host's buttons that move the room: (action, icon, disabled). A prediction
    adds "Discuss and vote again", once, before its reveal."""
    found = [
        ("previous", ":material/skip_previous:", room.task == 0),
        ("next", ":material/skip_next:", room.task == len(room.tasks) - 1),
        ("reveal", ":material/visibility:", room.task in room.revealed),
    ]
    if room.current.kind == "prediction":
        done = room.round() == 2 or room.task in room.revealed
        found.append(("revote", ":material/forum:", done))
    return found


def countdown_controls(T, room, token):
    """Start the task's countdown (its ``minutes``), add a minute, or skip it."""
    running = room.deadline is not None
    for action, icon in (("start", ":material/timer:"), ("extend", ":material/more_time:"),
                         ("skip", ":material/timer_off:")):  # fmt: skip
        if (action == "start") == running:
            continue
        st.button(T(f"room.timer.{action}", minutes=room.current.minutes or 5),
                  key=f"room_timer_{action}", icon=icon, on_click=_act,
                  args=(action, room.code, token))  # fmt: skip


def _export(code, token):
    try:
        return call(lambda store: store.export_csv(code, token))
    except (RoomsUnavailable, UnknownRoom, NotHost):
        return ""


def remaining(room, now):
    """The countdown as m:ss, "0:00" once it has ended, or None when not started."""
    if room.deadline is None:
        return None
    seconds = max(0, math.ceil((room.deadline - now).total_seconds()))
    return f"{seconds // 60}:{seconds % 60:02d}"


def projector(T, room, token):
    """The host's board for a projector (``present=true``): the question, the join
    code and QR code large, "N of M answered" and the countdown; after the
    reveal the answers, the answer and the leaderboard. No run, no sidebar."""
    lang = boards.language(T, room.current)
    question, join = st.columns([3, 1], vertical_alignment="top")
    with question:
        st.caption(T("room.header", code=room.code, task=room.task + 1, count=len(room.tasks)))
        st.markdown(f"### {room.current.question[lang]}")
        with st.container(horizontal=True):
            for action, icon, disabled in _moves(room):
                st.button(T(f"room.{action}"), key=f"room_{action}", icon=icon,
                          disabled=disabled, on_click=_act,
                          args=(action, room.code, token))  # fmt: skip
            countdown_controls(T, room, token)
        note(T)
        _hosts_board(T, room.code, None, token)
    with join:
        st.markdown(f"## {T('room.code.join')}\n# `{room.code}`")
        st.image(slides.qr_svg(start.participants_link(room.code)), width="stretch")


def note(T):
    """The last action's result, once: a host's button, or a Submit that reran the page."""
    found = st.session_state.pop(state.ROOM_NOTE, None)
    if found is not None:
        level, key, count = found
        getattr(st, level)(T(key, n=T.count(count)) if count is not None else T(key))


def _act(action, code, token):
    """A host button's click, before the page reruns; its result is kept as a note."""
    result = None
    try:
        if action == "next":
            call(lambda store: store.next_task(code, token))
        elif action == "previous":
            call(lambda store: store.previous_task(code, token))
        elif action in ("start", "extend", "skip"):
            call(lambda store: store.countdown(code, token, action))
        elif action == "reveal":
            call(lambda store: store.reveal(code, token))
        elif action == "revote":
            call(lambda store: store.revote(code, token))
        else:
            gone = call(lambda store: store.clear(code, token))
            result = ("info", "room.cleared", gone)
    except RoomClosed:
        result = ("warning", "room.closed", None)
    except ValueError:  # the room moved on to a run since this page was drawn
        result = ("warning", "room.revote.run", None)
    except (NotHost, UnknownRoom):
        result = ("warning", "room.not_host", None)
    except RoomsUnavailable:
        result = ("warning", "room.unavailable", None)
    if result is not None:
        st.session_state[state.ROOM_NOTE] = result


def board(T, code, viewer, token):
    """The current task's entries as ``viewer`` (or the host, with ``token``) may
    see them, looking again by itself."""
    (_hosts_board if token is not None else _board)(T, code, viewer, token)


def _look(T, code, viewer, token):
    try:  # a full run has read the board already; a look on the timer reads it again
        found = st.session_state.pop(state.ROOM_BOARD, None) or call(
            lambda store: store.board(code, viewer=viewer, token=token)
        )
    except (RoomsUnavailable, UnknownRoom):
        st.warning(T("room.unavailable"), icon=":material/cloud_off:")
        return
    mine = [e for e in found.entries if e.mine]
    seen = signature(found.room)
    if seen != st.session_state.get(state.ROOM_SEEN):
        # the page's full run takes this board as it is (read a moment ago), not anew
        st.session_state[state.ROOM_HANDED] = (found.room.code, time.monotonic(), found)
        open_task(found.room)  # a new task: its settings in the link, then a rerun
        st.rerun()  # the room moved on: the whole page follows
    task = found.room.tasks[found.task]
    revealed = found.task in found.room.revealed
    if token is not None and viewer is not None:  # the host's page (the projector has no id)
        export_button(T, code, token)
    _progress(T, found, token is not None)
    if task.kind == "prediction":
        _predictions(T, task, found, token is not None, revealed, mine)
    else:
        _runs(T, task, found, token is not None, revealed, mine)


_hosts_board = st.fragment(_look, run_every=HOST_REFRESH)
_board = st.fragment(_look, run_every=REFRESH)


def _predictions(T, task, found, host, revealed, mine):
    lang = boards.language(T, task)
    chosen = boards.choice_labels(T, task)
    if mine:
        st.markdown(T("room.mine.prediction", choice=chosen[mine[0].entry["choice"]]))
    if not revealed:
        if host and found.round == 2:
            st.info(T("room.round2.host"), icon=":material/forum:")
        _count(T, found, host)
        if host and found.entries:  # who has answered, not what: that waits for the reveal
            _table(T, [(e.name,) for e in found.entries], ("room.col.name",))
        return
    answer = task.reveal()
    if found.round == 2:
        _shift(T, task, found, lang, answer.choice)
    else:
        frame = boards.answers_frame(task, found.entries, lang, answer.choice)
        rows = tuple(frame[["label", "count", "right"]].itertuples(index=False, name=None))
        st.vega_lite_chart(spec=_answers_spec(rows, T.lang, T.level), width="stretch")
    st.success(T("room.answer", choice=chosen[answer.choice]), icon=":material/check_circle:")
    st.markdown(boards.explanation(T, task, answer))
    if found.round == 2:
        rows = boards.both_votes(found.first, found.entries, chosen)
        _table(T, rows, ("room.col.name", "room.col.first", "room.col.second"))
        return
    _table(T, [(e.name, chosen.get(e.entry.get("choice"), "—")) for e in found.entries],
           ("room.col.name", "room.col.choice"))  # fmt: skip


def _shift(T, task, found, lang, answer):
    """Both rounds, after the reveal: the paired bars, and how the answers moved."""
    frame = boards.shift_frame(task, found.first, found.entries, lang, answer)
    rows = tuple(frame.itertuples(index=False, name=None))
    moved = tuple(boards.moves(task, found.entries, lang))
    st.markdown(f"**{T('room.shift.header')}**")
    st.vega_lite_chart(spec=_shift_spec(rows, moved, T.lang, T.level), width="stretch")
    if moved:
        _table(T, [(a, b, T.count(n)) for a, b, n in moved],
               ("room.col.first", "room.col.second", "room.col.count"))  # fmt: skip


def _runs(T, task, found, host, revealed, mine):
    if mine:  # one's own run only: every look before the reveal draws this line
        own = boards.runs_frame(mine[:1]).iloc[0]
        st.markdown(T("room.mine.run", rate=boards.rate_text(T, own["rate"]),
                      verdict=boards.verdict_text(T, own["verdict"], own["blew_up"])))  # fmt: skip
    if not revealed:  # nothing on the host's screen tells where the rates fall
        _count(T, found, host)
        if host and found.entries:
            _table(T, [(e.name,) for e in found.entries], ("room.col.name",))
        return
    frame = boards.runs_frame(found.entries)
    frame = frame.assign(momentum=boards.class_frame(found.entries)["momentum"])
    st.caption(T("room.count", n=T.count(len(frame))))
    if len(frame):
        points = tuple(frame[["rate", "verdict"]].itertuples(index=False, name=None))
        data = Settings.from_values(task.settings).data_only()
        st.vega_lite_chart(spec=_rates_spec(points, data, T.lang, T.level), width="stretch")
        st.markdown(T(f"room.leaderboard.{task.answer}"))
        best = boards.leaderboard_rows(T, boards.leaderboard(task, frame))
        _table(T, best, ("room.col.name", "room.col.rate", "room.col.verdict", "room.col.learned"))
    if revealed:
        answer = task.reveal()
        rates = tuple(frame["rate"])  # the thresholds put every submitted rate on its side
        st.success(boards.explanation(T, task, answer, rates), icon=":material/check_circle:")
    if len(frame):  # the class on the stability map: where the room's own edge lies
        dots = tuple(frame[["rate", "momentum", "verdict"]].itertuples(False, None))
        st.markdown(f"**{T('room.map.header')}**")
        st.caption(T("room.map.caption"))
        spec = _class_spec(dots, Settings.from_values(task.settings), T.lang, T.level)
        you = boards.you_frame(frame, T("map.you"))  # one chart for all, each their own marker
        spec = {**spec, "datasets": {**spec["datasets"], MARKER: you}}
        st.vega_lite_chart(spec=spec, width="stretch")


def _count(T, found, host):
    """How many entries there are, and that the rest wait for the reveal."""
    if host:
        st.caption(T("room.count", n=T.count(len(found.entries))) + " · " + T("room.hidden.host"))
        if found.waiting:
            st.caption(T("room.missing", names=", ".join(found.waiting)))
    else:
        st.caption(T("room.waiting", n=T.count(len(found.entries) + found.hidden)))


def _progress(T, found, host):
    """ "N of M answered" and the countdown, if the host has started it."""
    answered = T("room.answered", n=T.count(found.answered), m=T.count(found.joined))
    left = remaining(found.room, datetime.now(UTC))
    if left is not None:
        key = "room.timer.left" if left != "0:00" else "room.timer.up"
        answered += " · " + T(key, left=left)
    st.markdown(f"**{answered}**")


# Every participant's look asks for the same chart: each is built once per content.


@cache.cached(64)
def _answers_spec(rows, lang, level):
    """The histogram of ``rows`` (label, count, right) as Vega-Lite, described."""
    T, frame = text(lang, level), pd.DataFrame(rows, columns=["label", "count", "right"])
    labels = {"count": T("room.col.count"), "choice": T("room.col.choice")}
    chart = boards.answers_chart(frame, labels)
    return to_vega_lite(chart, description=boards.describe_answers(T, frame), lang=lang)


@cache.cached(64)
def _rates_spec(points, data, lang, level):
    """The strip of ``points`` (rate, verdict) against the bowl of ``data``, described."""
    T, frame = text(lang, level), pd.DataFrame(points, columns=["rate", "verdict"])
    bowl = cache.bowl_of(data)
    chart = boards.rates_chart(frame, bowl, boards.rates_labels(T))
    return to_vega_lite(chart, description=boards.describe_rates(T, frame, bowl), lang=lang)


@cache.cached(64)
def _shift_spec(rows, moved, lang, level):
    """Both rounds' bars of ``rows`` (choice, label, round, count, right), described
    with ``moved`` (from, to, count)."""
    T = text(lang, level)
    frame = pd.DataFrame(rows, columns=["choice", "label", "round", "count", "right"])
    labels = {"count": T("room.col.count"), "choice": T("room.col.choice"),
              "round1": T("room.round", round=1), "round2": T("room.round", round=2)}  # fmt: skip
    chart = boards.shift_chart(frame, labels)
    return to_vega_lite(chart, description=boards.describe_shift(T, frame, moved), lang=lang)


@cache.cached(32)
def _class_spec(dots, settings, lang, level):
    """The stability map of ``settings``' data with ``dots`` (rate, μ, verdict) on
    it, described; its marker reads the dataset ``MARKER``."""
    T = text(lang, level)
    frame = pd.DataFrame(dots, columns=["rate", "momentum", "verdict"])
    labels = boards.rates_labels(T)
    labels.update(momentum=T("map.momentum"), regime=T("strip.zone"), edge=T("map.critical"),
                  you=T("map.you"), runs=T("room.map.runs"))  # fmt: skip
    chart, drawn = boards.class_map(cache.outcome_of(settings), frame, labels, regimes(T), MARKER)
    description = boards.describe_class(T, frame, drawn.edge)
    return to_vega_lite(chart, description=description, lang=lang)


def _table(T, rows, keys):
    """Rows of plain text cells (names among them: never markup) under translated headers."""
    frame = pd.DataFrame(rows, columns=[T(k) for k in keys])
    st.dataframe(frame, hide_index=True, width="stretch")
