"""Where the rooms live and for how long.

The database URL is, first found:

1. the ``ROOMS_URL`` environment variable;
2. ``url`` in the ``[connections.rooms]`` table of ``.streamlit/secrets.toml``
   (the project's, in the working directory, over the user's in
   ``~/.streamlit/``, as Streamlit reads them);
3. a SQLite file, ``.rooms/rooms.sqlite3`` under the working directory, made on
   first use: one laptop needs no set-up.

Rooms expire ``ROOMS_DAYS`` days (or ``days`` in the same table) after they
are made; 7 by default. The TOML is read here with ``tomllib``, so the command
line works without Streamlit.
"""

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from neuron.parameters import Parameter, ParameterError
from playground.room.errors import RoomsUnavailable

SQLITE_FILE = Path(".rooms") / "rooms.sqlite3"
SECRETS = Path(".streamlit") / "secrets.toml"
DAYS = Parameter("days", int, 7, 1, 365, doc="days a room is kept after it is made")
DRIVERS = {"sqlite": "sqlite", "postgresql": "postgresql+psycopg"}


@dataclass(frozen=True)
class Settings:
    """The database URL and the days a room lives, and where each came from."""

    url: str
    days: int
    source: str


def settings(environ=None, cwd=None, home=None):
    """The rooms' settings from the environment, the secrets file or defaults.

    Parameters
    ----------
    environ : mapping, default os.environ
    cwd, home : path, default the working and the home directory
        Where ``.streamlit/secrets.toml`` and ``.rooms/`` are looked for.

    Raises
    ------
    RoomsUnavailable
        Naming the variable or file, when a value is not usable.
    """
    environ = os.environ if environ is None else environ
    cwd = Path.cwd() if cwd is None else Path(cwd)
    home = Path.home() if home is None else Path(home)
    table, where = _secrets(cwd, home)
    if environ.get("ROOMS_URL"):
        url, source = environ["ROOMS_URL"], "ROOMS_URL"
    elif "url" in table:
        url, source = table["url"], f"url in [connections.rooms] of {where}"
    else:
        url, source = f"sqlite:///{cwd / SQLITE_FILE}", "default"
    if environ.get("ROOMS_DAYS"):
        days = _days(lambda: DAYS.parse(environ["ROOMS_DAYS"]), "ROOMS_DAYS")
    elif "days" in table:
        days = _days(lambda: DAYS.check(table["days"]), f"days in {where}")
    else:
        days = DAYS.default
    return Settings(database_url(url, source), days, source)


def database_url(url, source="the URL"):
    """``url`` with a driver this code has: ``postgresql://`` means psycopg 3.

    Raises
    ------
    RoomsUnavailable
        When it is not a SQLite file or PostgreSQL URL.
    """
    try:
        parsed = make_url(url) if isinstance(url, str) else None
    except ArgumentError:
        parsed = None
    if parsed is None:
        raise RoomsUnavailable(f"{source} is not a database URL: {str(url)[:60]!r}")
    backend = parsed.get_backend_name()
    if backend not in DRIVERS:
        raise RoomsUnavailable(
            f"{source} names a {backend} database; rooms use SQLite or PostgreSQL"
        )
    if parsed.drivername not in (backend, DRIVERS[backend], "sqlite+pysqlite"):
        raise RoomsUnavailable(
            f"{source} names the driver {parsed.drivername}; use {backend}:// "
            f"(rooms use {DRIVERS[backend]})"
        )
    parsed = parsed.set(drivername=DRIVERS[backend])
    if backend == "sqlite" and parsed.database in (None, "", ":memory:"):
        raise RoomsUnavailable(f"{source}: rooms need a SQLite file, not an in-memory database")
    return parsed.render_as_string(hide_password=False)


def shown(url):
    """``url`` without its password, to print in a message."""
    return make_url(url).render_as_string(hide_password=True)


def _secrets(cwd, home):
    """The ``[connections.rooms]`` table (the project's over the user's) and its file."""
    table, where = {}, None
    for path in (home / SECRETS, cwd / SECRETS):
        try:
            with open(path, "rb") as f:
                found = tomllib.load(f).get("connections", {}).get("rooms")
        except FileNotFoundError:
            continue
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise RoomsUnavailable(f"cannot read {path}: {error}") from None
        if isinstance(found, dict):
            table, where = {**table, **found}, str(path)
    return table, where


def _days(read, source):
    try:
        return read()
    except ParameterError as error:
        raise RoomsUnavailable(f"{source}: {error}") from None


LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1", "0.0.0.0", "")


def public_url(environ=None):
    """``ROOMS_BASE_URL``: where participants open the playground, when the page's
    own address is not one their phones can reach (behind a proxy, or on a
    laptop opened as localhost). None when unset."""
    environ = os.environ if environ is None else environ
    return environ.get("ROOMS_BASE_URL") or None


def is_local(url):
    """Whether ``url`` names this machine only (localhost): no phone can open it."""
    host = urlsplit(url).hostname or ""
    return host in LOCAL_HOSTS or host.startswith("127.") or host.endswith(".localhost")
