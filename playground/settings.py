"""What one view of the playground asks for, and how a link spells it.

The query-parameter names are a public interface: shared links depend on
them. ``parse_link`` checks a link's raw values against the same limits the
sidebar widgets have, so anything it rejects, the widgets ignore too.
"""

import math
from dataclasses import dataclass, field

import neuron

LR_MIN, LR_MAX = 1e-8, 10.0
ITERATIONS_MAX = 1_000_000
START_MIN, STOP_MAX = -200, 200
PARAM_LIMIT = 1000.0  # initial weight and bias stay within ±1000
NOISE_MAX = 50.0
SWEEP_MAX = 8  # rates in one sweep: bounds the work one visitor can ask for
SAMPLE_LIMIT = 200.0

ARTICLE_LR, ARTICLE_ITERATIONS, ARTICLE_START = 1e-4, 10_000, (0.5, 0.5)
# The rate slider's stops: round numbers, twelve a decade, from LR_MIN to LR_MAX.
RATE_GRID = tuple(
    sorted(
        {
            round(m * 10.0**e, 12)
            for e in range(-8, 1)
            for m in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8, 9)
        }
        | {LR_MAX}
    )
)
DEFAULT_SEED = 0
LANGUAGES = ("en", "es")


def default_start():
    """The page's default start: the article's random draw, made reproducible."""
    p = neuron.random_start(DEFAULT_SEED)
    return round(p.weight, 4), round(p.bias, 4)


@dataclass(frozen=True)
class Settings:
    """Everything that decides a training run. Hashable, so it can key a cache."""

    learning_rate: float = ARTICLE_LR
    iterations: int = ARTICLE_ITERATIONS
    initial_weight: float = field(default_factory=lambda: default_start()[0])
    initial_bias: float = field(default_factory=lambda: default_start()[1])
    start: int = -50
    stop: int = 50
    noise: float = 0.0
    scaled: bool = False

    def data_only(self):
        """These settings' data, with everything else at its default."""
        return Settings(start=self.start, stop=self.stop, noise=self.noise, scaled=self.scaled)


def grid_position(rate):
    """Where ``rate`` falls along the slider, in stops (fractional between two)."""
    logs = [math.log(g) for g in RATE_GRID]
    x = min(max(math.log(rate), logs[0]), logs[-1])
    i = max(k for k, v in enumerate(logs) if v <= x)
    if i == len(logs) - 1:
        return float(i)
    return i + (x - logs[i]) / (logs[i + 1] - logs[i])


def nearest_stop(rate):
    """The slider stop closest to ``rate`` on a log scale."""
    return min(RATE_GRID, key=lambda g: abs(math.log(g) - math.log(rate)))


def range_problem(start, stop):
    """Why ``start``/``stop`` make no dataset, or None when they do."""
    return None if stop - start >= 2 else "range"


# ---- links -------------------------------------------------------------------


def _number(text, lo, hi, *, integer=False):
    """``text`` as a number within [lo, hi], or None."""
    try:
        value = int(text) if integer else float(text)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(value) or not lo <= value <= hi:
        return None
    return value


def parse_rates(text):
    """A comma-separated list of learning rates.

    Returns
    -------
    rates : tuple of float
        The valid ones, in order, without repeats, at most ``SWEEP_MAX``.
    rejected : list of str
        Entries that are not a rate in [LR_MIN, LR_MAX], and any past the cap.
    """
    rates, rejected = [], []
    for part in (p.strip() for p in str(text).split(",")):
        if not part:
            continue
        value = _number(part, LR_MIN, LR_MAX)
        if value is None or len(rates) >= SWEEP_MAX:
            rejected.append(part)
        elif value not in rates:
            rates.append(value)
    return tuple(rates), rejected


CHECKS = {
    "lr": lambda v: _number(v, LR_MIN, LR_MAX),
    "iterations": lambda v: _number(v, 1, ITERATIONS_MAX, integer=True),
    "w0": lambda v: _number(v, -PARAM_LIMIT, PARAM_LIMIT),
    "b0": lambda v: _number(v, -PARAM_LIMIT, PARAM_LIMIT),
    "start": lambda v: _number(v, START_MIN, STOP_MAX - 1, integer=True),
    "stop": lambda v: _number(v, START_MIN + 1, STOP_MAX, integer=True),
    "noise": lambda v: _number(v, 0, NOISE_MAX),
    "scaled": lambda v: {"true": True, "false": False}.get(str(v).lower()),
    "lang": lambda v: v if v in LANGUAGES else None,
    "sample": lambda v: _number(v, -SAMPLE_LIMIT, SAMPLE_LIMIT),
    "log": lambda v: {"true": True, "false": False}.get(str(v).lower()),
}


def parse_link(params, *, views=()):
    """Check a link's query parameters.

    Parameters
    ----------
    params : mapping of str to str
        The raw query parameters (the last value of any repeated one).
    views : sequence of str
        Labels the ``view`` parameter may take.

    Returns
    -------
    values : dict
        The parameters that are valid, parsed.
    rejected : list of (name, raw value)
        The ones the page ignores, to tell the user.
    """
    values, rejected = {}, []
    for name, check in CHECKS.items():
        if name in params:
            value = check(params[name])
            if value is None:
                rejected.append((name, params[name]))
            else:
                values[name] = value
    iterations = values.get("iterations", ARTICLE_ITERATIONS)
    if "step" in params:
        step = _number(params["step"], 0, iterations, integer=True)
        if step is None:
            rejected.append(("step", params["step"]))
        else:
            values["step"] = step
    if "view" in params:
        if params["view"] in views:
            values["view"] = params["view"]
        else:
            rejected.append(("view", params["view"]))
    if "sweep" in params:
        rates, bad = parse_rates(params["sweep"])
        rejected.extend(("sweep", part) for part in bad)
        if rates:
            values["sweep"] = rates
    return values, rejected


# ---- presets -------------------------------------------------------------------

PRESETS = ("article", "too_small", "good", "overshoots", "edge", "diverges")


def preset_rates(stability):
    """Learning rates that show each regime on the current data.

    Each is a fraction of the critical rate 2/λmax computed from the data, rounded
    to three significant figures in the direction that keeps it in its regime.
    """
    crit = stability.critical_learning_rate
    return {
        "article": ARTICLE_LR,
        "too_small": _round(crit * 1e-3, math.floor),
        "good": _round(stability.oscillation_learning_rate * 0.99, math.floor),
        "overshoots": _round(crit * 0.75, math.floor),
        "edge": _round(crit * 0.99, math.floor),
        "diverges": _round(crit * 1.05, math.ceil),
    }


def _round(value, direction):
    exponent = math.floor(math.log10(value)) - 2
    return round(direction(value / 10**exponent) * 10**exponent, 12 - exponent)


def default_sweep(learning_rate, critical):
    """A handful of rates around the chosen one, one of them above critical."""
    rates = {learning_rate / 10, learning_rate / 3, learning_rate}
    if learning_rate * 3 < critical:
        rates.add(learning_rate * 3)
    if learning_rate < critical:
        rates.add(_round(critical * 1.05, math.ceil))
    return tuple(
        sorted(
            _round(r, math.floor) if r != learning_rate else r
            for r in rates
            if LR_MIN <= r <= LR_MAX
        )
    )
