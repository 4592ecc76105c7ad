"""The charts' words: what a float64 loop shows, never the log axis's floor."""

import re
from functools import partial

import numpy as np
import pytest

import neuron
from playground.charts import described, figures
from playground.compute.analysis import analyse
from playground.compute.frames import LOG_FLOOR
from playground.compute.optimizer_frames import stability_map
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


# ---- printed thresholds classify themselves ------------------------------------------


def _above(rate):
    return float(np.nextafter(rate, np.inf))


def _verdict(outcome, rate, mu=0.0, nesterov=False):
    opt = neuron.Momentum(rate, mu, nesterov=nesterov) if mu else rate
    return neuron.stability(outcome.trained_on, opt).verdict


def _check_critical(T, outcome, shown, exact, verdict_at):
    """ "Above ``shown``, runs blow up": the rate just above it diverges (per the
    engine's stability), it is not under the exact critical rate, and the run's own
    rate is on the same side of it as of the exact one."""
    printed, rate = num(T, shown), outcome.settings.learning_rate
    assert printed >= exact, (shown, exact)
    assert abs(printed / exact - 1) < 1e-4, (shown, exact)
    if verdict_at is not None:
        assert verdict_at(_above(printed)) == "diverges", (shown, exact)
    assert (rate > printed) == (rate > exact), (shown, exact, rate)


def _settings_near_critical():
    cases = []
    for dataset in ("celsius", "crickets", "forbes", "kelvin"):
        for optimizer in ("gd", "momentum"):
            base = f"dataset={dataset}&optimizer={optimizer}&iterations=50"
            critical = analyse(run(base)).stability.critical_learning_rate
            for factor in (1 - 1e-9, 1 + 1e-9, 1 - 1e-13, 1 + 1e-13):
                cases.append(f"{base}&lr={critical * factor!r}")
    cases.append("lr=0.0011998&iterations=50")
    cases.append("lr=0.0011998&iterations=50&optimizer=nesterov&momentum=0.5")
    return cases


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_stability_texts_print_thresholds_that_classify_themselves(lang):
    """The strip, the map, the finder and the step factors round their thresholds
    toward the side their sentences claim, as the headline does: 0.0011998 sits
    above the printed critical rate, never beside a 0.0011998 that rounds onto it."""
    T = text(lang)
    for query in _settings_near_critical():
        outcome = analyse(run(query))
        s = outcome.settings
        mu = s.momentum if s.optimizer in ("momentum", "nesterov") else 0.0
        nesterov = s.optimizer == "nesterov"
        own = partial(_verdict, outcome, mu=mu, nesterov=nesterov)
        plain = partial(_verdict, outcome)
        v = parse(T, ["alt.strip"], described.strip(outcome, T))[1]
        _check_critical(T, outcome, v["critical"], outcome.stability.critical_learning_rate, own)
        below = float(np.nextafter(num(T, v["oscillation"]), 0))  # "converges below it"
        assert own(below) == "converges", (query, v)
        v = parse(T, ["alt.finder"], described.finder(outcome, T))[1]
        _check_critical(T, outcome, v["critical"], outcome.bowl.critical_learning_rate, plain)
        m = stability_map(outcome)
        v = parse(T, ["alt.map"], described.stability_map_text(outcome, T, m))[1]
        for key, i in (("c0", 0), ("c1", -1)):
            edge_mu = float(m.edge.momentum.iloc[i])
            at = partial(_verdict, outcome, mu=edge_mu, nesterov=m.nesterov)
            _check_critical(T, outcome, v[key], float(m.edge.rate.iloc[i]), at)
        items = parse(T, ["alt.factors"], described.step_factors(outcome, T))[1]["items"]
        for item in items.split("; "):
            f = parse(T, ["alt.factors.item"], item)[1]
            if f["status"] == T("factors.grows"):
                assert num(T, f["radius"]) > 1, (query, item)
            elif f["status"] != T("factors.edge"):
                assert num(T, f["radius"]) < 1, (query, item)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_batch_texts_print_critical_rates_rounded_up(lang):
    """Batches: the strip's, the rates chart's and the line under the rate control's
    critical rates sit on the side "grows above it" claims, beside rates near them."""
    T = text(lang)
    full = analyse(run("batch=2&iterations=20"))
    for factor in (1 - 1e-9, 1 + 1e-9):
        rate = full.expected.critical_learning_rate * factor
        outcome = analyse(run(f"batch=2&iterations=20&lr={rate!r}"))
        exact = outcome.expected.critical_learning_rate
        v = parse(T, ["alt.strip_batch"], described.strip(outcome, T))[1]
        _check_critical(T, outcome, v["critical"], exact, None)
        v = parse(T, ["alt.batch_rates"], described.batch_rates(outcome, T))[1]
        _check_critical(T, outcome, v["critical"], exact, None)
        plain = partial(_verdict, outcome)
        _check_critical(T, outcome, v["full"], outcome.bowl.critical_learning_rate, plain)
