"""``python -m playground.room``: make, list, close and export live rooms.

The rooms live in the database that ``ROOMS_URL`` (or ``.streamlit/secrets.toml``)
names, else in ``.rooms/rooms.sqlite3`` under the working directory: run the
command line and ``streamlit run app.py`` from the same folder.
"""

import argparse
import sys
from urllib.parse import urlsplit, urlunsplit

from playground.room import config, ids
from playground.room.errors import RoomClosed, RoomsFull, RoomsUnavailable, UnknownRoom
from playground.room.store import OPERATOR, Store
from playground.room.tasks import TasksError, load_tasks

DEFAULT_BASE_URL = "http://localhost:8501/"
EPILOG = """exit status: 0 done; 2 a bad argument (the message names it: a malformed
or unknown room code, a bad title, tasks file or URL); 1 it cannot be done now
(the rooms database cannot be used, the room is already closed, or the server
keeps as many open rooms as it may)."""


def main(argv=None):
    """Run one command; returns the exit status (argparse exits 2 by itself)."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except UnknownRoom as error:
        args.parser.error(f"argument CODE: {error}")
    except (RoomsUnavailable, RoomClosed, RoomsFull) as error:
        print(f"{parser.prog}: error: {error}", file=sys.stderr)
        return 1


def new(args):
    store = Store.from_settings()
    made = store.create(args.title, args.tasks)
    room, base = made.room, args.base_url
    print(
        f"Room {room.code}: {room.title!r}, {len(room.tasks)} tasks, "
        f"open until {room.expires:%Y-%m-%d %H:%M} UTC"
    )
    print(f"Participants: {base}?room={room.code}")
    print(f"Host (keep this link to yourself): {base}?room={room.code}&host={made.token}")
    print(f"Participants can also type the code {room.code} in the page's Room code field.")
    if config.is_local(base):
        print(
            f"Warning: these links point at {base}, which only this computer can open; "
            "phones cannot. Start the page with `streamlit run app.py --server.address "
            "0.0.0.0` and pass --base-url http://ADDRESS:8501/ with this computer's "
            "network address (`hostname -I`).",
            file=sys.stderr,
        )
    return 0


def list_rooms(args):
    found = Store.from_settings().rooms()
    if not found:
        print("No rooms.")
        return 0
    print(f"{'CODE':<8}  {'TASK':>5}  {'ENTRIES':>7}  {'STATE':<6}  {'EXPIRES (UTC)':<16}  TITLE")
    for room, count in found:
        state = "closed" if room.closed else "open"
        task = f"{room.task + 1}/{len(room.tasks)}"
        print(
            f"{room.code:<8}  {task:>5}  {count:>7}  {state:<6}  "
            f"{room.expires:%Y-%m-%d %H:%M}  {room.title}"
        )
    return 0


def close(args):
    Store.from_settings().close(args.code, OPERATOR)
    print(f"Room {args.code} is closed; `export {args.code}` still writes its entries.")
    return 0


def delete(args):
    room = Store.from_settings().delete(args.code, OPERATOR)
    print(f"Room {room.code} ({room.title!r}) is deleted, with all its entries.")
    return 0


def export(args):
    # `export CODE | head` and a full disk end in python -m's terminal(), not here
    sys.stdout.write(Store.from_settings().export_csv(args.code, OPERATOR))
    return 0


def _parser():
    parser = argparse.ArgumentParser(
        prog="python -m playground.room",
        description="Make and run live rooms of the Single-Neuron Playground.",
        epilog=EPILOG,
    )
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")
    made = commands.add_parser("new", help="make a room and print its two links", epilog=EPILOG)
    made.add_argument("title", type=_title, metavar="TITLE", help="what participants see")
    made.add_argument(
        "--tasks", type=_tasks, metavar="FILE", help="a tasks TOML file (default: tasks.toml)"
    )
    made.add_argument(
        "--base-url",
        type=_base_url,
        default=config.public_url() or DEFAULT_BASE_URL,
        metavar="URL",
        help="where participants open the playground, an address their phones reach "
        f"(default: ROOMS_BASE_URL, else {DEFAULT_BASE_URL}, which only this computer opens)",
    )
    made.set_defaults(run=new, parser=made)
    listed = commands.add_parser("list", help="the rooms not yet expired", epilog=EPILOG)
    listed.set_defaults(run=list_rooms, parser=listed)
    for name, run, text in (
        ("close", close, "close a room: no more entries"),
        ("delete", delete, "delete a room and all its entries now"),
        ("export", export, "write a room's entries as CSV to standard output"),
    ):
        sub = commands.add_parser(name, help=text, epilog=EPILOG)
        sub.add_argument("code", type=_code, metavar="CODE", help="the room's code")
        sub.set_defaults(run=run, parser=sub)
    return parser


def _title(text):
    title = ids.clean_name(text, limit=len(text))
    if not title:
        raise argparse.ArgumentTypeError("must have a visible character")
    if len(title) > ids.MAX_TITLE:
        raise argparse.ArgumentTypeError(f"must be at most {ids.MAX_TITLE} characters")
    return title


def _tasks(path):
    try:
        return load_tasks(path)
    except TasksError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _base_url(text):
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise argparse.ArgumentTypeError(f"must be an http:// or https:// URL, got {text!r}")
    if parts.query or parts.fragment:
        raise argparse.ArgumentTypeError(f"must have no ?query or #fragment, got {text!r}")
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", "", ""))


def _code(text):
    code = ids.normalize_code(text)
    if code is None:
        raise argparse.ArgumentTypeError(
            f"must be a room code: {ids.CODE_LENGTH} letters and digits, got {text[:20]!r}"
        )
    return code
