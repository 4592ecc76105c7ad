"""The page's sentences about mini-batch runs, held to the engine and to a literal loop.

Every sentence says whether it is about the expectation (exact, over every draw
of the batches) or about the sampled run shown (reproducible by its seed). The
first kind is held to ``neuron.expected_run`` (itself held to the recursion
written out in plain floats, tests/neuron/test_stochastic.py), the second to a
literal forward → backward → update loop over batches drawn from the seed.
"""

import functools
import math
from dataclasses import replace

import numpy as np
import pytest

import neuron
from playground.compute import explain
from playground.compute.analysis import analyse, over_budget, training_data
from playground.core.settings import Settings
from playground.core.text import text
from tests.reference import literal_sgd, python_loss
from tests.truth import count, near, num, parse

CASES = [
    Settings(batch_size=4),  # the article's rate: safe for every batch
    Settings(batch_size=1, learning_rate=0.0009),  # safe for the full batch only
    Settings(batch_size=1, learning_rate=0.0005, iterations=3000),
    Settings(batch_size=2, learning_rate=3e-4, noise=3.0, iterations=2500, batch_seed=11),
    Settings(batch_size=5, learning_rate=0.05, scaled=True, noise=2.0, iterations=400),
    Settings(batch_size=1, learning_rate=0.002, iterations=5000, batch_seed=3),  # both unsafe
]
LOOKS = [("en", "full"), ("es", "full"), ("en", "beginner"), ("es", "beginner")]


def full_critical(data):
    """2/λmax of the loss's Hessian 2 mean(x xᵀ), x = (celsius, 1)."""
    x = np.stack([data.celsius, np.ones(len(data))], axis=1)
    return 2 / np.linalg.eigvalsh(2 * x.T @ x / len(x))[-1]


@functools.cache
def truth(s):
    """(data, the exact expectation, the literal sampled run's rows and losses)."""
    data = training_data(s)[1]
    return data, expected(s, data), *sampled(s, data)


def expected(s, data):
    return neuron.expected_run(data, learning_rate=s.learning_rate, batch_size=s.batch_size,
                               initial_weight=s.initial_weight, initial_bias=s.initial_bias,
                               iterations=s.iterations)  # fmt: skip


def sampled(s, data, optimizer=None):
    """The sampled run shown, by the literal loop: rows of (weight, bias, loss)."""
    with np.errstate(all="ignore"):  # a run past its critical rate overflows
        rows = literal_sgd(data, optimizer=optimizer or neuron.GradientDescent(s.learning_rate),
                           iterations=s.iterations, batch_size=s.batch_size,
                           seed=s.batch_seed, initial_weight=s.initial_weight,
                           initial_bias=s.initial_bias)  # fmt: skip
    with np.errstate(all="ignore"):
        losses = [python_loss(w, b, data.celsius, data.fahrenheit) for w, b in rows]
    return rows, losses


def first_blow_up(losses):
    return next((t for t, v in enumerate(losses) if not math.isfinite(v)), None)


def shown(v, outcome):
    return explain.shown_loss(v, outcome)


def check_batch_values(T, values, s, data, exact):
    """Every number a mini-batch sentence fills in, where it appears."""
    if "rate" in values:
        assert near(T, values["rate"], s.learning_rate)
    if "batch" in values:
        assert count(T, values["batch"]) == s.batch_size
    if "seed" in values:
        assert count(T, values["seed"]) == s.batch_seed
    if "full" in values:
        assert near(T, values["full"], full_critical(data))
    if "critical" in values:
        assert near(T, values["critical"], exact.critical_learning_rate)


@pytest.mark.parametrize("s", CASES)
@pytest.mark.parametrize(("lang", "level"), LOOKS)
def test_every_mini_batch_sentence_holds(s, lang, level):
    T, outcome = text(lang, level), analyse(s)
    data, exact, _rows, losses = truth(s)
    blew, n = first_blow_up(losses), s.iterations
    grows = s.learning_rate >= exact.critical_learning_rate

    v = explain.verdict(T, outcome)
    assert v.kind == ("batch_grows" if grows else "batch_settles")
    assert v.level == ("error" if grows else "success")
    line = v.line.split(" — ", 1)[1]
    _key, values = parse(T, [f"verdict.{v.kind}.line"], line)
    check_batch_values(T, values, s, data, exact)
    if grows:  # grows without bound: far along, E[loss] passes any start
        far = expected(replace(s, iterations=200_000), data)
        assert not far.loss[-1] < 1e6 * far.loss[0]
    else:  # falls toward the floor, the exact limit (named in the full wording)
        assert exact.loss[-1] < exact.loss[0]
        if "floor" in values:
            assert near(T, values["floor"], shown(exact.floor, outcome))

    paragraphs = explain.reading(T, outcome)
    first = parse(T, ["batch.reading.expected", "batch.reading.expected_overflow"], paragraphs[0])
    if first[0] == "batch.reading.expected":
        vals = first[1]
        assert near(T, vals["loss"], shown(exact.loss[n], outcome))
        assert near(T, vals["mw"], exact.mean_weight[n])
        assert near(T, vals["mb"], exact.mean_bias[n])
        assert near(T, vals["sw"], exact.weight_std[n])
        assert near(T, vals["sb"], exact.bias_std[n])
    else:
        assert not math.isfinite(exact.loss[n])
    second = parse(T, ["batch.reading.sampled", "batch.reading.sampled_blew_up"], paragraphs[1])
    check_batch_values(T, second[1], s, data, exact)
    if blew is None:
        assert second[0] == "batch.reading.sampled"
        assert near(T, second[1]["loss"], shown(losses[n], outcome))
    else:
        assert second[0] == "batch.reading.sampled_blew_up"
        assert count(T, second[1]["at"]) == blew
    lucky = blew is None and losses[n] < min(exact.loss[n], losses[0])
    assert (len(paragraphs) == 3) == lucky
    if lucky:
        parse(T, ["batch.reading.lucky"], paragraphs[2])

    _, values = parse(T, ["lr.where_batch"], explain.where(T, outcome))
    check_batch_values(T, values, s, data, exact)
    _, values = parse(T, ["why.batch"], explain.why(T, outcome))
    check_batch_values(T, values, s, data, exact)


@pytest.mark.parametrize("s", CASES[:4])
def test_the_numbers_are_the_sampled_run_shown_by_its_seed(s):
    T, outcome = text("en"), analyse(s)
    _, _, rows, losses = truth(s)
    last = first_blow_up(losses)
    last = s.iterations if last is None else last - 1
    _, values = parse(T, ["numbers.sampled"], explain.numbers(T, outcome))
    assert count(T, values["seed"]) == s.batch_seed
    line = dict(part.split(" **", 1) for part in values["line"].split(" · "))
    w, b = rows[last]
    assert near(T, line["Weight"].split("**")[0], w)
    assert near(T, line["bias"].split("**")[0], b)
    assert near(T, line["loss"].split("**")[0], shown(losses[last], outcome))


@pytest.mark.parametrize("name", ["momentum", "adam", "rmsprop"])
def test_other_optimizers_say_they_show_sampled_runs_only(name):
    s = Settings(batch_size=3, optimizer=name, learning_rate=0.01 if name != "momentum" else 1e-4,
                 iterations=800, batch_seed=5)  # fmt: skip
    T, outcome = text("en"), analyse(s)
    assert outcome.expected is None
    v = explain.verdict(T, outcome)
    assert (v.kind, v.level) == ("batch_sampled", "info")
    _rows, losses = sampled(s, training_data(s)[1], optimizer=outcome.run.optimizer)
    paragraphs = explain.reading(T, outcome)
    parse(T, ["batch.reading.no_expectation"], paragraphs[0])
    _, values = parse(T, ["batch.reading.sampled"], paragraphs[1])
    assert near(T, values["loss"], shown(losses[-1], outcome))
    parse(T, ["lr.where_batch_sampled"], explain.where(T, outcome))


def test_without_a_batch_nothing_says_batch():
    T, outcome = text("en"), analyse(Settings())
    assert outcome.expected is None and not outcome.sampled
    assert explain.verdict(T, outcome).kind == "slow"
    assert "seed" not in explain.numbers(T, outcome)


def test_past_the_budget_nothing_is_trained():
    assert over_budget(Settings(batch_size=100_000, iterations=1000)) == ("draws", 20_000_000)
    assert over_budget(Settings(batch_size=4, optimizer="adam", iterations=200_000))[0] == "steps"
    assert over_budget(Settings(batch_size=4, iterations=1_000_000)) is None
    assert over_budget(Settings(iterations=1_000_000)) is None


def test_the_checker_catches_a_false_expected_loss():
    s = CASES[0]
    T, outcome = text("en"), analyse(s)
    paragraph = explain.reading(T, outcome)[0]
    _, values = parse(T, ["batch.reading.expected"], paragraph)
    exact = expected(s, training_data(s)[1])
    assert not near(T, values["loss"], exact.loss[s.iterations // 2])
    assert num(T, values["loss"]) > 0
