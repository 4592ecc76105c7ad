"""The page's charts: an outcome and a text catalogue in, ``alt.Chart`` out.

These wire ``outcome`` frames and ``text`` labels into ``charts``; like
them they use no Streamlit, so tests build every chart the page shows.
"""

import math

import numpy as np
import pandas as pd

from playground import charts
from playground.charts import palette as P
from playground.charts.figures_optimizers import BUILDERS as OPTIMIZER_BUILDERS
from playground.charts.figures_optimizers import landscape_runs
from playground.compute import explain
from playground.compute.analysis import frame_steps
from playground.compute.frames import (
    FPS,
    SPEEDS,
    batch_rates_frame,
    drawn,
    finder_frame,
    history_frame,
    landscape_frames,
    loss_curve,
    sampled_frames,
    visible_end,
)
from playground.compute.optimizer_frames import regime_rates
from playground.core import settings as cfg


def player_data(outcome, T):
    """What the animation needs: frames, data, fixed lines, ranges, colours, words.

    Plain JSON (lists of floats and strings), in °C → °F terms.
    """
    run, data = outcome.run, outcome.data
    steps = frame_steps(run.last)
    rows = outcome.rows(steps)
    before, actual = outcome.line(0), outcome.actual
    ends = np.array([data.celsius.min(), data.celsius.max()])
    near = np.concatenate(
        [data.fahrenheit, ends * actual.weight + actual.bias, ends * before[0] + before[1]]
    )
    shown = drawn(data)
    x_title, y_title = axis_titles(outcome, T)
    pad = 0.08 * float(np.ptp(near)) + 1.0
    dash = {"actual": "none", "before": "10 5", "now": "4 3"}
    colour = {"actual": P.ACTUAL, "before": P.BEFORE, "now": P.AFTER, "loss": P.INK}
    return {
        "id": f"{abs(hash(outcome.settings)) % 10**9}",
        "lang": T.lang,
        "locale": T("language.locale"),
        "decimal": T.number(0.5)[1],
        "group": T.count(1000)[1],
        "x": [float(ends[0]), float(ends[1])],
        "y": [float(near.min()) - pad, float(near.max()) + pad],
        "points": {
            "celsius": data.celsius[shown].tolist(),
            "fahrenheit": data.fahrenheit[shown].tolist(),
        },
        "actual": [float(actual.weight), float(actual.bias)],
        "before": list(before),
        "iterations": run.iterations,
        "frames": {
            "iteration": steps.tolist(),
            "weight": outcome.weights[rows].tolist(),
            "bias": outcome.biases[rows].tolist(),
            "loss": run.losses[rows].tolist(),
        },
        "style": {r: {"color": colour[r], "dash": dash.get(r, "none")} for r in colour},
        "fps": FPS,
        "speeds": list(SPEEDS),
        "text": {
            key: T(f"player.{key}")
            for key in ("play", "pause", "speed", "frame", "iteration", "loss", "loss_strip")
        }
        | {
            "celsius": x_title,
            "fahrenheit": y_title,
            "actual": T("series.actual" if outcome.article else "series.actual.data"),
            "before": T("series.before"),
            "now": T("series.now"),
            "alt": T("player.alt", n=T.iterations(run.iterations)),
        },
    }


def axis_titles(outcome, T):
    """The data's axes as a person reads them: °C and °F for the article's data,
    else the data's own names (from its header), or plain x and y."""
    return explain.data_names(T, outcome)


def loss_chart(outcome, T, step, log):
    history = history_frame(outcome)[["iteration", "loss"]]
    return charts.loss(
        history,
        {
            "iteration": T("chart.iteration"),
            "loss": T("chart.loss"),
            "step": T("chart.step"),
            "blew_up": T("chart.blew_up"),
        },
        log=log,
        step=None if step == outcome.run.last else step,
        diverged_at=outcome.run.diverged_at,
    )


def sampled_chart(outcome, T, log, others):
    """The sampled runs (the page's seed and the next) and, for plain descent,
    the exact expected loss with its band (``frames.sampled_frames``)."""
    runs, expected = sampled_frames(outcome, others)
    runs["series"] = [T("chart.sampled", seed=T.count(seed)) for seed in runs["seed"]]
    labels = {
        "iteration": T("chart.iteration"),
        "loss": T("chart.loss"),
        "series": T("chart.series"),
        "expected": T("chart.expected"),
        "low": T("chart.expected_mean"),
    }
    return charts.sampled_loss(runs[["iteration", "loss", "series"]], expected, labels, log=log)


def batch_rates_chart(outcome, T):
    """Final loss against rate: the full batch, and the expected one for the batches."""
    frame, s = batch_rates_frame(outcome), outcome.settings
    batch = T.count(s.batch_size)
    names = {0: T("chart.full_batch"), s.batch_size: T("chart.batch_of", batch=batch)}
    frame["series"] = frame["batch"].map(names)
    rules = {
        T("chart.critical"): outcome.bowl.critical_learning_rate,
        T("chart.critical_batch", batch=batch): outcome.expected.critical_learning_rate,
    }
    labels = {
        "rate": T("chart.rate"),
        "final_loss": T("chart.final_expected_loss", n=T.iterations(outcome.run.iterations)),
        "series": T("chart.series"),
        "you": T("chart.you"),
    }
    return charts.batch_rates(frame[["learning_rate", "loss", "series"]], rules,
                              s.learning_rate, labels)  # fmt: skip


def gradient_chart(outcome, T):
    history = history_frame(outcome)[["iteration", "weight_gradient", "bias_gradient"]]
    return charts.gradients(
        history,
        {
            "iteration": T("chart.iteration"),
            "weight_gradient": T("chart.weight_gradient"),
            "bias_gradient": T("chart.bias_gradient"),
            "size": T("chart.gradient_size"),
            "value": T("chart.value"),
            "series": T("chart.series"),
        },
    )


def parameter_chart(outcome, T, which):
    """The weight (``which="weight"``) or the bias over iterations, and its optimum."""
    history = history_frame(outcome)[["iteration", which]]
    optimum = outcome.optimum.weight if which == "weight" else outcome.optimum.bias
    return charts.parameter(
        history,
        which,
        optimum,
        {
            "iteration": T("chart.iteration"),
            which: T(f"chart.{which}"),
            "optimum": T("chart.optimum"),
        },
    )


def sweep_chart(outcome, T, curves):
    """Loss curves at several rates.

    ``curves`` is a sequence of (rate, frame, diverged_at), as ``sweep_curves``
    gives them.
    """
    frames = []
    for rate, frame, diverged_at in curves:
        frame = frame.assign(rate=T.number(rate), blew_up=False)
        if diverged_at is not None:
            frame = pd.concat([frame, frame.tail(1).assign(blew_up=True)])
        frames.append(frame)
    start_loss = float(outcome.run.losses[0])
    return charts.sweep(
        pd.concat(frames, ignore_index=True),
        {
            "iteration": T("chart.iteration"),
            "loss": T("chart.loss"),
            "rate": T("chart.rate"),
            "blew_up": T("chart.blew_up"),
        },
        top=start_loss * 100,
    )


def sweep_curves(settings, rates, curve=loss_curve):
    """(rate, frame, diverged_at) for each rate; ``curve`` may be a cached ``loss_curve``."""
    return [(rate, *curve(settings, rate)) for rate in rates]


def finder_chart(outcome, T):
    shape, rate = outcome.bowl, outcome.settings.learning_rate
    rates = {
        T("chart.oscillation"): shape.oscillation_learning_rate,
        T("chart.optimal"): shape.optimal_learning_rate,
        T("chart.critical"): shape.critical_learning_rate,
    }
    shown = {  # overshooting starts, runs blow up above: both rounded up beside the rate
        T("chart.oscillation"): explain.threshold(T, shape.oscillation_learning_rate, rate),
        T("chart.optimal"): explain.optimal(T, shape),
        T("chart.critical"): explain.threshold(T, shape.critical_learning_rate, rate),
        T("chart.you"): T.number(rate, 6),
    }
    return charts.finder(
        finder_frame(outcome),
        rates,
        rate,
        {
            "rate": T("chart.rate"),
            "diverged": T("chart.diverged"),
            "final_loss": T("chart.final_loss", n=T.iterations(outcome.run.iterations)),
            "boundary": T("chart.boundary"),
            "you": T("chart.you"),
        },
        shown,
    )


def sampled_landscape_chart(outcome, T, step, full):
    """The landscape with the sampled run's path beside the full batch's (``full``,
    ``frames.full_batch_path``), from the same start."""
    return landscape_chart(outcome, T, step, full=full)


def _sampled_paths(T, outcome, path, full):
    """(paths, ends, styles) of the sampled run and the full batch's, as compared runs."""
    sampled = T("chart.sampled", seed=T.count(outcome.settings.batch_seed))
    both = [path.assign(series=sampled), full.assign(series=T("chart.full_batch"))]
    ends = pd.concat([p[["weight", "bias", "series"]].tail(1) for p in both], ignore_index=True)
    styles = {sampled: (P.BEFORE, [1, 0]), T("chart.full_batch"): (P.INK, [6, 3])}
    return pd.concat(both, ignore_index=True), ends, styles


def landscape_chart(outcome, T, step, runs=(), full=None):
    """The landscape with the run's path, or with each of ``runs`` (compared
    optimizers, ``optimizer_frames.Compared``) in its own colour and dash, or
    beside the full batch's path ``full``."""
    also = [r.shown for r in runs] + ([] if full is None else [full])
    cells, path = landscape_frames(outcome, also=also)
    run, optimum = outcome.run, outcome.bowl.optimum
    end = visible_end(run)
    last_label = T("marker.end") if end == run.last else T("marker.step", k=T.count(end))
    start, finish = run.at(0), run.at(end)
    marks = [
        (T("marker.start"), start.weight, start.bias),
        (last_label, finish.weight, finish.bias),
        (T("marker.optimum"), optimum[0], optimum[1]),
    ]
    if step < end:
        row = outcome.at(step)
        marks.append((T("marker.step", k=T.count(step)), row.weight, row.bias))
    markers = pd.DataFrame(marks, columns=["label", "weight", "bias"])
    scaled = outcome.scaling is not None
    drawn = landscape_runs(T, runs) if runs else None
    if full is not None:
        drawn = _sampled_paths(T, outcome, path, full)
    return charts.landscape(
        cells,
        path.iloc[:0] if drawn else path,  # compared, the run is one of the runs
        markers,
        {
            "weight": T("chart.weight_scaled" if scaled else "chart.weight"),
            "bias": T("chart.bias_scaled" if scaled else "chart.bias"),
            "level": T("chart.level"),
            "loss": T("chart.loss"),
            "iteration": T("chart.iteration"),
            "series": T("compare.col.optimizer"),
        },
        square=scaled,
        runs=drawn,
    )


def strip_chart(outcome, T, full):
    """The regimes along the rate slider, in its stops: they depend on the data
    and, with momentum, on the optimizer and μ (``regime_rates``)."""
    grid = cfg.rate_grid(outcome.bowl.critical_learning_rate, full)
    if outcome.expected is not None:  # on mini-batches: where the expected loss settles
        bounds = [grid[0], outcome.expected.critical_learning_rate, grid[-1]]
        names = [T("verdict.batch_settles"), T("verdict.batch_grows")]
    else:
        bounds = [grid[0], *regime_rates(outcome), grid[-1]]
        names = [T("verdict.converges"), T("verdict.oscillates"), T("verdict.diverges")]
    ends = [0.0, *(cfg.grid_position(r, grid) for r in bounds[1:-1]), float(len(grid) - 1)]
    zones = pd.DataFrame(
        {"start": ends[:-1], "end": ends[1:], "zone": names, "from": bounds[:-1], "to": bounds[1:]}
    )
    ticks = {float(i): T.number(g) for i, g in enumerate(grid) if math.log10(g).is_integer()}
    return charts.rate_strip(
        zones, ticks, {"from": T("strip.from"), "to": T("strip.to"), "zone": T("strip.zone")}
    )


BUILDERS = {
    "loss": loss_chart,
    "sampled": sampled_chart,
    "batch_rates": batch_rates_chart,
    "gradients": gradient_chart,
    "parameter": parameter_chart,
    "sweep": sweep_chart,
    "finder": finder_chart,
    "landscape": landscape_chart,
    "paths": landscape_chart,  # the landscape with compared optimizers' paths
    "sampled_landscape": sampled_landscape_chart,
    "strip": strip_chart,
    **OPTIMIZER_BUILDERS,
}
