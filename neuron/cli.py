"""``python -m neuron``: run the article's experiment from a terminal."""

import argparse
import csv
import json
import math
import sys

import numpy as np

from neuron import _checks
from neuron.data import INTERCEPT, MAX_SAMPLES, SLOPE, make_dataset, random_start
from neuron.model import predict
from neuron.reading import read
from neuron.stability import stability
from neuron.training import train

SHOWN_CELSIUS = (-40, 0, 37, 42, 100)  # 42 °C ↔ 107.6 °F is the article's example


def main(argv=None):
    """Parse ``argv``, train, and print a summary (or JSON). Returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.stop - args.start < 2:
        parser.error(
            f"argument --stop: must be at least --start + 2 "
            f"({args.start + 2}) for two distinct temperatures, got {args.stop}"
        )
    if args.stop - args.start > MAX_SAMPLES:
        parser.error(
            f"argument --stop: at most {MAX_SAMPLES:,} temperatures, "
            f"got {args.stop - args.start:,}"
        )
    if args.seed is not None:
        start = random_start(args.seed)
        w0 = start.weight if args.initial_weight is None else args.initial_weight
        b0 = start.bias if args.initial_bias is None else args.initial_bias
    else:
        w0 = 0.5 if args.initial_weight is None else args.initial_weight
        b0 = 0.5 if args.initial_bias is None else args.initial_bias
    data = make_dataset(args.start, args.stop, noise=args.noise, seed=args.noise_seed)
    run = train(
        data,
        learning_rate=args.learning_rate,
        iterations=args.iterations,
        initial_weight=w0,
        initial_bias=b0,
    )
    if args.csv:
        try:
            _write_csv(args.csv, run)
        except OSError as error:
            parser.error(f"argument --csv: cannot write {args.csv!r}: {error.strerror}")
    if args.json:
        print(json.dumps(_summary(data, run, w0, b0), indent=2))
    else:
        print(_report(data, run, w0, b0, args))
    return 0


def _parser():
    p = argparse.ArgumentParser(
        prog="python -m neuron",
        description="Train one neuron (fahrenheit = weight * celsius + bias) by "
        "gradient descent, as in the article, and explain the outcome.",
    )
    p.add_argument(
        "--learning-rate",
        type=_positive,
        default=1e-4,
        metavar="RATE",
        help="step size (default: the article's 0.0001)",
    )
    p.add_argument(
        "--iterations",
        type=_count,
        default=10_000,
        metavar="N",
        help="updates, 0 to 1,000,000 (default: 10,000)",
    )
    p.add_argument(
        "--initial-weight",
        type=_finite,
        metavar="W",
        help="starting weight (default: 0.5, or drawn by --seed)",
    )
    p.add_argument(
        "--initial-bias",
        type=_finite,
        metavar="B",
        help="starting bias (default: 0.5, or drawn by --seed)",
    )
    p.add_argument(
        "--seed",
        type=_whole,
        metavar="S",
        help="draw the start uniformly from [0, 1), as the article does, reproducibly",
    )
    p.add_argument("--start", type=_whole, default=-50, help="first Celsius value (default: -50)")
    p.add_argument(
        "--stop", type=_whole, default=50, help="Celsius values stop before this (default: 50)"
    )
    p.add_argument(
        "--noise",
        type=_non_negative,
        default=0.0,
        metavar="SD",
        help="Gaussian noise on the targets, in °F (default: 0)",
    )
    p.add_argument(
        "--noise-seed", type=_whole, default=0, metavar="S", help="seed for the noise (default: 0)"
    )
    p.add_argument("--json", action="store_true", help="print one JSON object instead")
    p.add_argument("--csv", metavar="PATH", help="write the whole history, one row per iteration")
    return p


def _finite(text):
    try:
        return _checks.finite("value", float(text))
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a finite number, got {text!r}") from None


def _positive(text):
    value = _finite(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be > 0, got {text!r}")
    return value


def _non_negative(text):
    value = _finite(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be >= 0, got {text!r}")
    return value


def _whole(text):
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None


def _count(text):
    value = _whole(text)
    try:
        return _checks.iterations(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"must be between 0 and {_checks.MAX_ITERATIONS:,}, got {text!r}"
        ) from None


def _summary(data, run, w0, b0):
    s, r = stability(data, run.learning_rate), read(data, run)
    return {
        "weight": r.weight,
        "bias": r.bias,
        "loss": r.loss,
        "initial_weight": w0,
        "initial_bias": b0,
        "learning_rate": run.learning_rate,
        "iterations": run.iterations,
        "verdict": s.verdict,
        "critical_learning_rate": s.critical_learning_rate,
        "oscillation_learning_rate": s.oscillation_learning_rate,
        "optimal_learning_rate": s.optimal_learning_rate,
        "condition_number": s.condition_number,
        "curvatures": s.curvatures.tolist(),
        "weight_iterations": s.weight_iterations,
        "bias_iterations": s.bias_iterations,
        "diverged_at": run.diverged_at,
        "last_finite_iteration": r.last,
        "optimal_weight": r.optimal_weight,
        "optimal_bias": r.optimal_bias,
        "minimum_loss": r.minimum_loss,
        "weight_learned": r.weight_learned,
        "bias_learned": r.bias_learned,
    }


def _report(data, run, w0, b0, args):
    s, r = stability(data, run.learning_rate), read(data, run)
    lines = [
        "One neuron: fahrenheit = weight * celsius + bias",
        f"Data: {len(data)} temperatures from {args.start} to {args.stop - 1} °C"
        + (f", noise {args.noise:g} °F" if args.noise else ""),
        f"Training: {run.iterations:,} iterations at learning rate {run.learning_rate:g},"
        f" from weight {w0:.6g} and bias {b0:.6g}",
        "",
        f"{'':8}{'start':>12}{'end':>14}{'optimum':>14}",
        f"{'weight':8}{w0:>12.6g}{r.weight:>14.6g}{r.optimal_weight:>14.6g}",
        f"{'bias':8}{b0:>12.6g}{r.bias:>14.6g}{r.optimal_bias:>14.6g}",
        f"{'loss':8}{run.losses[0]:>12.6g}{r.loss:>14.6g}{r.minimum_loss:>14.3g}",
        "",
        f"Stability: {s.verdict}. The learning rate is {s.fraction_of_critical:.1%} of "
        f"the critical rate {s.critical_learning_rate:.5g} (= 2 / largest curvature).",
        f"Curvature: {s.curvatures[1]:.5g} along the weight, {s.curvatures[0]:.5g} along "
        f"the bias: the bowl is {s.condition_number:,.0f} times flatter along the bias.",
        "",
        *_meaning(s, r, run),
        "",
        f"{'°C':>6}{'actual °F':>12}{'before':>12}{'after':>12}",
    ]
    for c in SHOWN_CELSIUS:
        before, after = predict(w0, b0, c), predict(r.weight, r.bias, c)
        lines.append(f"{c:>6}{c * SLOPE + INTERCEPT:>12.1f}{before:>12.2f}{after:>12.2f}")
    return "\n".join(lines)


def _meaning(s, r, run):
    """The plain-language reading of the run, in English."""
    if r.diverged_at is not None:
        return [
            f"What it means: the loss blew up (overflowed) at iteration "
            f"{r.diverged_at:,}. Each step overshoots the weight's optimum by more "
            f"than the last (step factor {s.step_factors[1]:.3g}, beyond -1): "
            f"use a rate below {s.critical_learning_rate:.5g}."
        ]
    out = []
    if s.verdict == "diverges":
        out.append(
            f"What it means: this rate diverges (step factor {s.step_factors[1]:.3g}); "
            f"the loss is growing and would overflow with more iterations."
        )
    elif s.verdict == "oscillates":
        out.append(
            f"Overshoot: each step jumps past the weight's optimum (step factor "
            f"{s.step_factors[1]:.3g}), yet lands closer, so it still converges."
        )
    gap_w, gap_b = r.weight - r.optimal_weight, r.bias - r.optimal_bias
    if r.lagging is None:
        out.append(
            f"What it means: both parameters are learned: weight {r.weight:.5g} "
            f"(optimum {r.optimal_weight:.5g}), bias {r.bias:.5g} "
            f"(optimum {r.optimal_bias:.5g})."
        )
    elif r.lagging == "bias":
        head = "the weight is learned, but " if r.weight_learned else ""
        out.append(
            f"What it means: {head}the bias is still {abs(gap_b):.3g} °F "
            f"{'short of' if gap_b < 0 else 'above'} {r.optimal_bias:.4g} after "
            f"{run.iterations:,} iterations, because the loss is "
            f"~{s.condition_number:,.0f} times flatter along the bias."
        )
        out.append(_needed("bias", r))
    else:
        out.append(
            f"What it means: the weight is still {abs(gap_w):.3g} "
            f"{'below' if gap_w < 0 else 'above'} {r.optimal_weight:.4g} after "
            f"{run.iterations:,} iterations."
        )
        out.append(_needed("weight", r))
    return out


def _needed(name, r):
    if r.iterations_needed is None:
        return f"At this rate the {name} never gets there: lower the learning rate."
    return (
        f"At this rate the {name} needs about {r.iterations_needed:,} iterations to "
        f"come within 1 %: try more iterations or a larger learning rate."
    )


def _write_csv(path, run):
    with open(path, "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["iteration", "weight", "bias", "loss", "weight_gradient", "bias_gradient"])
        rows = np.column_stack(
            [run.weights, run.biases, run.losses, run.weight_gradients, run.bias_gradients]
        )
        for t, row in enumerate(rows):
            out.writerow([t, *(repr(float(v)) if math.isfinite(v) else "nan" for v in row)])


if __name__ == "__main__":
    sys.exit(main())
