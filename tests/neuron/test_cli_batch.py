"""--batch-size and --batch-seed on both command lines: the sampled run by its seed."""

import json

import numpy as np
import pytest

import neuron
from neuron import cli as engine
from playground import cli
from tests.neuron.test_cli import ran, refused
from tests.reference import literal_sgd, python_loss

DATA = neuron.make_dataset()


def test_the_engine_trains_on_the_batches_of_the_seed(capsys):
    args = ("--batch-size", "3", "--batch-seed", "8", "--iterations", "700", "--learning-rate",
            "0.0005", "--initial-weight", "0.5", "--initial-bias", "0.5", "--json")  # fmt: skip
    out = json.loads(ran(engine.main, capsys, *args).out)
    rows = literal_sgd(DATA, optimizer=neuron.GradientDescent(0.0005), iterations=700,
                       batch_size=3, seed=8, initial_weight=0.5, initial_bias=0.5)  # fmt: skip
    w, b = rows[-1]
    assert out["weight"] == pytest.approx(w, rel=1e-9)
    assert out["bias"] == pytest.approx(b, rel=1e-9)
    assert out["loss"] == pytest.approx(python_loss(w, b, DATA.celsius, DATA.fahrenheit), 1e-9)


@pytest.mark.parametrize("main", [engine.main, cli.main])
def test_batch_size_all_is_the_full_batch(capsys, main):
    full = ran(main, capsys, "--json").out
    assert ran(main, capsys, "--batch-size", "all", "--json").out == full
    assert ran(main, capsys, "--batch-size", "ALL", "--batch-seed", "5", "--json").out == full


@pytest.mark.parametrize("bad", ["0", "100001", "1.5", "some", "-3"])
def test_a_bad_batch_size_exits_2_naming_the_flag(capsys, bad):
    err = refused(engine.main, capsys, "--batch-size", bad).err
    assert "--batch-size" in err and "batch_size" in err


def test_the_page_words_say_the_expected_run_and_the_run_shown(capsys):
    out = ran(cli.main, capsys, "--batch-size", "1", "--learning-rate", "0.0009").out
    exact = neuron.expected_run(DATA, learning_rate=0.0009, batch_size=1, iterations=0,
                                initial_weight=0.637, initial_bias=0.2698)  # fmt: skip
    assert "Grows on average" in out
    assert f"{exact.critical_learning_rate:.5g}"[:7] in out
    assert "on batches of 1 (seed 0)" in out and "The sampled run shown (seed 0" in out


def test_past_the_budget_the_page_words_refuse_instead_of_training(capsys):
    err = refused(cli.main, capsys, "--batch-size", "100000", "--iterations", "1000").err
    assert "20,000,000" in err


def test_the_expected_loss_in_the_words_is_expected_runs(capsys):
    out = ran(cli.main, capsys, "--batch-size", "4", "--iterations", "2000").out
    exact = neuron.expected_run(DATA, learning_rate=1e-4, batch_size=4, iterations=2000,
                                initial_weight=0.637, initial_bias=0.2698)  # fmt: skip
    line = next(x for x in out.splitlines() if x.startswith("Exact expectation"))
    shown = float(line.split("expected loss is ")[1].split(";")[0])
    assert shown == pytest.approx(exact.loss[-1], rel=1e-5)
    assert np.isfinite(shown)
