"""The rooms' tables, their version, and the one engine per database URL.

Times are whole milliseconds since the Unix epoch (UTC), so both databases
compare and subtract them the same way. Nothing personal is kept: a name a
participant chose, and a random id their browser session holds.
"""

import threading
from pathlib import Path

from sqlalchemy import (
    BigInteger,
    Column,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.engine import make_url

from playground.room.errors import RoomsUnavailable
from playground.room.ids import CODE_LENGTH, MAX_NAME, MAX_TITLE

VERSION = 3  # raise it with every change to the tables below, and migrate (see ensure)
SQLITE_TIMEOUT = 15  # seconds a writer waits for another's transaction
CONNECT_TIMEOUT = 5  # seconds to reach PostgreSQL before saying it is unreachable

metadata = MetaData()

schema = Table("rooms_schema", metadata, Column("version", Integer, primary_key=True))

rooms = Table(
    "rooms",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(CODE_LENGTH), nullable=False, unique=True),
    Column("title", String(MAX_TITLE), nullable=False),
    Column("tasks", Text, nullable=False),  # the validated tasks, as JSON
    Column("token_hash", String(64), nullable=False),
    Column("task", Integer, nullable=False, default=0),  # the current task's index
    Column("revealed", BigInteger, nullable=False, default=0),  # bit t: task t revealed
    Column("created_ms", BigInteger, nullable=False),
    Column("expires_ms", BigInteger, nullable=False, index=True),
    Column("closed_ms", BigInteger),
    # Version 2: the current task's countdown ends here (None: not started), and
    # who made the room (a hash of the client's address: a limit per address).
    Column("deadline_ms", BigInteger),
    Column("creator", String(64), index=True),
    # Version 3: bit t: task t is in its second round (vote, discuss, vote again).
    Column("revoted", BigInteger, nullable=False, default=0, server_default="0"),
)

entries = Table(
    "room_entries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("room_id", ForeignKey("rooms.id", ondelete="CASCADE"), nullable=False),
    Column("task", Integer, nullable=False),
    Column("participant", String(64), nullable=False),
    Column("name", String(MAX_NAME), nullable=False),
    Column("entry", Text, nullable=False),  # JSON
    Column("submitted_ms", BigInteger, nullable=False),
    Column("round", Integer, nullable=False, default=1, server_default="1"),  # version 2
    UniqueConstraint("room_id", "task", "participant"),  # one entry each, per task
)

# Version 2. Every submission, kept: the record the export writes. ``status`` is
# counted (the participant's entry now), replaced (by a later one), cleared (by
# the host) or late (after the reveal: never counted). ``room_entries`` holds
# the counted ones, for the board.
log = Table(
    "room_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("room_id", ForeignKey("rooms.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("task", Integer, nullable=False),
    Column("round", Integer, nullable=False, default=1),
    Column("participant", String(64), nullable=False),
    Column("name", String(MAX_NAME + 8), nullable=False),
    Column("entry", Text, nullable=False),  # JSON
    Column("submitted_ms", BigInteger, nullable=False),
    Column("status", String(16), nullable=False),
)

# Version 2. Who has joined a room (opened it and typed a name): presence, and
# one shown name each. ``name_key`` is the name as compared (NFKC, case-folded),
# so look-alikes collide; ``name`` is as shown, "Sam (2)" for the second Sam.
members = Table(
    "room_members",
    metadata,
    Column("room_id", ForeignKey("rooms.id", ondelete="CASCADE"), primary_key=True),
    Column("participant", String(64), primary_key=True),
    Column("name", String(MAX_NAME + 8), nullable=False),
    Column("name_key", String(4 * MAX_NAME), nullable=False),
    Column("joined_ms", BigInteger, nullable=False),
)

# The last submission of each participant in a room: the rate limit's memory.
participants = Table(
    "room_participants",
    metadata,
    Column("room_id", ForeignKey("rooms.id", ondelete="CASCADE"), primary_key=True),
    Column("participant", String(64), primary_key=True),
    Column("last_ms", BigInteger, nullable=False),
)

_engines, _ready, _lock = {}, set(), threading.RLock()


def engine(url):
    """The process's one Engine for ``url``, its tables made or checked once.

    Thread-safe. Raises RoomsUnavailable when the schema is newer than this
    code; a database that cannot be reached raises SQLAlchemy's own errors,
    which the store turns into RoomsUnavailable.
    """
    with _lock:
        if url not in _engines:
            _engines[url] = _make_engine(url)
        made = _engines[url]
        if url not in _ready:
            with made.connect() as connection:
                connection.execution_options(write=True)
                with connection.begin():
                    ensure(connection)
            _ready.add(url)
        return made


def forget(url):
    """Close the Engine for ``url``; the next call makes a new one (as a restart would)."""
    with _lock:
        _ready.discard(url)
        made = _engines.pop(url, None)
    if made is not None:
        made.dispose()


def _make_engine(url):
    if url.startswith("sqlite"):
        folder = Path(make_url(url).database).parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise RoomsUnavailable(
                f"cannot make the folder {folder} for the rooms: {error}"
            ) from None
        made = create_engine(
            url,
            connect_args={"timeout": SQLITE_TIMEOUT, "check_same_thread": False},
            pool_size=4,  # one writer at a time anyway; readers share the WAL
            max_overflow=8,
            pool_timeout=SQLITE_TIMEOUT,
        )
        event.listen(made, "connect", _sqlite_connect)
        event.listen(made, "begin", _sqlite_begin)
        return made
    return create_engine(
        url,
        connect_args={"connect_timeout": CONNECT_TIMEOUT},
        pool_size=5,  # per process: four processes stay well under max_connections
        max_overflow=10,
        pool_timeout=10,
        pool_pre_ping=True,  # a database restart costs one reconnect, not an error
        pool_recycle=1800,
    )


def _sqlite_connect(dbapi_connection, _record):
    # Begin transactions ourselves (see _sqlite_begin), not in the driver.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never wait for the writer
    cursor.execute("PRAGMA synchronous=NORMAL")  # safe in WAL; a crash loses no commit
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(connection):
    # A writer takes the lock at BEGIN, so it waits (busy timeout) instead of
    # failing when another process committed since its first read.
    write = connection.get_execution_options().get("write", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def ensure(connection):
    """Make the tables if missing; refuse a schema newer than ``VERSION``.

    Runs in the caller's write transaction; on PostgreSQL an advisory lock
    keeps two processes from making the tables at once.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(4242017)"))
    metadata.create_all(connection, checkfirst=True)
    found = connection.execute(select(schema.c.version)).scalars().all()
    if not found:
        connection.execute(insert(schema).values(version=VERSION))
    elif max(found) > VERSION:
        raise RoomsUnavailable(
            f"the rooms database has schema version {max(found)}, newer than this "
            f"code's {VERSION}: update the playground on this server"
        )
    elif max(found) < VERSION:
        if max(found) not in _MIGRATIONS:
            raise RoomsUnavailable(
                f"the rooms database has an unknown schema version {max(found)}"
            )
        for version in range(max(found), VERSION):
            _MIGRATIONS[version](connection)
        connection.execute(update(schema).values(version=VERSION))


def _migrate_1_to_2(connection):
    """Version 1 to 2: the new columns, and the record begun from today's entries.

    ``create_all`` has made the new tables already; the old entries become
    counted rows of the record, so an export loses nothing.
    """
    for sql in (
        "ALTER TABLE rooms ADD COLUMN deadline_ms BIGINT",
        "ALTER TABLE rooms ADD COLUMN creator VARCHAR(64)",
        "CREATE INDEX ix_rooms_creator ON rooms (creator)",
        "ALTER TABLE room_entries ADD COLUMN round INTEGER NOT NULL DEFAULT 1",
    ):
        connection.execute(text(sql))
    connection.execute(
        text(
            "INSERT INTO room_log (room_id, task, round, participant, name, entry, "
            "submitted_ms, status) SELECT room_id, task, 1, participant, name, entry, "
            "submitted_ms, 'counted' FROM room_entries"
        )
    )


def _migrate_2_to_3(connection):
    """Version 2 to 3: which tasks are in their second round (none, yet)."""
    connection.execute(text("ALTER TABLE rooms ADD COLUMN revoted BIGINT NOT NULL DEFAULT 0"))


_MIGRATIONS = {1: _migrate_1_to_2, 2: _migrate_2_to_3}
