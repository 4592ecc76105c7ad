"""Bowl and stability(): the article's figures, and that each verdict comes true."""

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import neuron

DATA = neuron.make_dataset()
EDGE_RATE = 0.001199759615731202  # 2 / λmax for the article's data, as a link carries it


def test_the_article_figures():
    shape = neuron.bowl(DATA)
    assert shape.curvatures[0] == pytest.approx(1.9994, abs=1e-4)
    assert shape.curvatures[1] == pytest.approx(1667.0, abs=0.1)
    assert shape.condition_number == pytest.approx(834, abs=1)
    assert shape.critical_learning_rate == pytest.approx(0.0011998, abs=1e-7)
    assert shape.oscillation_learning_rate == pytest.approx(0.0006, abs=1e-6)
    assert shape.optimal_learning_rate == pytest.approx(2 / (shape.curvatures.sum()))
    assert (shape.carries(0), shape.carries(1)) == ("bias", "weight")
    s = neuron.stability(DATA, 1e-4)
    assert s.verdict == "converges"
    assert s.critical_learning_rate == shape.critical_learning_rate
    assert s.fraction_of_critical == pytest.approx(1e-4 / 0.0011998, rel=1e-4)


def test_a_mixed_direction_carries_neither_parameter():
    shape = neuron.bowl(neuron.make_dataset(0, 2))
    np.testing.assert_allclose(np.abs(shape.directions[:, 1]), [0.5257, 0.8507], atol=1e-4)
    assert shape.carries(1) is None
    with pytest.raises(ValueError, match="i must be"):
        shape.carries(2)


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
    np.testing.assert_allclose(neuron.bowl(DATA).curvatures, expected, rtol=1e-6)


@pytest.mark.parametrize(
    ("rate", "verdict"),
    [
        (1e-6, "converges"),
        (1e-4, "converges"),
        (0.00059, "converges"),
        (0.00061, "oscillates"),
        (0.00119, "oscillates"),
        (EDGE_RATE, "edge"),
        (0.0012, "diverges"),
        (0.01, "diverges"),
    ],
)
def test_verdicts_on_each_side_of_each_threshold(rate, verdict):
    assert neuron.stability(DATA, rate).verdict == verdict


def test_at_the_critical_rate_the_loss_neither_shrinks_nor_grows():
    assert neuron.stability(DATA, EDGE_RATE).verdict == "edge"
    run = neuron.train(
        DATA,
        learning_rate=EDGE_RATE,
        iterations=1_000_000,
        initial_weight=0.637,
        initial_bias=0.2698,
        record=[100_000, 500_000],
    )
    assert run.diverged_at is None
    np.testing.assert_allclose(run.losses[1:], 1090.72, rtol=1e-4)
    # One ulp either side is still the edge: never "converges" at or past it.
    for rate in (np.nextafter(EDGE_RATE, 1), np.nextafter(EDGE_RATE, 0)):
        assert neuron.stability(DATA, float(rate)).verdict == "edge"


def test_standardized_inputs_make_the_bowl_round_and_rate_one_the_edge():
    scaled, _ = neuron.standardize(DATA)
    shape = neuron.bowl(scaled)
    assert shape.condition_number == pytest.approx(1.0, abs=1e-9)
    assert shape.curvatures == pytest.approx([2.0, 2.0])
    assert shape.critical_learning_rate == pytest.approx(1.0)
    assert neuron.stability(scaled, 1.0).verdict == "edge"
    assert neuron.stability(scaled, 0.99).verdict == "oscillates"
    assert neuron.stability(scaled, 0.49).verdict == "converges"


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


def final_over_first(optimizer, iterations=20_000):
    run = neuron.train(
        DATA, optimizer=optimizer, iterations=iterations, initial_weight=0.5, initial_bias=0.5
    )
    return run.losses[run.steps == run.last][0] / run.losses[0], run.diverged_at


@pytest.mark.parametrize("margin", [1e-3, 1e-2])
def test_each_verdict_predicts_what_training_does(margin):
    shape = neuron.bowl(DATA)
    crit, osc = shape.critical_learning_rate, shape.oscillation_learning_rate
    ratio, blew = final_over_first(neuron.GradientDescent(crit * (1 + margin)))
    assert blew is not None or ratio > 1
    ratio, blew = final_over_first(neuron.GradientDescent(crit * (1 - margin)))
    assert blew is None and ratio < 1
    assert weight_flips(osc * (1 + margin))
    assert not weight_flips(osc * (1 - margin))


@pytest.mark.parametrize(("momentum", "nesterov"), [(0.9, False), (0.5, False), (0.9, True)])
def test_momentum_just_below_and_just_above_its_critical_rate(momentum, nesterov):
    lam = neuron.bowl(DATA).curvatures[-1]
    expected = 2 * (1 + momentum) / ((1 + 2 * momentum) if nesterov else 1) / lam
    crit = neuron.stability(DATA, neuron.Momentum(1e-4, momentum, nesterov=nesterov))
    assert crit.critical_learning_rate == pytest.approx(expected, rel=1e-12)
    for margin, verdict in ((-1e-3, "oscillates"), (1e-3, "diverges")):
        opt = neuron.Momentum(expected * (1 + margin), momentum, nesterov=nesterov)
        assert neuron.stability(DATA, opt).verdict == verdict
        ratio, blew = final_over_first(opt, 40_000)
        # Below: the error shrinks, if slowly; above: it grows without bound.
        assert (blew is None and ratio < 1) if margin < 0 else (blew is not None or ratio > 1)
    at = neuron.Momentum(expected, momentum, nesterov=nesterov)
    assert neuron.stability(DATA, at).verdict == "edge"


def step_matrix(rate, momentum, nesterov, lam):
    """The (error, velocity) update along one direction, from the update rules."""
    if nesterov:
        return np.array([[1 - rate * lam * (1 + momentum), -rate * momentum**2], [lam, momentum]])
    return np.array([[1 - rate * lam, -rate * momentum], [lam, momentum]])


@settings(max_examples=30, deadline=None)
@given(
    fraction=st.floats(0.01, 1.5),
    momentum=st.floats(0.0, 0.999),
    nesterov=st.booleans(),
    width=st.integers(2, 120),
)
def test_property_radii_are_the_spectral_radii_of_the_step_matrix(
    fraction, momentum, nesterov, width
):
    d = neuron.make_dataset(-20, -20 + width)
    shape = neuron.bowl(d)
    probe = neuron.Momentum(1e-4, momentum, nesterov=nesterov)
    rate = fraction * neuron.stability(d, probe).critical_learning_rate
    s = neuron.stability(d, neuron.Momentum(rate, momentum, nesterov=nesterov))
    for i, lam in enumerate(shape.curvatures):
        roots = np.linalg.eigvals(step_matrix(rate, momentum, nesterov, lam))
        assert s.radii[i] == pytest.approx(np.max(np.abs(roots)), rel=1e-6, abs=1e-9)
        rings = np.any(np.abs(roots.imag) > 1e-9) or roots[np.argmax(np.abs(roots))].real < 0
        if abs(np.abs(roots[0]) - np.abs(roots[1])) > 1e-6 and np.all(np.abs(roots.imag) > 1e-6):
            assert s.overshoots[i]
        elif np.all(np.abs(roots.imag) == 0) and abs(roots.real.max() + roots.real.min()) > 1e-6:
            assert s.overshoots[i] == rings
    assume(abs(fraction - 1) > 1e-6)
    assert (s.verdict == "diverges") == (fraction > 1)


def test_stability_grid_equals_stability_at_every_point():
    rates = np.geomspace(1e-5, 5e-3, 9)
    momenta = [0.0, 0.3, 0.9, 0.99]
    for nesterov in (False, True):
        grid = neuron.stability_grid(DATA, rates, momenta, nesterov=nesterov)
        assert grid.shape == (4, 9)
        for i, mu in enumerate(momenta):
            for j, rate in enumerate(rates):
                opt = neuron.Momentum(float(rate), mu, nesterov=nesterov)
                assert grid[i, j] == neuron.stability(DATA, opt).verdict


def test_zero_momentum_is_plain_gradient_descent():
    for rate in (1e-4, 0.0009, 0.0015):
        plain = neuron.stability(DATA, rate)
        heavy = neuron.stability(DATA, neuron.Momentum(rate, 0.0))
        assert heavy.verdict == plain.verdict
        np.testing.assert_allclose(heavy.radii, plain.radii, rtol=1e-15)


def test_adam_has_no_closed_form_verdict():
    s = neuron.stability(DATA, neuron.Adam(0.1))
    assert s.verdict is None and s.critical_learning_rate is None
    assert s.fraction_of_critical is None and np.all(np.isnan(s.radii))


def test_invalid_arguments_are_named():
    with pytest.raises(ValueError, match="learning_rate"):
        neuron.stability(DATA, 0)
    with pytest.raises(ValueError, match="momentum"):
        neuron.stability_grid(DATA, [1e-4], [1.5])
    with pytest.raises(ValueError, match="learning_rate"):
        neuron.stability_grid(DATA, [-1.0], [0.5])


@settings(max_examples=50, deadline=None)
@given(start=st.integers(-100, 100), width=st.integers(2, 150), fraction=st.floats(0.01, 3))
def test_property_step_factors_match_one_training_step(start, width, fraction):
    # Starting on an eigenvector, one step must multiply the error by its factor.
    d = neuron.make_dataset(start, start + width)
    shape = neuron.bowl(d)
    rate = fraction * shape.critical_learning_rate
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
    assert math.isclose(s.critical_learning_rate, 2 / shape.curvatures[1])
