"""What the store hands out and takes in: rooms, boards, entries, outcomes.

A participant's entry is a small JSON object: ``prediction_entry`` and
``run_entry`` make the two kinds, so every page submits the same shape.
"""

import csv
import io
import json
import math
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from playground.room import tasks as room_tasks

MAX_ENTRY = 4096  # bytes of JSON in one entry


class Outcome(StrEnum):
    """What became of a submission (a page shows each one its own way)."""

    SAVED = "saved"
    REPLACED = "replaced"  # the participant's earlier entry for this task
    TOO_SOON = "too_soon"  # under a second after their last one: nothing stored
    CLOSED = "closed"
    NOT_CURRENT = "not_current"  # the host has moved to another task
    NO_NAME = "no_name"  # nothing visible left of the name
    LOCKED = "locked"  # after the reveal: kept in the record as late, never counted
    OFF_TASK = "off_task"  # a run with settings the task fixes, changed: nothing stored


@dataclass(frozen=True)
class Room:
    """A room as it is now. ``task`` is the current task's index (from 0)."""

    code: str
    title: str
    tasks: tuple  # of tasks.Task
    task: int
    revealed: frozenset  # indexes of the revealed tasks
    created: datetime
    expires: datetime
    closed: datetime | None
    deadline: datetime | None = None  # the current task's countdown ends then
    revoted: frozenset = frozenset()  # indexes of the tasks in their second round

    @property
    def current(self):
        return self.tasks[self.task]

    def round(self, task=None):
        """The round ``task`` (default: the current one) takes votes in: 1, or 2 once
        the host has opened a second vote after a discussion."""
        return 2 if (self.task if task is None else task) in self.revoted else 1

    def locked(self, task=None):
        """Whether ``task`` (default: the current one) takes no more entries: revealed."""
        return (self.task if task is None else task) in self.revealed


@dataclass(frozen=True)
class Entry:
    """One participant's entry for a task; ``mine`` if the viewer made it.

    In a second round, ``first`` is the same participant's entry of the first
    round (None if they did not vote then): how their answer moved.
    """

    name: str
    entry: dict
    submitted: datetime
    mine: bool
    first: dict | None = None


@dataclass(frozen=True)
class Board:
    """A task's entries as one viewer may see them.

    ``shown`` is whether others' entries are included (the host, or after the
    reveal); ``hidden`` counts those left out. ``joined`` counts who has
    opened the room and typed a name; ``waiting`` names, for the host only,
    those of them who have not answered this task yet. ``round`` is the round
    the entries belong to; in round 2, ``first`` holds the first round's
    entries as the viewer may see them (all of them, or only their own).
    """

    room: Room
    task: int
    shown: bool
    entries: tuple
    hidden: int
    joined: int = 0
    waiting: tuple = ()
    round: int = 1
    first: tuple = ()

    @property
    def answered(self):
        return len(self.entries) + self.hidden


@dataclass(frozen=True)
class Created:
    """A new room and its host token (the only time the token is known)."""

    room: Room
    token: str


def prediction_entry(task, choice):
    """What a participant submits for a prediction: ``{"choice": id}``."""
    if task.kind != "prediction":
        raise ValueError(f"task is a {task.kind}, not a prediction")
    if choice not in {c.id for c in task.choices}:
        raise ValueError(f"choice must be one of {[c.id for c in task.choices]}, got {choice!r}")
    return {"choice": choice}


def run_entry(task, settings, run, learned=None):
    """What a participant submits for a run: their settings and the outcome.

    Parameters
    ----------
    task : Task
    settings : mapping of link name to value
        What the run used, as a link writes it (``{"lr": 0.0011, ...}``).
    run : neuron.TrainingRun
    learned : object with ``weight`` and ``bias``, optional
        ``neuron.iterations_to_learn(...)`` for the run, where a task asks
        how soon a parameter is learned.
    """
    if task.kind != "run":
        raise ValueError(f"task is a {task.kind}, not a run")
    try:
        checked = room_tasks.check_settings(settings)
    except room_tasks.TasksError as error:
        raise ValueError(str(error)) from None
    end = run.at(run.last)  # a run may be recorded only where it is plotted
    entry = dict(
        settings=checked,
        iterations=run.iterations,
        diverged_at=run.diverged_at,
        weight=_finite(end.weight),
        bias=_finite(end.bias),
        loss=_finite(end.loss),
    )
    if learned is not None:
        entry.update(weight_learned_at=learned.weight, bias_learned_at=learned.bias)
    return entry


def _finite(x):
    x = float(x)
    return x if math.isfinite(x) else None


def entry_json(entry):
    """``entry`` as the store keeps it: compact JSON, at most ``MAX_ENTRY`` bytes."""
    if not isinstance(entry, dict):
        raise ValueError(f"entry must be a dict, got {type(entry).__name__}")
    try:
        text = json.dumps(entry, allow_nan=False, ensure_ascii=False, separators=(",", ":"))
    except (TypeError, ValueError) as error:
        raise ValueError(f"entry must be plain JSON: {error}") from None
    if len(text.encode()) > MAX_ENTRY:
        raise ValueError(f"entry must be at most {MAX_ENTRY} bytes of JSON")
    return text


def entry_of(row, viewer, first=None):
    """An Entry from its database row, ``mine`` if ``viewer`` made it; ``first`` the
    participant's first-round entry, as JSON text."""
    return Entry(
        row.name,
        json.loads(row.entry),
        when_of(row.submitted_ms),
        row.participant == viewer,
        None if first is None else json.loads(first),
    )


COLUMNS = ("room", "task", "title", "round", "participant", "name", "answer", "learning_rate",
           "verdict", "final_loss", "submitted_at", "status")  # fmt: skip
# A run's own numbers, then every setting it ran with by its link name: the
# record keeps what a run task scores (iterations, when the bias was learned).
RUN_COLUMNS = ("diverged_at", "weight", "bias", "weight_learned_at", "bias_learned_at")
SETTING_COLUMNS = tuple(k for k, p in room_tasks.LINKS.items() if p.kind != "token")


def csv_text(room, rows):
    """The record of ``room`` as CSV: one line per submission, tasks counted from 1.

    ``rows`` are ``room_log`` rows. Every cell a spreadsheet could run as a
    formula is escaped (see ``cell``).
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS + RUN_COLUMNS + SETTING_COLUMNS)
    for r in rows:
        task = room.tasks[r.task] if 0 <= r.task < len(room.tasks) else None
        entry = json.loads(r.entry)
        settings = entry.get("settings") or {}
        answer = entry.get("choice", "")
        if task is not None and task.kind == "prediction" and answer:
            answer = next((c.label["en"] for c in task.choices if c.id == answer), answer)
        rate = settings.get("lr", task.settings.get("lr", "") if task else "")
        # a prediction is scored only where it counts: a late one came after the answer
        scored = r.status == "counted" or (task is not None and task.kind == "run")
        verdict = _verdict(task, entry) if scored else ""
        title = task.question["en"] if task else ""
        when = when_of(r.submitted_ms).isoformat(timespec="milliseconds")
        row = (room.code, r.task + 1, title, r.round, r.participant, r.name, answer,
               _value(rate), verdict, _value(entry.get("loss")), when, r.status,
               *(_value(entry.get(k)) for k in RUN_COLUMNS),
               *(_value(settings.get(k)) for k in SETTING_COLUMNS))  # fmt: skip
        writer.writerow([cell(v) for v in row])
    return out.getvalue()


def _value(value):
    """A cell for ``value``: a float with every digit (``repr``), a flag as
    true/false, nothing as an empty cell, anything else as it is."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    return repr(value) if isinstance(value, float) else value


def _verdict(task, entry):
    """A prediction: right or wrong. A run: what the engine says its rate does,
    or that it blew up (overflowed) at an iteration."""
    if task is None:
        return ""
    if task.kind == "prediction":
        return "right" if entry.get("choice") == task.reveal().choice else "wrong"
    if entry.get("diverged_at") is not None:
        return f"blew up at iteration {entry['diverged_at']}"
    try:
        settings = room_tasks.check_settings(entry.get("settings") or {})
    except room_tasks.TasksError:
        return ""
    engine = {room_tasks.LINKS[k].name: v for k, v in settings.items()}
    return room_tasks.answers.compute("verdict", tuple(sorted(engine.items()))).choice


FORMULA = ("=", "+", "-", "@", "\t", "\r")


def cell(value):
    """``value`` as a CSV cell a spreadsheet shows as text, never runs as a formula.

    A text cell that begins with = + - @, a tab or a carriage return gets a
    leading apostrophe (OWASP's advice on CSV injection). Numbers stay numbers:
    a negative rate or loss is written as the number it is.
    """
    if isinstance(value, int | float):
        return value
    text = str(value)
    if text.startswith(FORMULA):
        try:
            float(text)
            return text  # a plain number such as -2.5 runs nothing
        except ValueError:
            return "'" + text
    return text


def room_of(row):
    """A Room from its database row."""
    return Room(
        code=row.code,
        title=row.title,
        tasks=room_tasks.from_json(row.tasks),
        task=row.task,
        revealed=frozenset(t for t in range(64) if row.revealed >> t & 1),
        created=when_of(row.created_ms),
        expires=when_of(row.expires_ms),
        closed=None if row.closed_ms is None else when_of(row.closed_ms),
        deadline=None if row.deadline_ms is None else when_of(row.deadline_ms),
        revoted=frozenset(t for t in range(64) if row.revoted >> t & 1),
    )


def when_of(ms):
    """A time kept as milliseconds since the epoch, as a UTC datetime."""
    return datetime.fromtimestamp(ms / 1000, UTC)
