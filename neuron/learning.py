"""When each parameter is learned for good, and how often it crosses its optimum.

Both answers are read off the exact trajectory: the closed form for plain
descent, momentum and Nesterov (so they reach past any run's length), a
simulation for an optimizer without one (Adam, RMSProp).
"""

from dataclasses import replace
from typing import NamedTuple

import numpy as np

from neuron import _checks
from neuron.bowl import bowl
from neuron.closed_form import Path
from neuron.exact import Exact, settled_from
from neuron.precision import rounded
from neuron.search import settles, sign_changes

# From this many iterations on, the float closed form's count may be an iteration or
# more off (t powers of a rounded root, a rounded curvature), so it is confirmed in
# decimal arithmetic: about 5 ms, where a shorter count is exact as it is.
EXACT_FROM = 10_000

# An error this small, relative to the optimum, is zero: a float64 loop's own
# rounding near the optimum is about this size, so no run could show the sign.
RESOLUTION = 1e-12


class Learned(NamedTuple):
    """Per parameter, the first iteration from which it stays within tolerance, or None."""

    weight: int | None
    bias: int | None


class Crossing(NamedTuple):
    """How many times a parameter crossed its optimum, and the iteration of the last."""

    count: int
    last: int | None


class Crossings(NamedTuple):
    """``Crossing`` of the weight and of the bias."""

    weight: Crossing
    bias: Crossing


def iterations_to_learn(
    dataset,
    *,
    optimizer=None,
    learning_rate=None,
    initial_weight,
    initial_bias,
    tolerance=0.01,
    horizon=1_000_000,
):
    """The first iteration from which each parameter is learned for good.

    A parameter p is learned from iteration t when |p_s − p*| ≤ tolerance ·
    max(|p*|, 1) at every s ≥ t, p* being the least-squares optimum.

    Parameters
    ----------
    dataset : Dataset
    optimizer, learning_rate
        As for ``train``: exactly one.
    initial_weight, initial_bias : float
    tolerance : float, default 0.01
        Relative to the optimum (or to 1 when the optimum is smaller), > 0.
    horizon : int, default 1,000,000
        Optimizers without a closed form (Adam, RMSProp) only: how far
        their run is simulated.

    Returns
    -------
    Learned
        For plain descent and momentum, exact from the closed form, however
        far away (beyond 2**53 iterations only approximately), and None when
        it never happens: a diverging rate, or the edge, where the steepest
        direction neither shrinks nor grows (None then even for a parameter
        that direction hardly moves, as rounding alone decides it). For Adam
        and RMSProp, the first t from which the simulated run stays within tolerance up
        to ``horizon``, or None: a reading of one simulated run, not a proof.
    """
    opt = _checks.optimizer(optimizer, learning_rate)
    start = np.array(_checks.start(initial_weight, initial_bias))
    tolerance = _checks.finite("tolerance", tolerance)
    if tolerance <= 0:
        raise ValueError(f"tolerance must be > 0, got {tolerance!r}")
    shape = bowl(dataset)
    limits = tolerance * np.maximum(np.abs(shape.optimum), 1.0)
    if not opt.closed_form:
        horizon = _checks.iterations(horizon, "horizon")
        seen = opt.walk(dataset, shape, start, horizon, tolerances=tuple(limits))
        if seen.diverged_at is not None:
            return Learned(None, None)
        return Learned(*(t + 1 if t < horizon else None for t in seen.outside))
    path = Path(shape, opt, start)
    if any(r.radius > 1 for r in path.recurrences):
        return Learned(None, None)  # every direction feeds both parameters
    found = [settles(path.terms(i), limits[i]) for i in (0, 1)]
    if all(t is None or t < EXACT_FROM for t in found):
        return Learned(*found)
    exact = Exact(dataset, opt, start)
    return Learned(
        *(t if t is None or t < EXACT_FROM else settled_from(exact, i, tolerance, t)
          for i, t in enumerate(found))
    )  # fmt: skip


def crossings(
    dataset, *, optimizer=None, learning_rate=None, iterations, initial_weight, initial_bias
):
    """How often the weight and the bias cross their optimum within a run.

    A crossing at step t is a sign change of p − p* between iterations t and
    t + 1 (from the last non-zero sign): the update made at t jumps past the
    optimum. An error within 1e-12 · max(|p*|, 1) of zero counts as zero, a
    touch and not a crossing: a float64 loop's own rounding near the optimum
    is about that size, so the sign there is noise (an exactly zero error is
    the plainest touch).

    Parameters
    ----------
    dataset : Dataset
    optimizer, learning_rate
        As for ``train``: exactly one.
    iterations : int
        Sign changes among iterations 0 … ``iterations`` count.
    initial_weight, initial_bias : float

    Returns
    -------
    Crossings
        Exact from the closed form for plain descent and momentum (only the
        window where signs can still change is evaluated); from the loop
        for Adam and RMSProp, up to its divergence if it diverges.
    """
    opt = _checks.optimizer(optimizer, learning_rate)
    n = _checks.iterations(iterations)
    start = np.array(_checks.start(initial_weight, initial_bias))
    shape = bowl(dataset)
    resolution = RESOLUTION * np.maximum(np.abs(shape.optimum), 1.0)
    if not opt.closed_form:
        seen = opt.walk(dataset, shape, start, n, resolutions=tuple(resolution))
        return Crossings(*(Crossing(*c) for c in seen.crossings))
    path = Path(shape, opt, start)
    return Crossings(*(Crossing(*sign_changes(path.terms(i), n, resolution[i])) for i in (0, 1)))


def depends_on_rounding(
    dataset, *, optimizer=None, learning_rate=None, iterations, initial_weight, initial_bias
):
    """Whether the run's path is decided by rounding: two loops differing only in
    the float64 rounding of their sums end in other places or cross at other times.

    A loop over the samples rounds each gradient at about 1e-12 of the optimum's
    size (``RESOLUTION``), where the engine's loop over the bowl rounds at 1e-16.
    Two runs stand in for such a loop: one from a start moved by half that
    resolution, one towards an optimum moved by it. The path depends on rounding
    when either ends more than a thousand times that far from the run itself, or
    crosses its optimum a different number of times or last at another iteration:
    then no two loops (this one, the article's, PyTorch's) print the same final
    values or dates, and only the band they keep to is a fact.

    Parameters
    ----------
    dataset : Dataset
    optimizer, learning_rate
        As for ``train``: exactly one.
    iterations : int
    initial_weight, initial_bias : float

    Returns
    -------
    bool
        False for plain descent and momentum: their update is linear, so a
        rounding stays the same size relative to the error it rides on. For Adam
        and RMSProp, the comparison above over ``iterations`` updates (three
        runs of the loop; a diverging run is not compared: it blows up).
    """
    opt = _checks.optimizer(optimizer, learning_rate)
    n = _checks.iterations(iterations)
    start = np.array(_checks.start(initial_weight, initial_bias))
    if opt.closed_form:
        return False
    shape = bowl(dataset)
    scale = np.maximum(np.abs(shape.optimum), 1.0)
    nudge, resolution = RESOLUTION / 2 * scale, tuple(RESOLUTION * scale)
    moved = replace(shape, optimum=shape.optimum + nudge)
    runs = [
        opt.walk(dataset, shape, start, n, resolutions=resolution),
        opt.walk(dataset, shape, start + nudge, n, resolutions=resolution),
        opt.walk(dataset, shape, start, n, resolutions=resolution, jitter=_sums(dataset, shape)),
        opt.walk(dataset, moved, start, n, resolutions=resolution),
    ]
    if any(r.diverged_at is not None for r in runs):
        return False
    split = 1e3 * RESOLUTION * scale
    return any(
        np.any(np.abs(np.subtract(r.final, runs[0].final)) > split)
        or r.crossings != runs[0].crossings
        for r in runs[1:]
    )


def _sums(dataset, shape):
    """The rounding of a loop's gradient sums near the optimum: each residual is
    rounded at eps times the sizes it adds, and the weight's gradient weighs it by x."""
    x, y = np.asarray(dataset.celsius, float), np.asarray(dataset.fahrenheit, float)
    w, b = shape.optimum
    residual = np.finfo(float).eps * float(np.max(np.abs(w * x) + abs(b) + np.abs(y)))
    return 2 * residual * float(np.mean(np.abs(x))), 2 * residual


class Band(NamedTuple):
    """How far a hovering run strays over its second half: the largest |p − p*| of
    the weight and of the bias, and the largest loss, over iterations n/2 … n."""

    weight: float
    bias: float
    loss: float

    def bound(self, name):
        """``name``'s figure rounded up to one significant figure: a bound this run
        keeps to. Another loop's band (adding in another order) is its own: measured on
        Adam at rate 0.1 over 20,000 iterations, 1.8 times this one in the weight, 3.2
        times in the loss, a fifteenth in the bias."""
        value = getattr(self, name)
        return rounded(value, 1, up=True) if value > 0 else 0.0


def band(dataset, *, optimizer=None, learning_rate=None, iterations, initial_weight, initial_bias):
    """The band a run keeps to over its second half (``Band``), from every step.

    Parameters
    ----------
    dataset : Dataset
    optimizer, learning_rate
        As for ``train``: exactly one; a loop optimizer (Adam, RMSProp).
    iterations : int
    initial_weight, initial_bias : float

    Returns
    -------
    Band or None
        None for a closed-form optimizer (its path is exact) or a run that diverges.
    """
    opt = _checks.optimizer(optimizer, learning_rate)
    n = _checks.iterations(iterations)
    start = np.array(_checks.start(initial_weight, initial_bias))
    if opt.closed_form:
        return None
    shape = bowl(dataset)
    seen = opt.walk(dataset, shape, start, n, steps=range(n // 2, n + 1))
    if seen.diverged_at is not None:
        return None
    errors = np.column_stack([seen.weights, seen.biases]) - shape.optimum
    worst = np.max(np.abs(errors), axis=0)
    return Band(float(worst[0]), float(worst[1]), float(np.max(shape.loss(errors))))
