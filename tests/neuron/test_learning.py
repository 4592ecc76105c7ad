"""iterations_to_learn(), crossings() and read(): against a literal float64 loop."""

from decimal import ROUND_CEILING, Decimal, localcontext

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import neuron
from tests.reference import crossings_of, learned_from, literal_loop, watch_loop

DATA = neuron.make_dataset()
START = (0.637, 0.2698)  # the default start
RESOLUTION = 1e-12


def limits(dataset, tolerance=0.01):
    return tolerance * np.maximum(np.abs(neuron.bowl(dataset).optimum), 1.0)


def loop_learned(dataset, rate, start, iterations, **momentum):
    errors = watch_loop(
        dataset, learning_rate=rate, iterations=iterations, start=start, **momentum
    )
    return [learned_from(errors[:, i], lim) for i, lim in enumerate(limits(dataset))]


@pytest.mark.parametrize(
    ("dataset", "start", "iterations", "param", "expected"),
    [
        (DATA, (0.637, 31.0), 8_000, 1, 5_702),  # the bias, started near its optimum
        (DATA, (0.637, -1000.0), 42_000, 1, 40_402),  # the bias, started far off
        (DATA, START, 25_000, 0, 286),  # the weight: for good only from ~286, not 26
        (neuron.make_dataset(0, 2), START, 176_000, 0, 173_018),  # a mixed bowl
    ],
)
def test_the_issue_figures_equal_a_literal_loop(dataset, start, iterations, param, expected):
    learned = neuron.iterations_to_learn(
        dataset, learning_rate=1e-4, initial_weight=start[0], initial_bias=start[1]
    )
    assert learned[param] == expected
    assert loop_learned(dataset, 1e-4, start, iterations)[param] == expected


@pytest.mark.parametrize("rate", [0.0013, 0.00122])
def test_a_diverging_rate_never_learns(rate):
    learned = neuron.iterations_to_learn(
        DATA, learning_rate=rate, initial_weight=START[0], initial_bias=START[1]
    )
    assert learned == (None, None)


def test_at_the_edge_nothing_is_learned_for_good():
    rate = neuron.bowl(DATA).critical_learning_rate
    learned = neuron.iterations_to_learn(
        DATA, learning_rate=rate, initial_weight=START[0], initial_bias=START[1]
    )
    assert learned == (None, None)


def test_answers_lie_far_beyond_a_million_steps_in_little_time():
    learned = neuron.iterations_to_learn(
        DATA, learning_rate=1e-8, initial_weight=START[0], initial_bias=START[1]
    )
    # The bias direction shrinks by 1 − 2e-8 λmin a step: ~ln(3170)/2e-8 steps.
    assert learned.bias == pytest.approx(np.log(31.73 / 0.32) / (1e-8 * 1.9994), rel=1e-3)
    assert learned.weight > 1_000_000


@pytest.mark.parametrize("name", ["kelvin", "celsius", "forbes"])
@pytest.mark.parametrize("below", [1e-4, 1e-9])
def test_standardized_data_near_its_critical_rate_counts_from_one_shared_factor(name, below):
    """Standardized, the Hessian is 2·I: each error shrinks by |1 − 2η| a step, so
    a parameter is learned from ceil(ln(limit/|e₀|) / ln|1 − 2η|), however far
    (computed as 2 and 2(1 + 2e-16), the two directions' cancelling terms were
    bounded apart, and 1e-9 under the edge took 85 s to scan 2e9 steps)."""
    data = neuron.standardize(neuron.dataset(name))[0]
    rate = 1 - below
    learned = neuron.iterations_to_learn(data, learning_rate=rate, initial_weight=0.5,
                                         initial_bias=0.5)  # fmt: skip
    shape = neuron.bowl(data)
    for i, got in enumerate(learned):
        e0 = abs((0.5, 0.5)[i] - shape.optimum[i])
        # the curvatures are 2 to a few ulps of the data's sums (computed, 2 and
        # 2(1 + 8e-15)): 1e-9 from the edge, that moves the count by 1e-5 of itself
        counts = [np.log(limits(data)[i] / e0) / np.log(abs(1 - rate * lam))
                  for lam in shape.curvatures]  # fmt: skip
        slack = max(1e-6, 1e-13 / below)
        assert min(counts) * (1 - slack) - 1 <= got <= max(counts) * (1 + slack) + 1
    if below > 1e-6:  # within a literal loop's reach
        assert list(learned) == loop_learned(data, rate, (0.5, 0.5), int(max(learned)) + 50)


@pytest.mark.parametrize(
    ("rate", "start", "count", "last"),
    [
        (0.0009, START, 6, 5),  # the weight jumps past its optimum in the first 6 steps only
        (1e-4, (0.5, 200.0), 1, 14),  # once, at step 14
    ],
)
def test_the_issue_crossings_equal_a_literal_loop(rate, start, count, last):
    found = neuron.crossings(
        DATA, learning_rate=rate, iterations=3000, initial_weight=start[0], initial_bias=start[1]
    )
    assert found.weight == (count, last)
    errors = watch_loop(DATA, learning_rate=rate, iterations=3000, start=start)
    res = RESOLUTION * np.maximum(np.abs(neuron.bowl(DATA).optimum), 1)
    assert found.weight == crossings_of(errors[:, 0], res[0])
    assert found.bias == crossings_of(errors[:, 1], res[1])


@pytest.mark.parametrize(
    ("momentum", "nesterov", "iterations"), [(0.9, False, 20_000), (0.5, True, 20_000)]
)
def test_momentum_learning_and_crossings_equal_a_literal_loop(momentum, nesterov, iterations):
    opt = neuron.Momentum(1e-4, momentum, nesterov=nesterov)
    kwargs = dict(optimizer=opt, initial_weight=START[0], initial_bias=START[1])
    errors = watch_loop(
        DATA,
        learning_rate=1e-4,
        momentum=momentum,
        nesterov=nesterov,
        iterations=iterations,
        start=START,
    )
    learned = neuron.iterations_to_learn(DATA, **kwargs)
    for i, lim in enumerate(limits(DATA)):
        assert learned[i] == learned_from(errors[:, i], lim)
    found = neuron.crossings(DATA, iterations=iterations, **kwargs)
    res = RESOLUTION * np.maximum(np.abs(neuron.bowl(DATA).optimum), 1)
    assert found.weight == crossings_of(errors[:, 0], res[0])
    assert found.bias == crossings_of(errors[:, 1], res[1])


def test_crossings_count_only_within_the_run():
    kwargs = dict(learning_rate=0.0009, initial_weight=START[0], initial_bias=START[1])
    assert neuron.crossings(DATA, iterations=3, **kwargs).weight == (3, 2)
    assert neuron.crossings(DATA, iterations=0, **kwargs).weight == (0, None)


datasets = st.builds(
    lambda start, width, noise, seed: neuron.make_dataset(
        start, start + width, noise=noise, seed=seed
    ),
    st.integers(-15, 10),
    st.integers(2, 12),
    st.floats(0, 5),
    st.integers(0, 99),
)


@settings(max_examples=12, deadline=None)
@given(
    dataset=datasets,
    fraction=st.floats(0.05, 0.95),
    momentum=st.sampled_from([0.0, 0.0, 0.5, 0.9]),
    nesterov=st.booleans(),
    w0=st.floats(-10, 10),
    b0=st.floats(-50, 50),
)
def test_property_iterations_to_learn_equals_the_loop(
    dataset, fraction, momentum, nesterov, w0, b0
):
    opt = neuron.Momentum(1e-4, momentum, nesterov=nesterov)
    rate = fraction * neuron.stability(dataset, opt).critical_learning_rate
    opt = neuron.Momentum(rate, momentum, nesterov=nesterov)
    learned = neuron.iterations_to_learn(
        dataset, optimizer=opt, initial_weight=w0, initial_bias=b0
    )
    assume(max(learned) <= 30_000)
    horizon = int(max(learned) * 1.01) + 200
    errors = watch_loop(
        dataset,
        learning_rate=rate,
        momentum=momentum,
        nesterov=nesterov,
        iterations=horizon,
        start=(w0, b0),
    )
    for i, lim in enumerate(limits(dataset)):
        assert learned[i] == pytest.approx(learned_from(errors[:, i], lim), rel=2e-3, abs=1)


def test_adam_learning_is_read_from_its_simulated_run():
    opt = neuron.Adam(0.05)
    learned = neuron.iterations_to_learn(
        DATA, optimizer=opt, initial_weight=START[0], initial_bias=START[1], horizon=20_000
    )
    run = neuron.train(
        DATA, optimizer=opt, iterations=20_000, initial_weight=START[0], initial_bias=START[1]
    )
    for i, (history, lim) in enumerate(zip((run.weights, run.biases), limits(DATA))):
        error = history - neuron.bowl(DATA).optimum[i]
        assert learned[i] == learned_from(error, lim)
    found = neuron.crossings(
        DATA, optimizer=opt, iterations=20_000, initial_weight=START[0], initial_bias=START[1]
    )
    res = RESOLUTION * np.maximum(np.abs(neuron.bowl(DATA).optimum), 1)
    assert found.weight == crossings_of(run.weights - 1.8, res[0])


def test_read_names_the_lagging_parameter_and_when_it_is_learned():
    run = neuron.train(
        DATA, learning_rate=1e-4, iterations=10_000, initial_weight=0.637, initial_bias=31.0
    )
    r = neuron.read(DATA, run)
    assert r.learned == (24, 5702)
    assert r.weight_learned and r.bias_learned and r.lagging is None
    short = neuron.read(DATA, neuron.train(DATA, learning_rate=1e-4, iterations=1000,
                                           initial_weight=0.637, initial_bias=31.0))  # fmt: skip
    assert short.weight_learned and not short.bias_learned
    assert short.lagging == "bias" and short.iterations_needed == 5702
    assert short.crossings == neuron.crossings(
        DATA, learning_rate=1e-4, iterations=1000, initial_weight=0.637, initial_bias=31.0
    )


def test_read_of_a_diverged_run_has_no_lagging_parameter():
    run = neuron.train(
        DATA, learning_rate=0.0015, iterations=2000, initial_weight=0.5, initial_bias=0.5
    )
    r = neuron.read(DATA, run)
    assert r.diverged_at == run.diverged_at and r.last == run.diverged_at - 1
    assert r.lagging is None and r.learned == (None, None)
    assert np.isfinite(r.loss) and r.loss == run.at(r.last).loss


def test_invalid_tolerance_is_named():
    with pytest.raises(ValueError, match="tolerance"):
        neuron.iterations_to_learn(
            DATA, learning_rate=1e-4, initial_weight=0, initial_bias=0, tolerance=0
        )
    with pytest.raises(ValueError, match="exactly one"):
        neuron.iterations_to_learn(DATA, initial_weight=0, initial_bias=0)


def _exact_bias_learned(dataset, rate, w0, b0, tolerance=0.01):
    """When plain descent learns the bias, in 80-digit decimal arithmetic: the
    data's floats taken exactly, the flat direction's factor 1 − ηλ and its log
    computed without rounding to a float. At the rates used here the steep
    direction's error is below 1e-1000 long before, so the flat one alone decides:
    the first t with |c| (1 − ηλ)ᵗ ≤ tolerance · max(|b*|, 1)."""
    with localcontext() as ctx:
        ctx.prec = 80
        xs = [Decimal(float(v)) for v in dataset.celsius]
        ys = [Decimal(float(v)) for v in dataset.fahrenheit]
        n, sx, sxx = Decimal(len(xs)), sum(xs), sum(v * v for v in xs)
        sy, sxy = sum(ys), sum(a * b for a, b in zip(xs, ys, strict=True))
        det = sxx * n - sx * sx
        w_opt, b_opt = (sxy * n - sx * sy) / det, (sxx * sy - sx * sxy) / det
        h11, h12, h22 = 2 * sxx / n, 2 * sx / n, Decimal(2)  # the Hessian of the MSE
        trace, d = h11 + h22, h11 * h22 - h12 * h12
        flat = (trace - (trace * trace - 4 * d).sqrt()) / 2
        v = (h12, flat - h11)  # H v = flat · v
        e = (Decimal(float(w0)) - w_opt, Decimal(float(b0)) - b_opt)
        c = (v[0] * e[0] + v[1] * e[1]) / (v[0] * v[0] + v[1] * v[1]) * v[1]
        limit = Decimal(tolerance) * max(abs(b_opt), Decimal(1))
        t = (limit / abs(c)).ln() / (1 - Decimal(rate) * flat).ln()
        return int(t.to_integral_value(rounding=ROUND_CEILING))


@pytest.mark.parametrize("b0", [930.0, 950.0, 955.0, 975.0])
@pytest.mark.parametrize("rate", [1e-8, 1.3e-8])
def test_needs_is_not_one_iteration_off_where_the_flat_factor_is_nearly_one(rate, b0):
    """The page said "needs 338,355,820" where exact arithmetic gives 338,355,821:
    the float of 1 − ηλ (ηλ ≈ 2·10⁻⁸) is off by up to half an ulp, and 3·10⁸
    powers of it move the count by a whole iteration. Each of these starts was
    one off, up or down, before ln r came from log1p(−ηλ)."""
    data = neuron.make_dataset()
    learned = neuron.iterations_to_learn(
        data, learning_rate=rate, initial_weight=0.5, initial_bias=b0
    )
    assert learned.bias > 10**8  # the regime of the bug
    assert learned.bias == _exact_bias_learned(data, rate, 0.5, b0)


def _decimal_loop(dataset, rate, mu, nesterov, start):
    """The literal update in 60-digit decimals, as a map on (w, b, v_w, v_b, 1): the
    gradient is the mean over the samples of 2 (x w + b − y) (x, 1), then v ← μ v + g
    and p ← p − η v (heavy ball) or p − η (g + μ v) (Nesterov). Returns the map and the
    start state; ``_state_at`` applies the map t times by repeated squaring."""
    xs = [Decimal(float(v)) for v in dataset.celsius]
    ys = [Decimal(float(v)) for v in dataset.fahrenheit]
    n = Decimal(len(xs))
    sxx, sx = sum(x * x for x in xs) / n, sum(xs) / n
    sxy, sy = sum(x * y for x, y in zip(xs, ys, strict=True)) / n, sum(ys) / n
    g = [[2 * sxx, 2 * sx, 0, 0, -2 * sxy], [2 * sx, Decimal(2), 0, 0, -2 * sy]]  # g = G s
    eta, mu = Decimal(float(rate)), Decimal(float(mu))
    v = [[mu * (i == j + 2) + g[j][i] for i in range(5)] for j in range(2)]  # v' = μ v + g
    step = [vi if not nesterov else [a + mu * b for a, b in zip(gi, vi)] for gi, vi in zip(g, v)]
    p = [[(i == j) - eta * step[j][i] for i in range(5)] for j in range(2)]
    matrix = p + v + [[Decimal(int(i == 4)) for i in range(5)]]
    return matrix, [Decimal(float(start[0])), Decimal(float(start[1])), 0, 0, Decimal(1)]


def _apply(m, s):
    return [sum(a * b for a, b in zip(row, s)) for row in m]


def _state_at(matrix, state, t):
    while t:
        if t & 1:
            state = _apply(matrix, state)
        matrix, t = [_apply(matrix, col) for col in zip(*matrix)], t >> 1
        matrix = [list(r) for r in zip(*matrix)]
    return state


def _decimal_count(dataset, rate, mu, nesterov, start, param, guess, window=400):
    """One past the last step in guess ± window at which the literal decimal loop's
    parameter lies more than 1 % of max(|p*|, 1) from the exact optimum (p* from
    the same decimal sums). The window must bracket it: the step found must not
    be at its end, and some step in it must be outside unless it starts at 0."""
    with localcontext() as ctx:
        ctx.prec = 60
        matrix, state = _decimal_loop(dataset, rate, mu, nesterov, start)
        xs = [Decimal(float(v)) for v in dataset.celsius]
        ys = [Decimal(float(v)) for v in dataset.fahrenheit]
        n = Decimal(len(xs))
        sxx, sx = sum(x * x for x in xs) / n, sum(xs) / n
        sxy, sy = sum(x * y for x, y in zip(xs, ys, strict=True)) / n, sum(ys) / n
        w = (sxy - sx * sy) / (sxx - sx * sx)
        optimum = (w, sy - w * sx)
        limit = Decimal("0.01") * max(abs(optimum[param]), Decimal(1))
        first = max(0, guess - window)
        state = _state_at(matrix, state, first)
        last_out = None
        for t in range(first, guess + window + 1):
            if abs(state[param] - optimum[param]) > limit:
                last_out = t
            state = _apply(matrix, state)
    assert last_out is not None or first == 0, "the count lies before the window"
    assert last_out != guess + window, "the count lies after the window"
    return 0 if last_out is None else last_out + 1


def _count_cases():
    for name in ("article", "kelvin"):
        data = neuron.make_dataset() if name == "article" else neuron.dataset("kelvin")
        lmin, lmax = neuron.bowl(data).curvatures
        for mu, nesterov in ((0.0, False), (0.5, False), (0.9, False), (0.9, True), (0.99, True)):
            edge = 2 * (1 + mu) / ((1 + 2 * mu) if nesterov else 1) / lmax
            meet = [(1 - mu**0.5) ** 2 / lam for lam in (lmin, lmax)]  # heavy ball's roots meet
            rates = [1e-8, 3e-8, 1e-6, 2 / (lmin + lmax), *meet, edge * (1 - 1e-6), edge * 0.99]
            for rate in rates:
                if 1e-8 <= rate < edge:
                    yield name, data, float(rate), mu, nesterov


COUNT_CASES = list(_count_cases())


@pytest.mark.parametrize(
    ("name", "data", "rate", "mu", "nesterov"), COUNT_CASES,
    ids=[f"{c[0]}-{c[2]:.3g}-{c[3]}-{'n' if c[4] else 'h'}" for c in COUNT_CASES],
)  # fmt: skip
def test_needs_is_exact_arithmetics_count_for_momentum_too(name, data, rate, mu, nesterov):
    """ "needs N" for heavy ball and Nesterov (and plain descent) on two datasets, at
    tiny rates (a flat factor within 10⁻⁹ of 1), near the edge, where the roots meet
    and at the optimal plain rate: the count is a 60-digit literal loop's. The float
    closed form alone was off in 321 of 2,230 such counts, by up to 900 iterations
    (kelvin at 1e-8); the slow root's log1p alone left 120."""
    opt = neuron.optimizer("nesterov" if nesterov else "momentum", rate, momentum=mu)
    for start in ((0.637, 0.2698), (-2.0, 930.0)):
        learned = neuron.iterations_to_learn(
            data, optimizer=opt, initial_weight=start[0], initial_bias=start[1]
        )
        for param in (0, 1):
            if learned[param] is None:
                continue
            got = learned[param]
            assert got == _decimal_count(data, rate, mu, nesterov, start, param, got), (
                name, rate, mu, nesterov, start, param,
            )  # fmt: skip


# ---- a path that rounding decides ----------------------------------------------------

ROUNDING_DATA = {"article": neuron.make_dataset(), "kelvin": neuron.dataset("kelvin")}


def _split(data, name, rate, decay, n):
    """Whether the article's literal loop (sums over the samples, the optimizer's own
    ``step``) and the engine's run end apart (beyond 1e-7 of the optimum's size) or
    cross their optima a different number of times or last at another step."""
    shape = neuron.bowl(data)
    scale = np.maximum(np.abs(shape.optimum), 1.0)
    opt = neuron.optimizer(name, rate, beta2=decay, alpha=decay)
    start = (0.637, 0.2698)
    loop, _ = literal_loop(data, optimizer=opt, iterations=n, initial_weight=start[0],
                           initial_bias=start[1])  # fmt: skip
    w, b = loop["weights"], loop["biases"]
    run = neuron.train(data, optimizer=opt, iterations=n, initial_weight=start[0],
                       initial_bias=start[1], record=[])  # fmt: skip
    ours = neuron.crossings(data, optimizer=opt, iterations=n, initial_weight=start[0],
                            initial_bias=start[1])  # fmt: skip
    theirs = [crossings_of(np.array(v) - o, 1e-12 * s)
              for v, o, s in zip((w, b), shape.optimum, scale)]  # fmt: skip
    end = np.abs(np.array([run.weights[-1] - w[-1], run.biases[-1] - b[-1]])) / scale
    flag = neuron.depends_on_rounding(data, optimizer=opt, iterations=n,
                                      initial_weight=start[0], initial_bias=start[1])  # fmt: skip
    return flag, bool(end.max() > 1e-7 or [tuple(c) for c in ours] != theirs)


@pytest.mark.parametrize("data", ROUNDING_DATA)
@pytest.mark.parametrize("name", ["adam", "rmsprop"])
def test_a_path_the_engine_calls_determined_is_the_literal_loops_to_the_last_digit(data, name):
    """Where ``depends_on_rounding`` is False the page prints final values and
    crossing dates: a literal loop over the samples must end there too. (Where it
    is True the page prints a band, which holds either way.)"""
    flagged = 0
    for rate in (0.3, 0.1, 0.01, 0.003, 0.001):
        for decay in (0.5, 0.9, 0.999):
            for n in (300, 3000):
                flag, split = _split(ROUNDING_DATA[data], name, rate, decay, n)
                assert flag or not split, (data, name, rate, decay, n)
                flagged += flag
    assert flagged  # the check has cases on both sides


@pytest.mark.parametrize(
    ("name", "rate", "decay"),
    [("adam", 0.1, 0.999), ("adam", 0.1, 0.5), ("rmsprop", 0.05, 0.99), ("rmsprop", 0.01, 0.99)],
)
def test_the_issues_jittering_runs_depend_on_rounding_and_a_literal_loop_shows_it(
    name, rate, decay
):
    flag, split = _split(ROUNDING_DATA["article"], name, rate, decay, 10_000)
    assert flag and split


def test_plain_descent_and_momentum_never_depend_on_rounding():
    for opt in (neuron.GradientDescent(0.0011), neuron.Momentum(0.0005, 0.9)):
        assert not neuron.depends_on_rounding(neuron.make_dataset(), optimizer=opt,
                                              iterations=5000, initial_weight=0.637,
                                              initial_bias=0.2698)  # fmt: skip


@pytest.mark.parametrize("iterations", [2_024, 5_000, 1_000_000])
def test_crossings_of_a_diverging_rate_count_every_step_without_overflow(iterations):
    """Past the critical rate the weight's error flips sign every step and grows:
    c rᵗ with |r| > 1 overflowed a float in the check (an OverflowError from
    ``neuron.crossings`` at 0.0015 over 2,024 iterations)."""
    rate = 0.0015
    found = neuron.crossings(DATA, learning_rate=rate, iterations=iterations,
                             initial_weight=START[0], initial_bias=START[1])  # fmt: skip
    assert found.weight == (iterations, iterations - 1)
    # the first 300 steps, where a literal loop is still finite, agree with it
    errors = watch_loop(DATA, learning_rate=rate, iterations=300, start=START)
    early = neuron.crossings(DATA, learning_rate=rate, iterations=300,
                             initial_weight=START[0], initial_bias=START[1])  # fmt: skip
    limits = RESOLUTION * np.maximum(np.abs(neuron.bowl(DATA).optimum), 1.0)
    for i in (0, 1):
        assert tuple(early[i]) == crossings_of(errors[:, i], limits[i])
