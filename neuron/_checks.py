"""Argument checks shared by the public functions (one message style).

Limits a person can set live in ``neuron.parameters``; these only check
types, finiteness and the engine's own range of iterations.
"""

import math
import numbers

import numpy as np

from neuron.optimizers import CLASSES, GradientDescent
from neuron.parameters import MAX_ITERATIONS


def finite(name, value):
    """Return ``value`` as a float, or raise ValueError naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a real number, got {value!r}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return value


def iterations(value, name="iterations"):
    """A number of updates, 0 … MAX_ITERATIONS (0 is a run that is only its start)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be an integer, got {value!r}")
    value = int(value)
    if not 0 <= value <= MAX_ITERATIONS:
        raise ValueError(f"{name} must be between 0 and {MAX_ITERATIONS:,}, got {value!r}")
    return value


def start(initial_weight, initial_bias):
    """The starting (weight, bias) as floats, each checked by name."""
    return finite("initial_weight", initial_weight), finite("initial_bias", initial_bias)


def optimizer(optimizer, learning_rate):
    """The optimizer a call means: ``optimizer``, or plain descent at ``learning_rate``."""
    if (optimizer is None) == (learning_rate is None):
        raise ValueError("give exactly one of optimizer and learning_rate")
    if optimizer is None:
        return GradientDescent(learning_rate)
    if not is_optimizer(optimizer):
        names = ", ".join(c.__name__ for c in CLASSES)
        raise ValueError(f"optimizer must be one of {names}, got {optimizer!r}")
    return optimizer


def is_optimizer(value):
    """Is ``value`` an instance of a class in ``neuron.optimizers.REGISTRY``?"""
    return isinstance(value, CLASSES)


def steps(values):
    """Iterations given as an array-like of integers, as int64."""
    a = np.asarray(values).ravel()
    if a.size == 0 or (a.dtype != bool and np.issubdtype(a.dtype, np.integer)):
        return np.clip(a, -1, MAX_ITERATIONS + 1).astype(np.int64)
    if np.issubdtype(a.dtype, np.floating) and np.all(a == np.round(a)):
        return np.clip(a, -1, MAX_ITERATIONS + 1).astype(np.int64)
    raise ValueError(f"record must hold whole iteration numbers, got {a[:5].tolist()!r}")
