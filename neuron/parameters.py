"""Every value a person can set, in one table: type, default, bounds and names.

In the spirit of scikit-learn's ``_parameter_constraints``: each ``Parameter``
says what it accepts once, and everything that takes the value reads it from
here. The command line builds its flags from it, the page its widgets and its
link parsing, so a value is accepted or refused the same way everywhere, with
a message that names the parameter.

Text from a link or a command line is parsed strictly, as a person would
type it into the widget: integers are written as integers (``1e6`` and
``1.5`` are not iteration counts), numbers are plain decimals with an
optional exponent (no ``inf``, ``nan``, hex or underscores), and nothing
longer than ``MAX_TEXT`` characters is read at all.
"""

import dataclasses
import math
import re
from dataclasses import dataclass, field

MAX_TEXT = 40  # characters: no valid value is longer, so longer text is refused unread
MAX_RATES = 8  # learning rates in one comparison: bounds the work one visitor asks for
MAX_LISTED = 20  # entries of a list read at all: the rest is cut off before it is parsed
MAX_ITERATIONS = 1_000_000
MAX_BATCH_SIZE = 100_000
SEED_MAX = 2**32 - 1
OPTIMIZERS = ("gd", "momentum", "nesterov", "adam", "rmsprop")  # neuron.optimizers.REGISTRY
DATASETS = ("celsius", "kelvin", "crickets", "forbes")  # neuron.datasets.DATASETS
MAX_TOKEN = 12_000  # characters of a link's data= value: a few hundred points
DATA_TOKEN = rf"z[A-Za-z0-9_-]{{1,{MAX_TOKEN}}}"  # neuron.tables.to_token: deflated, base64url
OWN = "own"  # the dataset choice that means "the data in ``data``"

# ASCII only: "１０" or "٣" is refused, not read as 10 or 3 behind the visitor's back.
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,4})?", re.ASCII)
_INTEGER = re.compile(r"[+-]?\d+", re.ASCII)
_SPACE = " \t\n\r\f\v"  # what is trimmed: ASCII spaces, not U+2003 or U+3000
_NOT_ASCII = "must be written with the digits 0-9 (no other scripts' digits or spaces)"
_DIGITS = 15  # an integer with more digits than this is beyond every bound here
_BOOLEANS = {"true": True, "false": False}


class ParameterError(ValueError):
    """A value the table refuses. ``name`` is the parameter, ``reason`` why."""

    def __init__(self, name, raw, reason):
        super().__init__(f"{name} {reason}, got {_shown(raw)}")
        self.name, self.raw, self.reason = name, raw, reason


def _shown(raw):
    text = repr(raw)
    return text if len(text) <= MAX_TEXT + 2 else text[: MAX_TEXT + 1] + "…"


@dataclass(frozen=True)
class Parameter:
    """One user-settable value.

    Attributes
    ----------
    name : str
        The engine's argument name, and the field of the page's settings.
    kind : {float, int, bool, "choice", "choices", "rates", "token"}
        ``"choices"`` is a comma-separated list of ``choices`` (no repeats);
        ``"rates"`` a comma-separated list of learning rates; ``"token"`` a
        word that matches ``pattern`` whole (a room code, a host token).
    default : object
    low, high : float or None
        Inclusive bounds for numbers (and for each rate of a list).
    choices : tuple of str
        The accepted values of a ``"choice"``.
    aliases : tuple of (str, str)
        Other spellings a ``"choice"`` accepts, each with the choice it means
        (old links, for example).
    link : str or None
        The name in a shared link's query; None if a link cannot set it.
    flag : str or None
        The command-line flag; None if the command line has none.
    text : str or None
        The key prefix of its label and help in the text catalogues.
    doc : str
        One line of English for ``--help``.
    step, format : optional
        Hints for a number widget.
    pattern : str or None
        The regular expression a ``"token"`` matches whole.
    group : {"rate", "run", "data", "optimizer", "sampling"} or None
        What it belongs to in a run's settings (``GROUPS``): the rate, where the
        run starts and how long it goes, the data, the optimizer and its
        hyper-parameters, or how batches are sampled. None for what is not a
        setting of the run.
    none_word : str or None
        A word (``"all"``) that an ``int`` parameter also accepts, standing for
        None (the batch size's full batch).
    """

    name: str
    kind: object
    default: object = None
    low: float | None = None
    high: float | None = None
    choices: tuple = ()
    aliases: tuple = ()
    link: str | None = None
    flag: str | None = None
    text: str | None = None
    doc: str = ""
    step: float | None = None
    format: str | None = None
    pattern: str | None = None
    group: str | None = None
    none_word: str | None = None
    _alias: dict = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self):
        object.__setattr__(self, "_alias", dict(self.aliases))

    def parse(self, raw):
        """The value ``raw`` (text from a link or a command line) stands for.

        Raises
        ------
        ParameterError
            Naming the parameter, when the text is not a value it accepts.
        """
        text = str(raw).strip(_SPACE)
        # A token's pattern bounds its own length (a host token is 43 characters).
        if len(text) > MAX_TEXT and self.kind not in ("rates", "token"):
            raise ParameterError(self.name, raw, "is too long to be a value")
        if self.kind is float:
            return self.check(_number(self.name, raw, text))
        if self.kind is int:
            if not text.isascii():
                raise ParameterError(self.name, raw, _NOT_ASCII)
            if self.none_word is not None and text.lower() == self.none_word:
                return None
            if not _INTEGER.fullmatch(text):
                raise ParameterError(self.name, raw, "must be a whole number")
            if len(text.lstrip("+-")) > _DIGITS:
                raise ParameterError(self.name, raw, "is too large")
            return self.check(int(text))
        if self.kind is bool:
            if text.lower() not in _BOOLEANS:
                raise ParameterError(self.name, raw, "must be true or false")
            return _BOOLEANS[text.lower()]
        if self.kind == "choice":
            return self._one_of(raw, text, f"must be one of {', '.join(self.choices)}")
        if self.kind == "rates":
            return self.rates(text)[0]
        if self.kind == "choices":
            reason = f"must list some of {', '.join(self.choices)}"
            return tuple(
                dict.fromkeys(self._one_of(raw, p.strip(_SPACE), reason) for p in text.split(","))
            )
        if self.kind == "token":
            if not re.fullmatch(self.pattern, text):
                raise ParameterError(self.name, raw, "is not a valid value")
            return text
        raise TypeError(f"unknown kind {self.kind!r} for {self.name}")

    def _one_of(self, raw, text, reason):
        """``text`` (or what it is an alias of) if it is one of the choices."""
        value = self._alias.get(text, text)
        if value not in self.choices:
            raise ParameterError(self.name, raw, reason)
        return value

    def check(self, value):
        """``value`` (already a number or a bool) if the table accepts it.

        Raises
        ------
        ParameterError
            When it is of the wrong type, not finite or out of bounds.
        """
        if self.kind is bool:
            if not isinstance(value, bool):
                raise ParameterError(self.name, value, "must be true or false")
            return value
        if value is None and self.none_word is not None:
            return None
        if self.kind is int:
            if isinstance(value, bool) or not isinstance(value, int):
                raise ParameterError(self.name, value, "must be a whole number")
        elif self.kind is float:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ParameterError(self.name, value, "must be a number")
            try:
                value = float(value)
            except OverflowError:
                raise ParameterError(self.name, value, "is too large") from None
            if not math.isfinite(value):
                raise ParameterError(self.name, value, "must be a finite number")
        if self.low is not None and not self.low <= value <= self.high:
            raise ParameterError(
                self.name, value, f"must be between {_plain(self.low)} and {_plain(self.high)}"
            )
        return value

    def rates(self, text):
        """A comma-separated list of learning rates, checked one by one.

        Returns
        -------
        rates : tuple of float
            The accepted ones in order, without repeats, at most ``MAX_RATES``.
        refused : list of str
            The entries that are not rates, and any past the cap; past
            ``MAX_LISTED`` entries the rest is one entry, cut unread.
        """
        one = Parameter(self.name, float, low=self.low, high=self.high)
        rates, refused = [], []
        parts = str(text).split(",", MAX_LISTED)  # stops splitting there: the rest is one
        rest = [parts.pop()[:MAX_TEXT] + "…"] if len(parts) > MAX_LISTED else []
        for part in (p.strip(_SPACE) for p in parts):
            if not part:
                continue
            try:
                value = one.parse(part)
            except ParameterError:
                refused.append(part)
                continue
            if len(rates) >= MAX_RATES:
                refused.append(part)
            elif value not in rates:
                rates.append(value)
        return tuple(rates), refused + rest

    def with_high(self, high):
        """This parameter with another upper bound (a step cannot pass the run's end)."""
        return dataclasses.replace(self, high=high)


def _number(name, raw, text):
    if not text.isascii():
        raise ParameterError(name, raw, _NOT_ASCII)
    if not _NUMBER.fullmatch(text):
        raise ParameterError(name, raw, "must be a plain number")
    value = float(text)
    if not math.isfinite(value):
        raise ParameterError(name, raw, "is too large")
    return value


def _plain(value):
    """A bound as a person writes it: 0.00000001, 10, 1,000,000."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:.12f}".rstrip("0")


def check_range(start, stop):
    """Refuse a Celsius range that holds fewer than two temperatures."""
    if stop - start < 2:
        raise ParameterError(
            "stop", stop, f"must be at least start + 2 ({start + 2}) for two temperatures"
        )


# The article's start is a draw from [0, 1); the page and the command line both
# default to one such draw, made reproducible: random_start(0), to 4 decimals.
DEFAULT_START = (0.637, 0.2698)

# fmt: off
ENGINE = (
    Parameter("learning_rate", float, 1e-4, 1e-8, 10.0, link="lr", flag="--learning-rate",
              text="lr", step=1e-6, format="%g",
              doc="step size (default: the article's 0.0001)", group="rate"),
    Parameter("iterations", int, 10_000, 1, MAX_ITERATIONS, link="iterations",
              flag="--iterations", text="iterations", step=1000,
              doc="updates (default: 10,000)", group="run"),
    Parameter("initial_weight", float, DEFAULT_START[0], -1000.0, 1000.0, link="w0",
              flag="--initial-weight", text="w0", step=0.1, format="%.4f",
              doc="starting weight (default: 0.637, the article's draw with seed 0)", group="run"),
    Parameter("initial_bias", float, DEFAULT_START[1], -1000.0, 1000.0, link="b0",
              flag="--initial-bias", text="b0", step=0.1, format="%.4f",
              doc="starting bias (default: 0.2698, the article's draw with seed 0)", group="run"),
    Parameter("start", int, -50, -200, 199, link="start", flag="--start", text="start",
              doc="first Celsius value (default: -50)", group="data"),
    Parameter("stop", int, 50, -199, 200, link="stop", flag="--stop", text="stop",
              doc="Celsius values stop before this (default: 50)", group="data"),
    Parameter("noise", float, 0.0, 0.0, 50.0, link="noise", flag="--noise", text="noise",
              step=0.5, doc="Gaussian noise on the targets, in °F (default: 0)", group="data"),
    Parameter("scaled", bool, False, link="scaled", flag="--scaled", text="scaled",
              doc="train on standardized inputs, (C - mean) / standard deviation", group="data"),
    Parameter("seed", int, None, 0, SEED_MAX, flag="--seed",
              doc="draw the start uniformly from [0, 1), as the article does, reproducibly"),
    Parameter("noise_seed", int, 0, 0, SEED_MAX, flag="--noise-seed",
              doc="seed for the noise (default: 0)", group="data"),
    Parameter("dataset", "choice", None, choices=(*DATASETS, OWN), link="dataset",
              flag="--dataset", text="dataset",
              doc=f"a bundled dataset instead of the range: {', '.join(DATASETS)}",
              group="data"),
    Parameter("data", "token", None, link="data", pattern=DATA_TOKEN, group="data"),
    Parameter("optimizer", "choice", "gd", choices=OPTIMIZERS, link="optimizer",
              flag="--optimizer", text="optimizer",
              doc="gd, momentum, nesterov, adam or rmsprop (default: gd, the article's)",
              group="optimizer"),
    Parameter("momentum", float, 0.9, 0.0, 0.999, link="momentum", flag="--momentum",
              text="momentum", step=0.01, format="%.3f",
              doc="momentum and nesterov: μ (default: 0.9)", group="optimizer"),
    Parameter("beta1", float, 0.9, 0.0, 0.999, link="beta1", flag="--beta1", text="beta1",
              step=0.01, format="%.3f", doc="adam: decay of the mean gradient (default: 0.9)",
              group="optimizer"),
    Parameter("beta2", float, 0.999, 0.0, 0.99999, link="beta2", flag="--beta2", text="beta2",
              step=0.001, format="%.5f",
              doc="adam: decay of the mean squared gradient (default: 0.999)", group="optimizer"),
    Parameter("alpha", float, 0.99, 0.0, 0.99999, link="alpha", flag="--alpha", text="alpha",
              step=0.001, format="%.5f",
              doc="rmsprop: decay of the mean squared gradient (default: 0.99)",
              group="optimizer"),
    Parameter("batch_size", int, None, 1, MAX_BATCH_SIZE, link="batch", flag="--batch-size",
              text="batch", step=1, none_word="all",
              doc="samples drawn (with replacement) per update; all: the full batch (default)",
              group="sampling"),
    Parameter("batch_seed", int, 0, 0, SEED_MAX, link="batch_seed", flag="--batch-seed",
              text="batch_seed", step=1,
              doc="seed of the sampled batches, with --batch-size (default: 0)",
              group="sampling"),
)
# fmt: on

BY_NAME = {p.name: p for p in ENGINE}
# A run's settings by group, each named once here: the page's Settings, its caches
# and presets read these.
GROUPS = {
    group: tuple(p.name for p in ENGINE if p.group == group)
    for group in ("rate", "run", "data", "optimizer", "sampling")
}
