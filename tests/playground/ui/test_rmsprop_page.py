"""RMSProp on the page, added as one registry entry: the control, links, the
comparison, the Math view and the words, each held to PyTorch's update written out."""

import numpy as np
import pytest

import neuron
from neuron.parameters import DEFAULT_START
from playground.compute.worked import tex_number
from playground.core.text import Text
from tests.helpers import chart_with, numbers, verdict
from tests.reference import rmsprop_loop

W0, B0 = DEFAULT_START
ARTICLE = neuron.make_dataset()
EN, ES = Text("en"), Text("es")


def loop(rate, alpha, iterations):
    return rmsprop_loop(
        ARTICLE, learning_rate=rate, alpha=alpha, iterations=iterations, start=(W0, B0)
    )


def test_a_link_picks_rmsprop_and_its_alpha_and_the_sidebar_shows_only_alpha(app):
    at = app(optimizer="rmsprop", alpha="0.9", lr="0.05", iterations="300")
    assert not at.exception
    assert at.selectbox(key="optimizer").value == "rmsprop"
    assert at.number_input(key="alpha").value == pytest.approx(0.9)
    keys = {n.key for n in at.number_input}
    assert "alpha" in keys and not keys & {"momentum", "beta1", "beta2"}
    assert at.query_params["optimizer"] == "rmsprop" and at.query_params["alpha"] == "0.9"


def test_the_verdict_says_rmsprop_is_read_off_its_run_and_its_numbers_are_the_loops(app):
    # at a calm rate: at 0.05 RMSProp jitters about the optimum and the page shows a band
    at = app(optimizer="rmsprop", alpha="0.9", lr="0.001", iterations="300")
    assert verdict(at) == "RMSProp"
    history, diverged_at = loop(0.001, 0.9, 300)
    assert diverged_at is None
    weight, bias, _ = numbers(at)
    assert weight == pytest.approx(history["weights"][-1], rel=1e-3)
    assert bias == pytest.approx(history["biases"][-1], rel=1e-3)


def test_a_bad_alpha_in_a_link_is_noted_and_the_rest_applies(app):
    at = app(optimizer="rmsprop", alpha="1.5", lr="0.05")
    warning = next(w.value for w in at.warning if "This link had values" in w.value)
    assert "`alpha=1.5`" in warning
    assert at.selectbox(key="optimizer").value == "rmsprop"


def test_the_comparison_draws_rmsprop_as_its_literal_loop(app):
    at = app(view="training", compare="rmsprop", lr="0.0009", iterations="300")
    assert not at.exception
    _, curves = chart_with(at, "iteration", "loss", "series", "blew_up")
    assert "RMSProp" in set(curves["series"])
    history, _ = loop(0.0009, 0.99, 300)
    drawn = curves[curves["series"] == "RMSProp"]
    np.testing.assert_allclose(
        drawn["loss"], np.maximum(history["losses"][drawn["iteration"]], 1e-30), rtol=1e-9
    )


def test_the_rates_view_says_rmsprop_has_no_map(app):
    at = app(view="rates", optimizer="rmsprop", iterations="200")
    assert not at.exception
    assert any("RMSProp has no closed-form verdict" in i.value for i in at.info)
    with pytest.raises(AssertionError):
        chart_with(at, "at_rate", "at_momentum", "verdict")


def test_the_math_view_works_rmsprops_update_as_the_loop_does(app):
    at = app(view="math", optimizer="rmsprop", alpha="0.9", lr="0.2", iterations="50", step="3")
    assert not at.exception
    history, _ = loop(0.2, 0.9, 5)
    g = np.stack([history["weight_gradients"], history["bias_gradients"]], axis=1)
    v3 = 0.1 * (0.9**2 * g[0] ** 2 + 0.9 * g[1] ** 2 + g[2] ** 2)  # after 3 updates
    v4 = 0.9 * v3 + 0.1 * g[3] ** 2
    p4 = (history["weights"][4], history["biases"][4])
    latex = "\n".join(e.value for e in at.latex)
    for value in (*v3, *v4, *p4):
        assert tex_number(EN, value) in latex
    assert any("Update, with RMSProp" in m.value for m in at.markdown)


def test_rmsprop_speaks_spanish(app):
    at = app(optimizer="rmsprop", lang="es", view="rates", iterations="200")
    assert not at.exception
    assert verdict(at) == "RMSProp"
    assert any("RMSProp no tiene un veredicto" in i.value for i in at.info)
