"""Datasets that come with the engine, by stable English name.

``celsius`` is the article's; ``kelvin`` is the same relation over inputs
far from 0, where the bowl's curvature along the weight grows about 90-fold
and the article's learning rate diverges; ``crickets`` and ``forbes`` are
real, noisy measurements read from the CSV files in ``neuron/datasets/``
(their sources are in the README there).
"""

from dataclasses import replace
from functools import partial
from pathlib import Path
from types import MappingProxyType

import numpy as np

from neuron.data import INTERCEPT, SLOPE, Dataset, make_dataset
from neuron.tables import read_table

FOLDER = Path(__file__).with_name("datasets")
CELSIUS, FAHRENHEIT = "temperature (°C)", "temperature (°F)"
KELVIN = 273.15  # K = C + KELVIN


def _celsius():
    article = "The article's data: F = C · 9/5 + 32 for C in range(-50, 50)"
    return replace(make_dataset(), x_name=CELSIUS, y_name=FAHRENHEIT, source=article)


def _kelvin():
    c = np.arange(-50, 50, dtype=float)
    source = "The article's data with the inputs in kelvin: K = C + 273.15"
    return Dataset(c + KELVIN, c * SLOPE + INTERCEPT, "temperature (K)", FAHRENHEIT, source)


def _bundled(file, source, licence):
    table = read_table((FOLDER / file).read_bytes())
    return replace(table.dataset, source=source, licence=licence)


DATASETS = MappingProxyType(
    {
        "celsius": _celsius,
        "kelvin": _kelvin,
        "crickets": partial(
            _bundled,
            "crickets.csv",
            "G. W. Pierce, The Songs of Insects (Harvard University Press, 1948): "
            "chirp rate of the striped ground cricket against air temperature",
            "Measurements (facts), reproduced in many statistics textbooks",
        ),
        "forbes": partial(
            _bundled,
            "forbes.csv",
            "J. D. Forbes, Transactions of the Royal Society of Edinburgh 21 (1857): "
            "boiling point of water against air pressure in the Alps and Scotland",
            "Public domain (published 1857)",
        ),
    }
)
"""Name → function of no arguments that returns that Dataset, freshly built."""


def dataset(name):
    """A bundled dataset by name.

    Parameters
    ----------
    name : str
        One of the keys of ``DATASETS``: "celsius", "kelvin", "crickets",
        "forbes".

    Returns
    -------
    Dataset
        With ``x_name``, ``y_name`` (units included), ``source`` and, for
        measured data, ``licence``.
    """
    if not isinstance(name, str) or name not in DATASETS:
        raise ValueError(f"dataset must be one of {', '.join(DATASETS)}, got {name!r}")
    return DATASETS[name]()
