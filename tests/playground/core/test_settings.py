"""The presets: each one's help holds for the data it is computed from,
checked by ``tests/truth.py``'s literal loop."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from neuron.parameters import DEFAULT_START
from playground.compute.analysis import analyse
from playground.core.settings import ARTICLE, PRESETS, Settings, preset_rates
from playground.core.text import CATALOGUES
from tests.truth import crossings, truth


def preset_run(name, data, start=DEFAULT_START, iterations=400):
    rate = preset_rates(analyse(data).bowl)[name]
    s = Settings(learning_rate=rate, iterations=iterations, initial_weight=start[0],
                 initial_bias=start[1], start=data.start, stop=data.stop, noise=data.noise,
                 scaled=data.scaled)  # fmt: skip
    return truth(s)


@settings(max_examples=20)
@given(
    start=st.integers(-200, 190),
    width=st.integers(2, 100),
    w0=st.floats(-20, 20),
    b0=st.floats(-100, 100),
    scaled=st.booleans(),
)
def test_each_presets_help_holds_for_the_data_it_uses(start, width, w0, b0, scaled):
    data = Settings(start=start, stop=start + width, scaled=scaled)
    helps = {name: CATALOGUES["en"][f"preset.{name}.help"] for name in PRESETS}
    small = preset_run("too_small", data, (w0, b0))
    assert abs(small.rate / small.critical() - 1e-3) < 1e-5  # "a thousandth"
    losses = small.loop[2]
    assert np.all(np.diff(losses) <= 0)  # "the loss creeps down": it falls at every step …
    assert np.all(losses[1:] >= 0.99 * losses[:-1])  # … by under 1 % a step
    assert "nothing moves" not in helps["too_small"]
    good = preset_run("good", data, (w0, b0))
    assert 0.98 <= good.rate * good.curvatures[1] <= 0.99  # "0.99 / λmax"
    for i in (0, 1):  # "each parameter passes its optimum at most once"
        assert crossings(good.errors()[:, i], 1e-9 * max(abs(good.optimum[i]), 1))[0] <= 1
    assert "never past" not in helps["good"] and "no step overshoots" not in helps["good"]
    assert 0.01 <= 1 - good.rate * good.curvatures[1] <= 0.025  # "removes about 99 %"
    for name, factor in (("overshoots", -0.5), ("edge", -0.98), ("diverges", -1.1)):
        tr = preset_run(name, data, (w0, b0))
        steep = 1 - tr.rate * tr.curvatures[1]
        # "× ≈ −0.5" along the steep direction, to the figures the help prints
        assert abs(steep - factor) <= 0.025 and (steep < -1) == (factor < -1)
        if name == "edge":  # "99 % of the critical rate (× ≈ −0.98)", not 98.4 % (× −0.967)
            assert abs(tr.rate / tr.critical() - 0.99) < 0.001 and abs(steep - factor) < 0.005
        assert f"× ≈ −{abs(factor)}" in helps[name] and "along the steep direction" in helps[name]
    assert "at every step" not in helps["overshoots"]
    blown = preset_run("diverges", data, (w0, b0), iterations=20_000)
    assert blown.blew is not None or np.linalg.norm(blown.start - blown.optimum) < 1e-9


def test_the_article_presets_help_names_the_article_run():
    help_ = CATALOGUES["en"]["preset.article.help"]
    start = ARTICLE["initial_weight"], ARTICLE["initial_bias"]
    assert "0.0001" in help_ and ARTICLE["learning_rate"] == 1e-4
    assert "10,000 iterations" in help_ and ARTICLE["iterations"] == 10_000
    assert "0.5 / 0.5" in help_ and start == (0.5, 0.5)
    assert "−50 … 49 °C" in help_ and Settings().usable_range() == (-50, 50)
