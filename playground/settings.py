"""What decides a run, the rate slider's stops, and the presets.

Defaults and limits come from the parameter table (``playground.params``);
nothing here repeats them.
"""

import math
from dataclasses import dataclass, fields

from playground.params import BY_NAME, default

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
        return Settings(start=self.start, stop=self.stop, noise=self.noise, scaled=self.scaled)

    def usable_range(self):
        """(start, stop) of the data; the default range when this one holds < 2 values."""
        if self.stop - self.start >= 2:
            return self.start, self.stop
        return default("start"), default("stop")


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


# ---- presets -------------------------------------------------------------------

PRESETS = ("article", "too_small", "good", "overshoots", "edge", "diverges")


def preset_rates(stability):
    """Learning rates that show each regime on the current data.

    Each is a fraction of the critical rate 2/λmax computed from the data, rounded
    to three significant figures in the direction that keeps it in its regime.
    """
    crit = stability.critical_learning_rate
    return {
        "article": ARTICLE["learning_rate"],
        "too_small": round_to(crit * 1e-3, math.floor),
        "good": round_to(stability.oscillation_learning_rate * 0.99, math.floor),
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
