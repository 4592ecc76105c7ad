"""What a finished run means, as facts a page or a terminal can phrase."""

from dataclasses import dataclass

from neuron.bowl import bowl
from neuron.stability import TOLERANCE, stability


@dataclass(frozen=True)
class Reading:
    """The outcome of a run, measured against the exact optimum.

    Attributes
    ----------
    weight, bias, loss : float
        At the last finite step of the run.
    optimal_weight, optimal_bias, minimum_loss : float
        The least-squares optimum and its loss.
    weight_learned, bias_learned : bool
        Whether each ends within 1 % of its optimum.
    lagging : {"weight", "bias"} or None
        The parameter still short of its optimum, the one along the flatter
        direction when both are; None when both are learned or the run blew up.
    iterations_needed : int or None
        Predicted iterations, counted from the start, for ``lagging`` to come
        within 1 % at this rate; None when it never will or nothing lags.
    last : int
        Index of the last finite step.
    diverged_at : int or None
        As in ``TrainingRun``.
    """

    weight: float
    bias: float
    loss: float
    optimal_weight: float
    optimal_bias: float
    minimum_loss: float
    weight_learned: bool
    bias_learned: bool
    lagging: str | None
    iterations_needed: int | None
    last: int
    diverged_at: int | None


def read(dataset, run):
    """Measure how far ``run`` got towards the optimum of ``dataset``."""
    shape = bowl(dataset)
    verdict = stability(dataset, run.learning_rate)
    w_opt, b_opt = (float(v) for v in shape.optimum)
    t = run.last
    w, b = float(run.weights[t]), float(run.biases[t])
    w_ok, b_ok = _close(w, w_opt), _close(b, b_opt)
    lagging, needed = None, None
    if run.diverged_at is None and not (w_ok and b_ok):
        flatter_is_bias = (verdict.bias_iterations or 0) >= (verdict.weight_iterations or 0)
        lagging = "bias" if (not b_ok and (w_ok or flatter_is_bias)) else "weight"
        needed = verdict.bias_iterations if lagging == "bias" else verdict.weight_iterations
    return Reading(
        weight=w,
        bias=b,
        loss=float(run.losses[t]),
        optimal_weight=w_opt,
        optimal_bias=b_opt,
        minimum_loss=shape.minimum_loss,
        weight_learned=w_ok,
        bias_learned=b_ok,
        lagging=lagging,
        iterations_needed=needed,
        last=t,
        diverged_at=run.diverged_at,
    )


def _close(value, optimum):
    return abs(value - optimum) <= TOLERANCE * max(abs(optimum), 1.0)
