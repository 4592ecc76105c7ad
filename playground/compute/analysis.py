"""Settings in, one run and everything read off it out.

No Streamlit here: the page caches ``analyse``; tests call it as it is. The
run is recorded only at the iterations the page plots (a few thousand at
most, whatever the iteration count), so a million iterations cost about what
ten thousand do, and a cached outcome holds about 100 kB.
"""

from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np

import neuron
from neuron.parameters import GROUPS, SEED_MAX
from playground.compute import sources
from playground.core.optimizers import BY_NAME as OPTIMIZERS
from playground.core.settings import Settings

MAX_POINTS = 2000  # recorded iterations for the charts, beside the animation's frames
HEAD = 200  # the first iterations, where the weight zig-zags, are each recorded
FRAMES = 240  # the animation's frames
SAMPLED_RUNS = 3  # sampled runs drawn: the page's seed and the next ones
# The work one sampled run may ask for: drawn sample indices (iterations × batch
# size; 2·10⁷ take about 0.7 s), and updates of an optimizer stepped one at a
# time (10⁵ take about 1 s). Past either the page says so instead of training.
MAX_DRAWS = 20_000_000
MAX_LOOP_STEPS = 100_000


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
        ``run`` against the optimum of ``trained_on``. A sampled run's holds its
        end and the optimum only (``sampled_reading``).
    weights, biases : ndarray of shape (len(run.steps),)
        The recorded history as a °C → °F line: ``run``'s unless scaled.
    optimum : Parameters
        The least-squares line of ``data``.
    range_fallback : bool
        True when ``settings`` gave no usable range and the default one was used.
    expected : Expectation or None
        With a batch size and plain descent, what the sampled runs do on
        average, exactly; None otherwise (the full batch, or an optimizer with
        no exact expectation: only its sampled runs are shown).
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
    expected: "Expectation | None" = None

    @property
    def sampled(self):
        """Whether the run is sampled on mini-batches (a batch size is set)."""
        return self.settings.batch_size is not None

    @cached_property
    def floor(self):
        """What a float64 loop at this rate resolves (``neuron.float64_floor``)."""
        return neuron.float64_floor(self.trained_on, self.settings.learning_rate)

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


@dataclass(frozen=True, eq=False)
class Expectation:
    """``neuron.expected_run`` at the run's recorded iterations.

    Attributes
    ----------
    steps : ndarray of shape (n_recorded,)
        The iterations the page plots, to the last (``plotted``), whether or
        not the sampled run shown got that far.
    loss, mean_weight, mean_bias, weight_std, bias_std : ndarray of shape (n_recorded,)
        E[loss], E[weight], E[bias] and the standard deviations, in the neuron's
        own parameters, after each of ``steps`` updates.
    critical_learning_rate : float
        The mean-square critical rate for the batch size.
    floor : float
        The E[loss] the runs settle to; inf at or above the critical rate.
    """

    steps: np.ndarray
    loss: np.ndarray
    mean_weight: np.ndarray
    mean_bias: np.ndarray
    weight_std: np.ndarray
    bias_std: np.ndarray
    critical_learning_rate: float
    floor: float

    def at(self, step):
        """E[loss] after ``step`` updates (a recorded one; ValueError otherwise)."""
        row = int(np.searchsorted(self.steps, step))
        if row >= self.steps.size or self.steps[row] != step:
            raise ValueError(f"iteration not recorded: {step!r}")
        return float(self.loss[row])


def _plain(settings):
    """Plain descent: its sampled runs are composed in closed form, and their
    expectation is exact; every other optimizer takes its literal step each update."""
    return OPTIMIZERS[settings.optimizer].stability == "quadratic"


def has_expectation(settings):
    """Whether a batch's exact expectation is known: plain descent only."""
    return settings.batch_size is not None and _plain(settings)


def expectation(settings, steps, trained_on=None):
    """The exact expectation of ``settings``' sampled runs at ``steps`` (plain descent)."""
    if trained_on is None:
        trained_on = training_data(settings)[1]
    exact = neuron.expected_run(
        trained_on,
        learning_rate=settings.learning_rate,
        batch_size=settings.batch_size,
        initial_weight=settings.initial_weight,
        initial_bias=settings.initial_bias,
        iterations=settings.iterations,
    )
    names = ("loss", "mean_weight", "mean_bias", "weight_std", "bias_std")
    arrays = {name: getattr(exact, name)[steps] for name in names}
    return Expectation(np.asarray(steps), **arrays,
                       critical_learning_rate=exact.critical_learning_rate,
                       floor=exact.floor)  # fmt: skip


def sampling(settings, seed=None):
    """``neuron.train``'s batch arguments: none for the full batch, whose seed is unused."""
    if settings.batch_size is None:
        return {}
    return {
        "batch_size": settings.batch_size,
        "seed": settings.batch_seed if seed is None else seed,
    }


def sample_seeds(settings):
    """The seeds of the sampled runs drawn: the page's own first."""
    return tuple((settings.batch_seed + k) % (SEED_MAX + 1) for k in range(SAMPLED_RUNS))


def over_budget(settings):
    """Why a sampled run would take too long: ("draws", limit) or ("steps", limit); else None."""
    if settings.batch_size is None:
        return None
    if not _plain(settings) and settings.iterations > MAX_LOOP_STEPS:
        return "steps", MAX_LOOP_STEPS
    if settings.iterations * settings.batch_size > MAX_DRAWS:
        return "draws", MAX_DRAWS
    return None


def sampled_runs(settings):
    """The other sampled runs drawn beside the page's (seeds after its own), at chart points."""
    trained_on = training_data(settings)[1]
    return tuple(
        run_at(settings, chart_steps, trained_on, seed=seed) for seed in sample_seeds(settings)[1:]
    )


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
    run_sampled = settings.batch_size is not None
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
        reading=sampled_reading(trained_on, run) if run_sampled else neuron.read(trained_on, run),
        weights=weights,
        biases=biases,
        optimum=neuron.least_squares(data),
        range_fallback=settings.article_range()
        and settings.usable_range() != (settings.start, settings.stop),
        expected=expectation(settings, run.steps, trained_on)
        if has_expectation(settings)
        else None,
    )


def sampled_reading(trained_on, run):
    """A sampled run's ``Reading``: where it ended, against the optimum. When each
    parameter is learned for good and how often it crossed its optimum are not
    measured (the engine's formulas are the full batch's): learned None, no crossings."""
    shape = neuron.bowl(trained_on)
    end = run.at(run.last) if run.last >= 0 else None
    nan = float("nan")
    none = neuron.Crossing(0, None)
    return neuron.Reading(
        weight=end.weight if end else nan,
        bias=end.bias if end else nan,
        loss=end.loss if end else nan,
        optimal_weight=float(shape.optimum[0]),
        optimal_bias=float(shape.optimum[1]),
        minimum_loss=shape.minimum_loss,
        learned=neuron.Learned(None, None),
        weight_learned=False,
        bias_learned=False,
        lagging=None,
        iterations_needed=None,
        crossings=neuron.Crossings(none, none),
        last=run.last,
        diverged_at=run.diverged_at,
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


def run_at(settings, iterations, trained_on=None, seed=None):
    """The run ``settings`` make, recorded at ``iterations`` only (a list, or a
    function of the last iteration, as ``neuron.train`` takes ``record``); a
    sampled one with the batches of ``seed`` when given, else the settings' own."""
    if trained_on is None:
        trained_on = training_data(settings)[1]
    return neuron.train(
        trained_on,
        optimizer=optimizer_of(settings),
        iterations=settings.iterations,
        initial_weight=settings.initial_weight,
        initial_bias=settings.initial_bias,
        record=iterations,
        **sampling(settings, seed),
    )
