"""The batch size on the page: its control, its link, its critical rate and its charts."""

import math

import numpy as np
import pytest

import neuron
from playground.core.text import text
from tests.helpers import chart_with, metric, text_of, verdict
from tests.reference import literal_sgd, python_loss

DATA = neuron.make_dataset(-50, 50)
START = {"initial_weight": 0.637, "initial_bias": 0.2698}  # the page's default start


def critical(batch):
    """The batch's mean-square critical rate, from the engine's exact expectation."""
    exact = neuron.expected_run(DATA, learning_rate=1e-4, batch_size=batch, iterations=0, **START)
    return exact.critical_learning_rate


def full_critical():
    x = np.stack([DATA.celsius, np.ones(len(DATA))], axis=1)
    return 2 / np.linalg.eigvalsh(2 * x.T @ x / len(x))[-1]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_batch_4_shows_the_batchs_critical_rate(app, lang):
    at = app(batch="4", lang=lang)
    assert not at.exception
    T = text(lang)
    shown = T.number(critical(4), 5)
    assert critical(4) < full_critical() * 0.9  # a rate of its own, not the full batch's
    where = next(c.value for c in at.sidebar.caption if shown in c.value)
    assert T.number(full_critical(), 5) in where
    assert verdict(at) == T("verdict.batch_settles.title")
    assert at.number_input(key="batch").value == 4


def test_without_a_batch_the_page_is_the_full_batch(app):
    at = app()
    assert at.number_input(key="batch").value is None
    assert not [n for n in at.number_input if n.key == "batch_seed"]  # no seed without a batch
    assert verdict(at) == "Converges, not learned yet"
    assert "seed" not in text_of(at)


def test_batch_all_is_the_full_batch_and_leaves_the_link(app):
    at = app(batch="all")
    assert at.number_input(key="batch").value is None
    assert "batch" not in at.query_params
    assert not at.warning  # "all" is a value, not a note


def test_a_batch_stays_in_the_link(app):
    at = app(batch="4", batch_seed="9")
    assert at.query_params["batch"] == ["4"] or at.query_params["batch"] == "4"
    assert "seed 9" in text_of(at)


def test_typing_a_batch_size_moves_the_verdict_to_the_batchs_rate(app):
    rate = 0.0009  # safe for the full batch (0.0012), not for batches of 1 (0.00067)
    at = app(lr=str(rate))
    assert verdict(at) == "Overshoots, but converges"
    at.number_input(key="batch").set_value(1).run()
    assert not at.exception
    assert rate < full_critical() and rate > critical(1)
    assert verdict(at) == "Grows on average"


def test_the_training_view_draws_the_sampled_runs_by_their_seeds(app):
    at = app(batch="2", iterations="300", lr="0.0005", batch_seed="4", view="training")
    _, frame = chart_with(at, "series", "loss", "iteration")
    seeds = {s: s.rsplit(" ", 1)[1] for s in frame["series"].unique()}
    assert sorted(seeds.values()) == ["4", "5", "6"]
    for series, seed in seeds.items():  # each thin line is the literal loop of its seed
        rows = literal_sgd(DATA, optimizer=neuron.GradientDescent(0.0005), iterations=300,
                           batch_size=2, seed=int(seed), **START)  # fmt: skip
        line = frame[frame["series"] == series]
        for t, loss in zip(line["iteration"][::37], line["loss"][::37]):
            w, b = rows[int(t)]
            assert loss == pytest.approx(python_loss(w, b, DATA.celsius, DATA.fahrenheit), 1e-9)
    _, band = chart_with(at, "low", "loss")
    exact = neuron.expected_run(DATA, learning_rate=0.0005, batch_size=2, iterations=300, **START)
    for t, loss in zip(band["iteration"], band["loss"]):
        assert loss == pytest.approx(exact.loss[int(t)], rel=1e-9)


def test_the_rates_view_shows_both_critical_rates_and_both_curves(app):
    at = app(batch="4", view="rates")
    assert not at.exception
    T = text("en")
    assert metric(at, T("stability.critical_full")).value == T.number(full_critical(), 5)
    assert metric(at, T("stability.critical_batch")).value == T.number(critical(4), 5)
    _, frame = chart_with(at, "learning_rate", "loss", "series")
    assert set(frame["series"]) == {"Full batch", "Batches of 4"}
    full = frame[frame["series"] == "Full batch"]
    rate, loss = full.iloc[5]["learning_rate"], full.iloc[5]["loss"]
    run = neuron.train(DATA, learning_rate=rate, iterations=10_000, record=[], **START)
    assert loss == pytest.approx(max(run.at(10_000).loss, 1e-30), rel=1e-6)


def test_the_landscape_draws_the_full_batch_path_beside_the_sampled_one(app):
    at = app(batch="4", view="landscape", iterations="500")
    assert not at.exception
    _, frame = chart_with(at, "series", "weight", "bias", "iteration")
    assert set(frame["series"]) == {"Sampled run, seed 0", "Full batch"}
    full = frame[frame["series"] == "Full batch"].set_index("iteration")
    run = neuron.train(DATA, learning_rate=1e-4, iterations=500, **START)
    assert full.loc[500, "weight"] == pytest.approx(run.at(500).weight, rel=1e-12)


def test_the_preset_is_safe_for_the_full_batch_and_unsafe_for_batch_1(app):
    at = app()
    at.button(key="preset_batch_unsafe").click().run()
    assert not at.exception
    rate = at.number_input(key="lr").value
    assert at.number_input(key="batch").value == 1
    assert critical(1) < rate < full_critical()
    assert verdict(at) == "Grows on average"
    assert verdict(app(lr=repr(rate))) == "Overshoots, but converges"  # the full batch


def test_past_the_budget_the_page_says_so_instead_of_training(app):
    at = app(batch="100000", iterations="1000")
    assert not at.exception
    (info,) = [i.value for i in at.info if "20,000,000" in i.value]
    assert "100,000,000" in info
    assert not at.success and not at.error


@pytest.mark.parametrize("optimizer", ["momentum", "adam"])
def test_other_optimizers_on_batches_say_sampled_runs_only(app, optimizer):
    at = app(batch="3", optimizer=optimizer, iterations="400", lr="0.0001")
    assert not at.exception
    assert verdict(at) == "Sampled runs only"
    assert math.isfinite(float(at.number_input(key="lr").value))
