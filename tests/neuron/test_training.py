"""train(): the closed form against a literal loop, least squares, and its contract."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import neuron
from tests.reference import FIELDS, assert_history_matches, literal_loop

DATA = neuron.make_dataset()
NOISY = neuron.make_dataset(-20, 60, noise=4.0, seed=2)


def both(dataset, **kwargs):
    return neuron.train(dataset, **kwargs), *literal_loop(dataset, **kwargs)


@pytest.mark.parametrize(
    ("dataset", "learning_rate", "iterations"),
    [
        (DATA, 1e-4, 3000),  # the article: converges slowly along the bias
        (DATA, 0.0009, 1500),  # oscillates: the weight overshoots every step
        (DATA, 0.00119, 3000),  # on the edge: oscillates, barely converges
        (DATA, 0.0015, 1200),  # diverges at step 860
        (DATA, 1e-6, 2000),  # too small
        (NOISY, 3e-4, 2000),  # noisy data, off-centre range
        (NOISY, 0.002, 600),  # noisy data, diverging
    ],
)
def test_train_equals_the_literal_loop(dataset, learning_rate, iterations):
    run, history, diverged_at = both(
        dataset,
        learning_rate=learning_rate,
        iterations=iterations,
        initial_weight=0.5,
        initial_bias=0.5,
    )
    assert_history_matches(run, history, diverged_at, dataset)


def test_the_articles_run_ends_where_the_article_says():
    run = neuron.train(
        DATA, learning_rate=1e-4, iterations=10_000, initial_weight=0.5, initial_bias=0.5
    )
    assert run.weights[-1] == pytest.approx(1.79744, abs=1e-5)
    assert run.biases[-1] == pytest.approx(27.735, abs=1e-3)
    assert run.losses[-1] == pytest.approx(18.18, abs=0.01)
    assert run.diverged_at is None


def test_training_converges_to_least_squares_at_a_good_rate():
    rate = neuron.bowl(NOISY).optimal_learning_rate
    run = neuron.train(
        NOISY, learning_rate=rate, iterations=200_000, initial_weight=-3.0, initial_bias=10.0
    )
    slope, intercept = np.polyfit(NOISY.celsius, NOISY.fahrenheit, 1)
    assert run.weights[-1] == pytest.approx(slope, rel=1e-9)
    assert run.biases[-1] == pytest.approx(intercept, rel=1e-9)
    best = neuron.forward(slope, intercept, NOISY.celsius, NOISY.fahrenheit).loss
    assert run.losses[-1] == pytest.approx(best, rel=1e-9)


def test_least_squares_equals_polyfit():
    for d in (DATA, NOISY, neuron.make_dataset(150, 152)):
        slope, intercept = np.polyfit(d.celsius, d.fahrenheit, 1)
        opt = neuron.least_squares(d)
        assert (opt.weight, opt.bias) == pytest.approx((slope, intercept), rel=1e-9)


def test_history_has_one_entry_per_update_plus_the_start():
    run = neuron.train(
        DATA, learning_rate=1e-4, iterations=7, initial_weight=0.2, initial_bias=0.9
    )
    for name in FIELDS:
        assert getattr(run, name).shape == (8,)
    assert (run.weights[0], run.biases[0]) == (0.2, 0.9)
    # gradients at t are the ones update t + 1 uses
    assert run.weights[1] == pytest.approx(0.2 - 1e-4 * run.weight_gradients[0])
    assert run.iterations == 7 and run.last == 7


def test_zero_iterations_is_just_the_start():
    run = neuron.train(
        DATA, learning_rate=1e-4, iterations=0, initial_weight=0.2, initial_bias=0.9
    )
    assert run.losses.shape == (1,)
    assert run.losses[0] == pytest.approx(
        neuron.forward(0.2, 0.9, DATA.celsius, DATA.fahrenheit).loss
    )


def test_history_is_read_only():
    run = neuron.train(DATA, learning_rate=1e-4, iterations=5, initial_weight=0, initial_bias=0)
    with pytest.raises(ValueError):
        run.losses[0] = 0.0


def test_divergence_is_reported_with_nan_after_it_and_no_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = neuron.train(
            DATA, learning_rate=0.01, iterations=1_000_000, initial_weight=0.5, initial_bias=0.5
        )
    assert run.diverged_at is not None
    assert np.all(np.isfinite(run.losses[: run.diverged_at]))
    for name in FIELDS:
        assert np.all(np.isnan(getattr(run, name)[run.diverged_at :])), name
    assert run.last == run.diverged_at - 1


def test_just_over_critical_diverges_and_just_under_does_not():
    s = neuron.bowl(DATA)
    over = neuron.train(
        DATA, learning_rate=0.0012, iterations=1_000_000, initial_weight=0.5, initial_bias=0.5
    )
    under = neuron.train(
        DATA, learning_rate=0.00119, iterations=1_000_000, initial_weight=0.5, initial_bias=0.5
    )
    assert 0.00119 < s.critical_learning_rate < 0.0012
    assert over.diverged_at is not None
    assert under.diverged_at is None and under.losses[-1] < 1e-12


def test_a_start_too_far_away_diverges_at_step_zero():
    run = neuron.train(
        DATA, learning_rate=1e-4, iterations=10, initial_weight=1e200, initial_bias=0
    )
    assert run.diverged_at == 0


def test_a_million_iterations_fit_in_64_megabytes():
    run = neuron.train(
        DATA, learning_rate=1e-4, iterations=1_000_000, initial_weight=0.5, initial_bias=0.5
    )
    assert run.steps.nbytes + sum(getattr(run, name).nbytes for name in FIELDS) <= 64 * 2**20


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"learning_rate": 0}, "learning_rate"),
        ({"learning_rate": -1e-3}, "learning_rate"),
        ({"learning_rate": float("nan")}, "learning_rate"),
        ({"learning_rate": float("inf")}, "learning_rate"),
        ({"learning_rate": "0.1"}, "learning_rate"),
        ({"iterations": 2.5}, "iterations"),
        ({"iterations": -1}, "iterations"),
        ({"iterations": 1_000_001}, "iterations"),
        ({"iterations": True}, "iterations"),
        ({"initial_weight": float("nan")}, "initial_weight"),
        ({"initial_bias": float("-inf")}, "initial_bias"),
    ],
)
def test_invalid_arguments_raise_value_error_naming_them(kwargs, name):
    args = dict(learning_rate=1e-4, iterations=10, initial_weight=0.5, initial_bias=0.5)
    with pytest.raises(ValueError, match=name):
        neuron.train(DATA, **(args | kwargs))


def test_losses_after_equals_the_last_loss_of_each_run():
    rates = np.geomspace(1e-6, 2e-3, 25)
    finals = neuron.losses_after(
        DATA, rates, iterations=3000, initial_weight=0.3, initial_bias=0.7
    )
    for rate, final in zip(rates, finals):
        run = neuron.train(
            DATA, learning_rate=rate, iterations=3000, initial_weight=0.3, initial_bias=0.7
        )
        if run.diverged_at is None:
            assert final == pytest.approx(run.losses[-1], rel=1e-9, abs=1e-12)
        else:
            assert np.isnan(final)


def test_losses_after_rejects_a_bad_rate_by_name():
    with pytest.raises(ValueError, match="learning_rate"):
        neuron.losses_after(DATA, [1e-4, -1], iterations=10, initial_weight=0, initial_bias=0)


def test_loss_surface_equals_forward_at_every_grid_point():
    weights, biases = np.linspace(-2, 5, 7), np.linspace(-10, 60, 5)
    surface = neuron.loss_surface(NOISY, weights, biases)
    assert surface.shape == (5, 7)
    for i, b in enumerate(biases):
        for j, w in enumerate(weights):
            direct = neuron.forward(w, b, NOISY.celsius, NOISY.fahrenheit).loss
            assert surface[i, j] == pytest.approx(direct, rel=1e-9)


datasets = st.builds(
    lambda start, width, noise, seed: neuron.make_dataset(
        start, start + width, noise=noise, seed=seed
    ),
    st.integers(-100, 100),
    st.integers(2, 120),
    st.floats(0, 10),
    st.integers(0, 99),
)


@settings(max_examples=40, deadline=None)
@given(
    dataset=datasets, fraction=st.floats(1e-3, 1.3), w0=st.floats(-10, 10), b0=st.floats(-50, 50)
)
def test_property_train_equals_the_loop_anywhere(dataset, fraction, w0, b0):
    rate = fraction * neuron.bowl(dataset).critical_learning_rate
    run, history, diverged_at = both(
        dataset, learning_rate=rate, iterations=150, initial_weight=w0, initial_bias=b0
    )
    assert_history_matches(run, history, diverged_at, dataset)


@settings(max_examples=40, deadline=None)
@given(
    dataset=datasets, fraction=st.floats(0.05, 0.95), w0=st.floats(-10, 10), b0=st.floats(-50, 50)
)
def test_property_the_loss_never_rises_below_the_critical_rate(dataset, fraction, w0, b0):
    rate = fraction * neuron.bowl(dataset).critical_learning_rate
    run = neuron.train(
        dataset, learning_rate=rate, iterations=300, initial_weight=w0, initial_bias=b0
    )
    # Below 2/λmax every step shrinks the error in every direction, so the loss
    # (a sum of squares of those errors) never goes up.
    rises = np.diff(run.losses)
    assert np.all(rises <= 1e-9 * run.losses[:-1] + 1e-12)
