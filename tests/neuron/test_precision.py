"""The float64 floor against literal loops run until they stall."""

import numpy as np
import pytest

import neuron

DATASETS = {
    "article": neuron.make_dataset(),
    "-20 to 80": neuron.make_dataset(-20, 80),
    "0 to 2": neuron.make_dataset(0, 2),
    "-5 to 5": neuron.make_dataset(-5, 5),
}


def stalled(data, rate, start=(0.637, 0.2698)):
    """A literal float64 loop run until it stands still (or cycles through a few
    rounded states): the largest (loss, |gw|, |gb|) of its last 50 steps."""
    x, y = np.asarray(data.celsius, float), np.asarray(data.fahrenheit, float)
    (w, b), n = start, x.size
    seen, tail = {}, []
    for t in range(2_000_000):
        r = w * x + b - y
        gw, gb = 2 * np.dot(r, x) / n, 2 * r.sum() / n
        tail = [*tail[-49:], (np.dot(r, r) / n, abs(gw), abs(gb))]
        if seen.setdefault((w, b), t) < t - 50:  # a state it was in: it is going round
            return np.max(tail, axis=0)
        w, b = w - rate * gw, b - rate * gb
    raise AssertionError("the loop did not stall")


@pytest.mark.parametrize("name", DATASETS)
@pytest.mark.parametrize("share", [0.2, 0.5, 0.9])
def test_a_literal_loop_stalls_at_the_floor(name, share):
    """The loop's stalled loss and gradients are under the floor, and within a
    factor 100 of it: "≈ 0" is what the loop shows, and no real value is hidden."""
    data = DATASETS[name]
    rate = share * neuron.bowl(data).critical_learning_rate
    floor = neuron.float64_floor(data, rate)
    loss, gw, gb = stalled(data, rate)
    assert loss <= floor.loss and gw <= floor.weight_gradient and gb <= floor.bias_gradient
    assert loss == 0 or floor.loss <= 100 * loss, (loss, floor)  # 0: it landed on the optimum


def test_the_floor_is_far_below_any_loss_worth_printing():
    floor = neuron.float64_floor(neuron.make_dataset(), 1e-4)
    assert 1e-24 < floor.loss < 1e-20


@pytest.mark.parametrize("rate", [0.0, -1e-3, float("nan")])
def test_a_bad_rate_names_the_parameter(rate):
    with pytest.raises(ValueError, match="learning_rate"):
        neuron.float64_floor(neuron.make_dataset(), rate)
