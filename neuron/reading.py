"""What a finished run means, as facts a page or a terminal can phrase."""

from dataclasses import dataclass

import numpy as np

from neuron.bowl import bowl
from neuron.learning import (
    Band,
    Crossings,
    Learned,
    band,
    crossings,
    depends_on_rounding,
    iterations_to_learn,
)
from neuron.parameters import MAX_ITERATIONS


@dataclass(frozen=True)
class Reading:
    """The outcome of a run, measured against the exact optimum.

    Attributes
    ----------
    weight, bias, loss : float
        At the last finite step of the run.
    optimal_weight, optimal_bias, minimum_loss : float
        The least-squares optimum and its loss.
    learned : Learned
        From which iteration each parameter stays within 1 % of its optimum
        for good, from the run's start with its optimizer (see
        ``iterations_to_learn``); it may lie past the end of the run.
    weight_learned, bias_learned : bool
        Whether that iteration is reached within the run.
    lagging : {"weight", "bias"} or None
        The parameter not learned by the end of the run; the one learned
        later when neither is (never comes last; between two nevers, the one
        further from its optimum). None when both are learned or the run
        blew up.
    iterations_needed : int or None
        ``learned`` of ``lagging``: None when it never comes or nothing lags.
    crossings : Crossings
        How often each parameter crossed its optimum within the run.
    last : int
        Index of the last finite step.
    diverged_at : int or None
        As in ``TrainingRun``.
    depends_on_rounding : bool
        Whether the run's path is decided by rounding (``depends_on_rounding``):
        Adam or RMSProp jittering at a large rate, whose final values, crossings
        and dates no other loop reproduces; only the band it keeps to is a fact.
    band : Band or None
        For an Adam or RMSProp run that hovers (its path depends on rounding, or
        one simulated run does not vouch that it settles): the band it keeps to
        over its second half, to print instead of its final values and dates.
    """

    weight: float
    bias: float
    loss: float
    optimal_weight: float
    optimal_bias: float
    minimum_loss: float
    learned: Learned
    weight_learned: bool
    bias_learned: bool
    lagging: str | None
    iterations_needed: int | None
    crossings: Crossings
    last: int
    diverged_at: int | None
    depends_on_rounding: bool = False
    band: Band | None = None


def read(dataset, run):
    """Measure how far ``run`` got towards the optimum of ``dataset``.

    Parameters
    ----------
    dataset : Dataset
        The data ``run`` was trained on.
    run : TrainingRun
        A full-batch run (``batch_size`` None).

    Returns
    -------
    Reading

    Raises
    ------
    ValueError
        For a run on mini-batches.

    Notes
    -----
    For Adam and RMSProp, ``learned`` simulates a million updates (about a
    second).
    """
    if run.batch_size is not None:
        raise ValueError(
            f"run: a run on batches of {run.batch_size} has no closed-form reading (read "
            "measures the full batch's path); its own path is in its columns, and "
            "neuron.expected_run gives its expectation"
        )
    shape = bowl(dataset)
    start = dict(initial_weight=run.start.weight, initial_bias=run.start.bias)
    learned = iterations_to_learn(dataset, optimizer=run.optimizer, **start)
    crossed = crossings(dataset, optimizer=run.optimizer, iterations=max(run.last, 0), **start)
    done = [t is not None and t <= run.iterations for t in learned]
    w, b, loss = (_value(run, name) for name in ("weights", "biases", "losses"))
    lagging = None
    if run.diverged_at is None and not all(done):
        lagging = "weight" if done == [False, True] else "bias" if done == [True, False] else None
        lagging = lagging or _later(learned, (w, b) - shape.optimum, shape.optimum)
    rounding = not run.optimizer.closed_form and run.diverged_at is None
    rounding = rounding and depends_on_rounding(
        dataset, optimizer=run.optimizer, iterations=run.iterations, **start
    )
    return Reading(
        weight=w,
        bias=b,
        loss=loss,
        optimal_weight=float(shape.optimum[0]),
        optimal_bias=float(shape.optimum[1]),
        minimum_loss=shape.minimum_loss,
        learned=learned,
        weight_learned=done[0],
        bias_learned=done[1],
        lagging=lagging,
        iterations_needed=None if lagging is None else getattr(learned, lagging),
        crossings=crossed,
        last=run.last,
        diverged_at=run.diverged_at,
        depends_on_rounding=rounding,
        band=band(dataset, optimizer=run.optimizer, iterations=run.iterations, **start)
        if rounding or None in vouched(learned, True)
        else None,
    )


def vouched(learned, simulated):
    """``learned`` as far as one simulated run vouches for it: a ``simulated``
    optimizer's (Adam, RMSProp: no closed form) "learned for good from t" rests on
    one million-step run, which shows it stays only if t is in its first half; a
    later t is None (it does not settle), as the page says."""
    if not simulated:
        return learned
    limit = MAX_ITERATIONS // 2
    return Learned(*(t if t is not None and t <= limit else None for t in learned))


def _later(learned, errors, optimum):
    """The parameter learned later; never counts as latest, and a tie goes to the
    one further from its optimum at the end of the run."""
    w, b = (float("inf") if t is None else t for t in learned)
    if w == b:
        w, b = abs(errors) / np.maximum(np.abs(optimum), 1.0)
    return "bias" if b >= w else "weight"


def _value(run, field):
    """A column's value at the run's last finite step (NaN if even the start overflowed)."""
    if run.last < 0:
        return float("nan")
    return float(getattr(run, field)[run.steps.searchsorted(run.last)])
