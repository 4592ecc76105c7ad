"""The README's facts, read out of its text and held to the engine.

Each number or formula is found by the sentence that states it, so a changed
figure fails here instead of going stale; the two starts are named once each:
the article's 0.5 / 0.5 and the reproducible draw 0.637 / 0.2698.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest

import neuron
from neuron.parameters import DEFAULT_START
from playground.core.settings import ARTICLE, preset_rates

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()
DATA = neuron.make_dataset()
BOWL = neuron.bowl(DATA)


def figure(pattern):
    """The number the README writes where ``pattern``'s group is (1,234 or 0.0011998)."""
    found = re.search(pattern, README)
    assert found, pattern
    return float(found.group(1).replace(",", ""))


def formula(text, mu, lam):
    """A README formula such as 2(1+μ)/((1+2μ)λmax), evaluated."""
    expr = text.replace("λmax", "lam").replace("μ", "mu")
    expr = re.sub(r"(\d|\))(?=\(|mu|lam)", r"\1*", expr)  # 2(…) and (…)lam multiply
    return eval(expr, {"mu": mu, "lam": lam})  # our own README's arithmetic, no input


def test_the_bias_is_learned_from_the_iteration_the_readme_names_for_each_start():
    draw = figure(r"(\d[\d,]*) from the reproducible draw 0\.637 / 0\.2698")
    article = figure(r"from iteration (\d[\d,]*) from the article's start 0\.5 / 0\.5")
    assert pytest.approx((0.637, 0.2698)) == DEFAULT_START
    assert (ARTICLE["initial_weight"], ARTICLE["initial_bias"]) == (0.5, 0.5)
    for start, stated in ((DEFAULT_START, draw), ((0.5, 0.5), article)):
        learned = neuron.iterations_to_learn(DATA, learning_rate=1e-4, initial_weight=start[0],
                                             initial_bias=start[1])  # fmt: skip
        assert learned.bias == stated, (start, learned)
    assert "article's random draw" not in README  # one name per start


@pytest.mark.parametrize("mu", [0.3, 0.5, 0.9])
def test_the_readmes_critical_rates_are_the_engines(mu):
    momentum = re.search(r"momentum's is ([^,;\s]+)", README).group(1)
    nesterov = re.search(r"Nesterov's ([^,;\s]+)", README).group(1)
    lam = BOWL.curvatures[1]
    for text, nest in ((momentum, False), (nesterov, True)):
        engine = neuron.stability(DATA, neuron.Momentum(1e-4, mu, nesterov=nest))
        assert formula(text, mu, lam) == pytest.approx(engine.critical_learning_rate, rel=1e-9)
    assert formula("2/λmax", 0, lam) == pytest.approx(BOWL.critical_learning_rate, rel=1e-12)


def test_the_readmes_bowl_figures_are_the_engines():
    lo, hi = BOWL.curvatures
    assert figure(r"λ ≈ (\d+) along the weight") == round(hi)
    assert figure(r"along the weight\s+and ([\d.]+) along the bias") == pytest.approx(lo, abs=1e-4)
    assert figure(r"under 2/1667 ≈ ([\d.]+)") == pytest.approx(2 / hi, abs=1e-7)
    assert figure(r"~(\d+)\s+times flatter") == round(hi / lo)
    assert figure(r"factor is ([\d.]+):") == pytest.approx(1 - 1e-4 * lo, abs=1e-4)


def test_the_readmes_presets_are_the_pages():
    """*Too small* a thousandth of critical, *Good* 0.99/λmax, *Overshoots* ¾, *On the
    edge* 99 %, *Diverges* 5 % over: each as the page computes it, to its rounding."""
    row = next(line for line in README.splitlines() if line.startswith("| **Presets**"))
    stated = {
        "too_small": ("a thousandth of the critical rate", 1e-3),
        "overshoots": ("¾ of critical", 0.75),
        "edge": ("99 % of critical", 0.99),
        "diverges": ("5 % over critical", 1.05),
    }
    rates, critical = preset_rates(BOWL), BOWL.critical_learning_rate
    for name, (words, share) in stated.items():
        assert words in row, words
        assert rates[name] / critical == pytest.approx(share, rel=0.01), (
            name
        )  # 3 figures, rounded into the regime
    assert "(0.99/λmax" in row
    assert rates["good"] * BOWL.curvatures[1] == pytest.approx(0.99, rel=0.006)
    assert rates["article"] == figure(r"\*Article\* \(rate ([\d.]+) from 0\.5 / 0\.5")


def test_the_readmes_engine_example_is_what_the_engine_returns():
    run = neuron.train(DATA, learning_rate=1e-4, iterations=10_000, initial_weight=0.5,
                       initial_bias=0.5)  # fmt: skip
    w, b, loss = (float(v) for v in re.search(
        r"# ([\d.]+), ([\d.]+), ([\d.]+)\n", README).groups())  # fmt: skip
    end = run.weights[-1], run.biases[-1], run.losses[-1]
    assert end == pytest.approx((w, b, loss), abs=1e-4)
    learned = re.search(r"Learned\(weight=(\d+), bias=(\d+)\)", README).groups()
    found = neuron.iterations_to_learn(DATA, learning_rate=1e-4, initial_weight=0.5,
                                       initial_bias=0.5)  # fmt: skip
    assert tuple(map(int, learned)) == tuple(found)


def test_the_readmes_command_line_transcript_is_what_the_command_prints():
    """The `python -m playground` example (its lines after "...", wrapped as the README
    wraps them) is the command's own output for the article's start."""
    found = re.search(r"\$ python -m playground (--[^\n]+)\n\.\.\.\n(.*?)```", README, re.S)
    flags, shown = found.group(1).split(), found.group(2)
    printed = subprocess.run(
        [sys.executable, "-m", "playground", *flags], capture_output=True, text=True, check=True
    ).stdout
    assert " ".join(shown.split()) in " ".join(printed.split())
    assert flags == ["--initial-weight", "0.5", "--initial-bias", "0.5"]  # the article's start


def test_the_readmes_engine_comments_are_the_engines():
    critical = figure(r"critical_learning_rate  # ([\d.]+) = 2 / λmax")
    assert critical == pytest.approx(BOWL.critical_learning_rate, abs=5e-8)
    stated = figure(r"\)\.biases\[-1\]  # ([\d.]+)")
    momentum = neuron.train(DATA, optimizer=neuron.Momentum(1e-4, momentum=0.9), iterations=3_000,
                            initial_weight=0.5, initial_bias=0.5)  # fmt: skip
    assert momentum.biases[-1] == pytest.approx(stated, abs=0.005)
    assert "iterations=3_000" in README and "Momentum(1e-4, momentum=0.9)" in README
