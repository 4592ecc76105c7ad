"""Say only what is true: every sentence ``explain`` builds, held by
``tests/truth.py`` to a literal float64 loop."""

import dataclasses
import re

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import neuron
from playground.compute import explain
from playground.compute.analysis import analyse
from playground.core.settings import Settings
from playground.core.text import CATALOGUES, THIN_SPACE, placeholders, text
from tests.neuron.test_tables import CASES, raised, raised_codes
from tests.reference import literal_loop as reference_loop
from tests.reference import rmsprop_loop
from tests.truth import (
    CRITICAL,
    check_learned,
    check_reading,
    check_run,
    check_why,
    learned_from,
    literal_loop,
    num,
    parse,
    run,
    settles_at,
    truth,
    unit,
)

# ---- the cases -------------------------------------------------------------------

HARD = [
    "",
    "iterations=1",
    "iterations=3&lr=0.0009",
    "b0=31&iterations=1000",
    "lr=0.0013",
    "lr=0.00122",
    "lr=0.0015&iterations=300",
    f"lr={CRITICAL}",
    f"lr={CRITICAL}&iterations=3",
    "lr=0.0011997&iterations=2000",
    "lr=1e-8&iterations=50",
    "lr=0.5",
    "noise=5&lr=0.0009&iterations=3000",
    "scaled=true&iterations=2000",
    "scaled=true&lr=1&iterations=50",
    "scaled=true&lr=0.495&iterations=10",
    "start=0&stop=2&iterations=1000",
    "start=198&stop=200&lr=2e-5&iterations=100",
    "optimizer=momentum&momentum=0.9&iterations=3000",
    "optimizer=nesterov&momentum=0.9&lr=0.0005&iterations=2000",
    "optimizer=momentum&momentum=0.9&lr=0.0023&iterations=3000",
    # a threshold at five figures would classify these wrongly, or print 100 %
    "lr=0.0011998&iterations=300",
    "lr=0.0011997&iterations=300",
    f"lr={CRITICAL * (1 + 1e-12)!r}&iterations=300",
    f"lr={CRITICAL * (1 - 1e-12)!r}&iterations=300",
    "optimizer=nesterov&momentum=0.5&lr=0.0008999&iterations=300",
    "optimizer=nesterov&momentum=0.5&lr=0.0008998&iterations=300",
    # the closed form goes to 2e-183; a float64 loop stalls near 1e-25
    "lr=0.00107978&w0=0.5&b0=-300&iterations=100000",
    "scaled=true&lr=0.5&iterations=3000",
    # RMSProp (PyTorch's) read off its run; at a large rate its path depends on rounding
    "optimizer=rmsprop&alpha=0.9&lr=0.001&iterations=300",
    "optimizer=rmsprop&lr=0.05",
    "optimizer=rmsprop&lr=0.001",
    # Adam with a small β2: a band where rounding decides, dates where it does not
    "optimizer=adam&lr=0.1&beta2=0.5",
    "optimizer=adam&lr=0.1&beta2=0.9&iterations=3000",
]


@pytest.mark.parametrize("query", HARD)
def test_every_sentence_about_a_hard_case_holds_in_both_languages_and_levels(query):
    s = run(query)
    for lang in ("en", "es"):
        for level in ("full", "beginner"):
            check_run(s, lang, level)


def test_adam_is_read_off_its_own_loop():
    expected, read = check_run(run("optimizer=adam&lr=0.01&iterations=100"))
    assert expected == "adam" and "reading.needed" in read and "reading.faster" not in read


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(
    start=st.integers(-200, 190),
    width=st.integers(2, 60),
    noise=st.sampled_from([0.0, 0.0, 3.0]),
    scaled=st.booleans(),
    share=st.floats(1e-3, 1.3),
    w0=st.floats(-50, 50),
    b0=st.floats(-100, 100),
    iterations=st.integers(1, 1500),
    lang=st.sampled_from(["en", "es"]),
    level=st.sampled_from(["full", "beginner"]),
)
# scaled at half the critical rate is one exact Newton step: the loss is at the float64
# floor after one iteration (the checker's own float64 minimum was over it: 1.2e-26)
@example(-150, 35, 0.0, True, 0.5, 0.0, 0.0, 1, "en", "full")
@example(2, 2, 0.0, True, 0.5, 0.0, 0.0, 1, "es", "beginner")
@example(7, 9, 0.0, True, 0.5, 0.0, 0.0, 1, "en", "full")
@example(-3, 6, 0.0, True, 0.5, -50.0, 100.0, 1, "en", "full")  # 1.96x the floor
def test_every_sentence_holds_for_random_data_starts_and_rates(
    start, width, noise, scaled, share, w0, b0, iterations, lang, level
):
    data = Settings(start=start, stop=start + width, noise=noise, scaled=scaled)
    critical = analyse(data).bowl.critical_learning_rate
    rate = min(max(critical * share, 1e-8), 10.0)
    s = Settings(learning_rate=rate, iterations=iterations, initial_weight=w0, initial_bias=b0,
                 start=start, stop=start + width, noise=noise, scaled=scaled)  # fmt: skip
    check_run(s, lang, level)


def test_the_checker_catches_a_false_sentence():
    """A sentence with the old count (from a start of 0.5, 0.5), or one that says no
    parameter crossed in more iterations than the run had, fails."""
    T, s = text("en"), run("b0=31&iterations=1000")
    tr, outcome = truth(s), analyse(s)
    needed = outcome.reading.learned.bias
    good = T("reading.needed", name="bias", needed=T.count(needed))
    check_reading(T, tr, outcome, [good], "slow")
    for lie in (T("reading.needed", name="bias", needed=T.count(23_031)),
                T("reading.never_crossed", n=T.iterations(999))):  # fmt: skip
        with pytest.raises(AssertionError):
            check_reading(T, tr, outcome, [lie], "slow")


# ---- 1. iterations to learn, exact from the real start ------------------------------


@pytest.mark.parametrize(
    ("query", "name", "about"),
    [
        ("b0=31&iterations=1000", "bias", 5_700),
        ("b0=-1000", "bias", 40_400),
        ("", "weight", 286),
    ],
)
def test_iterations_to_learn_count_from_the_real_start(query, name, about):
    s, i = run(query), 0 if name == "weight" else 1
    tr = truth(s)
    (w, b, _), _ = literal_loop(tr.x, tr.y, "gd", s.learning_rate, 60_000, tr.start)
    loop = learned_from(np.array((w, b)[i]) - tr.optimum[i], tr.limits[i])
    assert abs(loop - about) <= 0.01 * about  # the number, by the loop
    page = getattr(analyse(s).reading.learned, name)
    assert abs(page - loop) <= 0.002 * loop + 1
    words = " ".join(explain.reading(text("en"), analyse(s)))
    assert re.search(rf"from iteration \**{page:,}\b", words), words


def test_data_0_to_2_needs_173_000_iterations_and_the_page_prints_the_engines_number():
    s = run("start=0&stop=2")
    tr, page = truth(s), analyse(s).reading.learned.weight
    assert 172_000 < page < 174_000 and settles_at(tr, 0, page)
    assert f"from iteration **{page:,}**" in " ".join(explain.reading(text("en"), analyse(s)))
    # the same engine on an analogous case short enough for the loop
    short = run("start=0&stop=2&lr=0.02&iterations=100")
    check_learned(truth(short), 0, analyse(short).reading.learned.weight)


# ---- 2, 3. no count for a run that diverges or sits on the edge ----------------------------


@pytest.mark.parametrize("rate", ["0.0013", "0.00122"])
def test_a_diverging_run_is_promised_no_iteration_count(rate):
    promise = r"learned.*from iteration|needs \*\*|aprendid.*desde la iteración|necesita \*\*"
    for lang in ("en", "es"):
        for level in ("full", "beginner"):
            words = " ".join(explain.reading(text(lang, level), analyse(run(f"lr={rate}"))))
            assert not re.search(promise, words), words


def test_at_the_edge_the_learned_metric_makes_no_claim():
    T = text("en")
    assert explain.learned_at(T, None, edge=True) == "—"
    assert explain.learned_at(T, None) == T("stability.never")


# ---- 4. advised bounds are below the critical rate -----------------------------------------


@settings(max_examples=40)
@given(start=st.integers(-200, 197), width=st.integers(2, 60), over=st.floats(1.01, 50))
@example(start=198, width=2, over=1.5)  # critical ≈ 2.5378e-5
@example(start=-50, width=100, over=1.25)  # ?lr=0.0015
def test_every_advised_bound_is_below_the_critical_rate(start, width, over):
    data = Settings(start=start, stop=start + width)
    critical = analyse(data).bowl.critical_learning_rate
    s = Settings(learning_rate=min(critical * over, 10.0), iterations=50, start=start,
                 stop=start + width)  # fmt: skip
    keys = [k for k in CATALOGUES["en"] if k.startswith("reading.")]
    for lang in ("en", "es"):
        T = text(lang)
        values = [parse(T, keys, p)[1] for p in explain.reading(T, analyse(s))]
        bounds = [num(T, v["bound"]) for v in values if "bound" in v]
        assert bounds and all(b < critical for b in bounds), (bounds, critical)


@pytest.mark.parametrize("value", [1.0, 0.001199759615731202, 2.5378e-5, 0.5, 123.45])
def test_below_is_strictly_below_even_on_a_round_number(value):
    bound = explain.below(value)
    assert bound < value and float(f"{bound:.5g}") < value
    assert bound > value * (1 - 2e-4)  # and still a useful bound


# ---- 5. directions ------------------------------------------------------------------------


def test_the_steep_direction_of_data_0_to_2_is_a_mix_not_the_weight():
    s = run("start=0&stop=2")
    why = explain.why(text("en"), analyse(s))
    assert "a mix: 0.53 weight, 0.85 bias" in why and "2.618 along the weight" not in why
    check_why(text("en"), truth(s), why)


def test_the_standardized_minimum_loss_shows_as_0():
    line = explain.numbers(text("en"), analyse(run("scaled=true&lr=0.495")))
    assert "(minimum 0)" in line and "e-29" not in line


def test_a_need_beyond_the_cap_suggests_a_larger_rate_not_more_iterations():
    words = explain.reading(text("en"), analyse(run("lr=1e-8")))
    assert not any("set at least" in w or "more iterations" in w for w in words)
    (faster,) = [w for w in words if w.startswith("Try the rate")]
    assert num(text("en"), faster.split()[3].rstrip(":")) > 1e-8


# ---- beginner words ----------------------------------------------------------------------

JARGON = re.compile(r"λ|κ|eigen|Hessian|hessiana|valores? propios?", re.I)


@pytest.mark.parametrize("query", HARD)
def test_the_beginner_reading_has_no_jargon(query):
    outcome = analyse(run(query))
    for lang in ("en", "es"):
        T = text(lang, "beginner")
        words = [explain.verdict(T, outcome).line, explain.where(T, outcome),
                 *explain.reading(T, outcome)]  # fmt: skip
        assert not JARGON.search(" ".join(words)), words


# ---- printed thresholds classify themselves, on several datasets ---------------------------

DATASETS = {
    "article": neuron.make_dataset(),
    "0 to 2": neuron.make_dataset(0, 2),
    "198 to 200": neuron.make_dataset(198, 200),
    "noisy": neuron.make_dataset(-20, 80, noise=5.0, seed=3),
    **{name: neuron.dataset(name) for name in ("kelvin", "crickets", "forbes")},
}
NEAR = (-1e-3, -1e-5, -1e-7, -1e-12, 0.0, 1e-12, 1e-7, 1e-5, 1e-3)


def limits(data):
    """(critical, overshoot): 2/λmax and 1/λmax of the data's Hessian, found here."""
    x = np.asarray(data.celsius, dtype=float)
    top = np.linalg.eigvalsh(2 * np.array([[np.mean(x * x), np.mean(x)], [np.mean(x), 1.0]]))[-1]
    return 2 / top, 1 / top


@pytest.mark.parametrize("name", DATASETS)
def test_every_printed_threshold_classifies_itself_and_your_rate(name):
    """ "Largest rate that works: X": X does not diverge; "rates above Y blow up":
    Y is at or above the critical rate; and a rate beside it is on the same side of
    the printed number as of the exact one, whatever the figures it takes."""
    data, T = DATASETS[name], text("en")
    critical, overshoot = limits(data)
    for value in (critical, overshoot):
        five = float(f"{value:.5g}")
        for rate in [value * (1 + k) for k in NEAR] + [five, explain.below(value)]:
            works = num(T, explain.threshold(T, value, rate, works=True))
            above = num(T, explain.threshold(T, value, rate))
            assert works <= value <= above, (works, value, above)
            if value == critical:
                assert neuron.stability(data, neuron.GradientDescent(works)).verdict != "diverges"
            if abs(rate / value - 1) > 1e-14:
                assert (rate > above) == (rate > value) and (rate < works) == (rate < value)


def test_a_rate_at_five_figures_of_critical_reads_as_it_runs():
    """The issue's case: 0.0011998 diverges, so it is not "the largest rate that works"."""
    T = text("en", "beginner")
    outcome = analyse(run("lr=0.0011998&iterations=300"))
    where = explain.where(T, outcome)
    assert "**0.0011998**" not in where and "**0.00119976**" in where, where
    assert num(T, explain.threshold(T, CRITICAL, 0.0011998, works=True)) < CRITICAL


@pytest.mark.parametrize("k", [-1e-12, 1e-12])
def test_a_rate_within_rounding_of_critical_never_reads_100_percent_beside_another_verdict(k):
    outcome = analyse(run(f"lr={CRITICAL * (1 + k)!r}"))
    for lang in ("en", "es"):
        T = text(lang)
        v, where = explain.verdict(T, outcome), explain.where(T, outcome)
        if v.kind != "edge":
            assert "100 %" not in v.line + where, (v.line, where)


def test_a_loss_under_the_float64_floor_reads_as_the_limit_not_1e_183():
    outcome = analyse(run("lr=0.00107978&w0=0.5&b0=-300&iterations=100000"))
    assert outcome.run.losses[-1] < 1e-100  # the closed form's exact value
    for lang in ("en", "es"):
        for level in ("full", "beginner"):
            T = text(lang, level)
            line = explain.numbers(T, outcome)
            assert T("float.zero") in line and "e-1" not in line, line


def test_a_slowly_diverging_run_reads_as_blowing_up_beside_its_beginner_title():
    """The issue: "Blows up" sat beside "the run stays finite for 1,000,000 steps"."""
    outcome = analyse(run(f"lr={CRITICAL * (1 + 1e-7)!r}&iterations=100"))
    T = text("en", "beginner")
    words = " ".join(explain.reading(T, outcome))
    assert explain.verdict(T, outcome).title == "Blows up"
    assert "blowing up" in words and "stays finite" not in words, words
    check_run(run(f"lr={CRITICAL * (1 + 1e-7)!r}&iterations=100"), "es", "beginner")


@pytest.mark.parametrize(
    "query", ["optimizer=adam&lr=0.1", "optimizer=adam&lr=0.1&iterations=3000"]
)
def test_a_jittering_adam_run_reads_as_a_band_not_as_dates(query):
    """The issue: Adam at a large rate splits from a literal loop and PyTorch after
    about 200 steps; the page gave crossing dates and final digits neither reproduces."""
    outcome = analyse(run(query))
    for lang in ("en", "es"):
        T = text(lang)
        words = explain.reading(T, outcome)
        keys = [parse(T, [k for k in CATALOGUES["en"] if k.startswith("reading.")
                          and not k.endswith(".plain")], w)[0] for w in words]  # fmt: skip
        assert "reading.jitter" in keys and "reading.crossed" not in keys, keys
    check_run(run(query))


# ---- why a table cannot be read, in each language --------------------------------

EN, ES = CATALOGUES["en"], CATALOGUES["es"]


@pytest.mark.parametrize(("raw", "kwargs", "code", "values"), CASES)
def test_a_table_error_reads_as_the_engines_message_in_english_and_natively_in_spanish(
    raw, kwargs, code, values
):
    error = raised(raw, kwargs)
    key = f"table.{error.code}"
    assert placeholders(EN[key]) == placeholders(ES[key]) == set(error.values)
    assert explain.table_problem(text("en"), error) == str(error)  # the English page as before
    spanish = explain.table_problem(text("es"), error)
    assert spanish != str(error) and not re.search(r"\d\.\d", spanish)
    if "line" in error.values:
        assert spanish.startswith(f"línea {error.values['line']}")
    if "cell" in error.values:
        assert f'"{error.values["cell"]}"' in spanish


def test_every_code_the_engine_raises_has_words_in_both_languages():
    for code in raised_codes():
        assert f"table.{code}" in EN and f"table.{code}" in ES, code


def test_spanish_sizes_and_counts_use_its_signs():
    es = text("es")
    assert explain.table_problem(es, raised(lambda: b"1,2\n" * 1_300_001, {})) == (
        "la tabla ocupa 5,2 MB; como máximo 5 MB"
    )
    too_many = explain.table_problem(es, raised(lambda: "1,2\n" * 100_001, {}))
    assert too_many == f"línea 100001: más de 100{THIN_SPACE}000 filas de datos"


def test_a_code_the_catalogue_does_not_know_falls_back_to_the_english_message():
    error = neuron.TableError("line 2: something new", code="something_new", line=2)
    assert explain.table_problem(text("es"), error) == "line 2: something new"
    missing = neuron.TableError("line 2: the table is empty", code="empty")  # no line value
    assert explain.table_problem(text("es"), missing) == "line 2: the table is empty"


# ---- a review's findings: rates to use round down, bounds up, a hover's centre -------


def milli():
    """Own data a reviewer tried: x = 0.001, 0.002, 0.003 (κ near 1e7)."""
    x = np.array([0.001, 0.002, 0.003])
    return neuron.Dataset(celsius=x, fahrenheit=1.8 * x + 32)


@pytest.mark.parametrize("name", ["celsius", "kelvin", "crickets", "forbes", "milli"])
def test_the_optimal_rate_as_printed_does_not_diverge(name):
    """Kelvin's optimal 1.33027773e-5 read 1.3303e-5 to the nearest five figures,
    over its critical rate 1.33027793e-5: a literal loop at it grows."""
    data = milli() if name == "milli" else neuron.dataset(name)
    shape, T = neuron.bowl(data), text("en")
    shown = num(T, explain.optimal(T, shape))
    assert shown <= shape.optimal_learning_rate < shape.critical_learning_rate
    x = np.asarray(data.celsius, float)
    top = np.linalg.eigvalsh(2 * np.array([[np.mean(x * x), x.mean()], [x.mean(), 1.0]]))[-1]
    assert shown < 2 / top  # this test's own critical rate
    loop, diverged = reference_loop(data, learning_rate=shown, iterations=3000,
                                  initial_weight=0.0, initial_bias=0.0)  # fmt: skip
    assert diverged is None and loop["losses"][-1] < loop["losses"][0]


@pytest.mark.parametrize("share", [1 - 1e-12, 1 - 1e-9, 1 + 1e-12, 1 + 1e-9, 0.75])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_your_rate_is_printed_on_its_own_side_of_the_critical_rate(share, lang):
    """Standardized, the critical rate is 1: a rate a hair under it printed "your
    rate 1 is just under the critical rate 1", which reads as the edge itself."""
    T = text(lang)
    s = run(f"scaled=true&lr={share!r}&iterations=10")
    outcome = analyse(s)
    critical = outcome.stability.critical_learning_rate
    line = explain.verdict(T, outcome).line.split(" — ", 1)[1]
    _, v = parse(T, [f"verdict.{k}.line" for k in ("converges", "oscillates", "diverges")]
                   + ["verdict.blew_up.line"], line)  # fmt: skip
    rate, printed = num(T, v["rate"]), num(T, v["critical"])
    assert (rate < critical) == (share < critical) and (rate > critical) == (share > critical)
    assert rate != printed, line


def hovering_loops(query):
    """The loop a learner would write for ``query``'s Adam or RMSProp run, in two
    summation orders (NumPy's pairwise sums, and PyTorch's documented RMSprop or a
    plain-Python Adam from the optimizer's own step)."""
    s = run(query)
    data = neuron.make_dataset()
    opt = analyse(s).stability.optimizer
    start = dict(initial_weight=s.initial_weight, initial_bias=s.initial_bias)
    loops = [reference_loop(data, optimizer=opt, iterations=s.iterations, **start)[0]]
    if s.optimizer == "rmsprop":
        loops.append(rmsprop_loop(data, learning_rate=s.learning_rate, alpha=opt.alpha,
                                  iterations=s.iterations,
                                  start=(s.initial_weight, s.initial_bias))[0])  # fmt: skip
    return s, loops


@pytest.mark.parametrize(
    "query",
    ["optimizer=rmsprop&lr=0.05", "optimizer=adam&lr=0.1", "optimizer=adam&lr=0.1&beta2=0.5",
     "optimizer=adam&lr=0.1&iterations=20000"],
)  # fmt: skip
@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_hovering_runs_bounds_hold_and_another_loops_band_is_of_their_size(query, lang):
    """ "Strays up to ±X", "loss up to X": the engine's own run keeps within the printed
    figures (to the nearest, RMSProp's 0.5222 read "up to 0.5"); a learner's loop,
    adding in another order, keeps a band "a few times wider or far narrower" (at
    most 4 times; for RMSProp's 2-cycle, within the figures themselves, the page's
    bound); "weight ≈ W": the loop's last step is
    within its band of W (the engine's own last step sat on the band's other side:
    31.98 against a loop's 32.025)."""
    T = text(lang)
    s, loops = hovering_loops(query)
    outcome = analyse(s)
    assert explain.hovering(outcome)
    _, numbers = parse(T, ["numbers.jitter"], explain.numbers(T, outcome))
    jitter = [line for line in explain.reading(T, outcome) if "±" in line]
    _, stray = parse(T, ["reading.jitter"], jitter[0])
    own = outcome.reading.band
    printed = {"w": num(T, stray["w"]), "b": num(T, stray["b"]), "loss": num(T, numbers["loss"])}
    assert own.weight <= printed["w"] and own.bias <= printed["b"] and own.loss <= printed["loss"]
    best = neuron.bowl(neuron.make_dataset()).optimum
    strict = s.optimizer == "rmsprop"
    for loop in loops:
        half = slice(s.iterations // 2, None)
        seen = {"w": np.abs(loop["weights"][half] - best[0]).max(),
                "b": np.abs(loop["biases"][half] - best[1]).max(),
                "loss": loop["losses"][half].max()}  # fmt: skip
        for key, value in seen.items():
            assert value <= (1 if strict else 4) * printed[key], (key, value, printed)
        for key, column in (("w", "weights"), ("b", "biases")):
            assert abs(loop[column][-1] - num(T, numbers[key])) <= seen[key] + unit(
                T, numbers[key]
            )


def test_a_gap_and_its_target_are_grouped_alike():
    """ "1,497 short of 1500" mixed the two ways of writing a thousand."""
    for lang, target in (("en", "1,500"), ("es", f"1{THIN_SPACE}500")):
        T = text(lang)
        r = dataclasses.replace(analyse(run("iterations=1")).reading, optimal_bias=1500.0,
                                bias=3.0)  # fmt: skip
        assert explain._gap(T, r, "bias")["target"] == target
