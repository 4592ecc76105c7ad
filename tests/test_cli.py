"""python -m neuron, run as a user would: in a subprocess."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import neuron

ROOT = Path(__file__).resolve().parents[1]


def cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "neuron", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_articles_run_is_summarised_and_explained():
    out = cli("--initial-weight", "0.5", "--initial-bias", "0.5")
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "1.79744" in text and "27.735" in text and "18.18" in text
    assert "converges" in text and "0.0011998" in text
    assert "the bias is still 4.26 °F short of 32" in text
    assert "834 times flatter" in text
    assert "107.6" in text  # the article's 42 °C example
    assert out.stderr == ""


def test_json_has_the_outcome_and_matches_train():
    out = cli("--json", "--learning-rate", "0.0009", "--iterations", "500", "--seed", "4")
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
    assert got["critical_learning_rate"] == pytest.approx(0.0011998, abs=1e-7)


def test_json_reports_where_a_run_diverged():
    got = json.loads(cli("--json", "--learning-rate", "0.0015", "--iterations", "2000").stdout)
    assert got["verdict"] == "diverges" and got["diverged_at"] == 860


def test_csv_holds_the_whole_history(tmp_path):
    path = tmp_path / "history.csv"
    out = cli(
        "--iterations",
        "300",
        "--learning-rate",
        "0.0015",
        "--start",
        "-60",
        "--stop",
        "61",
        "--noise",
        "2",
        "--csv",
        str(path),
    )
    assert out.returncode == 0, out.stderr
    with path.open() as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 301 and rows[0]["iteration"] == "0"
    data = neuron.make_dataset(-60, 61, noise=2.0, seed=0)
    run = neuron.train(
        data, learning_rate=0.0015, iterations=300, initial_weight=0.5, initial_bias=0.5
    )
    np.testing.assert_array_equal([float(r["loss"]) for r in rows], run.losses)
    np.testing.assert_array_equal(
        [float(r["weight_gradient"]) for r in rows], run.weight_gradients
    )


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (["--learning-rate", "abc"], "--learning-rate"),
        (["--learning-rate", "-1"], "--learning-rate"),
        (["--iterations", "2000000"], "--iterations"),
        (["--iterations", "1.5"], "--iterations"),
        (["--initial-weight", "nan"], "--initial-weight"),
        (["--noise", "-2"], "--noise"),
        (["--start", "10", "--stop", "11"], "--stop"),
        (["--csv", "/no/such/dir/x.csv"], "--csv"),
    ],
)
def test_a_bad_value_exits_2_naming_the_flag(args, flag):
    out = cli(*args)
    assert out.returncode == 2
    assert f"argument {flag}" in out.stderr
    assert "Traceback" not in out.stderr
