"""python -m neuron, run as a user would (a subprocess), and fuzzed in process."""

import contextlib
import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import neuron
from neuron.parameters import ENGINE
from playground import cli
from playground.ui import link

ROOT = Path(__file__).resolve().parents[1]
BOTH = [p for p in ENGINE if p.flag and p.link]  # what a link and the command line share


def run_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "neuron", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_articles_run_is_summarised_and_explained():
    out = run_cli("--initial-weight", "0.5", "--initial-bias", "0.5")
    assert out.returncode == 0, out.stderr
    text = out.stdout
    run = neuron.train(
        neuron.make_dataset(),
        learning_rate=1e-4,
        iterations=10_000,
        initial_weight=0.5,
        initial_bias=0.5,
    )
    for value in (run.weights[-1], run.biases[-1], run.losses[-1]):
        assert f"{value:.6g}" in text
    assert "Converges" in text and "0.0011998" in text
    assert "the bias is still 4.26 °F short of 32" in text
    assert "834 times flatter" in text
    assert "107.6" in text  # the article's 42 °C example
    assert "**" not in text and out.stderr == ""


def test_json_is_strict_and_matches_train():
    out = run_cli("--json", "--learning-rate", "0.0009", "--iterations", "500", "--seed", "4")
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    start = neuron.random_start(4)
    run = neuron.train(
        neuron.make_dataset(),
        learning_rate=0.0009,
        iterations=500,
        initial_weight=start.weight,
        initial_bias=start.bias,
    )
    assert got["weight"] == run.weights[-1] and got["bias"] == run.biases[-1]
    assert got["loss"] == run.losses[-1]
    assert got["verdict"] == "oscillates" and got["diverged_at"] is None


def test_a_diverged_run_is_reported_as_diverged_never_as_nan():
    out = run_cli("--json", "--learning-rate", "0.0015", "--iterations", "2000")
    assert "NaN" not in out.stdout and "Infinity" not in out.stdout
    got = json.loads(out.stdout)
    run = neuron.train(
        neuron.make_dataset(),
        learning_rate=0.0015,
        iterations=2000,
        initial_weight=0.637,
        initial_bias=0.2698,
    )
    assert got["verdict"] == "diverges" and got["diverged_at"] == run.diverged_at
    assert got["last_finite_iteration"] == run.diverged_at - 1 and np.isfinite(got["loss"])
    words = run_cli("--learning-rate", "0.0015", "--iterations", "2000").stdout
    assert f"blew up at iteration {run.diverged_at}" in words
    assert "nan" not in words.lower() and "inf" not in words.replace("infinity", "")


def test_csv_holds_the_whole_history_and_refuses_to_overwrite(tmp_path):
    path = tmp_path / "history.csv"
    args = ["--iterations", "300", "--learning-rate", "0.0015", "--start", "-60", "--stop", "61"]
    out = run_cli(*args, "--noise", "2", "--csv", str(path))
    assert out.returncode == 0, out.stderr
    with path.open() as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 301 and rows[0]["iteration"] == "0"
    data = neuron.make_dataset(-60, 61, noise=2.0, seed=0)
    run = neuron.train(
        data, learning_rate=0.0015, iterations=300, initial_weight=0.637, initial_bias=0.2698
    )
    np.testing.assert_array_equal([float(r["loss"]) for r in rows], run.losses)
    gradients = [float(r["weight_gradient"]) for r in rows]
    np.testing.assert_array_equal(gradients, run.weight_gradients)
    again = run_cli(*args, "--csv", str(path))
    assert again.returncode == 2 and "--force" in again.stderr
    assert len(path.read_text().splitlines()) == 302  # untouched
    assert run_cli(*args, "--csv", str(path), "--force").returncode == 0


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (["--learning-rate", "abc"], "--learning-rate"),
        (["--learning-rate", "-1"], "--learning-rate"),
        (["--learning-rate", "-inf"], "--learning-rate"),
        (["--learning-rate", "1e308"], "--learning-rate"),
        (["--iterations", "2000000"], "--iterations"),
        (["--iterations", "1.5"], "--iterations"),
        (["--iterations", "1e6"], "--iterations"),
        (["--initial-weight", "nan"], "--initial-weight"),
        (["--noise", "-2"], "--noise"),
        (["--noise", "1e308"], "--noise"),
        (["--seed", "-1"], "--seed"),
        (["--noise-seed", "-5"], "--noise-seed"),
        (["--start", "10", "--stop", "11"], "--stop"),
        (["--start", "99999999999999999999", "--stop", "100000000000000000001"], "--start"),
        (["--csv", "/no/such/dir/x.csv"], "--csv"),
        (["--csv", ""], "--csv"),
    ],
)
def test_a_bad_value_exits_2_naming_the_flag(args, flag):
    out = run_cli(*args)
    assert out.returncode == 2
    assert f"argument {flag}" in out.stderr
    assert "Traceback" not in out.stderr


def parsed_by_cli(flag, raw):
    """What the command line makes of ``flag raw``, or None if it exits 2."""
    parser = cli._parser()
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            args = parser.parse_args(cli._joined([flag, raw]))
    except SystemExit as stop:
        assert stop.code == 2
        return None
    return getattr(args, flag[2:].replace("-", "_"))


hostile = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["inf", "-inf", "1e309", "1" + "0" * 400, "0x10", "1_0", "1e6", "5.", "-0"]),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-(10**25), 10**25).map(str),
)


@settings(max_examples=150)
@given(param=st.sampled_from(BOTH), raw=hostile)
def test_a_link_and_the_command_line_accept_and_refuse_the_same(param, raw):
    from_link = link.parse({param.link: raw})[0].get(param.link)
    if param.kind is not bool:  # a switch on the command line takes no value
        assert parsed_by_cli(param.flag, raw) == from_link, (param.name, raw)


@settings(max_examples=60)
@given(argv=st.lists(st.one_of(st.sampled_from([p.flag for p in ENGINE] + ["--json"]), hostile)))
def test_the_command_line_never_tracebacks(argv):
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            assert cli.main(argv) == 0
    except SystemExit as stop:
        assert stop.code == 2
        return
    if "--json" in argv:
        json.loads(out.getvalue())  # strict JSON, whatever ran
    assert "nan" not in out.getvalue().lower()
