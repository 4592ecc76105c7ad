"""The dataset, the random start, and standardized inputs."""

import numpy as np
import pytest

import neuron


def test_default_is_the_articles_data():
    d = neuron.make_dataset()
    assert d.celsius.tolist() == list(range(-50, 50))
    assert d.fahrenheit.tolist() == pytest.approx([c * 9 / 5 + 32 for c in range(-50, 50)])
    assert len(d) == 100


def test_noise_is_reproducible_from_the_seed_and_has_its_size():
    a = neuron.make_dataset(-500, 500, noise=3.0, seed=7)
    b = neuron.make_dataset(-500, 500, noise=3.0, seed=7)
    c = neuron.make_dataset(-500, 500, noise=3.0, seed=8)
    np.testing.assert_array_equal(a.fahrenheit, b.fahrenheit)
    assert not np.array_equal(a.fahrenheit, c.fahrenheit)
    residual = a.fahrenheit - (a.celsius * 9 / 5 + 32)
    assert np.std(residual) == pytest.approx(3.0, rel=0.1)


def test_arrays_cannot_be_changed_behind_the_dataset():
    d = neuron.make_dataset()
    with pytest.raises(ValueError):
        d.celsius[0] = 1.0


def test_random_start_is_reproducible_and_in_the_unit_interval():
    assert neuron.random_start(3) == neuron.random_start(3)
    assert neuron.random_start(3) != neuron.random_start(4)
    starts = [neuron.random_start(s) for s in range(200)]
    values = [v for p in starts for v in (p.weight, p.bias)]
    assert all(0 <= v < 1 for v in values)
    assert 0.4 < np.mean(values) < 0.6


def test_standardized_inputs_have_mean_zero_and_unit_spread():
    scaled, scaling = neuron.standardize(neuron.make_dataset())
    assert scaled.celsius.mean() == pytest.approx(0, abs=1e-12)
    assert scaled.celsius.std() == pytest.approx(1)
    assert scaling.mean == pytest.approx(-0.5)


def test_parameters_learned_on_standardized_inputs_convert_back_to_celsius():
    d = neuron.make_dataset(0, 80, noise=2.0, seed=1)
    scaled, scaling = neuron.standardize(d)
    opt = neuron.least_squares(scaled)
    back = scaling.to_celsius(opt.weight, opt.bias)
    slope, intercept = np.polyfit(d.celsius, d.fahrenheit, 1)
    assert float(back.weight) == pytest.approx(slope, rel=1e-10)
    assert float(back.bias) == pytest.approx(intercept, rel=1e-10)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"start": 5, "stop": 5}, "stop"),
        ({"start": 5, "stop": 2}, "stop"),
        ({"start": 0.5}, "start"),
        ({"stop": "9"}, "stop"),
        ({"noise": -1}, "noise"),
        ({"noise": float("nan")}, "noise"),
        ({"start": 0, "stop": 10**7}, "stop - start"),
    ],
)
def test_make_dataset_rejects_bad_arguments_by_name(kwargs, name):
    with pytest.raises(ValueError, match=name):
        neuron.make_dataset(**kwargs)


def test_a_dataset_needs_two_distinct_temperatures_and_equal_lengths():
    with pytest.raises(ValueError, match="celsius must hold at least two distinct"):
        neuron.Dataset([3.0, 3.0], [1.0, 2.0])
    with pytest.raises(ValueError, match="same length"):
        neuron.Dataset([1.0, 2.0, 3.0], [1.0, 2.0])
    with pytest.raises(ValueError, match="fahrenheit must hold only finite"):
        neuron.Dataset([1.0, 2.0], [1.0, np.inf])
