"""The Math view says when its run's exact path depends on rounding: the engine's
``depends_on_rounding`` decides, not the optimizer's name or its rate."""

import pytest

import neuron
from neuron.parameters import DEFAULT_START
from playground.core.text import Text

W0, B0 = DEFAULT_START
ITERATIONS = 10_000  # the page's default


def engine_says(rate):
    return neuron.depends_on_rounding(
        neuron.make_dataset(), optimizer=neuron.optimizer("adam", rate),
        iterations=ITERATIONS, initial_weight=W0, initial_bias=B0,
    )  # fmt: skip


def notes(at):
    return [i.value for i in at.info]


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("rate", ["0.1", "0.001"])
def test_the_math_view_notes_a_path_rounding_decides_exactly_when_the_engine_does(app, lang, rate):
    at = app(view="math", optimizer="adam", lr=rate, lang=lang)
    assert not at.exception
    T = Text(lang)
    note = T("math.rounding", optimizer=T("optimizer.adam"))
    assert (note in notes(at)) == engine_says(float(rate))


def test_adam_at_0_1_is_one_such_run_and_at_0_001_is_not():
    """The issue's case is flagged by the engine and a calm rate is not, so the test
    above sees both sides."""
    assert engine_says(0.1) and not engine_says(0.001)
