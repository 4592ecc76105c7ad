"""Argument checks shared by the public functions (one message style)."""

import math
import numbers

MAX_ITERATIONS = 1_000_000


def finite(name, value):
    """Return ``value`` as a float, or raise ValueError naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a real number, got {value!r}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return value


def learning_rate(value):
    value = finite("learning_rate", value)
    if value <= 0:
        raise ValueError(f"learning_rate must be > 0, got {value!r}")
    return value


def iterations(value):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"iterations must be an integer, got {value!r}")
    value = int(value)
    if not 0 <= value <= MAX_ITERATIONS:
        raise ValueError(f"iterations must be between 0 and {MAX_ITERATIONS:,}, got {value!r}")
    return value


def start(initial_weight, initial_bias):
    """The starting (weight, bias) as floats, each checked by name."""
    return finite("initial_weight", initial_weight), finite("initial_bias", initial_bias)
