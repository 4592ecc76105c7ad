"""Settings in, one run and everything read off it out.

No Streamlit here: the page caches ``analyse``; tests call it as it is. The
run is recorded only at the iterations the page plots (a few thousand at
most, whatever the iteration count), so a million iterations cost about what
ten thousand do, and a cached outcome holds about 100 kB.
"""

from dataclasses import dataclass, replace

import numpy as np

import neuron
from neuron.parameters import GROUPS
from playground.compute import sources
from playground.core.settings import Settings

MAX_POINTS = 2000  # recorded iterations for the charts, beside the animation's frames
HEAD = 200  # the first iterations, where the weight zig-zags, are each recorded
FRAMES = 240  # the animation's frames


@dataclass(frozen=True, eq=False)
class Outcome:
    """One training run with everything read off it.

    Attributes
    ----------
    settings : Settings
        What was asked for (the data range as given, even if unusable).
    data : Dataset
        The data: the article's temperatures in °C, a bundled dataset or the
        person's own (``sources``).
    trained_on : Dataset
        What the neuron saw: ``data``, or ``data`` standardized when scaled.
    scaling : Scaling or None
    run : TrainingRun
        In the neuron's own parameters (standardized ones when scaled),
        recorded at ``chart_steps`` and ``frame_steps`` of its finite part.
    bowl : Bowl
        The shape of ``trained_on``'s loss: its curvatures and critical rates.
    stability : Stability
        What the optimizer does on ``trained_on``.
    reading : Reading
        ``run`` against the optimum of ``trained_on``.
    weights, biases : ndarray of shape (len(run.steps),)
        The recorded history as a °C → °F line: ``run``'s unless scaled.
    optimum : Parameters
        The least-squares line of ``data``.
    range_fallback : bool
        True when ``settings`` gave no usable range and the default one was used.
    """

    settings: Settings
    data: neuron.Dataset
    trained_on: neuron.Dataset
    scaling: neuron.Scaling | None
    run: neuron.TrainingRun
    bowl: neuron.Bowl
    stability: neuron.Stability
    reading: neuron.Reading
    weights: np.ndarray
    biases: np.ndarray
    optimum: neuron.Parameters
    range_fallback: bool

    @property
    def article(self):
        """Whether the data is the article's range (its range and noise apply)."""
        return self.settings.article_range()

    @property
    def actual(self):
        """The true line: F = C · 9/5 + 32 for the article's range, else the data's
        least-squares line (the best any line does)."""
        if self.article:
            return neuron.Parameters(neuron.data.SLOPE, neuron.data.INTERCEPT)
        return self.optimum

    def rows(self, iterations):
        """Row indices of recorded ``iterations`` (ValueError if one is not recorded)."""
        iterations = np.asarray(iterations)
        rows = np.searchsorted(self.run.steps, iterations)
        if np.any(rows >= self.run.steps.size) or np.any(self.run.steps[rows] != iterations):
            raise ValueError(f"iterations not recorded: {iterations!r}")
        return rows

    def at(self, step):
        """The run's row at ``step``, recorded or not: an unrecorded one trains only
        that far (a run is the same up to any step, whatever its length)."""
        if step in self.run.steps:
            return self.run.at(step)
        return run_at(replace(self.settings, iterations=step), [step]).at(step)

    def line(self, iteration):
        """(weight, bias) of the °C → °F line at a recorded iteration."""
        row = self.rows([iteration])[0]
        return float(self.weights[row]), float(self.biases[row])


def optimizer_of(settings):
    """The optimizer the settings ask for, with their rate and hyper-parameters."""
    hyper = {name: getattr(settings, name) for name in GROUPS["optimizer"][1:]}
    return neuron.optimizer(settings.optimizer, settings.learning_rate, **hyper)


def chart_steps(last, max_points=MAX_POINTS, head=HEAD):
    """The iterations the charts plot: each of the first ``head``, then pairs.

    Past the head, ``(t, t + 1)`` pairs spread evenly over the run, so a run
    that overshoots (its error changes sign every step) still shows both
    sides of its zig-zag however many iterations it has.
    """
    if last < max_points:
        return np.arange(last + 1)
    pairs = np.linspace(head, last - 1, (max_points - head - 1) // 2).astype(np.int64)
    return np.union1d(np.arange(head), np.concatenate([pairs, pairs + 1, [last]]))


def frame_steps(last, count=FRAMES, head=20):
    """The iterations the animation shows: each of the first ``head``, then log-spaced.

    Early iterations are where the weight zig-zags, so they get a frame each;
    later ones, where only the bias crawls, are spread on a log scale.
    """
    if last < count:
        return np.arange(last + 1)
    later = np.geomspace(head + 1, last, count - head)
    return np.union1d(np.arange(head + 1), np.round(later).astype(np.int64))


def plotted(last):
    """Everything the page draws from one run: chart points and animation frames."""
    return np.union1d(chart_steps(last), frame_steps(last))


def analyse(settings):
    """Train as ``settings`` ask, recording the plotted iterations, and read the outcome."""
    data, trained_on, scaling = training_data(settings)
    run = run_at(settings, plotted, trained_on)
    weights, biases = run.weights, run.biases
    if scaling is not None:
        line = scaling.to_celsius(weights, biases)
        weights, biases = line.weight, line.bias
    return Outcome(
        settings=settings,
        data=data,
        trained_on=trained_on,
        scaling=scaling,
        run=run,
        bowl=neuron.bowl(trained_on),
        stability=neuron.stability(trained_on, run.optimizer),
        reading=neuron.read(trained_on, run),
        weights=weights,
        biases=biases,
        optimum=neuron.least_squares(data),
        range_fallback=settings.article_range()
        and settings.usable_range() != (settings.start, settings.stop),
    )


def training_data(settings):
    """(the data, what the neuron trains on, the Scaling or None) for ``settings``."""
    data = sources.of(settings)
    if data is None:
        start, stop = settings.usable_range()
        data = neuron.make_dataset(start, stop, noise=settings.noise, seed=settings.noise_seed)
    if not settings.scaled:
        return data, data, None
    trained_on, scaling = neuron.standardize(data)
    return data, trained_on, scaling


def run_at(settings, iterations, trained_on=None):
    """The run ``settings`` make, recorded at ``iterations`` only (a list, or a
    function of the last iteration, as ``neuron.train`` takes ``record``)."""
    if trained_on is None:
        trained_on = training_data(settings)[1]
    return neuron.train(
        trained_on,
        optimizer=optimizer_of(settings),
        iterations=settings.iterations,
        initial_weight=settings.initial_weight,
        initial_bias=settings.initial_bias,
        record=iterations,
    )
