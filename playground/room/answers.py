"""The answer to each kind of task, computed by the engine from the task's data.

Nothing here is a number written down: a reveal shows what ``neuron`` finds
for the task's own settings, so a task file with other data or another start
gets its own answers. Each rule names the numbers it gives (the reveal's
sentence uses them by name) and, for a prediction, the choice ids it picks
from.
"""

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

import neuron
from neuron.parameters import BY_NAME
from neuron.stability import CONVERGES, DIVERGES, OSCILLATES

LR_MIN, LR_MAX = BY_NAME["learning_rate"].low, BY_NAME["learning_rate"].high


@dataclass(frozen=True)
class Answer:
    """What a reveal shows.

    Attributes
    ----------
    choice : str or None
        The id of the right choice, for a prediction.
    values : dict of str to float or int
        The numbers the reveal's sentence names, e.g. ``rate``, ``critical``.
    """

    choice: str | None
    values: dict

    def __post_init__(self):
        object.__setattr__(self, "values", MappingProxyType(dict(self.values)))


@dataclass(frozen=True)
class Setup:
    """A task's settings as the engine takes them (defaults from the parameter table)."""

    dataset: neuron.Dataset  # standardized if the task says so
    original: neuron.Dataset  # before standardizing
    learning_rate: float
    iterations: int
    initial_weight: float
    initial_bias: float
    batch_size: int | None = None  # None: the full batch


def setup(settings):
    """The engine's inputs for ``settings``, a dict of engine parameter names."""
    value = {p.name: settings.get(p.name, p.default) for p in BY_NAME.values()}
    if value["dataset"] in neuron.DATASETS:  # a task may name a bundled dataset
        original = neuron.dataset(value["dataset"])
    else:
        original = neuron.make_dataset(
            value["start"], value["stop"], noise=value["noise"], seed=value["noise_seed"]
        )
    dataset = neuron.standardize(original)[0] if value["scaled"] else original
    return Setup(
        dataset,
        original,
        value["learning_rate"],
        value["iterations"],
        value["initial_weight"],
        value["initial_bias"],
        value["batch_size"],
    )


def verdict(s):
    """What gradient descent does at the task's rate, from the curvatures."""
    st = neuron.stability(s.dataset, s.learning_rate)
    curvature = float(st.bowl.curvatures[-1])
    return Answer(
        st.verdict,
        dict(
            rate=s.learning_rate,
            curvature=curvature,
            factor=1 - s.learning_rate * curvature,
            critical=st.critical_learning_rate,
        ),
    )


def largest_stable_rate(s):
    """The largest rate whose run of the task's iterations does not overflow.

    Found by bisection on ``train(...).diverged_at is None``; it lies a little
    above the critical rate 2/λmax, where the error grows, but not yet past
    the largest float, within the task's iterations.
    """
    critical = neuron.bowl(s.dataset).critical_learning_rate

    def stable(lr):
        run = neuron.train(
            s.dataset,
            learning_rate=lr,
            iterations=s.iterations,
            initial_weight=s.initial_weight,
            initial_bias=s.initial_bias,
            record=[],
        )
        return run.diverged_at is None

    lo, hi = critical / 2, min(critical * 2, LR_MAX)
    while not stable(lo) and lo > LR_MIN:
        lo, hi = max(lo / 2, LR_MIN), lo
    while stable(hi) and hi < LR_MAX:
        lo, hi = hi, min(hi * 2, LR_MAX)
    if stable(hi):
        lo = hi
    for _ in range(100):  # 1 part in 1e12 takes about 40 halvings
        if hi - lo <= 1e-12 * hi:
            break
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if stable(mid) else (lo, mid)
    shown = round_down(lo, DIGITS)
    while not stable(shown):  # the float nearest the printed digits may lie above lo
        shown = round_down(shown - 10 ** (math.floor(math.log10(shown)) - DIGITS + 1), DIGITS)
    return Answer(
        None,
        dict(
            rate=shown,
            critical=critical,
            above=100 * (shown / critical - 1),
            iterations=s.iterations,
        ),
    )


DIGITS = 9  # significant digits a reveal prints a rate with ({rate:.9g})


def round_down(x, digits):
    """``x`` (> 0) cut, not rounded, to ``digits`` significant digits: 0.00122107072."""
    scale = 10 ** (digits - 1 - math.floor(math.log10(x)))
    return float(math.floor(x * scale) / scale) if scale >= 1 else x


def fastest_bias(s):
    """The rate at which the bias is learned (within 1 % for good) soonest.

    A logarithmic grid of rates under the critical one, then three finer
    grids around the best, each scored by ``neuron.iterations_to_learn``.
    """
    st = neuron.bowl(s.dataset)
    critical = st.critical_learning_rate

    def bias_iterations(lr):
        learned = neuron.iterations_to_learn(
            s.dataset,
            learning_rate=float(lr),
            initial_weight=s.initial_weight,
            initial_bias=s.initial_bias,
        )
        return math.inf if learned.bias is None else learned.bias

    rates = np.geomspace(max(critical / 1000, LR_MIN), critical * (1 - 1e-9), 64)
    for _ in range(4):
        scores = [bias_iterations(lr) for lr in rates]
        best = int(np.argmin(scores))
        lo, hi = rates[max(best - 1, 0)], rates[min(best + 1, rates.size - 1)]
        best_rate, best_score = float(rates[best]), scores[best]
        rates = np.linspace(lo, hi, 33)
    if math.isinf(best_score):
        raise ValueError("the bias is learned at no rate under the critical one")
    return Answer(
        None,
        dict(
            rate=best_rate,
            iterations=int(best_score),
            critical=critical,
            optimal=st.optimal_learning_rate,
            condition=st.condition_number,
        ),
    )


def standardized(s):
    """What standardizing the inputs does to the bowl: curvatures, κ, critical rate."""
    before = neuron.bowl(s.original)
    after = neuron.bowl(neuron.standardize(s.original)[0])
    if math.isclose(after.condition_number, 1, rel_tol=1e-6):
        choice = "one_pace"
    elif math.isclose(after.critical_learning_rate, before.critical_learning_rate, rel_tol=1e-6):
        choice = "nothing"
    else:
        choice = "weight_only"
    return Answer(
        choice,
        dict(
            critical=after.critical_learning_rate,
            condition=after.condition_number,
            curvature=float(after.curvatures[-1]),
            critical_before=before.critical_learning_rate,
            condition_before=before.condition_number,
        ),
    )


def batch_one(s):
    """Whether the task's rate keeps the expected loss of its batches finite: the
    mean-square critical rate for the batch size against the full batch's."""
    critical = neuron.bowl(s.dataset).critical_learning_rate
    exact = neuron.expected_run(s.dataset, learning_rate=s.learning_rate,
                                batch_size=s.batch_size, initial_weight=s.initial_weight,
                                initial_bias=s.initial_bias, iterations=0)  # fmt: skip
    one = exact.critical_learning_rate
    return Answer(
        "grows" if s.learning_rate >= one else "settles",
        dict(rate=s.learning_rate, critical=critical, critical_one=one,
             share=100 * one / critical, ratio=s.learning_rate / one),
    )  # fmt: skip


UNITS_CHOICES = {
    frozenset({"celsius", "kelvin", "standardized"}): "all",
    frozenset({"celsius", "standardized"}): "celsius_standardized",
    frozenset({"standardized"}): "standardized_only",
    frozenset(): "none",
}


def units(s):
    """The units challenge: where the task's rate survives among the article's °C
    data, the task's data (the same relation in kelvin) and that data standardized."""
    bowls = {
        "celsius": neuron.bowl(neuron.make_dataset()),
        "kelvin": neuron.bowl(s.original),
        "standardized": neuron.bowl(neuron.standardize(s.original)[0]),
    }
    critical = {name: b.critical_learning_rate for name, b in bowls.items()}
    survives = frozenset(name for name, c in critical.items() if s.learning_rate < c)
    return Answer(
        UNITS_CHOICES.get(survives, "none"),
        dict(rate=s.learning_rate, **critical, ratio=critical["celsius"] / critical["kelvin"]),
    )


@dataclass(frozen=True)
class Rule:
    """One kind of answer: the task kind it fits, its numbers and choices."""

    kind: str
    compute: Callable
    values: dict  # name -> int or float: the numbers it gives
    choices: tuple = ()  # the ids a prediction must offer, exactly
    needs: tuple = ()  # engine parameters the task's settings must give
    # rates above which runs blow up: a reveal prints them rounded up, so that
    # "above the critical rate X" holds for every rate above the printed X
    thresholds: tuple = ("critical", "critical_one", "critical_before")


RULES = {
    "verdict": Rule(
        "prediction",
        verdict,
        dict(rate=float, curvature=float, factor=float, critical=float),
        (CONVERGES, OSCILLATES, DIVERGES),
        needs=("learning_rate",),
    ),
    "largest_stable_rate": Rule(
        "run", largest_stable_rate, dict(rate=float, critical=float, above=float, iterations=int)
    ),
    "fastest_bias": Rule(
        "run",
        fastest_bias,
        dict(rate=float, iterations=int, critical=float, optimal=float, condition=float),
    ),
    "standardized": Rule(
        "prediction",
        standardized,
        dict.fromkeys(
            ("critical", "condition", "curvature", "critical_before", "condition_before"), float
        ),
        ("one_pace", "weight_only", "nothing"),
    ),
    "batch_one": Rule(
        "prediction",
        batch_one,
        dict.fromkeys(("rate", "critical", "critical_one", "share", "ratio"), float),
        ("settles", "grows"),
        needs=("learning_rate", "batch_size"),
    ),
    "units": Rule(
        "prediction",
        units,
        dict.fromkeys(("rate", "celsius", "kelvin", "standardized", "ratio"), float),
        tuple(UNITS_CHOICES.values()),
        needs=("learning_rate", "dataset"),
        thresholds=("celsius", "kelvin", "standardized"),
    ),
}


@functools.lru_cache(maxsize=64)
def compute(rule, settings):
    """The answer of ``rule`` for ``settings``, a tuple of (engine name, value) pairs."""
    return RULES[rule].compute(setup(dict(settings)))
