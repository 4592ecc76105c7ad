"""The room board's words: its thresholds classify every rate the room sent."""

import numpy as np
import pandas as pd
import pytest

import neuron
from playground.charts import board
from playground.core.text import text
from tests.truth import num, parse


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("dataset", ["celsius", "kelvin", "crickets"])
def test_the_rates_strips_thresholds_sit_past_every_submitted_rate(lang, dataset):
    """Rates a hair either side of 1/λmax and 2/λmax (λmax from this test's own
    Hessian): the printed overshoot and critical rates are at or above the exact
    ones, and each submitted rate is on the same side of them as of the exact."""
    T, data = text(lang), neuron.dataset(dataset)
    x = data.celsius
    top = np.linalg.eigvalsh(2 * np.array([[np.mean(x * x), x.mean()], [x.mean(), 1.0]]))[-1]
    exact = {"oscillation": 1 / top, "critical": 2 / top}
    rates = [v * f for v in exact.values() for f in (1 - 1e-9, 1 + 1e-9, 1 - 1e-13, 1 + 1e-13)]
    frame = pd.DataFrame({"rate": rates, "verdict": ["converges"] * len(rates)})
    v = parse(T, ["room.alt.rates"], board.describe_rates(T, frame, neuron.bowl(data)))[1]
    for key, value in exact.items():
        printed = num(T, v[key])
        assert value <= printed < value * (1 + 1e-4), (key, v[key], value)
        for rate in rates:
            assert (rate > printed) == (rate > value), (key, v[key], rate)
