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

    @property
    def current(self):
        return self.tasks[self.task]


@dataclass(frozen=True)
class Entry:
    """One participant's entry for a task; ``mine`` if the viewer made it."""

    name: str
    entry: dict
    submitted: datetime
    mine: bool


@dataclass(frozen=True)
class Board:
    """A task's entries as one viewer may see them.

    ``shown`` is whether others' entries are included (the host, or after the
    reveal); ``hidden`` counts those left out.
    """

    room: Room
    task: int
    shown: bool
    entries: tuple
    hidden: int


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


def entry_of(row, viewer):
    """An Entry from its database row, ``mine`` if ``viewer`` made it."""
    return Entry(
        row.name, json.loads(row.entry), when_of(row.submitted_ms), row.participant == viewer
    )


def csv_text(code, rows):
    """Entry rows of room ``code`` as CSV: one line each, tasks counted from 1."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("room", "task", "participant", "name", "submitted_at", "entry"))
    for r in rows:
        when = when_of(r.submitted_ms).isoformat(timespec="milliseconds")
        writer.writerow((code, r.task + 1, r.participant, _cell(r.name), when, r.entry))
    return out.getvalue()


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
    )


def when_of(ms):
    """A time kept as milliseconds since the epoch, as a UTC datetime."""
    return datetime.fromtimestamp(ms / 1000, UTC)


def _cell(text):
    """A name safe to open in a spreadsheet: no leading = + - @ read as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
