"""Independent references the tests hold the engine to."""

import math

import numpy as np

import neuron
from neuron.stochastic import DRAW

FIELDS = ("weights", "biases", "losses", "weight_gradients", "bias_gradients")


def literal_loop(
    dataset, *, optimizer=None, learning_rate=None, iterations, initial_weight, initial_bias
):
    """The article's loop: forward → backward → update, one iteration at a time.

    With ``learning_rate`` the update is the article's ``update``; with an
    ``optimizer`` it is that optimizer's literal ``step``. Stops at the first
    non-finite loss, as a person watching would. Returns a dict of arrays
    named like ``TrainingRun``'s, and ``diverged_at``.
    """
    w, b = initial_weight, initial_bias
    state = None if optimizer is None else optimizer.init(np.zeros(2))
    rows = []
    for t in range(iterations + 1):
        f = neuron.forward(w, b, dataset.celsius, dataset.fahrenheit)
        if not np.isfinite(f.loss):
            return _history(rows), t
        g = neuron.backward(dataset.celsius, dataset.fahrenheit, f.output)
        rows.append((w, b, f.loss, g.weight, g.bias))
        if optimizer is None:
            step = neuron.update(w, b, g, learning_rate)
            w, b = step.weight, step.bias
        else:
            (w, b), state = optimizer.step((w, b), (g.weight, g.bias), state)
            w, b = float(w), float(b)
    return _history(rows), None


def rmsprop_loop(dataset, *, learning_rate, alpha, epsilon=1e-8, iterations, start):
    """PyTorch's documented RMSprop, written out in plain Python floats.

    Per parameter: v ← α v + (1 − α) g², then p ← p − η g / (√v + ε), with v
    starting at 0 (``torch.optim.RMSprop`` without momentum, centering or
    weight decay). The loss and gradients are sums over the samples, as in
    the article. Stops at the first non-finite loss. Returns a dict of
    arrays named like ``TrainingRun``'s, and ``diverged_at``.
    """
    xs, ys = dataset.celsius.tolist(), dataset.fahrenheit.tolist()
    n = len(xs)
    w, b = (float(p) for p in start)
    vw = vb = 0.0
    rows = []
    for t in range(iterations + 1):
        errors = [x * w + b - y for x, y in zip(xs, ys)]
        loss = sum(e * e for e in errors) / n
        if not math.isfinite(loss):
            return _history(rows), t
        gw = sum(2 * e * x for e, x in zip(errors, xs)) / n
        gb = sum(2 * e for e in errors) / n
        rows.append((w, b, loss, gw, gb))
        vw = alpha * vw + (1 - alpha) * gw * gw
        vb = alpha * vb + (1 - alpha) * gb * gb
        w = w - learning_rate * gw / (math.sqrt(vw) + epsilon)
        b = b - learning_rate * gb / (math.sqrt(vb) + epsilon)
    return _history(rows), None


def _history(rows):
    columns = np.array(rows, dtype=float).reshape(-1, 5).T
    return dict(zip(FIELDS, columns))


def python_loss(weight, bias, celsius, fahrenheit):
    """Mean squared error in plain Python."""
    pairs = list(zip(celsius, fahrenheit))
    return sum((c * weight + bias - f) ** 2 for c, f in pairs) / len(pairs)


def assert_history_matches(run, history, diverged_at, dataset, rtol=1e-9, floor=1e-12):
    """``run`` equals the loop's history wherever the loop stayed finite.

    ``run`` may hold only some iterations (``run.steps``); they are compared
    with the loop's rows at the same iterations. Each value agrees to
    ``rtol`` relative, or to ``floor`` times the magnitudes the loop itself
    added up to get it: a parameter near zero is the difference of numbers the size of
    the optimum, and a gradient near zero is a sum of terms the size of x·y,
    so rounding there is absolute, not relative.
    """
    assert run.diverged_at == diverged_at
    finite = len(history["losses"])
    x, y = dataset.celsius, dataset.fahrenheit
    opt = neuron.least_squares(dataset)
    params = max(
        abs(opt.weight),
        abs(opt.bias),
        np.max(np.abs(history["weights"][:1])),
        np.max(np.abs(history["biases"][:1])),
    )
    terms = {
        "weights": params,
        "biases": params,
        "losses": 0.0,
        "weight_gradients": 2 * np.mean(np.abs(x * y)) + 2 * params * np.mean(x * x),
        "bias_gradients": 2 * np.mean(np.abs(y)) + 2 * params * np.mean(np.abs(x)),
    }
    # Once the weight has grown, the bias's gradient adds up terms the size of
    # x·w (its rounding is absolute at that size), and the bias adds up η times
    # those gradients: a diverging run's bias is known only to that precision.
    bias_terms = 2 * np.mean(np.abs(x)) * np.abs(history["weights"][:finite])
    rate = run.optimizer.learning_rate
    grown = {
        "bias_gradients": bias_terms,
        "biases": rate * np.concatenate([[0.0], np.cumsum(bias_terms)[:-1]]),
    }
    inside = run.steps < finite
    for name in FIELDS:
        ours, loop = getattr(run, name)[inside], history[name][run.steps[inside]]
        scale = max(terms[name], np.max(np.abs(loop)) if loop.size else 0)
        if name in grown:
            scale = np.maximum(scale, grown[name][run.steps[inside]])
        assert np.array_equal(np.isfinite(ours), np.isfinite(loop)), name
        off = ~(np.abs(ours - loop) <= rtol * np.abs(loop) + floor * scale)
        off &= np.isfinite(loop)
        assert not np.any(off), (
            f"{name} differs at iterations {run.steps[inside][off][:5].tolist()}: "
            f"{ours[off][:5].tolist()} vs the loop's {loop[off][:5].tolist()}"
        )
        assert np.all(np.isnan(getattr(run, name)[~inside])), name


def watch_loop(dataset, *, learning_rate, momentum=0.0, nesterov=False, iterations, start):
    """A plain-float loop over the samples that watches each parameter's error.

    The update rules written out (heavy ball: v ← μ v + g, p ← p − η v;
    Nesterov: p ← p − η (g + μ v)), fast enough for a few hundred thousand
    steps on small data. Returns, per parameter (weight, bias), the error
    p_t − p* at every step 0 … iterations.
    """
    xs, ys = dataset.celsius.tolist(), dataset.fahrenheit.tolist()
    n = len(xs)
    opt = neuron.least_squares(dataset)
    w, b = start
    vw = vb = 0.0
    errors = np.empty((iterations + 1, 2))
    for t in range(iterations + 1):
        errors[t] = w - opt.weight, b - opt.bias
        gs = [2 * (x * w + b - y) / n for x, y in zip(xs, ys)]
        gw, gb = sum(g * x for g, x in zip(gs, xs)), sum(gs)
        vw, vb = momentum * vw + gw, momentum * vb + gb
        if nesterov:
            w, b = (
                w - learning_rate * (gw + momentum * vw),
                b - learning_rate * (gb + momentum * vb),
            )
        else:
            w, b = w - learning_rate * vw, b - learning_rate * vb
    return errors


def learned_from(errors, limit):
    """The first t from which |error| ≤ limit to the end of the array."""
    outside = np.flatnonzero(np.abs(errors) > limit)
    return 0 if outside.size == 0 else int(outside[-1]) + 1


def crossings_of(errors, resolution):
    """Sign changes of ``errors`` (zero within ``resolution``), and the step of the last."""
    signs = np.sign(errors) * (np.abs(errors) > resolution)
    steps = np.flatnonzero(signs)
    flips = np.flatnonzero(signs[steps][1:] != signs[steps][:-1])
    return flips.size, (int(steps[flips[-1] + 1]) - 1 if flips.size else None)


def literal_sgd(dataset, *, optimizer, iterations, batch_size, seed, initial_weight, initial_bias):
    """forward → backward → step on each batch, the batches drawn as documented."""
    rng = np.random.default_rng(seed)
    block = -(-DRAW // batch_size)
    blocks = -(-iterations // block)
    size = len(dataset)
    draws = [rng.integers(0, size, (block, batch_size)) for _ in range(blocks)]
    indices = np.concatenate(draws) if draws else np.empty((0, batch_size), int)
    w, b = initial_weight, initial_bias
    state = optimizer.init(np.zeros(2))
    rows = [(w, b)]
    for batch in indices[:iterations]:
        x, y = dataset.celsius[batch], dataset.fahrenheit[batch]
        g = neuron.backward(x, y, neuron.forward(w, b, x, y).output)
        (w, b), state = optimizer.step((w, b), (g.weight, g.bias), state)
        w, b = float(w), float(b)
        rows.append((w, b))
    return np.array(rows)
