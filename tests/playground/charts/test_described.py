"""The charts' words: what a float64 loop shows, never the log axis's floor."""

import re

import numpy as np
import pytest

import neuron
from playground.charts import described, figures
from playground.compute.analysis import analyse
from playground.compute.frames import LOG_FLOOR
from playground.core.settings import default_sweep
from playground.core.text import text
from tests.truth import literal_loop, num, parse, run, unit

LONG = "iterations=100000"


def loop_end(outcome, rate):
    """A literal float64 loop's last loss at ``rate``, and its iteration count."""
    s, data = outcome.settings, outcome.trained_on
    (_, _, losses), blew = literal_loop(data.celsius, data.fahrenheit, "gd", rate, s.iterations,
                                        (s.initial_weight, s.initial_bias))  # fmt: skip
    return float(losses[-1]), blew


def check_loss(T, outcome, rate, shown):
    """``shown`` is the loop's last loss at the printed figures, or "≈ 0" where the
    loop stands at its float64 floor."""
    loss, blew = loop_end(outcome, rate)
    assert blew is None
    floor = neuron.float64_floor(outcome.trained_on, rate).loss
    if shown == T("float.zero"):
        assert loss <= floor, (rate, loss, floor)
    else:
        assert abs(num(T, shown) - loss) <= unit(T, shown), (rate, shown, loss)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_sweep_reads_each_rates_loop_and_never_the_axis_floor(lang):
    T, outcome = text(lang), analyse(run(LONG))
    rates = default_sweep(outcome.settings.learning_rate, outcome.bowl.critical_learning_rate)
    curves = figures.sweep_curves(outcome.settings, rates)
    words = described.sweep(outcome, T, curves)
    assert T.number(LOG_FLOOR) not in words, words
    items = parse(T, ["alt.sweep"], words)[1]["items"].split("; ")
    for (rate, _, blew), item in zip(curves, items, strict=True):
        key, v = parse(T, ["alt.sweep.ends", "alt.sweep.blew"], item)
        assert (key == "alt.sweep.blew") == (blew is not None) and v["rate"] == T.number(rate)
        if blew is None:
            check_loss(T, outcome, rate, v["loss"])
    table = described.sweep_table(outcome, T, curves)
    for (rate, _, blew), end in zip(curves, table[T("chart.loss")]):
        if blew is None:
            check_loss(T, outcome, rate, end)


def test_the_finder_names_no_lowest_rate_where_the_losses_sit_on_the_floor():
    """At 100,000 iterations many rates reach the float64 floor; which is lowest is
    rounding, and the words say so instead of "the lowest is 1e-30"."""
    T, outcome = text("en"), analyse(run(LONG))
    words = described.finder(outcome, T)
    assert "1e-30" not in words and "the lowest is" not in words, words
    lo, hi = (num(T, v) for v in re.search(r"from rate (\S+) to (\S+) it", words).groups())
    for rate in (lo, hi):
        check_loss(T, outcome, rate, T("float.zero"))


def test_the_loss_and_gradient_charts_end_at_what_a_loop_shows():
    T, outcome = text("en"), analyse(run("lr=0.00107978&w0=0.5&b0=-300&" + LONG))
    loss, gradients = described.loss(outcome, T), described.gradients(outcome, T)
    assert "e-1" not in loss + gradients and T("float.zero") in loss, loss
    check_loss(T, outcome, outcome.settings.learning_rate, T("float.zero"))
    x, y = outcome.trained_on.celsius, outcome.trained_on.fahrenheit
    (w, b, _), _ = literal_loop(x, y, "gd", outcome.settings.learning_rate, 100_000, (0.5, -300))
    r = w[-1] * x + b[-1] - y
    floor = outcome.floor
    assert abs(2 * np.mean(r * x)) <= floor.weight_gradient
    assert abs(2 * np.mean(r)) <= floor.bias_gradient
    assert gradients.count(T("float.zero")) == 2, gradients
