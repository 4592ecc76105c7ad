"""The live room: a host hands out one link, participants submit, all see a board.

What this package exports is plain Python, no Streamlit: the page imports it,
and so does the command line (``python -m playground.room``). The page's own
modules sit beside it and only ``app.py`` imports them: ``page`` (the hook),
``live`` (the board and the host's buttons), ``start`` ("Start a room"),
``board`` (tables and charts, no Streamlit) and ``connection`` (one store
per process). A page needs only what is here:

    store = open_store()                       # the configured database
    room = store.room(code)                    # UnknownRoom if there is none
    store.submit(code, room.task, participant=pid, name=name, entry=entry)
    board = store.board(code, viewer=pid)      # or token=host_token
    store.next_task(code, token); store.reveal(code, token); store.clear(code, token)

and catches ``RoomsUnavailable`` around all of it, to keep the solo
playground going when the database cannot be used.
"""

from playground.room.config import Settings, settings
from playground.room.errors import (
    NotHost,
    RoomClosed,
    RoomError,
    RoomsFull,
    RoomsTooSoon,
    RoomsUnavailable,
    UnknownRoom,
)
from playground.room.ids import clean_name, name_key, new_participant_id, normalize_code
from playground.room.records import (
    Board,
    Created,
    Entry,
    Outcome,
    Room,
    prediction_entry,
    run_entry,
)
from playground.room.store import OPERATOR, Store
from playground.room.tasks import Task, TasksError, load_tasks


def open_store():
    """A Store on the configured database (``ROOMS_URL``, secrets.toml or SQLite).

    Cheap to call on every page run: the Engine behind it is made once per
    process. Raises RoomsUnavailable when the configuration is not usable.
    """
    return Store.from_settings(settings())


__all__ = [
    "OPERATOR",
    "Board",
    "Created",
    "Entry",
    "NotHost",
    "Outcome",
    "Room",
    "RoomClosed",
    "RoomError",
    "RoomsFull",
    "RoomsTooSoon",
    "RoomsUnavailable",
    "Settings",
    "Store",
    "Task",
    "TasksError",
    "UnknownRoom",
    "clean_name",
    "load_tasks",
    "name_key",
    "new_participant_id",
    "normalize_code",
    "open_store",
    "prediction_entry",
    "run_entry",
    "settings",
]
