"""Every key the page keeps in ``st.session_state``, each with what it holds.

Widgets that a link can set use their parameter's link name as their key
(``lr``, ``iterations``, ``w0``, …; see ``playground.params``), so their
values are in session state under those names too. The rest are here.
"""

from neuron.parameters import BY_NAME, GROUPS

VIEW = "view"
"""The open view's stable name (the view selector's own key)."""

LINK = "link.written"
"""The query the page last wrote to the address bar; present once the
session's opening link has been read."""

NOTES = "link.notes"
"""What the last link read asked for that the page could not apply:
a list of (link name, raw text), shown until the next link is read."""

PRESET = "preset"
"""The preset applied last, with the settings it made; dropped once the
settings no longer match it, so its caption cannot go stale."""

RATE_STOP = "lr.stop"
"""The logarithmic rate slider's position: the stop nearest the exact rate."""

FULL_RANGE = "lr.full"
"""Whether the rate slider spans every rate (10⁻⁸ … 10) rather than the three
decades around the data's critical rate."""

KEEP = ("sweep", "log", "sample", "step", "compare")
"""Widgets that only some views draw. Streamlit forgets a widget's value in a
run that does not draw it, so the page keeps these across views."""

OPTIMIZER = tuple(BY_NAME[name].link for name in GROUPS["optimizer"])
"""The optimizer and its hyper-parameters: the sidebar draws each only where it
applies (and none in beginner mode), so it keeps their values meanwhile, as
a link or a preset set them."""

SAMPLING = tuple(BY_NAME[name].link for name in GROUPS["sampling"])
"""The batch size and the seed of its draws: the seed is drawn only with a
batch size, so its value is kept meanwhile."""
PASTE = "data.paste"
"""The text pasted into "Paste two columns (x, y)"; a link's data= fills it in."""

UPLOAD = "data.upload"
"""The file uploader (its file, if any, wins over the pasted text)."""

COLUMNS = "data.columns"
"""Prefix of the x and y column choices, with the table's digest after it: a new
table gets new choices, starting from the columns read_table picked."""

SAMPLE_ROW = "data.sample"
"""The Math view's sample, by its row, for data that is not the article's."""

DATA = ("dataset", "data", PASTE)
"""The data source and the person's data: kept through runs that do not draw the
data section (beginner mode)."""

STEP_FOR = "step.for"
"""The settings the scrubber's iteration belongs to: a new run moves it to its
end, while the first run of a link keeps the iteration the link asked for."""

FOLD_SIDEBAR = "sidebar.fold"
"""Set by a preset: on a phone the sidebar covers the results, so it folds away
once, after the click."""

# ---- the live room (``?room=CODE``; see playground/room/page.py) -------------------------

ROOM_PARTICIPANT = "room.participant"
"""This browser session's random id in rooms (never in the link)."""

ROOM_NAME = "room.name"
"""The "Your name" field."""

ROOM_CHOICE = "room.choice"
"""The prediction picked for the current task; emptied when the task changes."""

ROOM_TASK = "room.task"
"""(code, task) whose settings the page last opened, so each task opens them once."""

ROOM_SEEN = "room.seen"
"""What the last full run showed of the room; the board's timer reruns the page when it changes."""

ROOM_BOARD = "room.board"
"""The board a full run has just read, handed to the board's fragment in that run only."""

ROOM_HANDED = "room.handed"
"""(code, time.monotonic(), board) the board's look read when it found the room
moved on: the full run it asks for takes that board rather than reading it again."""

ROOM_HOST = "room.host"
"""(code, token) found to be the room's host, so the check is made once a session."""

ROOM_NOTE = "room.note"
"""The last room action's result, shown once after its rerun: (level, catalogue key, count)."""

ROOM_TITLE = "room.title"
"""The "Start a room" title field."""

ROOM_MADE = "room.made"
"""The room this session started: (code, token), to show its two links."""

ROOM_STARTED = "room.started"
"""When this session last made a room (``time.monotonic``): one every 30 seconds."""

ROOM_JOINED = "room.joined"
"""(code, participant, name) last recorded as joined, so typing is sent once."""

ROOM_CODE = "room.code"
"""The "Room code" field outside a room: a participant types the 8 symbols."""

ROOM_ROUND = "room.round"
"""(code, task, round) whose vote the prediction field was last set for: a second
round opens with the participant's first vote in it."""

ROOM_QUIET = "room.quiet"
"""Whether this run is in a live room (the reading gives no advice: it may be an answer)."""

ROOM_EXPORT = "room.export"
"""((code, record mark), CSV text): the host's export, rebuilt when the record moves."""

ROOM_CONFIRM = "room.confirm"
"""The "Yes, clear" check in Clear's confirmation."""
