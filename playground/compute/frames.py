"""Chart data: an ``Outcome`` in, small tables of finite numbers out.

No Streamlit here. Runs are recorded only where they are plotted (see
``analysis.chart_steps``), so every frame is small whatever the iteration
count, and holds finite numbers only.
"""

import dataclasses
import functools

import numpy as np
import pandas as pd

import neuron
from playground.compute.analysis import chart_steps, run_at, sample_seeds
from playground.core.settings import LR_MAX, LR_MIN

LOG_FLOOR = 1e-30  # a log axis cannot show 0: losses below this sit on it
GRID = 60  # the loss landscape is GRID × GRID cells
FINDER_RATES = 80
SWEEP_POINTS = 500  # per compared rate
MAX_CSV_ROWS = 100_000
FPS, SPEEDS = 30, (0.25, 0.5, 1, 2, 4)  # the animation's
DRAWN_POINTS = 500  # data points a chart draws; more are thinned, for drawing only


def drawn(data, limit=DRAWN_POINTS):
    """Indices of the samples a chart draws: all of them, or ``limit`` spread evenly
    over x (the smallest and the largest always among them)."""
    if len(data) <= limit:
        return np.arange(len(data))
    order = np.argsort(data.x, kind="stable")
    return order[np.linspace(0, len(data) - 1, limit).round().astype(np.int64)]


@functools.lru_cache(maxsize=8)  # by outcome (its identity): four charts and their words
def history_frame(outcome):
    """The run's finite history at its chart points (``chart_steps``): at most
    2,000 rows, whatever the iteration count.

    Columns: iteration, loss, weight, bias (as a °C line), weight_gradient,
    bias_gradient.
    """
    run = outcome.run
    finite = np.isin(run.steps, chart_steps(run.last)) & (run.steps <= run.last)
    return pd.DataFrame(
        {
            "iteration": run.steps[finite],
            "loss": run.losses[finite],
            "weight": outcome.weights[finite],
            "bias": outcome.biases[finite],
            "weight_gradient": run.weight_gradients[finite],
            "bias_gradient": run.bias_gradients[finite],
        }
    )


def _finite(frame, columns):
    ok = np.all(np.isfinite(frame[columns].to_numpy(dtype=float)), axis=1)
    return frame[ok].reset_index(drop=True)


def loss_curve(settings, learning_rate, points=SWEEP_POINTS):
    """One line of a comparison: the loss over iterations at ``learning_rate``.

    Returns
    -------
    frame : DataFrame with columns iteration, loss (finite, floored at LOG_FLOOR)
    diverged_at : int or None
    """
    run = run_at(
        dataclasses.replace(settings, learning_rate=learning_rate),
        lambda last: chart_steps(last, points, head=points // 4),
    )
    finite = run.steps <= run.last
    frame = pd.DataFrame(
        {"iteration": run.steps[finite], "loss": np.maximum(run.losses[finite], LOG_FLOOR)}
    )
    return frame, run.diverged_at


def finder_frame(outcome):
    """Final loss against learning rate, like a learning-rate finder.

    Rates are log-spaced from 1e-4 to 3 times the critical rate (within the
    page's limits). Columns: learning_rate, loss (NaN where the run diverged),
    diverged (bool).
    """
    crit = outcome.bowl.critical_learning_rate
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


def landscape_frames(outcome, grid=GRID, also=()):
    """The loss over (weight, bias) around the descent path, and the path.

    In the neuron's own parameters (standardized ones when scaled). The view
    frames the start, the optimum, the path and any paths ``also`` holds
    (frames with columns weight and bias: other optimizers' runs); with
    standardized inputs both axes span one length, so a round bowl looks round.

    Returns
    -------
    cells : DataFrame with columns weight, bias, weight2, bias2, loss, level
        ``grid`` × ``grid`` rectangles; ``level`` is log10 of the loss.
    path : DataFrame with columns iteration, weight, bias
    """
    run, shape = outcome.run, outcome.bowl
    shown = np.isin(run.steps, chart_steps(run.last)) & (run.steps <= visible_end(run))
    path = pd.DataFrame(
        {"iteration": run.steps[shown], "weight": run.weights[shown], "bias": run.biases[shown]}
    )
    w_lo, w_hi = _span(
        np.concatenate([path.weight, [shape.optimum[0]], *(p.weight for p in also)])
    )
    b_lo, b_hi = _span(np.concatenate([path.bias, [shape.optimum[1]], *(p.bias for p in also)]))
    if outcome.scaling is not None:  # one unit on both axes, so a round bowl looks round
        half = max(w_hi - w_lo, b_hi - b_lo) / 2
        w_mid, b_mid = (w_lo + w_hi) / 2, (b_lo + b_hi) / 2
        w_lo, w_hi, b_lo, b_hi = w_mid - half, w_mid + half, b_mid - half, b_mid + half
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
    """The last iteration worth framing: the whole run, unless it blew up, then
    the recorded steps until its loss had grown ``growth`` times (past that,
    the first steps and the optimum would shrink to a dot)."""
    if run.diverged_at is None:
        return run.last
    limit = growth * max(float(run.losses[0]), 1e-12)
    beyond = run.steps[(run.steps <= run.last) & ~(run.losses <= limit)]
    return int(beyond[0]) if beyond.size else run.last


def _span(values, margin=0.15):
    lo, hi = float(np.min(values)), float(np.max(values))
    pad = max(hi - lo, 1e-3 * max(abs(lo), abs(hi), 1.0)) * margin
    return lo - pad, hi + pad


def csv_steps(last, rows=MAX_CSV_ROWS):
    """At most ``rows`` iterations evenly spread over 0 … last, both ends kept."""
    if last + 1 <= rows:
        return np.arange(last + 1)
    return np.unique(np.round(np.linspace(0, last, rows)).astype(np.int64))


def history_csv(settings, last, T):
    """The run as CSV: every iteration, or ``MAX_CSV_ROWS`` evenly thinned.

    Headers and file name are in ``T``'s language.

    Returns
    -------
    name : str
        A file name that says when the rows are thinned.
    text : str
        One row per kept iteration, in the neuron's own parameters, from 0
        to the last finite iteration.
    """
    steps = csv_steps(last)
    run = run_at(settings, steps)
    return csv_name(T, last), csv_text(run, np.isin(run.steps, steps), lambda n: T(f"csv.{n}"))


def csv_name(T, last):
    """The CSV's file name, in ``T``'s language: it says when the rows are thinned."""
    if last + 1 <= MAX_CSV_ROWS:
        return T("csv.name")
    return T("csv.thinned", rows=MAX_CSV_ROWS, of=last + 1)


def csv_text(run, keep, header=str):
    """The rows ``keep`` of ``run``'s history table (``TrainingRun.columns``) as CSV.

    Numbers are written as Python's shortest exact form (``repr``), so a value
    read back is the very float the run computed; written by hand because it
    is a third faster than pandas' ``to_csv`` for the page's 100,000 rows.
    """
    columns = run.columns()
    values = [column[keep].tolist() for column in columns.values()]
    lines = [",".join(header(name) for name in columns)]
    lines += [f"{t}," + ",".join(map(repr, row)) for t, *row in zip(*values)]
    return "\n".join(lines) + "\n"


def sampled_frames(outcome, others):
    """The sampled runs' losses and the exact expectation, at their chart points.

    Parameters
    ----------
    outcome : Outcome
        On mini-batches; its run is the page's seed's.
    others : sequence of TrainingRun
        The runs of the next seeds (``analysis.sampled_runs``).

    Returns
    -------
    runs : DataFrame with columns iteration, loss, seed
        Each run up to its last finite iteration.
    expected : DataFrame with columns iteration, loss, low, or None
        E[loss], and the loss at E[weight], E[bias] (below it by what the
        batches' noise costs), where both are finite; None with no expectation.
    """
    seeds = sample_seeds(outcome.settings)
    parts = []
    for seed, run in zip(seeds, (outcome.run, *others)):
        keep = np.isin(run.steps, chart_steps(run.last)) & (run.steps <= run.last)
        parts.append(
            pd.DataFrame({"iteration": run.steps[keep], "loss": run.losses[keep], "seed": seed})
        )
    runs = _finite(pd.concat(parts, ignore_index=True), ["loss"])
    e = outcome.expected
    if e is None:
        return runs, None
    keep = np.isin(e.steps, chart_steps(outcome.run.iterations))
    means = np.stack([e.mean_weight[keep], e.mean_bias[keep]], axis=1)
    with np.errstate(all="ignore"):
        low = outcome.bowl.loss(means - outcome.bowl.optimum)
    expected = pd.DataFrame({"iteration": e.steps[keep], "loss": e.loss[keep], "low": low})
    return runs, _finite(expected, ["loss", "low"])


BATCH_RATES = 40  # rates on the full batch against batches chart


def batch_rates_frame(outcome):
    """Final loss against rate, exact: the full batch's and batches' expected one.

    Rates are log-spaced from a thousandth of the full batch's critical rate to
    1.5 times it. Columns: learning_rate, loss, batch (None for the full batch,
    else the batch size); rows where the loss overflows are left out.
    """
    s, crit = outcome.settings, outcome.bowl.critical_learning_rate
    rates = np.geomspace(max(crit * 1e-3, LR_MIN), min(crit * 1.5, LR_MAX), BATCH_RATES)
    start = {"initial_weight": s.initial_weight, "initial_bias": s.initial_bias}
    parts = []
    for size in (None, s.batch_size):
        losses = neuron.expected_losses_after(
            outcome.trained_on, rates, batch_size=size, iterations=s.iterations, **start
        )
        parts.append(pd.DataFrame({"learning_rate": rates, "loss": losses, "batch": size or 0}))
    return _finite(pd.concat(parts, ignore_index=True), ["loss"])


def full_batch_path(settings):
    """The full-batch run from the same start: (weight, bias) at its chart points,
    up to ``visible_end``, for the landscape to draw beside a sampled run."""
    run = run_at(dataclasses.replace(settings, batch_size=None), chart_steps)
    shown = run.steps <= visible_end(run)
    return pd.DataFrame(
        {"iteration": run.steps[shown], "weight": run.weights[shown], "bias": run.biases[shown]}
    )
