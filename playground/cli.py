"""``python -m neuron``: the article's experiment from a terminal.

Its flags come from the parameter table, so it accepts and refuses exactly
what a link does; its reading of the run is the page's own, in English.
Every bad value exits 2 with a message naming the flag; nothing tracebacks.
"""

import argparse
import json
import math
import os
import re
import sys
from dataclasses import fields

from neuron import predict, random_start
from neuron.data import INTERCEPT, SLOPE
from neuron.parameters import ENGINE, ParameterError, check_range
from playground.compute import explain
from playground.compute.analysis import analyse, run_at
from playground.compute.frames import csv_text
from playground.core.settings import Settings
from playground.core.text import text

SHOWN_CELSIUS = (-40, 0, 37, 42, 100)  # 42 °C ↔ 107.6 °F is the article's example
FLAGS = {p.flag: p for p in ENGINE if p.flag}


def main(argv=None):
    """Parse ``argv``, train, and print a summary (or JSON). Returns the exit code."""
    parser = _parser()
    args = parser.parse_args(_joined(sys.argv[1:] if argv is None else argv))
    try:
        check_range(args.start, args.stop)
    except ParameterError as error:
        parser.error(f"argument --stop: {error.reason}, got {args.stop}")
    settings = _settings(args)
    outcome = analyse(settings)
    if args.csv is not None:
        _write_csv(parser, args, outcome)
    if args.json:
        print(json.dumps(_summary(outcome), indent=2, allow_nan=False))
    else:
        print(report(outcome, args.noise_seed))
    return 0


def _parser():
    p = argparse.ArgumentParser(
        prog="python -m neuron",
        description="Train one neuron (fahrenheit = weight * celsius + bias) by gradient "
        "descent, as in the article, and explain the outcome.",
    )
    for flag, param in FLAGS.items():
        if param.kind is bool:
            p.add_argument(flag, action="store_true", help=param.doc)
        else:
            drawn = param.name in ("initial_weight", "initial_bias")  # --seed may draw it
            default = None if drawn else param.default
            p.add_argument(flag, type=_parse(param), default=default, help=param.doc)
    p.add_argument("--json", action="store_true", help="print one JSON object instead")
    p.add_argument("--csv", metavar="PATH", help="write the whole history, one row an iteration")
    p.add_argument("--force", action="store_true", help="let --csv replace an existing file")
    return p


def _parse(param):
    def parse(raw):
        try:
            return param.parse(raw)
        except ParameterError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    parse.__name__ = param.name  # argparse names the type in some messages
    return parse


def _joined(argv):
    """``--flag -inf`` as ``--flag=-inf``: a value may start with a minus sign."""
    out, i = [], 0
    while i < len(argv):
        token = argv[i]
        takes_value = (token in FLAGS and FLAGS[token].kind is not bool) or token == "--csv"
        if takes_value and i + 1 < len(argv) and re.match(r"-[^-]", argv[i + 1]):
            out.append(f"{token}={argv[i + 1]}")
            i += 2
        else:
            out.append(token)
            i += 1
    return out


def _settings(args):
    """The run the flags ask for; a start given by flag wins over one drawn by --seed."""
    drawn = random_start(args.seed) if args.seed is not None else None
    w0, b0 = args.initial_weight, args.initial_bias
    if w0 is None:
        w0 = drawn.weight if drawn else FLAGS["--initial-weight"].default
    if b0 is None:
        b0 = drawn.bias if drawn else FLAGS["--initial-bias"].default
    given = {f.name: getattr(args, f.name) for f in fields(Settings)}  # a flag per field
    return Settings(**{**given, "initial_weight": w0, "initial_bias": b0})


def _finite(value):
    return float(value) if value is not None and math.isfinite(value) else None


def _summary(outcome):
    """The outcome as strict JSON: numbers, or null where there is none."""
    s, r, run, settings = outcome.stability, outcome.reading, outcome.run, outcome.settings
    numbers = {
        "weight": r.weight,
        "bias": r.bias,
        "loss": r.loss,
        "initial_weight": settings.initial_weight,
        "initial_bias": settings.initial_bias,
        "learning_rate": settings.learning_rate,
        "critical_learning_rate": s.critical_learning_rate,
        "oscillation_learning_rate": outcome.bowl.oscillation_learning_rate,
        "optimal_learning_rate": outcome.bowl.optimal_learning_rate,
        "condition_number": outcome.bowl.condition_number,
        "optimal_weight": r.optimal_weight,
        "optimal_bias": r.optimal_bias,
        "minimum_loss": r.minimum_loss,
    }
    out = {name: _finite(value) for name, value in numbers.items()}
    out.update(
        iterations=run.iterations,
        verdict=s.verdict,
        diverged_at=run.diverged_at,
        last_finite_iteration=r.last,
        curvatures=[_finite(c) for c in outcome.bowl.curvatures],
        weight_learned_from=r.learned.weight,
        bias_learned_from=r.learned.bias,
        weight_learned=r.weight_learned,
        bias_learned=r.bias_learned,
        iterations_needed=r.iterations_needed,
        lagging=r.lagging,
    )
    return out


def plain(markdown):
    """Page text for a terminal: no bold, no code marks."""
    return markdown.replace("**", "").replace("`", "")


def report(outcome, noise_seed=0):
    """The run in words and a table, as the page would say it, in English."""
    T, s, r, run = text("en"), outcome.settings, outcome.reading, outcome.run
    (w0, b0), (w, b) = outcome.line(0), outcome.line(max(run.last, 0))
    start, stop = s.usable_range()
    noise = f", noise {s.noise:g} °F (seed {noise_seed})" if s.noise else ""
    v = explain.verdict(T, outcome)
    end = "end" if run.diverged_at is None else f"at {r.last:,}"
    lines = [
        "One neuron: fahrenheit = weight * celsius + bias",
        f"Data: {stop - start} temperatures from {start} to {stop - 1} °C{noise}"
        + (", standardized" if s.scaled else ""),
        f"Training: {run.iterations:,} iterations of {s.optimizer} at learning rate "
        f"{s.learning_rate:g}, "
        f"from weight {s.initial_weight:.6g} and bias {s.initial_bias:.6g}",
        "",
        f"{'':8}{'start':>12}{end:>14}{'optimum':>14}",
        f"{'weight':8}{w0:>12.6g}{w:>14.6g}{outcome.optimum.weight:>14.6g}",
        f"{'bias':8}{b0:>12.6g}{b:>14.6g}{outcome.optimum.bias:>14.6g}",
        f"{'loss':8}{run.at(0).loss:>12.6g}{r.loss:>14.6g}"
        f"{explain.shown_loss(r.minimum_loss, outcome):>14.6g}",
        "",
        plain(v.line),
        *[plain(p) for p in explain.reading(T, outcome)],
        plain(explain.why(T, outcome)),
        "",
        f"{'°C':>6}{'actual °F':>12}{'before':>12}{'after':>12}",
    ]
    for c in SHOWN_CELSIUS:
        before, after = predict(w0, b0, c), predict(w, b, c)
        lines.append(f"{c:>6}{c * SLOPE + INTERCEPT:>12.1f}{before:>12.2f}{after:>12.2f}")
    return "\n".join(lines)


def history_csv(outcome):
    """The whole run, one row an iteration up to the last finite one, as CSV."""
    run = run_at(outcome.settings, None)
    return csv_text(run, run.steps <= run.last)


def _write_csv(parser, args, outcome):
    path = args.csv
    if not path.strip():
        parser.error("argument --csv: must name a file, got ''")
    if os.path.exists(path) and not args.force:
        parser.error(f"argument --csv: {path!r} exists; add --force to replace it")
    try:
        with open(path, "w", newline="") as f:
            f.write(history_csv(outcome))
    except OSError as error:
        parser.error(f"argument --csv: cannot write {path!r}: {error.strerror}")
