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

from sqlalchemy import case, delete, exc, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from playground.room import config, ids, records, schema
from playground.room import tasks as room_tasks
from playground.room.errors import (
    NotHost,
    RoomClosed,
    RoomsFull,
    RoomsTooSoon,
    RoomsUnavailable,
    UnknownRoom,
)
from playground.room.records import Board, Created, Outcome
from playground.room.schema import entries, log, members, participants, rooms

MIN_INTERVAL_MS = 1000  # one submission a second per participant
MAX_ROOMS = 1000  # open rooms at once: a public "Start a room" cannot fill the disk
CREATE_INTERVAL_MS = 30_000  # one new room per client address per half minute
EXTEND_MS = 60_000  # what "+1 min" adds to a countdown
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
        payload = records.entry_json(entry)
        if not ids.clean_name(name):
            return Outcome.NO_NAME
        with self._connection(write=True) as conn:
            row, now = self._row(conn, code), self._now()
            if row.closed_ms is not None:
                return Outcome.CLOSED
            if task != row.task:
                return Outcome.NOT_CURRENT
            room = records.room_of(row)
            if room.current.kind == "run" and room_tasks.off_task(room.current, entry):
                return Outcome.OFF_TASK
            if not _throttle(conn, row.id, participant, now):
                return Outcome.TOO_SOON
            name = _join(conn, row.id, participant, name, now)
            record = dict(room_id=row.id, task=task, round=room.round(), participant=participant,
                          name=name, entry=payload, submitted_ms=now)  # fmt: skip
            if room.locked():  # after the reveal: kept, never counted
                conn.execute(insert(log).values(**record, status="late"))
                return Outcome.LOCKED
            key = dict(room_id=row.id, task=task, participant=participant)
            mine = select(entries.c.round).where(*(entries.c[k] == v for k, v in key.items()))
            existed = conn.execute(mine).scalar_one_or_none() == room.round()
            # A second round's vote takes the entry's place; the first stays in the record.
            conn.execute(_upsert(conn, entries, record, key=list(key)))
            this_round = (*(log.c[k] == v for k, v in key.items()), log.c.round == room.round())
            conn.execute(
                update(log).where(*this_round, log.c.status == "counted").values(status="replaced")
            )
            conn.execute(insert(log).values(**record, status="counted"))
        return Outcome.REPLACED if existed else Outcome.SAVED

    def join(self, code, participant, name):
        """``participant`` has opened room ``code`` and typed ``name``: they count as
        joined. Returns the name the room shows for them ("Sam (2)" for the second
        Sam), or "" when nothing visible is left of ``name`` (then nothing is kept).
        """
        ids.check_participant(participant)
        if not ids.clean_name(name):
            return ""
        with self._connection(write=True) as conn:
            row = self._row(conn, code)
            return _join(conn, row.id, participant, name, self._now())

    def member(self, code, participant):
        """The name ``participant`` typed in room ``code`` (as shown), or None."""
        ids.check_participant(participant)
        with self._connection() as conn:
            row = self._row(conn, code)
            where = (members.c.room_id == row.id, members.c.participant == participant)
            return conn.execute(select(members.c.name).where(*where)).scalar_one_or_none()

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
            rnd = room.round(task)
            where = [entries.c.room_id == row.id, entries.c.task == task, entries.c.round == rnd]
            query = select(entries).where(*where).order_by(entries.c.submitted_ms, entries.c.id)
            if not shown:
                query = query.where(entries.c.participant == (viewer or ""))
            rows = conn.execute(query).all()
            first = {}
            if rnd == 2:
                first = _first_round(conn, row.id, task, None if shown else viewer or "")
            total, joined = conn.execute(  # both counts in one round trip: every look asks
                select(
                    select(func.count()).select_from(entries).where(*where).scalar_subquery(),
                    select(func.count()).select_from(members)
                    .where(members.c.room_id == row.id).scalar_subquery(),
                )
            ).one()  # fmt: skip
            waiting = ()
            if _is_host(row, token):
                answered = select(entries.c.participant).where(*where)
                waiting = tuple(
                    conn.execute(
                        select(members.c.name)
                        .where(members.c.room_id == row.id, members.c.participant.not_in(answered))
                        .order_by(members.c.joined_ms, members.c.name)
                    ).scalars()
                )
        made = tuple(
            records.entry_of(r, viewer, getattr(first.get(r.participant), "entry", None))
            for r in rows
        )
        before = tuple(records.entry_of(r, viewer) for r in first.values())
        return Board(room, task, shown, made, total - len(made), joined, waiting, rnd, before)

    # ---- the host ----------------------------------------------------------------------

    def create(self, title, tasks=None, creator=None):
        """A new room titled ``title`` with ``tasks`` (default: tasks.toml). Returns Created.

        ``creator`` is the client's address, where a page makes the room: one
        address makes one room per ``CREATE_INTERVAL_MS``, else RoomsTooSoon.
        Raises RoomsFull past ``max_rooms`` open rooms (a bound on the disk,
        which racing processes can pass by one each); a closed room frees its
        slot."""
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
            who = None if creator is None else ids.token_hash(f"creator:{creator}")
            values.update(creator=who)
            try:
                with self._connection(write=True) as conn:
                    if who is not None:
                        _creation_limit(conn, who, now)
                    live = conn.execute(
                        select(func.count()).where(rooms.c.closed_ms.is_(None))
                    ).scalar_one()
                    if live >= self.max_rooms:
                        raise RoomsFull(
                            f"this server already keeps {live} open rooms, its most: close "
                            "or delete some (python -m playground.room list, close, delete)"
                        )
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
        return self.move(code, token, +1)

    def previous_task(self, code, token):
        """Move the room back to its previous task (it stays on the first)."""
        return self.move(code, token, -1)

    def move(self, code, token, by):
        """Move the room ``by`` tasks, within its tasks; the countdown stops."""
        with self._connection(write=True) as conn:
            row = self._host_row(conn, code, token)
            last = len(records.room_of(row).tasks) - 1
            task = min(max(row.task + by, 0), last)
            conn.execute(
                update(rooms).where(rooms.c.id == row.id).values(task=task, deadline_ms=None)
            )
            return records.room_of(self._row(conn, code))

    def countdown(self, code, token, action):
        """The current task's countdown: ``start`` (its ``minutes``, or 5), ``extend``
        (a minute more, from now if it had ended) or ``skip`` (stop it). Returns the Room."""
        with self._connection(write=True) as conn:
            row, now = self._host_row(conn, code, token), self._now()
            if action == "start":
                minutes = records.room_of(row).current.minutes or 5
                deadline = now + minutes * 60_000
            elif action == "extend":
                deadline = max(row.deadline_ms or now, now) + EXTEND_MS
            elif action == "skip":
                deadline = None
            else:
                raise ValueError(f"action must be start, extend or skip, got {action!r}")
            conn.execute(update(rooms).where(rooms.c.id == row.id).values(deadline_ms=deadline))
            return records.room_of(self._row(conn, code))

    def now(self):
        """The store's clock, as a UTC datetime (a countdown is read against it)."""
        return records.when_of(self._now())

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

    def revote(self, code, token):
        """Discuss and vote again: close the current prediction's first round without
        revealing it, and open its second. Each participant's first vote stays in
        the record and on the board (beside their second, after the reveal); a
        task revealed or already in its second round is left as it is. Returns
        the Room. Raises ValueError for a run task (there is nothing to vote on).
        """
        with self._connection(write=True) as conn:
            row = self._host_row(conn, code, token)
            room = records.room_of(row)
            if room.current.kind != "prediction":
                raise ValueError(f"task {row.task + 1} is a run: only a prediction is voted again")
            if not room.locked():
                flags = rooms.c.revoted.bitwise_or(1 << row.task)
                conn.execute(update(rooms).where(rooms.c.id == row.id).values(revoted=flags))
            return records.room_of(self._row(conn, code))

    def clear(self, code, token):
        """Take the current task's entries off the board and hide it again, back in
        its first round; the record keeps them, marked cleared. Returns how many."""
        with self._connection(write=True) as conn:
            row = self._host_row(conn, code, token)
            mine = (log.c.room_id == row.id, log.c.task == row.task, log.c.status == "counted")
            conn.execute(update(log).where(*mine).values(status="cleared"))
            gone = conn.execute(
                delete(entries).where(entries.c.room_id == row.id, entries.c.task == row.task)
            ).rowcount
            bit = ~(1 << row.task)
            conn.execute(
                update(rooms)
                .where(rooms.c.id == row.id)
                .values(revealed=rooms.c.revealed.bitwise_and(bit),
                        revoted=rooms.c.revoted.bitwise_and(bit))
            )  # fmt: skip
        return gone

    def close(self, code, token):
        """Close the room: no more entries or moves; it can still be read and exported."""
        with self._connection(write=True) as conn:
            row = self._host_row(conn, code, token)
            conn.execute(update(rooms).where(rooms.c.id == row.id).values(closed_ms=self._now()))
            return records.room_of(self._row(conn, code))

    def record_mark(self, code):
        """What changes whenever the record does: (rows, the last row's id, rows
        counted). A page rebuilds its export only when this moves."""
        with self._connection() as conn:
            row = self._row(conn, code)
            counted = func.sum(case((log.c.status == "counted", 1), else_=0))
            found = conn.execute(
                select(func.count(), func.max(log.c.id), counted).where(log.c.room_id == row.id)
            ).one()
        return tuple(int(v or 0) for v in found)

    def export_csv(self, code, token):
        """The room's whole record as CSV text (open or closed rooms): every
        submission once, with its status (see ``records.csv_text``)."""
        with self._connection() as conn:
            row = self._row(conn, code)
            if not _is_host(row, token):
                raise NotHost(f"only the host can export room {row.code}")
            found = conn.execute(
                select(log)
                .where(log.c.room_id == row.id)
                .order_by(log.c.task, log.c.round, log.c.submitted_ms, log.c.id)
            ).all()
        return records.csv_text(records.room_of(row), found)

    def delete(self, code, token):
        """Delete room ``code`` and all it holds, now. Returns the Room as it was."""
        with self._connection(write=True) as conn:
            row = self._row(conn, code)
            if not _is_host(row, token):
                raise NotHost(f"only the host can delete room {row.code}")
            _delete(conn, [row.id])
            return records.room_of(row)

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
            old = conn.execute(select(rooms.c.id).where(rooms.c.expires_ms <= self._now()))
            return _delete(conn, old.scalars().all())

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


def _delete(conn, ids_):
    """Delete rooms ``ids_`` and every row that names them. Returns how many rooms."""
    if not ids_:
        return 0
    for table in (entries, participants, log, members):
        conn.execute(delete(table).where(table.c.room_id.in_(ids_)))
    return conn.execute(delete(rooms).where(rooms.c.id.in_(ids_))).rowcount


def _creation_limit(conn, who, now):
    """Raise RoomsTooSoon when ``who`` made a room under ``CREATE_INTERVAL_MS`` ago."""
    last = conn.execute(
        select(func.max(rooms.c.created_ms)).where(rooms.c.creator == who)
    ).scalar_one()
    if last is not None and now - last < CREATE_INTERVAL_MS:
        wait = (last + CREATE_INTERVAL_MS - now) / 1000
        raise RoomsTooSoon(f"one room per {CREATE_INTERVAL_MS // 1000} s from one address", wait)


def _first_round(conn, room_id, task, participant=None):
    """The counted first-round votes of ``task`` (only ``participant``'s, if given),
    by participant: {participant: row with name, entry, submitted_ms}."""
    where = [log.c.room_id == room_id, log.c.task == task, log.c.round == 1,
             log.c.status == "counted"]  # fmt: skip
    if participant is not None:
        where.append(log.c.participant == participant)
    query = select(log).where(*where).order_by(log.c.submitted_ms, log.c.id)
    return {r.participant: r for r in conn.execute(query)}


def _join(conn, room_id, participant, name, now):
    """Record ``participant`` as joined under ``name``; returns the name as shown.

    A name that another member's compares equal to (``ids.name_key``) is shown
    with a number: "Sam", then "Sam (2)". A member keeps their number while
    they keep the name.
    """
    name = ids.clean_name(name)
    key = ids.name_key(name)
    where = (members.c.room_id == room_id, members.c.participant == participant)
    mine = conn.execute(select(members).where(*where)).first()
    if mine is not None and mine.name_key == key:
        return mine.name
    others = conn.execute(
        select(members.c.name).where(
            members.c.room_id == room_id,
            members.c.name_key == key,
            members.c.participant != participant,
        )
    ).scalars()
    taken = set(others)
    shown, n = name, len(taken) + 1 if taken else 1
    while n > 1 and (shown := f"{name} ({n})") in taken:
        n += 1
    values = dict(room_id=room_id, participant=participant, name=shown, name_key=key,
                  joined_ms=now if mine is None else mine.joined_ms)  # fmt: skip
    conn.execute(_upsert(conn, members, values, key=["room_id", "participant"]))
    return shown


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
