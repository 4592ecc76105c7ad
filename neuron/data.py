"""The article's data: Celsius temperatures and their Fahrenheit values.

A ``Dataset`` can hold any pairs of numbers (``neuron.tables`` reads them from
a file, ``neuron.datasets`` bundles a few); the article's names for its two
arrays stay, and ``x`` and ``y`` name them for everything else.
"""

from dataclasses import dataclass

import numpy as np

from neuron import _checks
from neuron.model import Parameters

SLOPE = 9 / 5  # F = C * 9/5 + 32: the weight and bias a perfect neuron learns
INTERCEPT = 32.0
MAX_SAMPLES = 100_000


@dataclass(frozen=True, eq=False)
class Dataset:
    """Paired numbers the neuron learns from: the targets y from the inputs x.

    Attributes
    ----------
    celsius : ndarray of shape (n_samples,)
        The inputs (``x``): in °C for the article's data.
    fahrenheit : ndarray of shape (n_samples,)
        The targets (``y``): in °F for the article's data.
    x_name, y_name : str or None
        What a person reads on each axis, units included ("height (cm)");
        None for the article's °C and °F.
    source, licence : str or None
        Where the numbers come from and on what terms, for data that is not
        the article's.
    """

    celsius: np.ndarray
    fahrenheit: np.ndarray
    x_name: str | None = None
    y_name: str | None = None
    source: str | None = None
    licence: str | None = None

    def __post_init__(self):
        x = _readonly(self.celsius, "celsius")
        y = _readonly(self.fahrenheit, "fahrenheit")
        if x.shape != y.shape:
            raise ValueError(
                f"celsius and fahrenheit must have the same length, got {x.size} and {y.size}"
            )
        if np.unique(x).size < 2:
            raise ValueError(f"celsius must hold at least two distinct values, got {x.tolist()!r}")
        for name in ("x_name", "y_name", "source", "licence"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, str):
                raise ValueError(f"{name} must be a string or None, got {value!r}")
        object.__setattr__(self, "celsius", x)
        object.__setattr__(self, "fahrenheit", y)

    def __len__(self):
        return self.celsius.size

    @property
    def x(self):
        """The inputs: the same array as ``celsius``."""
        return self.celsius

    @property
    def y(self):
        """The targets: the same array as ``fahrenheit``."""
        return self.fahrenheit


def _readonly(values, name):
    a = np.array(values, dtype=float).ravel()
    if not np.all(np.isfinite(a)):
        raise ValueError(f"{name} must hold only finite numbers")
    a.setflags(write=False)
    return a


def make_dataset(start=-50, stop=50, *, noise=0.0, seed=None):
    """Build the article's data: the integers ``start`` … ``stop - 1`` in °C.

    Parameters
    ----------
    start, stop : int
        The Celsius range, as in ``range(start, stop)``. The default is the
        article's ``range(-50, 50)``.
    noise : float, default 0.0
        Standard deviation, in °F, of Gaussian noise added to each target.
    seed : int, numpy.random.Generator or None
        Source of the noise, so a noisy dataset can be drawn again exactly.

    Returns
    -------
    Dataset
        ``fahrenheit = celsius * 9 / 5 + 32``, plus the noise if any.
    """
    start, stop = _integer("start", start), _integer("stop", stop)
    if stop <= start:
        raise ValueError(f"stop must be greater than start ({start}), got {stop}")
    if stop - start > MAX_SAMPLES:
        raise ValueError(f"stop - start must be at most {MAX_SAMPLES:,}, got {stop - start:,}")
    noise = _checks.finite("noise", noise)
    if noise < 0:
        raise ValueError(f"noise must be >= 0, got {noise!r}")
    celsius = np.arange(start, stop, dtype=float)
    fahrenheit = celsius * SLOPE + INTERCEPT
    if noise > 0:
        fahrenheit = fahrenheit + np.random.default_rng(seed).normal(0, noise, celsius.size)
    return Dataset(celsius, fahrenheit)


def _integer(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{name} must be an integer, got {value!r}")
    return int(value)


def random_start(seed=None):
    """An initial weight and bias, each uniform on [0, 1) as in the article.

    Parameters
    ----------
    seed : int, numpy.random.Generator or None
        The same seed always gives the same start.

    Returns
    -------
    Parameters
    """
    w, b = np.random.default_rng(seed).random(2)
    return Parameters(float(w), float(b))


@dataclass(frozen=True)
class Scaling:
    """How Celsius was standardized: ``z = (celsius - mean) / scale``."""

    mean: float
    scale: float

    def to_celsius(self, weight, bias):
        """Parameters learned on z, as the same line over Celsius.

        Accepts numbers or arrays (a whole history at once).
        """
        w = np.asarray(weight, dtype=float) / self.scale
        return Parameters(w, np.asarray(bias, dtype=float) - w * self.mean)


def standardize(dataset):
    """Rescale Celsius to mean 0 and standard deviation 1.

    On standardized inputs the loss's curvature is the same in every
    direction, so one learning rate suits both parameters.

    Returns
    -------
    dataset : Dataset
        The same targets over standardized inputs.
    scaling : Scaling
        What converts parameters back to Celsius.
    """
    x = dataset.celsius
    scaling = Scaling(float(x.mean()), float(x.std()))
    return Dataset((x - scaling.mean) / scaling.scale, dataset.fahrenheit), scaling
