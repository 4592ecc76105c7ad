"""The Math view works through the literal loop's own iteration."""

import numpy as np
import pytest

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
