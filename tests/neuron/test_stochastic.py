"""Mini-batch SGD: a literal sampled loop, Monte Carlo over seeds, and the recursion
written out in plain floats, against train(batch_size=...) and expected_run."""

import math

import numpy as np
import pytest

import neuron
from tests.reference import FIELDS, literal_loop, literal_sgd

DATA = neuron.make_dataset()
NOISY = neuron.make_dataset(noise=3.0, seed=1)
OFFSET = neuron.make_dataset(-20, 60, noise=4.0, seed=2)
# A line cannot fit a curve: residuals that grow with x² make the e-terms of the
# recursion large, so the Monte Carlo test sees their sign.
_X = np.arange(-10.0, 30.0)
CURVED = neuron.Dataset(_X, 1.8 * _X + 32 + 0.05 * (_X - 5) ** 2)
START = dict(initial_weight=0.5, initial_bias=0.5)


def optimum(dataset):
    w, b = np.polyfit(dataset.celsius, dataset.fahrenheit, 1)
    return float(w), float(b)


def literal_recursion(dataset, rate, batch, w0, b0, n):
    """The moment recursion as the brief states it, in plain floats on (m, M).

    m' = (I − ηH) m
    M' = M − η(HM + MH) + η²[(4/B) mean((xᵀMx) x xᵀ) + (1 − 1/B) HMH]
         − 2η²(4/B) mean(e (xᵀm) x xᵀ) + η²(4/B) mean(e² x xᵀ)
    E[loss] = tr(mean(x xᵀ) M) + mean(e²). Returns lists of E[loss], E[w], E[b],
    std(w) and std(b) after 0 … n updates.
    """
    xs, ys = dataset.celsius.tolist(), dataset.fahrenheit.tolist()
    k = len(xs)
    ws, bs = optimum(dataset)
    es = [y - (ws * x + bs) for x, y in zip(xs, ys)]

    def mean(values):
        return sum(values) / k

    s1, s2, s3, s4 = (mean([x**p for x in xs]) for p in (1, 2, 3, 4))
    e0, e1, e2, e3 = (mean([e * x**p for x, e in zip(xs, es)]) for p in (0, 1, 2, 3))
    f0, f1, f2 = (mean([e * e * x**p for x, e in zip(xs, es)]) for p in (0, 1, 2))
    residual = mean([e * e for e in es])
    h = [[2 * s2, 2 * s1], [2 * s1, 2.0]]
    q = 4 / batch

    def mul(a, b):
        return [[sum(a[i][t] * b[t][j] for t in range(2)) for j in range(2)] for i in range(2)]

    mw, mb = w0 - ws, b0 - bs
    big = [[mw * mw, mw * mb], [mw * mb, mb * mb]]
    out = []
    for t in range(n + 1):
        loss = s2 * big[0][0] + 2 * s1 * big[0][1] + big[1][1] + residual
        var_w, var_b = big[0][0] - mw * mw, big[1][1] - mb * mb
        out.append((loss, mw + ws, mb + bs, math.sqrt(max(var_w, 0)), math.sqrt(max(var_b, 0))))
        if t == n:
            break
        hm, mh, hmh = mul(h, big), mul(big, h), mul(mul(h, big), h)
        a, c, d = big[0][0], big[0][1], big[1][1]
        # mean((xᵀMx) x xᵀ) and mean(e (xᵀm) x xᵀ), entry by entry from the moments
        fourth = [
            [a * s4 + 2 * c * s3 + d * s2, a * s3 + 2 * c * s2 + d * s1],
            [a * s3 + 2 * c * s2 + d * s1, a * s2 + 2 * c * s1 + d],
        ]
        cross = [[mw * e3 + mb * e2, mw * e2 + mb * e1], [mw * e2 + mb * e1, mw * e1 + mb * e0]]
        noise = [[f2, f1], [f1, f0]]
        big = [
            [
                big[i][j]
                - rate * (hm[i][j] + mh[i][j])
                + rate**2 * (q * fourth[i][j] + (1 - 1 / batch) * hmh[i][j])
                - 2 * rate**2 * q * cross[i][j]
                + rate**2 * q * noise[i][j]
                for j in range(2)
            ]
            for i in range(2)
        ]
        mw, mb = (
            mw - rate * (h[0][0] * mw + h[0][1] * mb),
            mb - rate * (h[1][0] * mw + h[1][1] * mb),
        )
    return [list(column) for column in zip(*out)]


def fields(run):
    return [run.loss, run.mean_weight, run.mean_bias, run.weight_std, run.bias_std]


@pytest.mark.parametrize(
    ("dataset", "rate", "batch", "n"),
    [
        (DATA, 1e-4, 1, 2000),
        (NOISY, 4e-4, 4, 2000),
        (OFFSET, 3e-4, 16, 2000),
        (OFFSET, 5e-4, 2, 300),
    ],
)
def test_expected_run_equals_the_literal_recursion(dataset, rate, batch, n):
    run = neuron.expected_run(dataset, learning_rate=rate, batch_size=batch, iterations=n, **START)
    reference = literal_recursion(dataset, rate, batch, 0.5, 0.5, n)
    for name, ours, theirs in zip(("loss", "w", "b", "w_std", "b_std"), fields(run), reference):
        theirs = np.array(theirs)
        np.testing.assert_allclose(
            ours, theirs, rtol=1e-7, atol=1e-9 * np.max(theirs), err_msg=name
        )


def test_expected_run_stays_exact_over_a_long_run():
    n = 100_000
    run = neuron.expected_run(NOISY, learning_rate=3e-4, batch_size=4, iterations=n, **START)
    reference = literal_recursion(NOISY, 3e-4, 4, 0.5, 0.5, n)
    np.testing.assert_allclose(run.loss, reference[0], rtol=1e-8)
    np.testing.assert_allclose(run.mean_bias, reference[2], rtol=1e-10)
    assert run.loss[-1] == pytest.approx(run.floor, rel=1e-9)


def sampled(dataset, rate, batch, seeds, steps, start):
    """Weights, biases and losses at ``steps`` over many seeds: shape (3, seeds, steps)."""
    rows = []
    for seed in range(seeds):
        run = neuron.train(
            dataset,
            learning_rate=rate,
            iterations=steps[-1],
            batch_size=batch,
            seed=seed,
            record=steps,
            **start,
        )
        at = np.searchsorted(run.steps, steps)
        rows.append([run.weights[at], run.biases[at], run.losses[at]])
    return np.moveaxis(np.array(rows), 1, 0)


@pytest.mark.parametrize("batch", [1, 4, 16])
@pytest.mark.parametrize(
    ("dataset", "rate", "start"),
    [
        (NOISY, 2e-4, START),
        (OFFSET, 1.5e-4, {"initial_weight": 1.5, "initial_bias": 40.0}),
        (CURVED, 6e-4, {"initial_weight": 1.0, "initial_bias": 25.0}),
    ],
)
def test_monte_carlo_agrees_with_expected_run(dataset, rate, start, batch):
    seeds, steps = 400, [1, 5, 20, 60, 150]
    weights, biases, losses = sampled(dataset, rate, batch, seeds, steps, start)
    exact = neuron.expected_run(
        dataset, learning_rate=rate, batch_size=batch, iterations=steps[-1], **start
    )
    assert rate < 0.5 * exact.critical_learning_rate  # well inside stability
    root = math.sqrt(seeds)
    for i, t in enumerate(steps):
        se_loss = losses[:, i].std(ddof=1) / root
        assert abs(losses[:, i].mean() - exact.loss[t]) < 5 * se_loss, t
        for values, mean, std in [
            (weights[:, i], exact.mean_weight[t], exact.weight_std[t]),
            (biases[:, i], exact.mean_bias[t], exact.bias_std[t]),
        ]:
            assert abs(values.mean() - mean) < 5 * std / root, t
            assert 0.75 < values.std(ddof=1) / std < 1.33, t


@pytest.mark.parametrize(
    ("dataset", "optimizer", "batch"),
    [
        (DATA, neuron.GradientDescent(3e-4), 1),
        (NOISY, neuron.GradientDescent(5e-4), 4),
        (OFFSET, neuron.GradientDescent(2e-4), 80),  # the dataset's size: still sampled
        (NOISY, neuron.Momentum(1e-4, 0.9), 3),
        (NOISY, neuron.Momentum(1e-4, 0.5, nesterov=True), 8),
        (OFFSET, neuron.Adam(0.05), 5),
    ],
)
def test_sampled_train_equals_a_literal_sampled_loop(dataset, optimizer, batch):
    kwargs = dict(optimizer=optimizer, iterations=1500, batch_size=batch, seed=7, **START)
    run = neuron.train(dataset, **kwargs)
    params = literal_sgd(dataset, **kwargs)
    scale = max(np.max(np.abs(params)), 50.0)
    np.testing.assert_allclose(run.weights, params[:, 0], rtol=1e-9, atol=1e-11 * scale)
    np.testing.assert_allclose(run.biases, params[:, 1], rtol=1e-9, atol=1e-11 * scale)
    x, y = dataset.celsius, dataset.fahrenheit
    losses = [neuron.forward(w, b, x, y).loss for w, b in params]
    np.testing.assert_allclose(run.losses, losses, rtol=1e-8)
    g = neuron.backward(x, y, neuron.forward(*params[-1], x, y).output)
    assert run.weight_gradients[-1] == pytest.approx(g.weight, rel=1e-6, abs=1e-9)
    assert run.bias_gradients[-1] == pytest.approx(g.bias, rel=1e-6, abs=1e-9)


def test_a_batch_as_large_as_the_data_is_still_sampled():
    n = len(DATA)
    sampled_run = neuron.train(
        DATA, learning_rate=1e-4, iterations=50, batch_size=n, seed=0, **START
    )
    full = neuron.train(DATA, learning_rate=1e-4, iterations=50, **START)
    assert not np.allclose(sampled_run.weights[1:], full.weights[1:], rtol=1e-6)
    assert sampled_run.weights[0] == full.weights[0]


def test_no_batch_size_is_the_full_batch_bit_for_bit():
    kwargs = dict(learning_rate=3e-4, iterations=2000, **START)
    default = neuron.train(NOISY, **kwargs)
    explicit = neuron.train(NOISY, batch_size=None, **kwargs)
    history, _ = literal_loop(NOISY, **kwargs)
    for name in FIELDS:
        assert np.array_equal(getattr(default, name), getattr(explicit, name)), name
        np.testing.assert_allclose(getattr(default, name), history[name], rtol=1e-9, atol=1e-9)


def test_expected_run_of_the_full_batch_is_plain_descent():
    run = neuron.expected_run(NOISY, learning_rate=3e-4, batch_size=None, iterations=500, **START)
    plain = neuron.train(NOISY, learning_rate=3e-4, iterations=500, **START)
    np.testing.assert_allclose(run.loss, plain.losses, rtol=1e-9)
    np.testing.assert_allclose(run.mean_weight, plain.weights, rtol=1e-9)
    assert np.all(run.weight_std == 0) and np.all(run.bias_std == 0)
    assert run.critical_learning_rate == pytest.approx(
        neuron.bowl(NOISY).critical_learning_rate, rel=1e-12
    )
    assert run.floor == pytest.approx(neuron.bowl(NOISY).minimum_loss, rel=1e-9)


def test_the_same_seed_gives_the_same_run_and_others_differ():
    kwargs = dict(learning_rate=2e-4, iterations=300, batch_size=2, **START)
    one, again = (neuron.train(NOISY, seed=5, **kwargs) for _ in range(2))
    other = neuron.train(NOISY, seed=6, **kwargs)
    for name in FIELDS:
        assert np.array_equal(getattr(one, name), getattr(again, name))
    assert not np.array_equal(one.weights, other.weights)
    from_generator = neuron.train(NOISY, seed=np.random.default_rng(5), **kwargs)
    assert np.array_equal(one.weights, from_generator.weights)
    longer = neuron.train(NOISY, seed=5, **(kwargs | {"iterations": 20_000}))
    np.testing.assert_allclose(longer.weights[:301], one.weights, rtol=1e-12)


def test_a_sampled_run_past_its_critical_rate_diverges_without_warnings():
    run = neuron.train(NOISY, learning_rate=2e-3, iterations=3000, batch_size=1, seed=1, **START)
    assert run.diverged_at is not None and run.last == run.diverged_at - 1
    assert np.isfinite(run.losses[run.steps <= run.last]).all()
    assert np.isnan(run.losses[run.steps >= run.diverged_at]).all()
    params = literal_sgd(
        NOISY,
        optimizer=neuron.GradientDescent(2e-3),
        iterations=run.last,
        batch_size=1,
        seed=1,
        **START,
    )
    np.testing.assert_allclose(run.weights[: run.last + 1], params[:, 0], rtol=1e-6)


def spectral_radius(dataset, rate, batch):
    """ρ of M ↦ M − η(HM + MH) + η²[(4/B) mean((xᵀMx) x xᵀ) + (1 − 1/B) HMH]."""
    x = np.stack([dataset.celsius, np.ones(len(dataset))], axis=1)
    h = 2 * x.T @ x / len(x)

    def step(m):
        quad = np.einsum("ni,ij,nj->n", x, m, x)
        fourth = np.einsum("n,ni,nj->ij", quad, x, x) / len(x)
        return (
            m
            - rate * (h @ m + m @ h)
            + rate**2 * (4 / batch * fourth + (1 - 1 / batch) * h @ m @ h)
        )

    basis = [np.array(e, float) for e in ([[1, 0], [0, 0]], [[0, 1], [1, 0]], [[0, 0], [0, 1]])]
    columns = [(lambda f: (f[0, 0], f[0, 1], f[1, 1]))(step(e)) for e in basis]
    return float(np.max(np.abs(np.linalg.eigvals(np.array(columns).T))))


def bisect_critical(dataset, batch):
    lo, hi = 0.0, 1.001 * neuron.bowl(dataset).critical_learning_rate
    assert spectral_radius(dataset, hi, batch) > 1
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if spectral_radius(dataset, mid, batch) < 1 else (lo, mid)
    return lo


@pytest.mark.parametrize("dataset", [DATA, OFFSET])
@pytest.mark.parametrize("batch", [1, 2, 4, 16])
def test_critical_rate_equals_bisection_on_the_spectral_radius(dataset, batch):
    run = neuron.expected_run(dataset, learning_rate=1e-4, batch_size=batch, iterations=0, **START)
    assert run.critical_learning_rate == pytest.approx(bisect_critical(dataset, batch), rel=1e-9)


def test_critical_rate_on_the_articles_data_is_a_fraction_of_the_full_batch_one():
    full = neuron.bowl(DATA).critical_learning_rate
    ratios = {
        b: neuron.expected_run(
            DATA, learning_rate=1e-4, batch_size=b, iterations=0, **START
        ).critical_learning_rate
        / full
        for b in (1, 4)
    }
    assert ratios[1] == pytest.approx(0.5552, abs=1e-4)
    assert ratios[4] == pytest.approx(0.8332, abs=1e-4)


@pytest.mark.parametrize(("dataset", "batch"), [(DATA, 1), (NOISY, 4), (OFFSET, 16)])
def test_just_below_the_critical_rate_settles_and_just_above_it_grows(dataset, batch):
    critical = bisect_critical(dataset, batch)
    kwargs = dict(batch_size=batch, iterations=200_000, **START)
    below = neuron.expected_run(dataset, learning_rate=0.99 * critical, **kwargs)
    above = neuron.expected_run(dataset, learning_rate=1.01 * critical, **kwargs)
    assert np.isfinite(below.loss).all() and below.loss[-1] < below.loss[0]
    assert below.loss[-1] == pytest.approx(below.floor, rel=1e-6, abs=1e-12)
    assert not above.loss[-1] < 1e6 * above.loss[0]
    assert above.floor == math.inf


def test_the_floor_is_zero_on_exact_data_and_the_long_run_loss_on_noisy_data():
    exact = neuron.expected_run(DATA, learning_rate=5e-4, batch_size=1, iterations=0, **START)
    assert exact.floor == pytest.approx(0, abs=1e-20)
    rate = 3e-4
    noisy = neuron.expected_run(NOISY, learning_rate=rate, batch_size=2, iterations=0, **START)
    reference = literal_recursion(NOISY, rate, 2, 0.5, 0.5, 60_000)
    assert noisy.floor == pytest.approx(reference[0][-1], rel=1e-9)
    assert noisy.floor > neuron.bowl(NOISY).minimum_loss


def test_expected_run_is_read_only_and_fast_enough_for_a_million_iterations():
    run = neuron.expected_run(
        NOISY, learning_rate=1e-4, batch_size=4, iterations=1_000_000, **START
    )
    assert run.loss.shape == run.weight_std.shape == (1_000_001,)
    with pytest.raises(ValueError):
        run.loss[0] = 1.0


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"batch_size": 0}, "batch_size"),
        ({"batch_size": 100_001}, "batch_size"),
        ({"batch_size": 2.0}, "batch_size"),
        ({"batch_size": True}, "batch_size"),
        ({"batch_size": "4"}, "batch_size"),
        ({"batch_size": 4, "seed": -1}, "seed"),
        ({"batch_size": 4, "seed": 2**32}, "seed"),
        ({"batch_size": 4, "seed": 1.5}, "seed"),
        ({"batch_size": 4, "seed": "1"}, "seed"),
        ({"seed": 3}, "seed"),  # a seed without batches is a mistake, not ignored
    ],
)
def test_invalid_sampling_arguments_raise_value_error_naming_them(kwargs, name):
    with pytest.raises(ValueError, match=name):
        neuron.train(DATA, learning_rate=1e-4, iterations=10, **START, **kwargs)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"batch_size": 0}, "batch_size"),
        ({"learning_rate": -1.0}, "learning_rate"),
        ({"iterations": -1}, "iterations"),
        ({"iterations": 1_000_001}, "iterations"),
        ({"initial_weight": math.nan}, "initial_weight"),
    ],
)
def test_invalid_expected_run_arguments_raise_value_error_naming_them(kwargs, name):
    base = dict(learning_rate=1e-4, batch_size=4, iterations=10, **START)
    with pytest.raises(ValueError, match=name):
        neuron.expected_run(DATA, **(base | kwargs))


@pytest.mark.parametrize("batch", [None, 1, 4])
@pytest.mark.parametrize("n", [0, 1, 777, 20_000])
def test_expected_losses_after_are_expected_runs_last_losses(batch, n):
    rates = [1e-5, 3e-4, 6e-4, 9e-4, 1.1e-3, 2e-3]
    got = neuron.expected_losses_after(NOISY, rates, batch_size=batch, iterations=n, **START)
    for rate, loss in zip(rates, got):
        run = neuron.expected_run(NOISY, learning_rate=rate, batch_size=batch, iterations=n,
                                  **START)  # fmt: skip
        if math.isfinite(run.loss[-1]):
            assert loss == pytest.approx(run.loss[-1], rel=1e-8)
        else:
            assert loss == math.inf


def test_read_refuses_a_sampled_run_and_names_the_parameter():
    """``read`` measures the full batch's closed-form path; given a run on batches it
    read that path instead (and crashed with an OverflowError where the full batch
    diverges), so it refuses with a ValueError naming ``run``."""
    data = neuron.make_dataset()
    run = neuron.train(data, learning_rate=0.0015, iterations=3000, initial_weight=0.637,
                       initial_bias=0.2698, batch_size=2, seed=0)  # fmt: skip
    assert run.batch_size == 2
    with pytest.raises(ValueError, match=r"^run: .*batches of 2"):
        neuron.read(data, run)
    full = neuron.train(data, learning_rate=0.0005, iterations=100, initial_weight=0.637,
                        initial_bias=0.2698)  # fmt: skip
    assert full.batch_size is None and neuron.read(data, full).weight == full.weights[-1]
