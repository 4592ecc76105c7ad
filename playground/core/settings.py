"""What decides a run, the rate slider's stops, and the presets.

Defaults and limits come from the parameter table (``playground.params``);
nothing here repeats them.
"""

import math
from dataclasses import field, make_dataclass, replace

from neuron.parameters import GROUPS, OWN
from playground.core.optimizers import BY_NAME as OPTIMIZERS
from playground.core.optimizers import PLAIN
from playground.core.params import BY_NAME, default

ARTICLE = {"learning_rate": 1e-4, "iterations": 10_000, "initial_weight": 0.5,
           "initial_bias": 0.5}  # fmt: skip
LR_MIN, LR_MAX = BY_NAME["learning_rate"].low, BY_NAME["learning_rate"].high
# The rate slider's stops: round numbers, twelve a decade, across the rate's bounds.
RATE_GRID = tuple(
    sorted(
        {
            round(m * 10.0**e, 12)
            for e in range(round(math.log10(LR_MIN)), round(math.log10(LR_MAX)))
            for m in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8, 9)
        }
        | {LR_MAX}
    )
)


# Every setting of a run, a field each, from the parameter table's groups.
FIELDS = tuple(name for names in GROUPS.values() for name in names)
_TYPES = {"choice": str, "token": str}


class _Reading:
    """What ``Settings`` does besides holding its fields (generated below)."""

    @classmethod
    def from_values(cls, values):
        """Settings from a mapping of link name → value (missing ones default)."""
        chosen = {}
        for name in FIELDS:
            link = BY_NAME[name].link
            if link in values and values[link] is not None:
                chosen[name] = values[link]
        return cls(**chosen)

    def data_only(self):
        """These settings' data, with everything else at its default."""
        return type(self)(**{name: getattr(self, name) for name in GROUPS["data"]})

    def regimes_only(self):
        """What the rate strip's regimes depend on: the data, and an optimizer with
        momentum with its hyper-parameters, or plain descent's batch size (one
        with no formula has no regimes: plain descent's are shown); everything
        else at its default."""
        entry = OPTIMIZERS[self.optimizer]
        if entry.stability == "quadratic" and self.batch_size is not None:
            return replace(self.data_only(), batch_size=self.batch_size)  # its batch's rate
        if entry.stability != "momentum":
            return self.data_only()
        own = {name: getattr(self, name) for name in entry.hyper_parameters}
        return replace(self.data_only(), optimizer=self.optimizer, **own)

    def rate_only(self):
        """What a rate's stability depends on: everything but where a run starts
        and how long it goes (the stability map and the step factors)."""
        return replace(self, **{name: default(name) for name in GROUPS["run"]})

    def article_range(self):
        """Whether the data is the article's range (start, stop, noise): no bundled
        dataset is chosen, nor own data given."""
        return self.dataset is None or (self.dataset == OWN and not self.data)

    def usable_range(self):
        """(start, stop) of the data; the default range when this one holds < 2 values."""
        if self.stop - self.start >= 2:
            return self.start, self.stop
        return default("start"), default("stop")


Settings = make_dataclass(
    "Settings",
    [(n, _TYPES.get(BY_NAME[n].kind, BY_NAME[n].kind), field(default=default(n))) for n in FIELDS],
    bases=(_Reading,),
    frozen=True,
)
Settings.__module__ = __name__  # pickling and reprs name this module
Settings.__doc__ = """Everything that decides a training run, a field per row of the parameter
table's groups (``neuron.parameters.GROUPS``). Hashable, so it can key a cache."""


def rate_grid(critical, full=False, decades=3):
    """The rate slider's stops: ``decades`` decades up to the one above twice
    ``critical`` (where a beginner can aim: the overshoot band, a factor of
    two, gets a tenth of the slider), or every stop when ``full``."""
    top = min(math.ceil(math.log10(2 * critical)), round(math.log10(LR_MAX)))
    if full:
        return RATE_GRID
    low, high = 10.0 ** (top - decades), 10.0**top
    return tuple(g for g in RATE_GRID if low * (1 - 1e-9) <= g <= high * (1 + 1e-9))


def grid_position(rate, grid=RATE_GRID):
    """Where ``rate`` falls along the slider's ``grid``, in stops (fractional between two)."""
    logs = [math.log(g) for g in grid]
    x = min(max(math.log(rate), logs[0]), logs[-1])
    i = max(k for k, v in enumerate(logs) if v <= x)
    if i == len(logs) - 1:
        return float(i)
    return i + (x - logs[i]) / (logs[i + 1] - logs[i])


def nearest_stop(rate, grid=RATE_GRID):
    """The stop of ``grid`` closest to ``rate`` on a log scale."""
    return min(grid, key=lambda g: abs(math.log(g) - math.log(rate)))


# ---- presets -------------------------------------------------------------------

PRESETS = ("article", "too_small", "good", "overshoots", "edge", "diverges")
BATCH_PRESET = "batch_unsafe"  # a rate safe for the full batch, unsafe for batches of 1


def batch_unsafe_rate(full, batch_one):
    """A rate between the critical rate for batches of 1 and the full batch's: their
    geometric mean, rounded down to three figures (still above the first)."""
    return round_to(math.sqrt(full * batch_one), math.floor)


# The units challenge: the article's run on the same relation with the inputs in
# kelvin (link name → value). Its help compares the three critical rates.
UNITS = {"dataset": "kelvin", "data": None, "scaled": False, "optimizer": PLAIN.name,
         "lr": ARTICLE["learning_rate"]}  # fmt: skip


def units_rates(bowl_of):
    """The critical rates of the units challenge: °C, K, and K standardized
    (``bowl_of`` maps Settings to their data's Bowl)."""
    kelvin = Settings(dataset=UNITS["dataset"])
    return {
        "celsius": bowl_of(Settings()).critical_learning_rate,
        "kelvin": bowl_of(kelvin).critical_learning_rate,
        "scaled": bowl_of(replace(kelvin, scaled=True)).critical_learning_rate,
    }


def preset_rates(bowl):
    """Learning rates that show each regime of plain descent on the current data.

    Each is a fraction of the critical rate 2/λmax computed from the data, rounded
    to three significant figures (four on the edge, where a third figure's floor
    can cost 1 %) in the direction that keeps it in its regime.
    """
    crit = bowl.critical_learning_rate
    return {
        "article": ARTICLE["learning_rate"],
        "too_small": round_to(crit * 1e-3, math.floor),
        "good": round_to(bowl.oscillation_learning_rate * 0.99, math.floor),
        "overshoots": round_to(crit * 0.75, math.floor),
        "edge": round_to(crit * 0.99, math.floor, 4),  # 3 figures could read 98.4 %
        "diverges": round_to(crit * 1.05, math.ceil),
    }


def round_to(value, direction, figures=3):
    """``value`` to ``figures`` significant figures, rounded by ``direction``."""
    exponent = math.floor(math.log10(value)) - (figures - 1)
    return round(direction(value / 10**exponent) * 10**exponent, 12 - exponent)


def default_sweep(learning_rate, critical):
    """A handful of rates around the chosen one, one of them above critical."""
    rates = {learning_rate / 10, learning_rate / 3, learning_rate}
    if learning_rate * 3 < critical:
        rates.add(learning_rate * 3)
    if learning_rate < critical:
        rates.add(round_to(critical * 1.05, math.ceil))
    return tuple(
        sorted(
            round_to(r, math.floor) if r != learning_rate else r
            for r in rates
            if LR_MIN <= r <= LR_MAX
        )
    )
