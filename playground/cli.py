"""``python -m playground``: the article's experiment from a terminal, in the page's words.

Its flags are the engine's command line's (``neuron.cli``), built from the
parameter table, so it accepts and refuses exactly what a link does; its
reading of the run is the page's own, in English. Every bad value exits 2
with a message naming the flag; nothing tracebacks.
"""

import json
from dataclasses import fields

import numpy as np

import neuron
from neuron import cli as flags
from neuron import predict
from neuron.parameters import OWN
from playground.compute import explain, sources
from playground.compute.analysis import analyse, over_budget, run_at
from playground.compute.frames import csv_text
from playground.core.settings import Settings
from playground.core.text import text

PROG = "python -m playground"
SHOWN_CELSIUS = (-40, 0, 37, 42, 100)  # 42 °C ↔ 107.6 °F is the article's example


def main(argv=None):
    """Parse ``argv``, train, and print a summary (or JSON). Returns the exit code."""
    parser = flags.parser(
        PROG,
        "Train one neuron (fahrenheit = weight * celsius + bias) by gradient "
        "descent, as in the article, and explain the outcome.",
    )
    args = flags.parse(parser, argv)
    settings = _settings(args)
    budget = over_budget(settings)
    if budget is not None:  # as the page: say so rather than train for minutes
        parser.error(plain(explain.too_much(text("en"), settings, *budget)))
    outcome = analyse(settings)
    if flags.write_csv(parser, args, lambda f: f.write(history_csv(outcome))):
        return 0
    if args.json:
        facts = (outcome.run, outcome.reading, outcome.stability, outcome.floor)
        print(json.dumps(flags.summary(*facts, batches(outcome)), indent=2, allow_nan=False))
    else:
        print(report(outcome, args.noise_seed))
    return 0


def _settings(args):
    """The run the flags ask for; a start given by flag wins over one drawn by --seed."""
    w0, b0 = flags.start(args)
    given = {f.name: getattr(args, f.name) for f in fields(Settings)}  # a flag per field
    given["data"] = None  # --data is a file's path; its table is args.table
    if args.data is not None:
        given |= {"dataset": OWN, "data": sources.key_of(args.table)}
    return Settings(**{**given, "initial_weight": w0, "initial_bias": b0})


def batches(outcome):
    """A sampled run's ``neuron.cli.Batches`` (its whole path, read as the engine's
    command line reads it); None for the full batch."""
    if not outcome.sampled:
        return None
    s = outcome.settings
    return flags.on_batches(outcome.trained_on, run_at(s, None), s.batch_size, s.batch_seed)


def plain(markdown):
    """Page text for a terminal: no bold, no code marks."""
    return markdown.replace("**", "").replace("`", "")


def report(outcome, noise_seed=0):
    """The run in words and a table, as the page would say it, in English."""
    T, s, r, run = text("en"), outcome.settings, outcome.reading, outcome.run
    (w0, b0), (w, b) = outcome.line(0), outcome.line(max(run.last, 0))
    start, stop = s.usable_range()
    noise = f", noise {s.noise:g} °F (seed {noise_seed})" if s.noise else ""
    data = f"{stop - start} temperatures from {start} to {stop - 1} °C{noise}"
    x_name, y_name = outcome.data.x_name or "x", outcome.data.y_name or "y"
    neuron_line = "fahrenheit = weight * celsius + bias"
    if not outcome.article:  # someone's data: its own names, never °C and °F
        data = f"{len(outcome.data):,} rows, x = {x_name}, y = {y_name}"
        neuron_line = "y = weight * x + bias"
    v = explain.verdict(T, outcome)
    end = "end" if run.diverged_at is None else f"at {r.last:,}"
    lines = [
        f"One neuron: {neuron_line}",
        f"Data: {data}" + (", standardized" if s.scaled else ""),
        f"Training: {run.iterations:,} iterations of {s.optimizer} at learning rate "
        f"{float(s.learning_rate)!r}, "
        f"from weight {s.initial_weight:.6g} and bias {s.initial_bias:.6g}"
        + (f", on batches of {s.batch_size} (seed {s.batch_seed})" if outcome.sampled else ""),
        "",
        f"{'':8}{'start':>12}{end:>14}{'optimum':>14}",
        *_end_rows(T, outcome, (w0, b0), (w, b)),
        *_floor_note(T, outcome),
        "",
        plain(v.line),
        *[plain(p) for p in explain.reading(T, outcome)],
        plain(explain.why(T, outcome)),
        "",
        *_predictions(T, outcome, (w0, b0), (w, b)),
    ]
    return "\n".join(lines)


def _end_rows(T, outcome, start, end):
    """The table's weight, bias and loss rows; a hovering run's end as the band it
    keeps to ("1.8 ±0.04", "≤ 0.5"), its exact digits being one rounding's."""
    r, run, best = outcome.reading, outcome.run, outcome.optimum
    cells = [f"{end[0]:.6g}", f"{end[1]:.6g}"]
    loss = explain.loss_text(T, r.loss, r.minimum_loss, outcome.floor.loss).split(" (")[0]
    if explain.hovering(outcome):
        band = neuron.Band(*explain.jitter(outcome))
        # around the optimum (the last step is one rounding's phase), bounds rounded up
        cells = [f"{v:.{explain.band_figures(v, getattr(band, k))}g} ±{band.bound(k):.1g}"
                 for v, k in ((best.weight, "weight"), (best.bias, "bias"))]  # fmt: skip
        loss = f"≤ {band.bound('loss'):.1g}"
    return [
        f"{'weight':8}{start[0]:>12.6g}{cells[0]:>14}{best.weight:>14.6g}",
        f"{'bias':8}{start[1]:>12.6g}{cells[1]:>14}{best.bias:>14.6g}",
        f"{'loss':8}{run.at(0).loss:>12.6g}{loss:>14}"
        f"{explain.shown_loss(r.minimum_loss, outcome):>14.6g}",
    ]


def _floor_note(T, outcome):
    """The table's "≈ 0", said once in full under it."""
    r = outcome.reading
    shown = explain.loss_text(T, r.loss, r.minimum_loss, outcome.floor.loss)
    return [f"(loss {shown})"] if shown == T("float.zero") else []


def _predictions(T, outcome, before, after):
    """Actual, before and after at a few inputs: the article's; or, for the data's
    own inputs, its least-squares line, named as the page names it (never "actual")."""
    true = outcome.actual
    if outcome.article:
        lines = [f"{'°C':>6}{'actual °F':>12}{'before':>12}{'after':>12}"]
        for c in SHOWN_CELSIUS:
            y, b, a = (predict(*line, c) for line in ((true.weight, true.bias), before, after))
            lines.append(f"{c:>6}{y:>12.1f}{b:>12.2f}{a:>12.2f}")
        return lines
    x, fit = outcome.data.x, T("series.actual.data")
    wide = max(13, len(fit))
    lines = [f"{'x':>10} {fit:>{wide}} {'before':>13} {'after':>13}"]
    for c in sorted({float(x.min()), float(np.median(x)), float(x.max())}):
        y, b, a = (predict(*line, c) for line in ((true.weight, true.bias), before, after))
        lines.append(f"{c:>10.6g} {y:>{wide}.6g} {b:>13.6g} {a:>13.6g}")
    return lines


def history_csv(outcome):
    """The whole run, one row an iteration up to the last finite one, as CSV."""
    run = run_at(outcome.settings, None)
    return csv_text(run, run.steps <= run.last)
