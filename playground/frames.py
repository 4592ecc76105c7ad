"""Chart data: an ``Outcome`` in, small tables of finite numbers out.

No Streamlit here. Every frame holds finite numbers only and at most
``MAX_POINTS`` rows a series.
"""

import io

import numpy as np
import pandas as pd

import neuron
from playground.analysis import training_data
from playground.settings import LR_MAX, LR_MIN

MAX_POINTS = 2000
HEAD = 200  # the first iterations, where the weight zig-zags, are never thinned
LOG_FLOOR = 1e-30  # a log axis cannot show 0: losses below this sit on it
GRID = 60  # the loss landscape is GRID × GRID cells
FINDER_RATES = 80
FRAMES, FPS, SPEEDS = 240, 30, (0.25, 0.5, 1, 2, 4)  # the animation's


def downsample(values, max_points=MAX_POINTS, head=0):
    """Indices of the points worth plotting: at most ``max_points`` of them.

    Keeps the first ``head`` points as they are (where a run zig-zags step by
    step), then the last point, and the minimum and the maximum of equal
    buckets in between, so a run that zig-zags still zig-zags on screen however
    many iterations it has.

    Parameters
    ----------
    values : array-like of shape (n,)
    max_points : int, at least ``head + 4``
    head : int, default 0

    Returns
    -------
    ndarray of int, sorted, unique
    """
    v = np.asarray(values, dtype=float)
    n = v.size
    if n <= max_points:
        return np.arange(n)
    if head:
        rest = head - 1 + downsample(v[head - 1 :], max_points - head)
        return np.union1d(np.arange(head), rest)
    width = -(-(n - 2) // ((max_points - 2) // 2))  # ceil: so at most that many buckets
    buckets = -(-(n - 2) // width)
    inner = np.full(buckets * width, np.nan)
    inner[: n - 2] = v[1:-1]
    inner = inner.reshape(buckets, width)
    offsets = 1 + width * np.arange(buckets)
    lows = np.argmin(np.where(np.isnan(inner), np.inf, inner), axis=1) + offsets
    highs = np.argmax(np.where(np.isnan(inner), -np.inf, inner), axis=1) + offsets
    picked = np.concatenate([[0, n - 1], lows, highs])
    return np.unique(picked)


# ---- frames for the charts ------------------------------------------------------------


def history_frame(outcome, max_points=MAX_POINTS):
    """The run's finite history, downsampled, one row per kept iteration.

    Columns: iteration, loss, weight, bias (as a °C line), weight_gradient,
    bias_gradient. Indices are picked from the loss and the weight so both
    keep their extremes, within ``max_points`` rows.
    """
    run, end = outcome.run, outcome.run.last + 1
    half = max_points // 2
    picked = np.union1d(
        downsample(run.losses[:end], half, HEAD // 2),
        downsample(outcome.weights[:end], half, HEAD // 2),
    )
    return pd.DataFrame(
        {
            "iteration": picked,
            "loss": run.losses[picked],
            "weight": outcome.weights[picked],
            "bias": outcome.biases[picked],
            "weight_gradient": run.weight_gradients[picked],
            "bias_gradient": run.bias_gradients[picked],
        }
    )


def frame_steps(last, count=FRAMES, head=20):
    """The iterations an animation shows: each of the first ``head``, then log-spaced.

    Early iterations are where the weight zig-zags, so they get a frame each;
    later ones, where only the bias crawls, are spread on a log scale.
    """
    if last < count:
        return np.arange(last + 1)
    later = np.geomspace(head + 1, last, count - head)
    return np.union1d(np.arange(head + 1), np.round(later).astype(int))


def _finite(frame, columns):
    ok = np.all(np.isfinite(frame[columns].to_numpy(dtype=float)), axis=1)
    return frame[ok].reset_index(drop=True)


def loss_curve(settings, learning_rate, max_points=MAX_POINTS // 4):
    """One sweep line: the loss over iterations at ``learning_rate``.

    Returns
    -------
    frame : DataFrame with columns iteration, loss (finite, floored at LOG_FLOOR)
    diverged_at : int or None
    """
    trained_on = training_data(settings)[1]
    run = neuron.train(
        trained_on,
        learning_rate=learning_rate,
        iterations=settings.iterations,
        initial_weight=settings.initial_weight,
        initial_bias=settings.initial_bias,
    )
    picked = downsample(run.losses[: run.last + 1], max_points)
    frame = pd.DataFrame({"iteration": picked, "loss": np.maximum(run.losses[picked], LOG_FLOOR)})
    return frame, run.diverged_at


def finder_frame(outcome):
    """Final loss against learning rate, like a learning-rate finder.

    Rates are log-spaced from 1e-4 to 3 times the critical rate (within the
    page's limits). Columns: learning_rate, loss (NaN where the run diverged),
    diverged (bool).
    """
    crit = outcome.stability.critical_learning_rate
    lo, hi = max(crit * 1e-4, LR_MIN), min(crit * 3, LR_MAX)
    rates = np.geomspace(lo, hi, FINDER_RATES)
    s = outcome.settings
    losses = neuron.losses_after(
        outcome.trained_on,
        rates,
        iterations=s.iterations,
        initial_weight=s.initial_weight,
        initial_bias=s.initial_bias,
    )
    return pd.DataFrame(
        {
            "learning_rate": rates,
            "loss": np.maximum(losses, LOG_FLOOR),
            "diverged": np.isnan(losses),
        }
    )


def landscape_frames(outcome, grid=GRID, max_points=MAX_POINTS // 2):
    """The loss over (weight, bias) around the descent path, and the path.

    In the neuron's own parameters (standardized ones when scaled). The view
    frames the start, the optimum and the path, widened to a square aspect in
    units of each axis' span so the bowl's shape shows.

    Returns
    -------
    cells : DataFrame with columns weight, bias, weight2, bias2, loss, level
        ``grid`` × ``grid`` rectangles; ``level`` is log10 of the loss.
    path : DataFrame with columns iteration, weight, bias
    """
    run, shape = outcome.run, neuron.bowl(outcome.trained_on)
    end = visible_end(run)
    picked = downsample(run.weights[:end], max_points, HEAD)
    path = pd.DataFrame(
        {"iteration": picked, "weight": run.weights[picked], "bias": run.biases[picked]}
    )
    w_lo, w_hi = _span(np.append(path.weight, shape.optimum[0]))
    b_lo, b_hi = _span(np.append(path.bias, shape.optimum[1]))
    w_edges, b_edges = np.linspace(w_lo, w_hi, grid + 1), np.linspace(b_lo, b_hi, grid + 1)
    w_mid, b_mid = (w_edges[1:] + w_edges[:-1]) / 2, (b_edges[1:] + b_edges[:-1]) / 2
    loss = neuron.loss_surface(outcome.trained_on, w_mid, b_mid)
    wi, bi = np.meshgrid(np.arange(grid), np.arange(grid))
    cells = pd.DataFrame(
        {
            "weight": w_edges[wi.ravel()],
            "weight2": w_edges[wi.ravel() + 1],
            "bias": b_edges[bi.ravel()],
            "bias2": b_edges[bi.ravel() + 1],
            "loss": loss.ravel(),
        }
    )
    level = np.log10(np.maximum(cells["loss"], LOG_FLOOR))
    cells["level"] = np.maximum(level, level.max() - 5)  # five decades of contours
    return _finite(cells, ["loss"]), path


def visible_end(run, growth=1e4):
    """How much of a run to frame: all of it, unless it blew up, then the steps
    until its loss had grown ``growth`` times (past that, the first steps and
    the optimum would shrink to a dot)."""
    if run.diverged_at is None:
        return run.last + 1
    limit = growth * max(run.losses[0], 1e-12)
    return int(np.argmax(~(run.losses[: run.last + 1] <= limit))) or run.last + 1


def _span(values, margin=0.15):
    lo, hi = float(np.min(values)), float(np.max(values))
    pad = max(hi - lo, 1e-3 * max(abs(lo), abs(hi), 1.0)) * margin
    return lo - pad, hi + pad


def history_csv(run):
    """The whole run as CSV, one row per iteration (the neuron's own parameters)."""
    frame = pd.DataFrame(
        {
            "iteration": np.arange(run.losses.size),
            "weight": run.weights,
            "bias": run.biases,
            "loss": run.losses,
            "weight_gradient": run.weight_gradients,
            "bias_gradient": run.bias_gradients,
        }
    )
    out = io.StringIO()
    frame.to_csv(out, index=False, float_format="%.17g")
    return out.getvalue()
