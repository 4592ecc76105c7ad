"""The Math view works through the literal loop's own iteration."""

import re

import numpy as np
import pytest

from playground.compute import updates
from playground.compute.analysis import analyse
from playground.compute.worked import math_blocks, math_step
from playground.core.text import text
from tests.truth import run, truth


@pytest.mark.parametrize("query", ["", "scaled=true&iterations=300", "noise=5&lr=0.0009"])
def test_the_math_view_works_through_the_loops_own_iteration(query):
    s, k, celsius = run(query), 120, 42.0
    tr, outcome = truth(s), analyse(s)
    m = math_step(outcome, k, celsius)
    w, b = tr.loop[0][k], tr.loop[1][k]
    x = (
        celsius
        if outcome.scaling is None
        else (celsius - np.mean(outcome.data.celsius)) / np.std(outcome.data.celsius)
    )
    out, target = w * x + b, 1.8 * celsius + 32
    r = w * tr.x + b - tr.y
    gw, gb = np.mean(2 * r * tr.x), np.mean(2 * r)
    expected = {"weight": w, "bias": b, "x": x, "output": out, "sample_loss": (out - target) ** 2,
                "d_output": 2 * (out - target), "sample_d_weight": 2 * (out - target) * x,
                "loss": np.mean(r * r), "d_weight": gw, "d_bias": gb,
                "next_weight": tr.loop[0][k + 1], "next_bias": tr.loop[1][k + 1]}  # fmt: skip
    for name, value in expected.items():
        assert getattr(m, name) == pytest.approx(value, rel=1e-9, abs=1e-9), name
    update = math_blocks(text("es"), outcome, m)[3][0]
    assert "{,}" not in update and "\\times" not in update  # Markdown, not LaTeX source


@pytest.mark.parametrize("optimizer", ["gd", "momentum"])
def test_the_math_view_prints_no_value_a_float64_loop_cannot_reach(optimizer):
    """The issue's case: the closed form reached v = −6.6876×10⁻⁷⁵; a loop stands at
    its float64 floor, and the Math view says ≈ 0 where the loop's values are under it."""
    query = "lr=0.00107978&w0=0.5&b0=-300&iterations=100000"
    s = run(f"{query}&optimizer={optimizer}&momentum=0.5")
    outcome, tr = analyse(s), truth(s)
    m = math_step(outcome, 100_000, 42.0)
    blocks = math_blocks(text("en"), outcome, m)
    if optimizer != "gd":  # its own update, with the velocity
        blocks = [*blocks, updates.block(text("en"), outcome, m)]
    words = " ".join(p + " ".join(lines) for p, lines in blocks)
    assert not re.search(r"10\^\{-(\d+)\}", words) or all(
        int(e) < 20 for e in re.findall(r"10\^\{-(\d+)\}", words)
    ), words
    w, b = tr.loop[0][-1], tr.loop[1][-1]
    r = w * tr.x + b - tr.y
    floor = outcome.floor
    assert np.mean(r * r) <= floor.loss and "L = " in words and r"\approx 0" in words
    assert abs(2 * np.mean(r * tr.x)) <= floor.weight_gradient
    assert abs(2 * np.mean(r)) <= floor.bias_gradient
    assert text("en")("float.note") in words
