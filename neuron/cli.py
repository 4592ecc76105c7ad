"""``python -m neuron``: train the neuron from a terminal and print the engine's facts.

Its flags come from the parameter table (``neuron.parameters.ENGINE``), so it
accepts and refuses exactly what a link to the page does; every bad value
exits 2 with a message naming the flag. It prints numbers, not the page's
sentences (``python -m playground`` says the run in words), and imports
nothing but the engine, so it starts in a fraction of a second.
"""

import argparse
import json
import math
import os
import re
import sys
from dataclasses import dataclass

import numpy as np

import neuron
from neuron.parameters import ENGINE, GROUPS, OWN, ParameterError, check_range
from neuron.tables import MAX_BYTES

PROG = "python -m neuron"
DESCRIPTION = (
    "Train one neuron (fahrenheit = weight * celsius + bias) and print what the engine "
    "measures of the run: where it ended, the optimum, the critical learning rate, "
    "whether and where it blew up."
)
FLAGS = {p.flag: p for p in ENGINE if p.flag}
STDOUT = "-"  # --csv -: the CSV goes to standard output, as Unix tools take it
CSV_BLOCK = 10_000  # rows formatted at a time: a million-row CSV is never one string
TOLERANCE = 0.01  # "learned": within 1 % of the optimum (of 1 if smaller), as iterations_to_learn


def main(argv=None):
    """Parse ``argv``, train, and print the facts (or JSON, or the CSV). Returns 0."""
    p = parser(PROG, DESCRIPTION)
    args = parse(p, argv)
    data, trained_on, scaling = dataset(args)
    # Without --csv only the start, the end and the last finite step are kept; a
    # sampled run keeps every step, as its own path is where it is read.
    whole = args.csv is not None or args.batch_size is not None
    run = train(args, trained_on, record=None if whole else [])
    if write_csv(p, args, lambda f: write_history(f, run)):
        return 0
    stability = neuron.stability(trained_on, run.optimizer)
    floor = neuron.float64_floor(trained_on, run.learning_rate)
    batches = None
    if args.batch_size is None:
        reading = neuron.read(trained_on, run)
    else:  # the full batch's closed-form dates, crossings and band are not this run's
        batches = on_batches(trained_on, run, args.batch_size, args.batch_seed)
        reading = sampled_reading(trained_on, run, batches)
    if args.json:
        facts_ = summary(run, reading, stability, floor, batches)
        print(json.dumps(facts_, indent=2, allow_nan=False))
    else:
        print(facts(args, data, scaling, run, reading, stability, floor, batches))
    return 0


# ---- flags: shared with python -m playground ------------------------------------


def parser(prog, description):
    """An argument parser with a flag per row of the table, and --json, --csv, --force."""
    p = argparse.ArgumentParser(prog=prog, description=description)
    for flag, param in FLAGS.items():
        if param.kind is bool:
            p.add_argument(flag, action="store_true", help=param.doc)
        else:
            drawn = param.name in ("initial_weight", "initial_bias")  # --seed may draw it
            default = None if drawn else param.default
            p.add_argument(flag, type=_parse(param), default=default, help=param.doc)
    p.add_argument("--json", action="store_true", help="print one JSON object instead")
    p.add_argument(
        "--csv",
        metavar="PATH",
        help="write the whole history, one row an iteration ('-': to standard output, alone)",
    )
    p.add_argument("--force", action="store_true", help="let --csv replace an existing file")
    p.add_argument(
        "--data",
        metavar="FILE",
        help="learn y from x in a CSV or TSV file (the first two numeric columns)",
    )
    return p


def parse(p, argv=None):
    """The flags of ``argv`` (the command line's when None); exits 2 on a bad one."""
    args = p.parse_args(joined(sys.argv[1:] if argv is None else argv))
    try:
        check_range(args.start, args.stop)
    except ParameterError as error:
        p.error(f"argument --stop: {error.reason}, got {args.stop}")
    if args.csv == STDOUT and args.json:
        p.error("argument --csv: '-' writes the CSV to standard output; drop --json")
    if args.csv is not None and not args.csv.strip():
        p.error("argument --csv: must name a file, got ''")
    args.table = read_data(p, args)
    return args


def read_data(p, args):
    """The Dataset of ``--data FILE`` or ``--dataset NAME``; None for the range's.

    A file that cannot be read, or a table that is not two columns of numbers,
    exits 2 with the file and the line named.
    """
    if args.data is None:
        if args.dataset == OWN:
            p.error("argument --dataset: 'own' needs --data FILE")
        return neuron.dataset(args.dataset) if args.dataset else None
    if args.dataset not in (None, OWN):
        p.error(f"argument --data: give --data or --dataset {args.dataset}, not both")
    try:
        with open(args.data, "rb") as f:
            raw = f.read(MAX_BYTES + 1)
        return neuron.read_table(raw).dataset
    except OSError as error:
        p.error(f"argument --data: cannot read {args.data!r}: {error.strerror}")
    except neuron.TableError as error:
        p.error(f"argument --data: {args.data}: {error}")


def _parse(param):
    def parse(raw):
        try:
            return param.parse(raw)
        except ParameterError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    parse.__name__ = param.name  # argparse names the type in some messages
    return parse


def joined(argv):
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


def start(args):
    """(weight, bias) before the first update: a flag wins over a draw by --seed."""
    drawn = neuron.random_start(args.seed) if args.seed is not None else None
    w0, b0 = args.initial_weight, args.initial_bias
    if w0 is None:
        w0 = drawn.weight if drawn else FLAGS["--initial-weight"].default
    if b0 is None:
        b0 = drawn.bias if drawn else FLAGS["--initial-bias"].default
    return w0, b0


def write_csv(p, args, write):
    """Call ``write(file)`` for ``--csv``; True when the file was standard output.

    A file that exists is kept unless ``--force``; one that cannot be written
    exits 2 naming the flag.
    """
    path = args.csv
    if path is None:
        return False
    if path == STDOUT:
        write(sys.stdout)
        return True
    try:
        with open(path, "w" if args.force else "x", newline="") as f:
            write(f)
    except FileExistsError:
        p.error(f"argument --csv: {path!r} exists; add --force to replace it")
    except OSError as error:
        p.error(f"argument --csv: cannot write {path!r}: {error.strerror}")
    return False


# ---- what is printed --------------------------------------------------------------


def dataset(args):
    """(the data, what the neuron trains on, the Scaling or None) the flags ask for."""
    data = args.table
    if data is None:
        data = neuron.make_dataset(args.start, args.stop, noise=args.noise, seed=args.noise_seed)
    if not args.scaled:
        return data, data, None
    trained_on, scaling = neuron.standardize(data)
    return data, trained_on, scaling


def train(args, trained_on, record):
    """The run the flags ask for, recorded at ``record`` (as ``neuron.train`` takes it)."""
    w0, b0 = start(args)
    hyper = {name: getattr(args, name) for name in GROUPS["optimizer"][1:]}
    opt = neuron.optimizer(args.optimizer, args.learning_rate, **hyper)
    return neuron.train(
        trained_on,
        optimizer=opt,
        iterations=args.iterations,
        initial_weight=w0,
        initial_bias=b0,
        record=record,
        **sampling(args),
    )


def sampling(args):
    """``neuron.train``'s batch arguments: none for the full batch (its seed unused)."""
    if args.batch_size is None:
        return {}
    return {"batch_size": args.batch_size, "seed": args.batch_seed}


# ---- a sampled run: its batches' facts, not the full batch's -------------------------


@dataclass(frozen=True)
class Batches:
    """What a mini-batch run is read by, where the full batch's closed forms do not apply.

    Attributes
    ----------
    size, seed : int
        The batch size and the seed of the batches.
    expected : ExpectedRun or None
        Plain descent's exact expectation over every draw of the batches (its
        mean-square critical rate, E[loss] at every step, the loss it settles
        to); None for an optimizer with none.
    learned : Learned
        Read off the sampled run itself: per parameter, the first iteration
        from which it stays within 1 % of its optimum to the end of the run;
        None when it is not within 1 % at the end (or the run blew up).
    lagging : {"weight", "bias"} or None
        The parameter not within 1 % at the end (as ``Reading.lagging``).
    """

    size: int
    seed: int
    expected: neuron.ExpectedRun | None
    learned: neuron.Learned
    lagging: str | None

    @property
    def verdict(self):
        """What the expected loss does: "batch_settles", "batch_grows", or
        "batch_sampled" when there is no exact expectation (the page's words)."""
        e = self.expected
        if e is None:
            return "batch_sampled"
        return "batch_grows" if e.learning_rate >= e.critical_learning_rate else "batch_settles"


def on_batches(trained_on, run, size, seed):
    """The ``Batches`` of a sampled ``run`` recorded at every iteration."""
    expected = None
    if run.optimizer.stability_model == "quadratic":  # plain descent: its mean is exact
        expected = neuron.expected_run(
            trained_on,
            learning_rate=run.learning_rate,
            batch_size=size,
            initial_weight=run.start.weight,
            initial_bias=run.start.bias,
            iterations=run.iterations,
        )
    shape = neuron.bowl(trained_on)
    learned = learned_in(run, shape.optimum)
    errors = np.array([_value_at_end(run, "weights"), _value_at_end(run, "biases")])
    relative = np.abs(errors - shape.optimum) / np.maximum(np.abs(shape.optimum), 1.0)
    late = [t is None for t in learned]
    lagging = None
    if run.diverged_at is None and any(late):
        lagging = "weight" if late == [True, False] else "bias" if late == [False, True] else None
        lagging = lagging or ("bias" if relative[1] >= relative[0] else "weight")
    return Batches(size, seed, expected, learned, lagging)


def learned_in(run, optimum):
    """Per parameter, the first iteration from which ``run``'s recorded path stays
    within 1 % of ``optimum`` to its end; None if it is not within 1 % at the end.

    ``run`` must be recorded at every iteration: this is one run's path, not a
    promise about later iterations or other batches.
    """
    if run.steps.size != run.iterations + 1:
        raise ValueError("run must be recorded at every iteration")
    if run.diverged_at is not None:
        return neuron.Learned(None, None)
    limits = TOLERANCE * np.maximum(np.abs(optimum), 1.0)
    dates = []
    for values, best, limit in zip((run.weights, run.biases), optimum, limits):
        outside = np.flatnonzero(~(np.abs(values - best) <= limit))
        last = int(outside[-1]) if outside.size else -1
        dates.append(None if last == run.iterations else last + 1)
    return neuron.Learned(*dates)


def sampled_reading(trained_on, run, batches):
    """A sampled run's ``Reading``: its end against the optimum, and the dates of
    its own path (``batches.learned``); its crossings are not counted."""
    shape, none = neuron.bowl(trained_on), neuron.Crossing(0, None)
    weight, bias, loss = (_value_at_end(run, f) for f in ("weights", "biases", "losses"))
    return neuron.Reading(
        weight=weight,
        bias=bias,
        loss=loss,
        optimal_weight=float(shape.optimum[0]),
        optimal_bias=float(shape.optimum[1]),
        minimum_loss=shape.minimum_loss,
        learned=batches.learned,
        weight_learned=batches.learned.weight is not None,
        bias_learned=batches.learned.bias is not None,
        lagging=batches.lagging,
        iterations_needed=None,
        crossings=neuron.Crossings(none, none),
        last=run.last,
        diverged_at=run.diverged_at,
    )


def _value_at_end(run, field):
    """A column at the run's last finite step (NaN if even the start overflowed)."""
    if run.last < 0:
        return float("nan")
    return float(getattr(run, field)[run.steps.searchsorted(run.last)])


def write_history(f, run):
    """The run's rows up to its last finite one, as CSV (``repr``: exact floats)."""
    columns = run.columns()
    keep = run.steps <= run.last
    kept = [c[keep] for c in columns.values()]
    f.write(",".join(columns) + "\n")
    for i in range(0, int(keep.sum()), CSV_BLOCK):
        block = [c[i : i + CSV_BLOCK].tolist() for c in kept]
        f.write("".join(f"{t}," + ",".join(map(repr, row)) + "\n" for t, *row in zip(*block)))


def finite(value):
    """``value`` as a float, or None when there is no number (JSON's null)."""
    return float(value) if value is not None and math.isfinite(value) else None


def summary(run, reading, stability, floor, batches=None):
    """A run's facts as strict JSON: numbers, or null where there is none.

    Parameters
    ----------
    run : TrainingRun
    reading : Reading
        ``read`` of ``run``.
    stability : Stability
        ``stability`` of ``run``'s optimizer on the data it trained on.
    floor : Floor
        ``float64_floor`` of that data at ``run``'s rate: a loss under it reads 0,
        as a float64 loop shows it.
    batches : Batches or None
        A sampled run's (``on_batches``): its verdict and critical rate are the
        batches' (the full batch's beside them), its dates are read off its own
        path, and its batch size, seed and expected loss are added.
    """
    bowl = stability.bowl
    numbers = {
        "weight": reading.weight,
        "bias": reading.bias,
        "loss": _resolved(reading.loss, reading.minimum_loss, floor.loss),
        "initial_weight": run.start.weight,
        "initial_bias": run.start.bias,
        "learning_rate": run.learning_rate,
        "critical_learning_rate": stability.critical_learning_rate,
        "oscillation_learning_rate": bowl.oscillation_learning_rate,
        "optimal_learning_rate": bowl.optimal_learning_rate,
        "condition_number": bowl.condition_number,
        "optimal_weight": reading.optimal_weight,
        "optimal_bias": reading.optimal_bias,
        "minimum_loss": reading.minimum_loss,
    }
    learned = _dated(reading, stability)  # as the text says
    out = {name: finite(value) for name, value in numbers.items()}
    if reading.band is not None:  # a hovering run: the band, not one rounding's digits
        out.update(weight=None, bias=None, loss=None)
    out["float64_floor"] = {key: finite(v) for key, v in vars(floor).items()}
    out.update(
        iterations=run.iterations,
        verdict=stability.verdict,
        diverged_at=run.diverged_at,
        last_finite_iteration=reading.last,
        curvatures=[finite(c) for c in bowl.curvatures],
        depends_on_rounding=reading.depends_on_rounding,
        band=None
        if reading.band is None
        else {k: finite(v) for k, v in reading.band._asdict().items()},
        weight_learned_from=learned.weight,
        bias_learned_from=learned.bias,
        weight_learned=learned.weight is not None and learned.weight <= run.iterations,
        bias_learned=learned.bias is not None and learned.bias <= run.iterations,
        iterations_needed=None if reading.lagging is None else getattr(learned, reading.lagging),
        lagging=reading.lagging,
    )
    if batches is not None:
        out.update(_batch_summary(run, reading, stability, floor, batches))
    return out


def _batch_summary(run, reading, stability, floor, batches):
    """``summary``'s keys for a sampled run, as ``facts`` says them."""
    e, learned = batches.expected, batches.learned
    expected = {"critical_learning_rate": None, "expected_loss": None, "expected_loss_floor": None}
    if e is not None:
        expected.update(
            critical_learning_rate=finite(e.critical_learning_rate),
            expected_loss=finite(_resolved(float(e.loss[-1]), reading.minimum_loss, floor.loss)),
            expected_loss_floor=finite(_resolved(e.floor, reading.minimum_loss, floor.loss)),
        )
    return {
        "batch_size": batches.size,
        "batch_seed": batches.seed,
        "verdict": batches.verdict,
        **expected,
        "full_batch_critical_learning_rate": finite(stability.critical_learning_rate),
        "full_batch_verdict": stability.verdict,
        "weight_learned_from": learned.weight,
        "bias_learned_from": learned.bias,
        "weight_learned": learned.weight is not None,
        "bias_learned": learned.bias is not None,
        "learned_read_from": "this sampled run, within its iterations",
        "iterations_needed": None,  # one sampled run does not say when it would settle
        "lagging": batches.lagging,
    }


def _dated(reading, stability):
    """When each parameter is learned, as far as the run vouches for it: None for a
    hovering run (one simulated run, or a path that rounding decides)."""
    if reading.band is not None:
        return neuron.Learned(None, None)
    return neuron.vouched(reading.learned, stability.verdict is None)


def _resolved(loss, minimum, floor):
    """The loss as a float64 loop shows it: 0 where its excess over the minimum is
    under the float64 floor (the closed form's 1e-183 is no loop's)."""
    if loss is not None and math.isfinite(loss) and minimum <= floor and loss - minimum <= floor:
        return 0.0
    return loss


def _g(value):
    return "none" if finite(value) is None else f"{value:.6g}"


def facts(args, data, scaling, run, reading, stability, floor, batches=None):
    """The run and the engine's measures of it, as a few lines of text (a sampled
    run's verdict, critical rate and dates are its batches', as ``summary``'s)."""
    noise = f", noise {args.noise:g} °F (seed {args.noise_seed})" if args.noise else ""
    loss0 = float(run.losses[0])
    loss = _resolved(reading.loss, reading.minimum_loss, floor.loss)
    ends = [_g(reading.weight), _g(reading.bias), _g(loss)]
    if reading.band is not None:  # a hovering run: the band, not one rounding's digits
        band = reading.band
        ends = [
            f"±{band.bound('weight'):.1g}",
            f"±{band.bound('bias'):.1g}",
            f"≤ {band.bound('loss'):.1g}",
        ]
    table = [
        ("weight", run.start.weight, ends[0], reading.optimal_weight),
        ("bias", run.start.bias, ends[1], reading.optimal_bias),
        ("loss", loss0, ends[2], reading.minimum_loss),
    ]
    described = f"{len(data)} temperatures from {args.start} to {args.stop - 1} °C{noise}"
    neuron_line, back = "fahrenheit = weight * celsius + bias", "As °C → °F"
    if args.table is not None:  # someone's data: its own names, never °C and °F
        described = f"{len(data):,} rows, x = {data.x_name or 'x'}, y = {data.y_name or 'y'}"
        neuron_line, back = "y = weight * x + bias", "In the data's x and y"
    lines = [
        f"One neuron: {neuron_line}",
        f"Data: {described}" + (", standardized" if scaling else ""),
        f"Training: {run.iterations:,} iterations of {run.optimizer.name} at learning rate "
        f"{float(run.learning_rate)!r}, from weight {run.start.weight:.6g} and bias "
        f"{run.start.bias:.6g}"
        + (
            f", on batches of {args.batch_size} (seed {args.batch_seed})"
            if args.batch_size
            else ""
        ),
        "",
        f"{'':8}{'start':>14}{'end':>14}{'optimum':>14}",
        *(f"{name:8}{_g(a):>14}{b:>14}{_g(c):>14}" for name, a, b, c in table),
    ]
    if reading.band is not None:
        lines.append(
            f"(it keeps jittering within ±{reading.band.bound('weight'):.1g} (weight) and "
            f"±{reading.band.bound('bias'):.1g} (bias) of the optimum over the second half; "
            "its exact path here depends on rounding: another loop's band can be a few "
            "times wider or far narrower)"
        )
    if loss == 0 != reading.loss:
        lines.append(f"(a loss of 0: under what float64 resolves here, {floor.loss:.2g})")
    if scaling:
        line = scaling.to_celsius(reading.weight, reading.bias)
        lines.append(f"{back}: weight {_g(line.weight)}, bias {_g(line.bias)}")
    if batches is not None:
        measures = _batch_measures(run, reading, stability, floor, batches)
    else:
        measures = _measures(run, reading, stability)
    return "\n".join([*lines, "", *measures])


def _measures(run, reading, stability):
    bowl = stability.bowl
    learned = _dated(reading, stability)
    critical = stability.critical_learning_rate
    if critical is None:
        rate = f"none ({run.optimizer.name} has no closed-form limit)"
    else:
        rate = (
            f"{_above(critical, run)} (rates above it diverge; this rate is {_share(stability)})"
        )
    diverged = "no"
    if run.diverged_at is not None:
        diverged = f"at iteration {run.diverged_at:,} (last finite: {reading.last:,})"
    return [
        f"{'verdict':28}{stability.verdict or f'none ({run.optimizer.name})'}",
        f"{'critical learning rate':28}{rate}",
        f"{'plain descent overshoots':28}above {_above(bowl.oscillation_learning_rate, run)}",
        f"{'curvatures':28}{bowl.curvatures[0]:.6g} and {bowl.curvatures[1]:.6g} "
        f"(condition number {bowl.condition_number:.4g})",
        f"{'diverged':28}{diverged}",
        f"{'weight learned':28}{_learned(learned.weight, run.iterations, reading)}",
        f"{'bias learned':28}{_learned(learned.bias, run.iterations, reading)}",
    ]


def _batch_measures(run, reading, stability, floor, batches):
    """``_measures`` of a sampled run: the verdict and critical rate of its batches
    (the full batch's beside them), E[loss], and dates read off this run's own path."""
    bowl, e, size = stability.bowl, batches.expected, f"{batches.size:,}"
    full = stability.critical_learning_rate
    none = f"none ({run.optimizer.name} has no closed-form limit)"
    full = none if full is None else _above(full, run)
    over = f"every draw of batches of {size}"
    if e is None:
        verdict = (
            f"none: {run.optimizer.name} on batches has no exact expectation (one sampled run)"
        )
        rate = f"none known for batches of {size}; the full batch's: {full}"
        expected = []
    else:
        grows = batches.verdict == "batch_grows"
        settled = _g(_resolved(e.floor, reading.minimum_loss, floor.loss))
        verdict = (
            f"grows on average (exact, over {over}: the expected loss grows without bound)"
            if grows
            else f"settles on average (exact, over {over}: the expected loss settles to {settled})"
        )
        share = _percent(run.learning_rate / e.critical_learning_rate)
        rate = (
            f"{_above(e.critical_learning_rate, run)} for batches of {size} (the expected loss "
            f"grows above it; this rate is {share}); the full batch's: {full}"
        )
        mean, own = (
            _g(_resolved(loss, reading.minimum_loss, floor.loss))
            for loss in (float(e.loss[-1]), reading.loss)
        )
        mean = f"{mean} after" if finite(e.loss[-1]) is not None else "overflows before"
        own = f"this sampled run's: {own}"
        if run.diverged_at is not None:
            own = f"this sampled run blew up at iteration {run.diverged_at:,}"
        expected = [
            f"{'expected loss':28}{mean} {run.iterations:,} iterations, over {over} ({own})"
        ]
    diverged = "no"
    if run.diverged_at is not None:
        diverged = f"at iteration {run.diverged_at:,} (last finite: {reading.last:,})"
    return [
        f"{'verdict':28}{verdict}",
        f"{'critical learning rate':28}{rate}",
        *expected,
        f"{'plain descent overshoots':28}above {_above(bowl.oscillation_learning_rate, run)} "
        "(the full batch, and the batches' mean path)",
        f"{'curvatures':28}{bowl.curvatures[0]:.6g} and {bowl.curvatures[1]:.6g} "
        f"(condition number {bowl.condition_number:.4g})",
        f"{'diverged':28}{diverged}",
        f"{'weight learned':28}{_sampled_date(batches.learned.weight, run)}",
        f"{'bias learned':28}{_sampled_date(batches.learned.bias, run)}",
    ]


def _sampled_date(t, run):
    """When a parameter is within 1 % of its optimum to the end of this sampled run."""
    within = f"in this sampled run, within its {run.iterations:,} iterations"
    if run.diverged_at is not None:
        return "never: this sampled run blew up"
    if t is None:
        return f"not within 1 % at the end ({within})"
    return f"within 1 % from iteration {t:,} to the end ({within}; other batches differ)"


def _above(threshold, run):
    """A rate above which every rate does something: rounded up, with the figures
    that keep ``run``'s rate on its true side."""
    shown, figures = neuron.printed_threshold(threshold, run.learning_rate, up=True, digits=6)
    return f"{shown:.{figures}g}"


def _share(stability):
    """The rate's share of critical: "100 %" only at the edge; "just under" or
    "just over" it where six figures would still read 100 %."""
    if stability.verdict == "edge":
        return "100 % of it"
    return _percent(stability.fraction_of_critical)


def _percent(fraction):
    """A rate's share of a critical one (``_share``): "100 %" only when equal."""
    if fraction == 1:
        return "100 % of it"
    pct = 100 * fraction
    for figures in range(3, 7):
        shown = float(f"{pct:.{figures}g}")
        if (shown < 100) == (pct < 100) and shown != 100:
            return f"{pct:.{figures}g} % of it"
    return "just under it" if pct < 100 else "just over it"


def _learned(t, iterations, reading):
    """When a parameter stays within 1 % of its optimum for good."""
    if t is None and reading.depends_on_rounding:
        return "no date: its path depends on rounding"
    if t is None:
        return "never"
    return f"for good from iteration {t:,}" + (" (past the end)" if t > iterations else "")


# ---- a terminal's exit --------------------------------------------------------------


def terminal(main, prog):
    """Run ``main()`` and return its exit status, flushing what it printed.

    A reader gone (``| head``) ends it quietly with 1; output that cannot be
    written (a full disk, ``> /dev/full``) with 1 and one line on stderr,
    never a traceback.
    """
    try:
        try:
            code = main()
        except SystemExit as stop:  # argparse's --help and errors: flush what they wrote
            code = stop.code
        if sys.stdout is not None:
            sys.stdout.flush()  # here, not at exit: a failed write shows up now
    except BrokenPipeError:
        _drop_stdout()
        return 1
    except OSError as error:
        _drop_stdout()
        where = "standard output" if error.filename is None else error.filename
        print(f"{prog}: error: cannot write {where}: {error.strerror or error}", file=sys.stderr)
        return 1
    return code


def _drop_stdout():
    """Point standard output at /dev/null, so the flush at exit has nowhere to fail."""
    if sys.stdout is not None:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
