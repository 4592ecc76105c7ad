"""Optimizers and recorded runs: closed forms and the loops of Adam and RMSProp against a
literal loop; the registry that names them."""

import tracemalloc
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import neuron
from neuron.closed_form import Path
from neuron.optimizers import REGISTRY
from neuron.parameters import BY_NAME, OPTIMIZERS
from tests.reference import FIELDS, assert_history_matches, literal_loop

DATA = neuron.make_dataset()
NOISY = neuron.make_dataset(-20, 60, noise=4.0, seed=2)
START = dict(initial_weight=0.5, initial_bias=0.5)


def both(dataset, optimizer, iterations, **start):
    kwargs = dict(iterations=iterations, **start)
    run = neuron.train(dataset, optimizer=optimizer, **kwargs)
    return run, *literal_loop(dataset, optimizer=optimizer, **kwargs)


def test_update_rules_by_hand():
    p, g = np.array([1.0, 2.0]), np.array([10.0, -4.0])
    gd = neuron.GradientDescent(0.1)
    np.testing.assert_allclose(gd.step(p, g, gd.init(p))[0], [0.0, 2.4])
    heavy = neuron.Momentum(0.1, 0.5)
    p1, v1 = heavy.step(p, g, heavy.init(p))
    p2, v2 = heavy.step(p1, g, v1)
    np.testing.assert_allclose(v2, 1.5 * g)  # v ← μ v + g
    np.testing.assert_allclose(p2, p - 0.1 * g - 0.1 * 1.5 * g)
    nesterov = neuron.Momentum(0.1, 0.5, nesterov=True)
    p1, v1 = nesterov.step(p, g, nesterov.init(p))
    np.testing.assert_allclose(p1, p - 0.1 * (g + 0.5 * g))  # p ← p − η (g + μ v)
    adam = neuron.Adam(0.1)
    p1, (t, _, _) = adam.step(p, g, adam.init(p))
    # After one step m̂ = g and v̂ = g², so each parameter moves by η sign(g).
    np.testing.assert_allclose(p1, p - 0.1 * np.sign(g), rtol=1e-6)
    assert t == 1


def test_names_and_the_factory():
    assert neuron.GradientDescent(1e-3).name == "gd"
    assert neuron.Momentum(1e-3).name == "momentum"
    assert neuron.Momentum(1e-3, nesterov=True).name == "nesterov"
    assert neuron.Adam(1e-3).name == "adam"
    assert neuron.RMSProp(1e-3).name == "rmsprop"
    for name in ("gd", "momentum", "nesterov", "adam", "rmsprop"):
        opt = neuron.optimizer(name, 2e-3, momentum=0.8, beta1=0.7, beta2=0.99, alpha=0.9)
        assert opt.name == name and opt.learning_rate == 2e-3
    assert neuron.optimizer("nesterov", 1e-3, momentum=0.8).momentum == 0.8
    assert neuron.optimizer("adam", 1e-3, beta2=0.99).beta2 == 0.99
    assert neuron.optimizer("rmsprop", 1e-3, alpha=0.9) == neuron.RMSProp(1e-3, alpha=0.9)
    assert neuron.optimizer("rmsprop", 1e-3) == neuron.RMSProp(1e-3, 0.99, 1e-8)


def test_the_registry_names_every_optimizer_once_with_what_it_can_do():
    assert tuple(REGISTRY) == OPTIMIZERS == BY_NAME["optimizer"].choices
    expected = {
        "gd": (neuron.GradientDescent, (), True, "quadratic"),
        "momentum": (neuron.Momentum, ("momentum",), True, "momentum"),
        "nesterov": (neuron.Momentum, ("momentum",), True, "momentum"),
        "adam": (neuron.Adam, ("beta1", "beta2"), False, None),
        "rmsprop": (neuron.RMSProp, ("alpha",), False, None),
    }
    shape = neuron.bowl(DATA)
    for name, entry in REGISTRY.items():
        assert (entry.cls, entry.hyper_parameters, entry.closed_form, entry.stability) == (
            expected[name]
        )
        built = neuron.optimizer(name, 1e-3)
        assert built.name == name and type(built) is entry.cls
        for hyper in entry.hyper_parameters:  # one name in the table, in links and in the class
            assert BY_NAME[hyper].link == hyper
            assert getattr(built, hyper) == BY_NAME[hyper].default
        if entry.closed_form:
            Path(shape, built, np.zeros(2))
        else:
            with pytest.raises(TypeError, match="no closed form"):
                Path(shape, built, np.zeros(2))
            assert built.walk(DATA, shape, (0.5, 0.5), 3).final != (0.5, 0.5)
        verdict = neuron.stability(DATA, built).verdict
        assert (verdict is None) == (entry.stability is None)


@pytest.mark.parametrize(
    ("build", "name"),
    [
        (lambda: neuron.GradientDescent(0), "learning_rate"),
        (lambda: neuron.Momentum(1e-3, momentum=1.0), "momentum"),
        (lambda: neuron.Momentum(1e-3, momentum=-0.1), "momentum"),
        (lambda: neuron.Momentum(1e-3, nesterov="yes"), "nesterov"),
        (lambda: neuron.Adam(1e-3, beta1=1.0), "beta1"),
        (lambda: neuron.Adam(1e-3, beta2=1.0), "beta2"),
        (lambda: neuron.Adam(1e-3, epsilon=0.0), "epsilon"),
        (lambda: neuron.RMSProp(1e-3, alpha=1.0), "alpha"),
        (lambda: neuron.RMSProp(1e-3, alpha=-0.5), "alpha"),
        (lambda: neuron.RMSProp(1e-3, epsilon=-1e-8), "epsilon"),
        (lambda: neuron.RMSProp(0.0), "learning_rate"),
        (lambda: neuron.optimizer("sgd", 1e-3), "optimizer"),
        (lambda: neuron.optimizer("rmsprop", 1e-3, alpha=2.0), "alpha"),
        (lambda: neuron.optimizer("rmsprop", 1e-3, gamma=0.5), "gamma"),
        (lambda: neuron.train(DATA, optimizer="adam", iterations=1, **START), "optimizer"),
        (lambda: neuron.train(DATA, iterations=1, **START), "exactly one"),
        (
            lambda: neuron.train(
                DATA, optimizer=neuron.Adam(1e-3), learning_rate=1e-3, iterations=1, **START
            ),
            "exactly one",
        ),
        (
            lambda: neuron.train(DATA, learning_rate=1e-3, iterations=5, record=[0.5], **START),
            "record",
        ),
    ],
)
def test_bad_hyper_parameters_raise_value_error_naming_them(build, name):
    with pytest.raises(ValueError, match=name):
        build()


@pytest.mark.parametrize(
    ("optimizer", "iterations"),
    [
        (neuron.Momentum(1e-4, 0.9), 3000),  # real roots along the bias, complex along the weight
        (neuron.Momentum(0.0009, 0.5), 2000),
        (neuron.Momentum(0.0005, 0.9, nesterov=True), 2000),
        (neuron.Momentum(0.004, 0.9), 1000),  # diverges
        (neuron.Momentum(0.0021, 0.9, nesterov=True), 1000),
        (neuron.Adam(0.05), 2000),
        # Rattling around the optimum, Adam amplifies rounding (chaotically):
        # held to the loop while its steps still head for the optimum.
        (neuron.Adam(0.5, beta1=0.5, beta2=0.9), 100),
        (neuron.RMSProp(0.01), 600),  # the same holds for RMSProp: see tests/test_rmsprop.py
        (neuron.RMSProp(0.002, alpha=0.999), 2000),
    ],
)
def test_each_optimizer_equals_the_literal_loop(optimizer, iterations):
    # Loops (Adam, RMSProp): 1e-6, see test_property_adam_equals_the_loop.
    tol = (1e-9, 1e-12) if optimizer.closed_form else (1e-6, 1e-6)
    for dataset in (DATA, NOISY):
        run, history, diverged_at = both(dataset, optimizer, iterations, **START)
        assert_history_matches(run, history, diverged_at, dataset, *tol)


def test_momentum_at_critical_damping_equals_the_loop():
    # Repeated roots along the flat direction: m² = μ exactly when a = (1 − √μ)².
    mu = 0.81
    rate = (1 - 0.9) ** 2 / neuron.bowl(DATA).curvatures[0]
    run, history, diverged_at = both(DATA, neuron.Momentum(rate, mu), 3000, **START)
    assert_history_matches(run, history, diverged_at, DATA)


datasets = st.builds(
    lambda start, width, noise, seed: neuron.make_dataset(
        start, start + width, noise=noise, seed=seed
    ),
    st.integers(-100, 100),
    st.integers(2, 60),
    st.floats(0, 10),
    st.integers(0, 99),
)


@settings(max_examples=30, deadline=None)
@given(
    dataset=datasets,
    fraction=st.floats(1e-3, 1.3),
    momentum=st.floats(0, 0.99),
    nesterov=st.booleans(),
    w0=st.floats(-10, 10),
    b0=st.floats(-50, 50),
)
def test_property_momentum_equals_the_loop_anywhere(dataset, fraction, momentum, nesterov, w0, b0):
    probe = neuron.Momentum(1e-4, momentum, nesterov=nesterov)
    rate = fraction * neuron.stability(dataset, probe).critical_learning_rate
    opt = neuron.Momentum(rate, momentum, nesterov=nesterov)
    run, history, diverged_at = both(dataset, opt, 150, initial_weight=w0, initial_bias=b0)
    assert_history_matches(run, history, diverged_at, dataset)


@settings(max_examples=15, deadline=None)
@given(
    dataset=st.builds(
        lambda start, width, noise, seed: neuron.make_dataset(
            start, start + width, noise=noise, seed=seed
        ),
        st.integers(-100, 100),
        st.integers(5, 60),
        st.floats(0, 10),
        st.integers(0, 99),
    ),
    rate=st.floats(1e-3, 0.1),
    beta1=st.floats(0.5, 0.99),
    beta2=st.floats(0.9, 0.9999),
    w0=st.floats(-10, 10),
    b0=st.floats(-50, 50),
)
def test_property_adam_equals_the_loop(dataset, rate, beta1, beta2, w0, b0):
    opt = neuron.Adam(rate, beta1, beta2)
    run, history, diverged_at = both(dataset, opt, 100, initial_weight=w0, initial_bias=b0)
    # The loop's gradients are sums over samples, the engine's H (θ − θ*):
    # the same up to rounding, relative to the terms summed, which Adam's
    # division by the gradient's own size turns into relative differences
    # of the steps. Hence 1e-6 (of each value, or of the magnitudes the loop
    # sums to get it), runs of modest length, and data of five or more
    # temperatures, where the valley is not too narrow.
    assert_history_matches(run, history, diverged_at, dataset, rtol=1e-6, floor=1e-6)


@pytest.mark.parametrize(
    "optimizer",
    [
        neuron.GradientDescent(1e-4),
        neuron.GradientDescent(0.0015),
        neuron.Momentum(1e-4, 0.9),
        neuron.Momentum(0.004, 0.9),
        neuron.Momentum(0.0005, 0.99, nesterov=True),
        neuron.Adam(0.05),
        neuron.RMSProp(0.01),
    ],
)
def test_recorded_rows_equal_the_full_history(optimizer):
    full = neuron.train(DATA, optimizer=optimizer, iterations=5000, **START)
    wanted = [3, 17, 17, 400, 2500, 4999, 9000, -4]
    part = neuron.train(DATA, optimizer=optimizer, iterations=5000, record=wanted, **START)
    assert part.diverged_at == full.diverged_at and part.last == full.last
    expected = np.union1d(np.clip(wanted, 0, 5000), [0, full.last, 5000])
    np.testing.assert_array_equal(part.steps, expected)
    for name in FIELDS:
        np.testing.assert_allclose(
            getattr(part, name), getattr(full, name)[part.steps], rtol=1e-12, atol=1e-12
        )
    row = part.at(17)
    assert row.loss == full.losses[17] and row.weight == full.weights[17]
    with pytest.raises(ValueError, match="not recorded"):
        part.at(18)


def test_a_callable_record_spreads_points_over_the_finite_part():
    asked = []

    def spread(last):
        asked.append(last)
        return np.linspace(0, last, 50).astype(int)

    run = neuron.train(DATA, learning_rate=0.0015, iterations=1_000_000, record=spread, **START)
    assert asked == [run.last] and run.diverged_at == 860
    assert np.all(np.isfinite(run.losses[run.steps <= run.last]))
    assert run.steps[-1] == 1_000_000 and np.isnan(run.losses[-1])
    assert np.sum(run.steps <= run.last) >= 50


def test_a_recorded_million_is_small_and_fast_to_hold():
    tracemalloc.start()
    run = neuron.train(
        DATA,
        optimizer=neuron.Momentum(1e-4, 0.9),
        iterations=1_000_000,
        record=np.append(np.linspace(0, 1_000_000, 2000).astype(int), 200_000),
        **START,
    )
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert run.steps.size <= 2004 and peak < 2**20
    full = neuron.train(DATA, optimizer=neuron.Momentum(1e-4, 0.9), iterations=200_000, **START)
    np.testing.assert_allclose(run.at(200_000).bias, full.biases[-1], rtol=1e-12)


def test_columns_is_the_one_history_table():
    run = neuron.train(DATA, learning_rate=1e-4, iterations=10, record=[4], **START)
    table = run.columns()
    assert list(table) == [
        "iteration",
        "weight",
        "bias",
        "loss",
        "weight_gradient",
        "bias_gradient",
    ]
    np.testing.assert_array_equal(table["iteration"], [0, 4, 10])
    np.testing.assert_array_equal(table["loss"], run.losses)
    assert run.learning_rate == 1e-4 and run.optimizer.name == "gd"
    assert (run.start.weight, run.start.bias) == (0.5, 0.5)


def test_adam_from_a_start_that_overflows_diverges_at_step_zero():
    opt = neuron.Adam(0.1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run, _, diverged_at = both(DATA, opt, 10, initial_weight=1e200, initial_bias=0)
    assert diverged_at == 0 and run.diverged_at == 0 and run.last == -1
    assert np.all(np.isnan(run.losses))


def test_adam_calls_a_callable_record_once_even_when_it_cannot_rule_out_blowing_up():
    asked = []
    opt = neuron.Adam(0.1, beta1=0.9, beta2=0.0)  # no bound on its steps: runs to find out

    def spread(last):
        asked.append(last)
        return [last // 2]

    run = neuron.train(DATA, optimizer=opt, iterations=3000, record=spread, **START)
    full = neuron.train(DATA, optimizer=opt, iterations=3000, **START)
    assert asked == [3000]
    np.testing.assert_array_equal(run.steps, [0, 1500, 3000])
    np.testing.assert_allclose(run.weights, full.weights[run.steps], rtol=1e-15)
