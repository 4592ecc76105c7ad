"""RMSProp against PyTorch: its documented update written out, its float64 numbers,
and the slope of the loss by finite differences."""

import json
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import neuron
from neuron.learning import RESOLUTION
from tests.reference import (
    assert_history_matches,
    crossings_of,
    learned_from,
    literal_loop,
    rmsprop_loop,
)

DATA = neuron.make_dataset()
NOISY = neuron.make_dataset(-20, 60, noise=4.0, seed=2)
START = dict(initial_weight=0.637, initial_bias=0.2698)
TORCH = json.loads((Path(__file__).parent / "data" / "rmsprop_torch.json").read_text())

# Settings and lengths that stop before the weight rattles around its optimum:
# there RMSProp divides each step by the gradient's own size, so rounding
# (sums over samples against the engine's H (θ − θ*)) decides the path.
RUNS = [
    (neuron.RMSProp(0.01), 600),
    (neuron.RMSProp(0.001, 0.99), 2000),
    (neuron.RMSProp(0.002, alpha=0.999), 3000),
    (neuron.RMSProp(0.1, alpha=0.5), 300),
    # A limit cycle that rounding does not unsettle: the bias rings at ±0.25.
    (neuron.RMSProp(0.5, alpha=0.9), 3000),
    (neuron.RMSProp(0.05, alpha=0.0), 300),  # v = g²: each step is η sign(g)
]


def run_of(opt, iterations, dataset=DATA, **kwargs):
    return neuron.train(dataset, optimizer=opt, iterations=iterations, **START, **kwargs)


def test_one_step_by_hand():
    opt = neuron.RMSProp(0.1, alpha=0.75)
    p, g = np.array([1.0, 2.0]), np.array([10.0, -4.0])
    p1, v1 = opt.step(p, g, opt.init(p))
    np.testing.assert_array_equal(v1, 0.25 * g * g)  # v ← α·0 + (1 − α) g²
    # √v = |g| / 2, so the first update moves each parameter by 2 η sign(g).
    np.testing.assert_allclose(p1, p - 0.2 * np.sign(g), rtol=1e-8)
    p2, v2 = opt.step(p1, g, v1)
    np.testing.assert_allclose(v2, (0.75 * 0.25 + 0.25) * g * g)
    np.testing.assert_allclose(p2 - p1, -0.1 * np.sign(g) / np.sqrt(0.4375), rtol=1e-8)


@pytest.mark.parametrize(("opt", "iterations"), RUNS)
def test_train_equals_pytorchs_documented_update_written_out(opt, iterations):
    history, diverged_at = rmsprop_loop(
        DATA,
        learning_rate=opt.learning_rate,
        alpha=opt.alpha,
        iterations=iterations,
        start=(START["initial_weight"], START["initial_bias"]),
    )
    assert_history_matches(run_of(opt, iterations), history, diverged_at, DATA)


@pytest.mark.parametrize(("opt", "iterations"), RUNS)
def test_the_literal_step_equals_the_update_written_out(opt, iterations):
    history, diverged_at = literal_loop(DATA, optimizer=opt, iterations=iterations, **START)
    written, at = rmsprop_loop(
        DATA,
        learning_rate=opt.learning_rate,
        alpha=opt.alpha,
        iterations=iterations,
        start=(START["initial_weight"], START["initial_bias"]),
    )
    assert diverged_at == at
    for name, column in history.items():
        np.testing.assert_allclose(column, written[name], rtol=1e-9, atol=1e-9, err_msg=name)


def finite_difference(w, b, h=1e-4):
    """Central differences of the loss from ``forward``: exact for a quadratic, up to rounding."""

    def loss(w, b):
        return neuron.forward(w, b, DATA.celsius, DATA.fahrenheit).loss

    return (loss(w + h, b) - loss(w - h, b)) / (2 * h), (loss(w, b + h) - loss(w, b - h)) / (2 * h)


def test_the_gradient_it_follows_is_the_slope_of_the_loss():
    opt = neuron.RMSProp(0.01)
    run = run_of(opt, 500, record=[1, 7, 60, 250])
    for i in range(run.steps.size):
        slope = finite_difference(run.weights[i], run.biases[i])
        scale = 1e-7 * max(abs(run.weight_gradients[0]), 1.0)
        np.testing.assert_allclose(run.weight_gradients[i], slope[0], rtol=1e-7, atol=scale)
        np.testing.assert_allclose(run.bias_gradients[i], slope[1], rtol=1e-7, atol=scale)
    # The first update divides the slope by √v = √(1 − α) |slope|: a step of η / √0.01.
    gw, gb = finite_difference(*START.values())
    one = run_of(opt, 1)
    np.testing.assert_allclose(
        [one.weights[1] - one.weights[0], one.biases[1] - one.biases[0]],
        -0.01 * np.array([gw, gb]) / (np.sqrt(0.01 * np.array([gw * gw, gb * gb])) + 1e-8),
        rtol=1e-9,
    )


@pytest.mark.parametrize(
    "reference", TORCH["runs"], ids=lambda r: f"{r['learning_rate']}-{r['alpha']}"
)
def test_train_equals_torch_in_float64(reference):
    assert TORCH["start"] == list(START.values()) and TORCH["epsilon"] == 1e-8
    rows = np.array(reference["rows"])
    steps = rows[:, 0].astype(int)
    opt = neuron.RMSProp(reference["learning_rate"], alpha=reference["alpha"])
    run = run_of(opt, int(steps[-1]), record=steps)
    np.testing.assert_array_equal(run.steps, steps)
    for column, name in enumerate(("weights", "biases", "losses"), start=1):
        np.testing.assert_allclose(getattr(run, name), rows[:, column], rtol=1e-12, err_msg=name)
    history, _ = rmsprop_loop(
        DATA,
        learning_rate=opt.learning_rate,
        alpha=opt.alpha,
        iterations=int(steps[-1]),
        start=tuple(TORCH["start"]),
    )
    for column, name in enumerate(("weights", "biases", "losses"), start=1):
        np.testing.assert_allclose(history[name][steps], rows[:, column], rtol=1e-12)


def test_the_torch_reference_is_small_and_covers_the_defaults():
    path = Path(__file__).parent / "data" / "rmsprop_torch.json"
    assert path.stat().st_size < 20_000
    settings_ = {(r["learning_rate"], r["alpha"]) for r in TORCH["runs"]}
    assert (0.01, 0.99) in settings_ and any(alpha == 0 for _, alpha in settings_)


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
    alpha=st.floats(0.5, 0.999),
    w0=st.floats(-10, 10),
    b0=st.floats(-50, 50),
)
def test_property_rmsprop_equals_the_update_written_out(dataset, rate, alpha, w0, b0):
    opt = neuron.RMSProp(rate, alpha)
    run = neuron.train(dataset, optimizer=opt, iterations=40, initial_weight=w0, initial_bias=b0)
    history, diverged_at = rmsprop_loop(
        dataset, learning_rate=rate, alpha=alpha, iterations=40, start=(w0, b0)
    )
    # As for Adam (test_property_adam_equals_the_loop): dividing by the
    # gradient's own size turns rounding in the gradient into relative
    # differences of the steps, so 1e-6 over a short run.
    assert_history_matches(run, history, diverged_at, dataset, rtol=1e-6, floor=1e-6)


def test_it_has_no_closed_form_verdict():
    s = neuron.stability(DATA, neuron.RMSProp(0.1))
    assert s.verdict is None and s.critical_learning_rate is None
    assert s.fraction_of_critical is None and s.overshoots is None
    assert np.all(np.isnan(s.radii)) and np.all(np.isnan(s.step_factors))


def test_learning_and_crossings_are_read_from_its_run():
    opt = neuron.RMSProp(0.01)
    n = 20_000
    learned = neuron.iterations_to_learn(DATA, optimizer=opt, **START, horizon=n)
    run = run_of(opt, n)
    shape = neuron.bowl(DATA)
    limits = 0.01 * np.maximum(np.abs(shape.optimum), 1.0)
    errors = np.stack([run.weights, run.biases], axis=1) - shape.optimum
    for i in (0, 1):
        assert learned[i] == learned_from(errors[:, i], limits[i])
    # Each parameter steps about η whatever its curvature: the bias, 32 away, takes longer.
    assert 0 < learned.weight < learned.bias < n
    found = neuron.crossings(DATA, optimizer=opt, iterations=n, **START)
    res = RESOLUTION * np.maximum(np.abs(shape.optimum), 1.0)
    assert found.weight == crossings_of(errors[:, 0], res[0])
    assert found.bias == crossings_of(errors[:, 1], res[1])


def test_from_a_start_that_overflows_it_diverges_at_step_zero():
    opt = neuron.RMSProp(0.1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = neuron.train(
            DATA, optimizer=opt, iterations=10, initial_weight=1e200, initial_bias=0
        )
        history, diverged_at = literal_loop(
            DATA, optimizer=opt, iterations=10, initial_weight=1e200, initial_bias=0
        )
    assert diverged_at == 0 and run.diverged_at == 0 and run.last == -1
    assert np.all(np.isnan(run.losses)) and history["losses"].size == 0


def test_steps_too_short_to_overflow_skip_the_guard_and_the_second_pass():
    # |step| ≤ η / √(1 − α) per parameter: a million steps of 0.1 / √0.01 stay finite.
    opt = neuron.RMSProp(0.1)
    shape = neuron.bowl(DATA)
    assert opt.cannot_diverge(DATA, shape, list(START.values()), 1_000_000)
    assert not opt.cannot_diverge(DATA, shape, [1e155, 0.0], 10)
    asked = []

    def half(last):
        asked.append(last)
        return [last // 2]

    run = run_of(opt, 400, record=half)
    assert asked == [400]
    np.testing.assert_array_equal(run.steps, [0, 200, 400])


def test_near_the_overflow_the_guard_stops_exactly_where_the_loop_does():
    # Steps of at most 10 / √(1 − α) ≈ 3162 head downhill, so a start just
    # inside the overflow stays finite and one just outside stops at once;
    # both sit where the bowl's envelope defers to ``forward``.
    opt = neuron.RMSProp(10.0, alpha=0.99999)
    shape = neuron.bowl(DATA)
    limit = np.finfo(float).max / len(DATA)
    for side in (1 - 1e-7, 1 + 1e-7):
        for sign in (1, -1):
            w0 = 1.8 + sign * np.sqrt(2 * limit * side / shape.hessian[0, 0])
            start = dict(initial_weight=w0, initial_bias=32.0)
            assert not opt.cannot_diverge(DATA, shape, [w0, 32.0], 20)
            run = neuron.train(DATA, optimizer=opt, iterations=20, **start)
            history, diverged_at = literal_loop(DATA, optimizer=opt, iterations=20, **start)
            if side > 1:
                assert run.diverged_at == diverged_at == 0 and np.all(np.isnan(run.losses))
                continue
            assert run.diverged_at is diverged_at is None
            assert_history_matches(run, history, diverged_at, DATA, rtol=1e-12, floor=0)


def test_the_command_line_runs_rmsprop_as_the_loop_does(capsys):
    from neuron import cli

    code = cli.main(["--optimizer", "rmsprop", "--alpha", "0.9", "--learning-rate", "0.001",
                     "--iterations", "300", "--json"])  # fmt: skip
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    history, _ = rmsprop_loop(
        neuron.make_dataset(),
        learning_rate=0.001,
        alpha=0.9,
        iterations=300,
        start=(0.637, 0.2698),
    )
    # at a calm rate: at 0.05 RMSProp hovers, and rounding alone moves it by 1e-7
    assert out["weight"] == pytest.approx(history["weights"][-1], rel=1e-12)
    assert out["bias"] == pytest.approx(history["biases"][-1], rel=1e-12)
    assert out["loss"] == pytest.approx(history["losses"][-1], rel=1e-9)
