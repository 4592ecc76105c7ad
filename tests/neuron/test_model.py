"""forward, backward, update: the article's three steps, checked from outside."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import neuron
from tests.reference import python_loss

DATA = neuron.make_dataset()
reals = st.floats(-100, 100, allow_nan=False)


def test_forward_is_the_line_and_the_mean_squared_error():
    f = neuron.forward(0.8, 3.0, DATA.celsius, DATA.fahrenheit)
    np.testing.assert_array_equal(f.output, [c * 0.8 + 3.0 for c in range(-50, 50)])
    assert f.loss == pytest.approx(
        python_loss(0.8, 3.0, range(-50, 50), [c * 9 / 5 + 32 for c in range(-50, 50)])
    )


def test_the_articles_worked_example_42_celsius():
    # One sample, 42 °C ↔ 107.6 °F: loss = (107.6 − (42 w + b))², by hand.
    w, b = 0.8, 0.1
    f = neuron.forward(w, b, [42.0], [107.6])
    assert f.loss == pytest.approx((107.6 - (42 * w + b)) ** 2)
    g = neuron.backward([42.0], [107.6], f.output)
    assert g.output[0] == pytest.approx(2 * (42 * w + b - 107.6))
    assert g.weight == pytest.approx(2 * (42 * w + b - 107.6) * 42)
    assert g.bias == pytest.approx(2 * (42 * w + b - 107.6))


def central_difference(w, b, dataset, h=1e-5):
    def loss(w_, b_):
        return neuron.forward(w_, b_, dataset.celsius, dataset.fahrenheit).loss

    return (
        (loss(w + h, b) - loss(w - h, b)) / (2 * h),
        (loss(w, b + h) - loss(w, b - h)) / (2 * h),
    )


@given(w=reals, b=reals)
def test_gradients_equal_central_finite_differences(w, b):
    f = neuron.forward(w, b, DATA.celsius, DATA.fahrenheit)
    g = neuron.backward(DATA.celsius, DATA.fahrenheit, f.output)
    dw, db = central_difference(w, b, DATA)
    # The loss is quadratic, so the central difference is exact up to rounding.
    assert g.weight == pytest.approx(dw, rel=1e-6, abs=1e-3)
    assert g.bias == pytest.approx(db, rel=1e-6, abs=1e-3)


def test_weight_gradient_multiplies_by_the_input_not_the_output():
    # The article's published code sums ∂loss/∂output · output; finite differences
    # say the input is right.
    w, b = 0.5, 0.5
    f = neuron.forward(w, b, DATA.celsius, DATA.fahrenheit)
    g = neuron.backward(DATA.celsius, DATA.fahrenheit, f.output)
    wrong = float(np.sum(g.output * f.output))
    dw, _ = central_difference(w, b, DATA)
    assert g.weight == pytest.approx(dw, rel=1e-6)
    assert wrong != pytest.approx(dw, rel=1e-2)


def test_update_steps_against_the_gradient():
    g = neuron.Gradients(np.zeros(1), weight=-200.0, bias=4.0)
    p = neuron.update(1.0, 2.0, g, 0.01)
    assert (p.weight, p.bias) == pytest.approx((3.0, 1.96))


def test_predict_accepts_numbers_and_arrays():
    assert neuron.predict(1.8, 32, 100) == pytest.approx(212)
    np.testing.assert_allclose(neuron.predict(1.8, 32, [-40, 0]), [-40, 32])
