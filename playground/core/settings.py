"""What decides a run, the rate slider's stops, and the presets.

Defaults and limits come from the parameter table (``playground.params``);
nothing here repeats them.
"""

import math
from dataclasses import dataclass, fields, replace

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


# The hyper-parameters each optimizer takes, by their link names.
HYPER_PARAMETERS = {"gd": (), "momentum": ("momentum",), "nesterov": ("momentum",),
                    "adam": ("beta1", "beta2")}  # fmt: skip


@dataclass(frozen=True)
class Settings:
    """Everything that decides a training run. Hashable, so it can key a cache."""

    learning_rate: float = default("learning_rate")
    iterations: int = default("iterations")
    initial_weight: float = default("initial_weight")
    initial_bias: float = default("initial_bias")
    start: int = default("start")
    stop: int = default("stop")
    noise: float = default("noise")
    scaled: bool = default("scaled")
    noise_seed: int = default("noise_seed")
    optimizer: str = default("optimizer")
    momentum: float = default("momentum")
    beta1: float = default("beta1")
    beta2: float = default("beta2")

    @classmethod
    def from_values(cls, values):
        """Settings from a mapping of link name → value (missing ones default)."""
        chosen = {}
        for f in fields(cls):
            link = BY_NAME[f.name].link
            if link in values and values[link] is not None:
                chosen[f.name] = values[link]
        return cls(**chosen)

    def data_only(self):
        """These settings' data, with everything else at its default."""
        return Settings(
            start=self.start,
            stop=self.stop,
            noise=self.noise,
            scaled=self.scaled,
            noise_seed=self.noise_seed,
        )

    def regimes_only(self):
        """What the rate strip's regimes depend on: the data, and the optimizer
        with its μ for momentum and Nesterov (Adam has no regimes: plain
        descent's are shown); everything else at its default."""
        if self.optimizer not in ("momentum", "nesterov"):
            return self.data_only()
        return replace(self.data_only(), optimizer=self.optimizer, momentum=self.momentum)

    def rate_only(self):
        """What a rate's stability depends on: everything but where a run starts
        and how long it goes (the stability map and the step factors)."""
        return replace(
            self,
            iterations=default("iterations"),
            initial_weight=default("initial_weight"),
            initial_bias=default("initial_bias"),
        )

    def usable_range(self):
        """(start, stop) of the data; the default range when this one holds < 2 values."""
        if self.stop - self.start >= 2:
            return self.start, self.stop
        return default("start"), default("stop")


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


def preset_rates(bowl):
    """Learning rates that show each regime of plain descent on the current data.

    Each is a fraction of the critical rate 2/λmax computed from the data, rounded
    to three significant figures in the direction that keeps it in its regime.
    """
    crit = bowl.critical_learning_rate
    return {
        "article": ARTICLE["learning_rate"],
        "too_small": round_to(crit * 1e-3, math.floor),
        "good": round_to(bowl.oscillation_learning_rate * 0.99, math.floor),
        "overshoots": round_to(crit * 0.75, math.floor),
        "edge": round_to(crit * 0.99, math.floor),
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
