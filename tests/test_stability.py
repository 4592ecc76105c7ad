"""stability(): the figures FACTS.md gives, and that each verdict comes true."""

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import neuron

DATA = neuron.make_dataset()


def test_the_article_figures():
    s = neuron.stability(DATA, 1e-4)
    assert s.curvatures[0] == pytest.approx(1.9994, abs=1e-4)
    assert s.curvatures[1] == pytest.approx(1667.0, abs=0.1)
    assert s.condition_number == pytest.approx(834, abs=1)
    assert s.critical_learning_rate == pytest.approx(0.0011998, abs=1e-7)
    assert s.oscillation_learning_rate == pytest.approx(0.0006, abs=1e-6)
    assert s.optimal_learning_rate == pytest.approx(2 / (s.curvatures.sum()))
    assert s.verdict == "converges"
    assert s.fraction_of_critical == pytest.approx(1e-4 / 0.0011998, rel=1e-4)


def test_curvatures_are_the_eigenvalues_of_a_finite_difference_hessian():
    def loss(w, b):
        return neuron.forward(w, b, DATA.celsius, DATA.fahrenheit).loss

    h = 1e-2
    hww = (loss(1 + h, 1) - 2 * loss(1, 1) + loss(1 - h, 1)) / h**2
    hbb = (loss(1, 1 + h) - 2 * loss(1, 1) + loss(1, 1 - h)) / h**2
    hwb = (loss(1 + h, 1 + h) - loss(1 + h, 1 - h) - loss(1 - h, 1 + h) + loss(1 - h, 1 - h)) / (
        4 * h**2
    )
    expected = np.linalg.eigvalsh([[hww, hwb], [hwb, hbb]])
    np.testing.assert_allclose(neuron.stability(DATA, 1e-4).curvatures, expected, rtol=1e-6)


@pytest.mark.parametrize(
    ("rate", "verdict"),
    [
        (1e-6, "converges"),
        (1e-4, "converges"),
        (0.00059, "converges"),
        (0.00061, "oscillates"),
        (0.00119, "oscillates"),
        (0.0012, "diverges"),
        (0.01, "diverges"),
    ],
)
def test_verdicts_on_each_side_of_each_threshold(rate, verdict):
    assert neuron.stability(DATA, rate).verdict == verdict


def weight_flips(rate, steps=4):
    """Does the weight jump past its optimum at every step?

    Starts off the optimum along the steep direction (mostly the weight), where
    the theory says the error is multiplied by 1 − rate · λmax at each step.
    """
    shape = neuron.bowl(DATA)
    w0, b0 = shape.optimum + 3 * shape.directions[:, 1]
    run = neuron.train(
        DATA, learning_rate=rate, iterations=steps, initial_weight=w0, initial_bias=b0
    )
    side = np.sign(run.weights - shape.optimum[0])
    return bool(np.all(side[1:] != side[:-1]))


@pytest.mark.parametrize("margin", [1e-3, 1e-2])
def test_each_verdict_predicts_what_training_does(margin):
    s = neuron.stability(DATA, 1e-4)
    crit, osc = s.critical_learning_rate, s.oscillation_learning_rate

    def final_over_first(rate):
        run = neuron.train(
            DATA, learning_rate=rate, iterations=20_000, initial_weight=0.5, initial_bias=0.5
        )
        return run.losses[run.last] / run.losses[0], run.diverged_at

    ratio, blew = final_over_first(crit * (1 + margin))
    assert blew is not None or ratio > 1
    ratio, blew = final_over_first(crit * (1 - margin))
    assert blew is None and ratio < 1
    assert weight_flips(osc * (1 + margin))
    assert not weight_flips(osc * (1 - margin))


def test_predicted_iterations_match_what_training_does():
    shape = neuron.bowl(DATA)
    for rate in (1e-4, 3e-4, 0.0009):
        s = neuron.stability(DATA, rate)
        # Started along each direction, the parameter that direction carries
        # must be within 1 % of its starting error exactly when predicted.
        for mode, param, n in ((1, 0, s.weight_iterations), (0, 1, s.bias_iterations)):
            w0, b0 = shape.optimum + 5 * shape.directions[:, mode]
            run = neuron.train(
                DATA, learning_rate=rate, iterations=n, initial_weight=w0, initial_bias=b0
            )
            history = (run.weights, run.biases)[param]
            error = np.abs(history - shape.optimum[param])
            assert error[n] <= 0.01 * error[0] * (1 + 1e-6)
            assert error[n - 1] > 0.01 * error[0] * (1 - 1e-6)


def test_the_articles_bias_needs_about_23_000_iterations():
    s = neuron.stability(DATA, 1e-4)
    assert s.weight_iterations == 26
    assert s.bias_iterations == pytest.approx(23_026, abs=10)
    run = neuron.train(
        DATA, learning_rate=1e-4, iterations=30_000, initial_weight=0.5, initial_bias=0.5
    )
    bias_error = np.abs(run.biases - 32.0) / abs(0.5 - 32.0)
    n = s.bias_iterations
    assert bias_error[n] <= 0.01 * 1.01 and bias_error[int(0.95 * n)] > 0.01


def test_no_prediction_when_a_direction_never_settles():
    s = neuron.stability(DATA, 0.002)
    assert s.verdict == "diverges" and s.weight_iterations is None
    assert s.bias_iterations is not None


def test_standardized_inputs_make_the_bowl_round():
    scaled, _ = neuron.standardize(DATA)
    s = neuron.stability(scaled, 0.1)
    assert s.condition_number == pytest.approx(1.0, abs=1e-9)
    assert s.curvatures == pytest.approx([2.0, 2.0])
    assert s.critical_learning_rate == pytest.approx(1.0)


def test_invalid_learning_rate_is_named():
    with pytest.raises(ValueError, match="learning_rate"):
        neuron.stability(DATA, 0)


@settings(max_examples=50, deadline=None)
@given(start=st.integers(-100, 100), width=st.integers(2, 150), fraction=st.floats(0.01, 3))
def test_property_step_factors_match_one_training_step(start, width, fraction):
    # Starting on an eigenvector, one step must multiply the error by its factor.
    d = neuron.make_dataset(start, start + width)
    shape = neuron.bowl(d)
    rate = fraction * neuron.stability(d, 1e-4).critical_learning_rate
    s = neuron.stability(d, rate)
    for i in range(2):
        begin = shape.optimum + shape.directions[:, i]
        run = neuron.train(
            d, learning_rate=rate, iterations=1, initial_weight=begin[0], initial_bias=begin[1]
        )
        after = np.array([run.weights[1], run.biases[1]]) - shape.optimum
        np.testing.assert_allclose(
            after,
            s.step_factors[i] * shape.directions[:, i],
            atol=1e-6 * max(1, abs(s.step_factors[i])),
        )
    assume(abs(fraction - 1) > 1e-9 and abs(fraction - 0.5) > 1e-9)  # off the edges
    assert s.verdict == (
        "diverges" if fraction >= 1 else "oscillates" if fraction > 0.5 else "converges"
    )
    assert math.isclose(s.critical_learning_rate, 2 / s.curvatures[1])
