"""A room's tasks: read from a TOML file, checked strictly, kept as JSON.

``tasks.toml`` beside this module is the default sequence; its comments say
what each field means. A file is refused whole, with a message that names the
task (counted from 1, as a host reads them) and the field. A room keeps its
tasks in the database, so every server process shows the same ones.
"""

import functools
import json
import math
import re
import string
import tomllib
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from pathlib import Path
from types import MappingProxyType
from urllib.parse import urlencode

import neuron
from neuron.parameters import ENGINE, OWN, ParameterError, check_range
from playground.room import answers

DEFAULT = Path(__file__).with_name("tasks.toml")
KINDS = ("prediction", "run")
LANGUAGES = ("en", "es")
MAX_TASKS = 20
MAX_TEXT = 600  # characters in a question, an explanation or a choice
MAX_MINUTES = 90
MAX_BYTES = 1_000_000  # 20 tasks of the longest texts fit many times over; /dev/zero does not
LINKS = {p.link: p for p in ENGINE if p.link}  # link name -> engine parameter
FIELDS = {"kind", "minutes", "answer", "settings", "controls", "question", "explain", "choices"}


class TasksError(ValueError):
    """A tasks file this code refuses; the message names the task and field."""


@dataclass(frozen=True)
class Choice:
    """One answer a participant can pick: a stable id and its label per language."""

    id: str
    label: MappingProxyType


@dataclass(frozen=True)
class Task:
    """One step of a room.

    Attributes
    ----------
    kind : {"prediction", "run"}
    question, explain : mapping of language to str
        What participants read, and the reveal's sentence (a template).
    answer : str
        The rule in ``answers.RULES`` that computes the reveal.
    settings : mapping of link name to value
        The preset, as a shared link writes it (``lr``, ``iterations`` ...).
    controls : tuple of str
        Link names of the controls a participant may change.
    choices : tuple of Choice
        For a prediction; empty for a run.
    minutes : int or None
        A suggested length.
    """

    kind: str
    question: MappingProxyType
    explain: MappingProxyType
    answer: str
    settings: MappingProxyType
    controls: tuple
    choices: tuple
    minutes: int | None

    @property
    def query(self):
        """The preset as a link's query string: ``lr=0.0009&iterations=10000``."""
        return urlencode(
            {k: str(v).lower() if v is True or v is False else v for k, v in self.settings.items()}
        )

    @property
    def engine_settings(self):
        """The preset by engine parameter name: ``{"learning_rate": 0.0009}``."""
        return {LINKS[k].name: v for k, v in self.settings.items()}

    def reveal(self):
        """The answer the engine computes for this task (``answers.Answer``)."""
        return answers.compute(self.answer, tuple(sorted(self.engine_settings.items())))

    def explanation(self, answer, lang, rates=()):
        """The reveal's sentence in ``lang``, with ``answer``'s numbers filled in
        (in Spanish with a decimal comma, and a narrow space between thousands).

        A threshold prints rounded up, with the figures it takes to put each of
        ``rates`` (the runs submitted to the task) on its true side: beside a run
        at 0.00119977, the critical rate 0.0011997574 reads 0.00119976, not
        0.0011998, under which that diverging run would seem to fall.
        """
        comma, up = lang == "es", answers.RULES[self.answer].thresholds
        beside = tuple(float(r) for r in rates)
        return self.explain[lang].format_map(
            {k: _Number(v, comma, k in up, beside) for k, v in answer.values.items()}
        )

    def as_dict(self):
        """The task as its TOML table reads (what ``parse`` takes back)."""
        data = dict(
            kind=self.kind,
            answer=self.answer,
            question=dict(self.question),
            explain=dict(self.explain),
            settings=dict(self.settings),
            controls=list(self.controls),
        )
        if self.choices:
            data["choices"] = [{"id": c.id, **c.label} for c in self.choices]
        if self.minutes is not None:
            data["minutes"] = self.minutes
        return data


class _Number:
    """A number that formats as its language writes it: 0.0009 or 0,0009, −0.50
    with a minus sign; a threshold (``up``) rounded up at the spec's digits, never
    to nearest, and with more where one of the rates ``beside`` it needs them."""

    def __init__(self, value, comma, up=False, beside=()):
        self.value, self.comma, self.up, self.beside = value, comma, up, beside

    def __format__(self, spec):
        value = self.value
        digits = re.fullmatch(r"([^.]*)\.(\d+)([fg])", spec)
        if self.up and isinstance(value, float) and value > 0:
            head, places, kind = digits.groups() if digits else ("", 6, "g")
            places, magnitude = int(places), math.floor(math.log10(value))
            figures = places + 1 + magnitude if kind == "f" else places
            needed = max((neuron.printed_threshold(value, r, True, max(figures, 1))[1]
                          for r in self.beside if r > 0), default=figures)  # fmt: skip
            if needed > figures:  # a submitted rate sits closer than the spec's digits
                places = needed - 1 - magnitude if kind == "f" else needed
                spec = f"{head}.{places}{kind}"
            if kind == "f":
                value = float(Decimal(value).quantize(Decimal(1).scaleb(-places), ROUND_CEILING))
            else:
                value = neuron.rounded(value, places, up=True)
        text = format(value, spec)
        if text.startswith("-"):
            text = "\u2212" + text[1:]
        return text.replace(",", "\u202f").replace(".", ",") if self.comma else text


def load_tasks(path=None):
    """The tasks of a TOML file (the default sequence if ``path`` is None).

    Raises
    ------
    TasksError
        Naming the file, the task and the field, when it is not a tasks file.
    """
    path = DEFAULT if path is None else Path(path)
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_BYTES + 1)
    except OSError as error:
        raise TasksError(f"{path}: cannot read it ({error.strerror})") from None
    if len(raw) > MAX_BYTES:
        raise TasksError(f"{path}: larger than {MAX_BYTES:,} bytes, too large for a tasks file")
    try:
        data = tomllib.loads(raw.decode())
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise TasksError(f"{path}: not valid TOML ({error})") from None
    try:
        return parse(data)
    except TasksError as error:
        raise TasksError(f"{path}: {error}") from None


def parse(data):
    """Check ``{"tasks": [table, ...]}`` and return a tuple of Task."""
    if not isinstance(data, dict) or set(data) != {"tasks"}:
        found = ", ".join(sorted(data)) if isinstance(data, dict) else type(data).__name__
        raise TasksError(f"must hold [[tasks]] tables and nothing else, found: {found or 'none'}")
    tables = data["tasks"]
    if not isinstance(tables, list) or not 1 <= len(tables) <= MAX_TASKS:
        raise TasksError(f"must hold 1 to {MAX_TASKS} [[tasks]] tables")
    return tuple(_task(i + 1, table) for i, table in enumerate(tables))


def to_json(tasks):
    return json.dumps({"tasks": [t.as_dict() for t in tasks]}, ensure_ascii=False)


@functools.lru_cache(maxsize=256)
def from_json(text):
    """The tasks ``to_json`` wrote (checked again: the code may have changed)."""
    return parse(json.loads(text))


def _task(number, table):
    where = f"task {number}"
    if not isinstance(table, dict):
        raise TasksError(f"{where}: must be a table")
    unknown = sorted(set(table) - FIELDS)
    if unknown:
        raise TasksError(f"{where}, field {unknown[0]!r}: unknown (fields: {', '.join(FIELDS)})")
    for name in ("kind", "answer", "question", "explain"):
        if name not in table:
            raise TasksError(f"{where}, field {name!r}: missing")
    kind, rule_name = table["kind"], table["answer"]
    if kind not in KINDS:
        raise TasksError(f"{where}, field 'kind': must be one of {KINDS}, got {kind!r}")
    rule = answers.RULES.get(rule_name)
    if rule is None:
        raise TasksError(
            f"{where}, field 'answer': must be one of {tuple(answers.RULES)}, got {rule_name!r}"
        )
    if rule.kind != kind:
        raise TasksError(
            f"{where}, field 'answer': {rule_name} answers a {rule.kind}, not a {kind}"
        )
    try:
        settings = check_settings(table.get("settings", {}))
    except TasksError as error:
        raise TasksError(f"{where}, {error}") from None
    for name in rule.needs:
        link = next(k for k, p in LINKS.items() if p.name == name)
        if link not in settings:
            raise TasksError(f"{where}, field 'settings': answer {rule_name} needs {link}")
    return Task(
        kind=kind,
        question=_texts(where, "question", table["question"]),
        explain=_templates(where, table["explain"], rule),
        answer=rule_name,
        settings=MappingProxyType(settings),
        controls=_controls(where, table.get("controls", []), kind),
        choices=_choices(where, table.get("choices"), kind, rule_name),
        minutes=_minutes(where, table.get("minutes")),
    )


def off_task(task, entry):
    """The link names a run ``entry`` set otherwise than ``task`` does, though the
    task does not open them to participants (empty when the run is the task's)."""
    settings = entry.get("settings") if isinstance(entry, dict) else None
    if not isinstance(settings, dict):
        return ["settings"]
    fixed = (k for k in LINKS if k not in task.controls)
    return [
        k
        for k in fixed
        if settings.get(k, LINKS[k].default) != task.settings.get(k, LINKS[k].default)
    ]


def check_settings(table):
    """Link name -> value, each checked by the parameter table, as a link is."""
    if not isinstance(table, dict):
        raise TasksError("field 'settings': must be a table of link parameters")
    out = {}
    for key, value in table.items():
        if key not in LINKS:
            raise TasksError(f"field 'settings.{key}': not one of {', '.join(LINKS)}")
        try:
            out[key] = _checked(LINKS[key], value)
        except ParameterError as error:
            raise TasksError(f"field 'settings.{key}': {error}") from None
    start, stop = (out.get(k, LINKS[k].default) for k in ("start", "stop"))
    try:
        check_range(start, stop)
    except ParameterError as error:
        raise TasksError(f"field 'settings.stop': {error}") from None
    return out


def _checked(p, value):
    """A task's value as the table accepts it; a dataset is a bundled one's name
    (a room has no way to carry a person's own table)."""
    if value is None and p.default is None:  # a run's settings name every parameter
        return None
    if p.kind == "choice":
        value = p.parse(value if isinstance(value, str) else repr(value))
        if value == OWN:
            raise ParameterError(p.name, value, "must name a bundled dataset in a room")
        return value
    if p.kind == "token":
        raise ParameterError(p.name, value, "cannot be set by a room's task")
    return p.check(value)


def _texts(where, name, table):
    if not isinstance(table, dict) or set(table) != set(LANGUAGES):
        raise TasksError(f"{where}, field {name!r}: must have exactly {' and '.join(LANGUAGES)}")
    for lang, text in table.items():
        if not isinstance(text, str) or not text.strip() or len(text) > MAX_TEXT:
            raise TasksError(
                f"{where}, field '{name}.{lang}': must be text of 1 to {MAX_TEXT} characters"
            )
    return MappingProxyType({lang: table[lang] for lang in LANGUAGES})


def _templates(where, table, rule):
    """The reveal's sentences: each {placeholder} a plain name of the rule's numbers."""
    texts = _texts(where, "explain", table)
    for lang, text in texts.items():
        try:
            names = [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]
            bad = [n for n in names if n not in rule.values]
            if bad:
                raise TasksError(
                    f"{where}, field 'explain.{lang}': {{{bad[0]}}} is not one of the "
                    f"answer's numbers ({', '.join(rule.values)})"
                )
            text.format_map({n: kind(1) for n, kind in rule.values.items()})
        except (ValueError, IndexError) as error:
            raise TasksError(f"{where}, field 'explain.{lang}': {error}") from None
    return texts


def _controls(where, controls, kind):
    if not isinstance(controls, list) or any(c not in LINKS for c in controls):
        raise TasksError(
            f"{where}, field 'controls': must list link parameters among {', '.join(LINKS)}"
        )
    if len(set(controls)) != len(controls):
        raise TasksError(f"{where}, field 'controls': names a control twice")
    if kind == "run" and not controls:
        raise TasksError(f"{where}, field 'controls': a run needs at least one control")
    return tuple(controls)


def _choices(where, tables, kind, rule_name):
    if kind == "run":
        if tables is not None:
            raise TasksError(f"{where}, field 'choices': a run has no choices")
        return ()
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise TasksError(f"{where}, field 'choices': a prediction needs [[tasks.choices]]")
    out = []
    for i, table in enumerate(tables, 1):
        if set(table) != {"id", *LANGUAGES} or not isinstance(table["id"], str):
            raise TasksError(f"{where}, field 'choices' {i}: must have an id, en and es")
        out.append(
            Choice(
                table["id"],
                _texts(where, f"choices.{i}", dict((lang, table[lang]) for lang in LANGUAGES)),
            )
        )
    ids, rule = [c.id for c in out], answers.RULES[rule_name]
    if sorted(ids) != sorted(rule.choices):
        raise TasksError(
            f"{where}, field 'choices': answer {rule_name} needs the ids "
            f"{', '.join(rule.choices)} once each, got {', '.join(ids) or 'none'}"
        )
    return tuple(out)


def _minutes(where, minutes):
    if minutes is None:
        return None
    if (
        isinstance(minutes, bool)
        or not isinstance(minutes, int)
        or not 1 <= minutes <= MAX_MINUTES
    ):
        raise TasksError(
            f"{where}, field 'minutes': must be a whole number from 1 to "
            f"{MAX_MINUTES}, got {minutes!r}"
        )
    return minutes
