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

import neuron
from neuron.parameters import ENGINE, OWN, ParameterError, check_range
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


def main(argv=None):
    """Parse ``argv``, train, and print the facts (or JSON, or the CSV). Returns 0."""
    p = parser(PROG, DESCRIPTION)
    args = parse(p, argv)
    data, trained_on, scaling = dataset(args)
    # Without --csv only the start, the end and the last finite step are kept.
    run = train(args, trained_on, record=None if args.csv is not None else [])
    if write_csv(p, args, lambda f: write_history(f, run)):
        return 0
    reading = neuron.read(trained_on, run)
    stability = neuron.stability(trained_on, run.optimizer)
    if args.json:
        print(json.dumps(summary(run, reading, stability), indent=2, allow_nan=False))
    else:
        print(facts(args, data, scaling, run, reading, stability))
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
    opt = neuron.optimizer(
        args.optimizer,
        args.learning_rate,
        momentum=args.momentum,
        beta1=args.beta1,
        beta2=args.beta2,
    )
    return neuron.train(
        trained_on,
        optimizer=opt,
        iterations=args.iterations,
        initial_weight=w0,
        initial_bias=b0,
        record=record,
    )


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


def summary(run, reading, stability):
    """A run's facts as strict JSON: numbers, or null where there is none.

    Parameters
    ----------
    run : TrainingRun
    reading : Reading
        ``read`` of ``run``.
    stability : Stability
        ``stability`` of ``run``'s optimizer on the data it trained on.
    """
    bowl = stability.bowl
    numbers = {
        "weight": reading.weight,
        "bias": reading.bias,
        "loss": reading.loss,
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
    out = {name: finite(value) for name, value in numbers.items()}
    out.update(
        iterations=run.iterations,
        verdict=stability.verdict,
        diverged_at=run.diverged_at,
        last_finite_iteration=reading.last,
        curvatures=[finite(c) for c in bowl.curvatures],
        weight_learned_from=reading.learned.weight,
        bias_learned_from=reading.learned.bias,
        weight_learned=reading.weight_learned,
        bias_learned=reading.bias_learned,
        iterations_needed=reading.iterations_needed,
        lagging=reading.lagging,
    )
    return out


def _g(value):
    return "none" if finite(value) is None else f"{value:.6g}"


def facts(args, data, scaling, run, reading, stability):
    """The run and the engine's measures of it, as a few lines of text."""
    noise = f", noise {args.noise:g} °F (seed {args.noise_seed})" if args.noise else ""
    loss0 = float(run.losses[0])
    table = [
        ("weight", run.start.weight, reading.weight, reading.optimal_weight),
        ("bias", run.start.bias, reading.bias, reading.optimal_bias),
        ("loss", loss0, reading.loss, reading.minimum_loss),
    ]
    described = f"{len(data)} temperatures from {args.start} to {args.stop - 1} °C{noise}"
    if args.table is not None:
        described = f"{len(data):,} rows, x = {data.x_name or 'x'}, y = {data.y_name or 'y'}"
    lines = [
        "One neuron: fahrenheit = weight * celsius + bias",
        f"Data: {described}" + (", standardized" if scaling else ""),
        f"Training: {run.iterations:,} iterations of {run.optimizer.name} at learning rate "
        f"{run.learning_rate:g}, from weight {run.start.weight:.6g} and bias "
        f"{run.start.bias:.6g}",
        "",
        f"{'':8}{'start':>14}{'end':>14}{'optimum':>14}",
        *(f"{name:8}{_g(a):>14}{_g(b):>14}{_g(c):>14}" for name, a, b, c in table),
    ]
    if scaling:
        line = scaling.to_celsius(reading.weight, reading.bias)
        lines.append(f"As °C → °F: weight {_g(line.weight)}, bias {_g(line.bias)}")
    return "\n".join([*lines, "", *_measures(run, reading, stability)])


def _measures(run, reading, stability):
    bowl = stability.bowl
    critical = stability.critical_learning_rate
    if critical is None:
        rate = "none (Adam has no closed-form limit)"
    else:
        rate = f"{critical:.6g} (this rate is {100 * stability.fraction_of_critical:.3g} % of it)"
    diverged = "no"
    if run.diverged_at is not None:
        diverged = f"at iteration {run.diverged_at:,} (last finite: {reading.last:,})"
    return [
        f"{'verdict':28}{stability.verdict or 'none (Adam)'}",
        f"{'critical learning rate':28}{rate}",
        f"{'plain descent overshoots':28}above {bowl.oscillation_learning_rate:.6g}",
        f"{'curvatures':28}{bowl.curvatures[0]:.6g} and {bowl.curvatures[1]:.6g} "
        f"(condition number {bowl.condition_number:.4g})",
        f"{'diverged':28}{diverged}",
        f"{'weight learned':28}{_learned(reading.learned.weight, run.iterations)}",
        f"{'bias learned':28}{_learned(reading.learned.bias, run.iterations)}",
    ]


def _learned(t, iterations):
    """When a parameter stays within 1 % of its optimum for good."""
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
