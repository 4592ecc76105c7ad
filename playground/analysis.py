"""Settings in, one run and everything read off it out.

No Streamlit here: the page caches ``analyse``; tests call it as it is.
"""

from dataclasses import dataclass
from functools import cached_property

import numpy as np

import neuron
from playground.settings import Settings


@dataclass(frozen=True, eq=False)
class Outcome:
    """One training run with everything read off it.

    Attributes
    ----------
    settings : Settings
        What was asked for (the data range as given, even if unusable).
    data : Dataset
        The temperatures, in °C.
    trained_on : Dataset
        What the neuron saw: ``data``, or ``data`` standardized when scaled.
    scaling : Scaling or None
    run : TrainingRun
        In the neuron's own parameters (standardized ones when scaled).
    stability : Stability
        Of ``trained_on`` at the run's learning rate.
    reading : Reading
        ``run`` against the optimum of ``trained_on``.
    weights, biases : ndarray of shape (iterations + 1,)
        The history as a °C → °F line: equal to ``run``'s unless scaled.
    optimum : Parameters
        The least-squares °C → °F line.
    range_fallback : bool
        True when ``settings`` gave no usable range and the default one was used.
    """

    settings: Settings
    data: neuron.Dataset
    trained_on: neuron.Dataset
    scaling: neuron.Scaling | None
    run: neuron.TrainingRun
    stability: neuron.Stability
    reading: neuron.Reading
    weights: np.ndarray
    biases: np.ndarray
    optimum: neuron.Parameters
    range_fallback: bool

    @cached_property
    def history(self):
        """The run's chart table, computed once: three charts draw from it."""
        from playground.frames import history_frame

        return history_frame(self)


def analyse(settings):
    """Train as ``settings`` ask and read the outcome."""
    data, trained_on, scaling = training_data(settings)
    run = neuron.train(
        trained_on,
        learning_rate=settings.learning_rate,
        iterations=settings.iterations,
        initial_weight=settings.initial_weight,
        initial_bias=settings.initial_bias,
    )
    if scaling is None:
        weights, biases = run.weights, run.biases
    else:
        line = scaling.to_celsius(run.weights, run.biases)
        weights, biases = line.weight, line.bias
    return Outcome(
        settings=settings,
        data=data,
        trained_on=trained_on,
        scaling=scaling,
        run=run,
        stability=neuron.stability(trained_on, settings.learning_rate),
        reading=neuron.read(trained_on, run),
        weights=weights,
        biases=biases,
        optimum=neuron.least_squares(data),
        range_fallback=settings.usable_range() != (settings.start, settings.stop),
    )


def training_data(settings):
    """(data in °C, what the neuron trains on, the Scaling or None) for ``settings``."""
    start, stop = settings.usable_range()
    data = neuron.make_dataset(start, stop, noise=settings.noise, seed=settings.noise_seed)
    if not settings.scaled:
        return data, data, None
    trained_on, scaling = neuron.standardize(data)
    return data, trained_on, scaling


def clamp_step(outcome, step):
    """``step`` inside the finite part of the run (None means the end)."""
    last = outcome.run.last
    return last if step is None else max(0, min(int(step), last))
