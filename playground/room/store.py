"""The live room's store: rooms, entries and host actions, in one database.

Plain Python over SQLAlchemy Core: no Streamlit, safe to share across threads
(one Engine per URL), and every change is one transaction, so several server
processes on one database see the same room. Entries are upserts that are
atomic on SQLite (``BEGIN IMMEDIATE``) and PostgreSQL (``ON CONFLICT``); the
one-a-second limit lives in the same transaction, so it holds across
processes. Whatever makes the database unusable raises ``RoomsUnavailable``.

Task indexes here count from 0; people (the CLI, the CSV) count from 1.
"""

import contextlib
import time

from sqlalchemy import delete, exc, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from playground.room import config, ids, records, schema
from playground.room import tasks as room_tasks
from playground.room.errors import NotHost, RoomClosed, RoomsFull, RoomsUnavailable, UnknownRoom
from playground.room.records import Board, Created, Outcome
from playground.room.schema import entries, participants, rooms

MIN_INTERVAL_MS = 1000  # one submission a second per participant
MAX_ROOMS = 1000  # live rooms at once: a public "Start a room" cannot fill the disk
_DOWN = (exc.OperationalError, exc.InterfaceError, exc.TimeoutError)


class _Operator:
    """Stands in for the host token where whoever holds the database acts (the CLI)."""

    def __repr__(self):
        return "OPERATOR"


OPERATOR = _Operator()


class Store:
    """The rooms in the database at ``url``; expired rooms are purged lazily.

    Parameters
    ----------
    url : str
        A SQLAlchemy URL (see ``config.database_url``).
    days : int, default 7
        How long a new room lives.
    clock : callable, default time.time
        Seconds since the epoch; tests move it.
    max_rooms : int, optional
        How many unexpired rooms ``create`` allows (default ``MAX_ROOMS``);
        past it, ``create`` raises RoomsFull.
    """

    def __init__(self, url, *, days=config.DAYS.default, clock=time.time, max_rooms=None):
        self.url, self.days, self._clock = config.database_url(url), days, clock
        self.max_rooms = MAX_ROOMS if max_rooms is None else max_rooms

    @classmethod
    def from_settings(cls, settings=None):
        """A store on the configured database (``config.settings()``)."""
        settings = config.settings() if settings is None else settings
        return cls(settings.url, days=settings.days)

    # ---- participants ----------------------------------------------------------------

    def room(self, code):
        """The room with ``code`` (open or closed). Raises UnknownRoom."""
        with self._connection() as conn:
            return records.room_of(self._row(conn, code))

    def submit(self, code, task, *, participant, name, entry):
        """Store (or replace) ``participant``'s entry for the current ``task``.

        ``entry`` is a JSON-able dict (see ``records.run_entry`` and
        ``records.prediction_entry``); ``name`` is cleaned with
        ``ids.clean_name``. Returns an Outcome; raises UnknownRoom if the room
        is gone and ValueError for an id or entry no page makes.
        """
        ids.check_participant(participant)
        payload, name = records.entry_json(entry), ids.clean_name(name)
        if not name:
            return Outcome.NO_NAME
        with self._connection(write=True) as conn:
            row, now = self._row(conn, code), self._now()
            if row.closed_ms is not None:
                return Outcome.CLOSED
            if task != row.task:
                return Outcome.NOT_CURRENT
            if not _throttle(conn, row.id, participant, now):
                return Outcome.TOO_SOON
            key = dict(room_id=row.id, task=task, participant=participant)
            mine = select(entries.c.id).where(*(entries.c[k] == v for k, v in key.items()))
            existed = conn.execute(mine).first() is not None
            values = dict(key, name=name, entry=payload, submitted_ms=now)
            conn.execute(_upsert(conn, entries, values, key=list(key)))
        return Outcome.REPLACED if existed else Outcome.SAVED

    def board(self, code, task=None, *, viewer=None, token=None):
        """The entries of ``task`` (default: the current one) that the viewer may see.

        A participant (``viewer``, their id) sees their own entries, and the
        others' once the host has revealed the task; the host (a right
        ``token``) sees all. A wrong or missing token is a participant.
        """
        if viewer is not None:
            ids.check_participant(viewer)
        with self._connection() as conn:
            row = self._row(conn, code)
            room = records.room_of(row)
            task = room.task if task is None else task
            if not isinstance(task, int) or not 0 <= task < len(room.tasks):
                raise ValueError(f"task must be 0 to {len(room.tasks) - 1}, got {task!r}")
            shown = task in room.revealed or _is_host(row, token)
            where = [entries.c.room_id == row.id, entries.c.task == task]
            query = select(entries).where(*where).order_by(entries.c.submitted_ms, entries.c.id)
            if not shown:
                query = query.where(entries.c.participant == (viewer or ""))
            rows = conn.execute(query).all()
            total = conn.execute(select(func.count()).where(*where)).scalar_one()
        made = tuple(records.entry_of(r, viewer) for r in rows)
        return Board(room, task, shown, made, total - len(made))

    # ---- the host ----------------------------------------------------------------------

    def create(self, title, tasks=None):
        """A new room titled ``title`` with ``tasks`` (default: tasks.toml). Returns Created.

        Raises RoomsFull past ``max_rooms`` live rooms (a bound on the disk, which
        racing processes can pass by one each)."""
        title = ids.clean_name(title, ids.MAX_TITLE)
        if not title:
            raise ValueError("title must have a visible character")
        tasks = room_tasks.load_tasks() if tasks is None else tuple(tasks)
        token, now = ids.new_token(), self._now()
        self.purge()
        for _ in range(10):  # 40-bit codes: a clash is already rare
            code = ids.new_code()
            values = dict(code=code, title=title, tasks=room_tasks.to_json(tasks))
            values.update(token_hash=ids.token_hash(token), task=0, revealed=0)
            values.update(created_ms=now, expires_ms=now + self.days * 86_400_000)
            try:
                with self._connection(write=True) as conn:
                    live = conn.execute(select(func.count()).select_from(rooms)).scalar_one()
                    if live >= self.max_rooms:
                        raise RoomsFull(f"this server already keeps {live} rooms, its most")
                    conn.execute(insert(rooms).values(**values))
            except exc.IntegrityError:
                continue
            return Created(self.room(code), token)
        raise RoomsUnavailable("no free room code after 10 tries")

    def is_host(self, code, token):
        """Whether ``token`` is the host's of room ``code``. Raises UnknownRoom."""
        with self._connection() as conn:
            return _is_host(self._row(conn, code), token)

    def next_task(self, code, token):
        """Move the room to its next task (it stays on the last). Returns the Room."""
        with self._connection(write=True) as conn:
            row = self._host_row(conn, code, token)
            last = len(records.room_of(row).tasks) - 1
            conn.execute(
                update(rooms)
                .where(rooms.c.id == row.id, rooms.c.task < last)
                .values(task=rooms.c.task + 1)
            )
            return records.room_of(self._row(conn, code))

    def reveal(self, code, token, task=None, shown=True):
        """Show (or hide again) everyone's entries of ``task`` (default: the current)."""
        with self._connection(write=True) as conn:
            row = self._host_row(conn, code, token)
            task = row.task if task is None else task
            if not isinstance(task, int) or not 0 <= task < len(records.room_of(row).tasks):
                raise ValueError(f"task must be a task of the room, got {task!r}")
            bit = 1 << task
            flags = (
                rooms.c.revealed.bitwise_or(bit) if shown else rooms.c.revealed.bitwise_and(~bit)
            )
            conn.execute(update(rooms).where(rooms.c.id == row.id).values(revealed=flags))
            return records.room_of(self._row(conn, code))

    def clear(self, code, token):
        """Delete the current task's entries and hide it again. Returns how many."""
        with self._connection(write=True) as conn:
            row = self._host_row(conn, code, token)
            gone = conn.execute(
                delete(entries).where(entries.c.room_id == row.id, entries.c.task == row.task)
            ).rowcount
            hidden = rooms.c.revealed.bitwise_and(~(1 << row.task))
            conn.execute(update(rooms).where(rooms.c.id == row.id).values(revealed=hidden))
        return gone

    def close(self, code, token):
        """Close the room: no more entries or moves; it can still be read and exported."""
        with self._connection(write=True) as conn:
            row = self._host_row(conn, code, token)
            conn.execute(update(rooms).where(rooms.c.id == row.id).values(closed_ms=self._now()))
            return records.room_of(self._row(conn, code))

    def export_csv(self, code, token):
        """All of the room's entries as CSV text (open or closed rooms)."""
        with self._connection() as conn:
            row = self._row(conn, code)
            if not _is_host(row, token):
                raise NotHost(f"only the host can export room {row.code}")
            found = conn.execute(
                select(entries)
                .where(entries.c.room_id == row.id)
                .order_by(entries.c.task, entries.c.submitted_ms, entries.c.id)
            ).all()
        return records.csv_text(row.code, found)

    # ---- whoever holds the database ----------------------------------------------------

    def rooms(self):
        """Every room not yet expired, newest first, as (Room, number of entries)."""
        self.purge()
        count = select(func.count()).where(entries.c.room_id == rooms.c.id).scalar_subquery()
        with self._connection() as conn:
            found = conn.execute(
                select(rooms, count.label("n")).order_by(rooms.c.created_ms.desc())
            ).all()
        return [(records.room_of(r), r.n) for r in found]

    def purge(self):
        """Delete the expired rooms and all they hold. Returns how many rooms."""
        with self._connection(write=True) as conn:
            old = select(rooms.c.id).where(rooms.c.expires_ms <= self._now())
            conn.execute(delete(entries).where(entries.c.room_id.in_(old)))
            conn.execute(delete(participants).where(participants.c.room_id.in_(old)))
            return conn.execute(delete(rooms).where(rooms.c.id.in_(old))).rowcount

    # ---- inside --------------------------------------------------------------------------

    def _now(self):
        return int(self._clock() * 1000)

    @contextlib.contextmanager
    def _connection(self, write=False):
        """One transaction; a writer holds SQLite's lock from its start."""
        try:
            with schema.engine(self.url).connect() as conn:
                conn.execution_options(write=write)
                with conn.begin():
                    yield conn
        except _DOWN as error:
            reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
            raise RoomsUnavailable(
                f"the rooms database {config.shown(self.url)} cannot be used: {reason}"
            ) from error

    def _row(self, conn, code):
        normal = ids.normalize_code(code)
        found = None
        if normal is not None:
            query = select(rooms).where(rooms.c.code == normal, rooms.c.expires_ms > self._now())
            found = conn.execute(query).first()
        if found is None:
            raise UnknownRoom(f"no room {str(code)[:20]!r}: mistyped, or expired")
        return found

    def _host_row(self, conn, code, token):
        row = self._row(conn, code)
        if not _is_host(row, token):
            raise NotHost(f"only the host can change room {row.code}")
        if row.closed_ms is not None:
            raise RoomClosed(f"room {row.code} is closed")
        return row


def _is_host(row, token):
    return token is OPERATOR or ids.token_matches(token, row.token_hash)


def _throttle(conn, room_id, participant, now):
    """Record a submission now, unless the last was under a second ago (atomic)."""
    values = dict(room_id=room_id, participant=participant, last_ms=now)
    stmt = _upsert(
        conn,
        participants,
        values,
        key=["room_id", "participant"],
        where=lambda new: participants.c.last_ms <= new.last_ms - MIN_INTERVAL_MS,
    )
    return conn.execute(stmt.returning(participants.c.last_ms)).first() is not None


def _upsert(conn, table, values, key, where=None):
    """INSERT … ON CONFLICT (key) DO UPDATE the other columns [WHERE where(excluded)]."""
    make = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    stmt = make(table).values(**values)
    new = stmt.excluded
    return stmt.on_conflict_do_update(
        index_elements=key,
        set_={c: new[c] for c in values if c not in key},
        where=None if where is None else where(new),
    )
