"""The Math view's update step for momentum, Nesterov, Adam and RMSProp, with its numbers.

Plain descent's update is worked in ``worked``; the others carry a state
from step to step (the velocity, or the running means). Each optimizer's
registry entry names its worked update here (``WORKED``). It is rebuilt
here from the engine's own gradients, and the next parameters are the
engine's (``analysis.run_at``), so the block shows what the run did.
"""

import dataclasses
import math

import numpy as np

from playground.compute.analysis import run_at
from playground.compute.worked import floored, tex_writer
from playground.core.optimizers import BY_NAME

WINDOW = 50_000  # momentum remembers μᵏ of the gradient k steps back: μ^50,000 < 1e-21
REPLAYED = 100_000  # running means are rebuilt from every gradient up to here
ADAM_REPLAYED = REPLAYED
EPSILON = 1e-8  # Adam's and RMSProp's ε, as the engine's optimizers hold it


def _history(settings, first, step):
    """Engine rows ``first`` … ``step``, and ``step + 1`` when the run has it."""
    last = min(step + 1, settings.iterations)
    # the run's first `last` updates are the same however long it goes on
    run = run_at(dataclasses.replace(settings, iterations=last), np.arange(first, last + 1))
    rows = (run.steps >= first) & (run.steps <= step)  # a run always records 0 and its end
    grads = np.stack([run.weight_gradients, run.bias_gradients], axis=1)
    params = np.stack([run.weights, run.biases], axis=1)
    after = run.steps == step + 1
    following = params[after][0] if after.any() and np.all(np.isfinite(params[after])) else None
    return params[rows], grads[rows], following


def _fold(decay, values):
    """Σₖ decayᵏ · values[−1 − k]: a running sum of ``values``, the newest first."""
    with np.errstate(under="ignore"):
        weights = np.power(decay, np.arange(len(values))[::-1], dtype=float)
    return weights @ values if len(values) else np.zeros(2)


def velocity(settings, step):
    """The velocity after ``step`` updates of momentum or Nesterov, and the
    engine's parameters after the next update (None past the run).

    Folded from the engine's gradients over the last ``WINDOW`` updates; the
    velocity before them is read off the step the parameters took then.
    """
    mu, eta = settings.momentum, settings.learning_rate
    nesterov = BY_NAME[settings.optimizer].nesterov
    first = max(step - WINDOW, 0)
    params, grads, following = _history(settings, max(first - 1, 0), step)
    v = np.zeros(2)
    if first > 0 and mu > 0:  # the step into `first` was η v (heavy ball), η (g + μ v) (Nesterov)
        moved = (params[0] - params[1]) / eta
        v = (moved - grads[0]) / mu if nesterov else moved
    window = grads[-(step - first) - 1 : -1] if step > first else grads[:0]
    return mu ** len(window) * v + _fold(mu, window), following


def adam_state(settings, step):
    """Adam's running means (m, v) after ``step`` updates, and the engine's
    parameters after the next one; None past ``ADAM_REPLAYED`` updates."""
    if step > ADAM_REPLAYED:
        return None
    b1, b2 = settings.beta1, settings.beta2
    _, grads, following = _history(settings, 0, step)
    earlier = grads[:-1]
    m = (1 - b1) * _fold(b1, earlier)
    v = (1 - b2) * _fold(b2, earlier * earlier)
    return m, v, following


def rmsprop_state(settings, step):
    """RMSProp's running mean of squared gradients after ``step`` updates, and the
    engine's parameters after the next one; None past ``REPLAYED`` updates."""
    if step > REPLAYED:
        return None
    alpha = settings.alpha
    _, grads, following = _history(settings, 0, step)
    earlier = grads[:-1]
    return (1 - alpha) * _fold(alpha, earlier * earlier), following


def state(settings, step):
    """What the update after ``step`` updates needs beyond the gradient: the
    velocity (``velocity``) or the running means (``adam_state``, ``rmsprop_state``)."""
    return WORKED[BY_NAME[settings.optimizer].update][0](settings, step)


def block(T, outcome, m, found=None):
    """The update at ``m.iteration`` (a ``worked.Step``) as (paragraph, [LaTeX]).

    ``found`` is ``state(outcome.settings, m.iteration)`` if already at hand.
    """
    s = outcome.settings
    found = state(s, m.iteration) if found is None else found
    return WORKED[BY_NAME[s.optimizer].update][1](T, s, m, found)


def _names(T):
    return [rf"\text{{{T(k)}}}" for k in ("tex.weight", "tex.bias")]


def _writer(T, floor=0.0):
    f = tex_writer(T, floor)

    def term(value):  # an operand: (-4.01) rather than + -4.01
        text = f(value)
        return f"({text})" if value < 0 and not text.startswith("(") else text

    return f, term


def _momentum(T, s, m, found):
    f, _ = _writer(T)
    mu, eta = s.momentum, s.learning_rate
    v, following = found
    nesterov = BY_NAME[s.optimizer].nesterov
    lines = []
    floors = (m.floor.weight_gradient, m.floor.bias_gradient)  # a loop's v stalls at g / (1 − μ)
    for i, (name, p, g) in enumerate(zip(_names(T), (m.weight, m.bias), (m.d_weight, m.d_bias))):
        fv, tv = _writer(T, floors[i] / (1 - mu))
        fg, tg = _writer(T, floors[i])
        v1 = mu * v[i] + g
        direction = g + mu * v1 if nesterov else v1
        p1 = following[i] if following is not None else p - eta * direction
        lines.append(
            rf"v_{{{name}}} \leftarrow \mu\, v_{{{name}}} + \frac{{\partial L}}{{\partial {name}}}"
            rf" = {f(mu)} \times {tv(v[i])} + {tg(g)} = {fv(v1)}"
        )
        if nesterov:
            lines.append(
                rf"{name} \leftarrow {name} - \eta \left(\frac{{\partial L}}{{\partial {name}}}"
                rf" + \mu\, v_{{{name}}}\right) = {f(p)} - {f(eta)} \times ({fg(g)} + {f(mu)}"
                rf" \times {tv(v1)}) = {f(p1)}"
            )
        else:
            lines.append(
                rf"{name} \leftarrow {name} - \eta\, v_{{{name}}} = {f(p)} - {f(eta)} \times "
                rf"{tv(v1)} = {f(p1)}"
            )
    key = "update.nesterov" if nesterov else "update.momentum"
    return floored(T, (T(key, rate=T.number(eta, 6), mu=T.number(mu)), lines))


def _adam(T, s, m, found):
    f, term = _writer(T)
    b1, b2, eta, k = s.beta1, s.beta2, s.learning_rate, m.iteration + 1
    values = {"rate": T.number(eta, 6), "b1": T.number(b1), "b2": T.number(b2, 6),
              "k": T.count(k)}  # fmt: skip
    if found is None:
        return T("update.adam_far", limit=T.count(ADAM_REPLAYED), **values), []
    mean, square, following = found
    c1, c2 = 1 - b1**k, 1 - b2**k
    lines = []
    for i, (name, p, g) in enumerate(zip(_names(T), (m.weight, m.bias), (m.d_weight, m.d_bias))):
        m1 = b1 * mean[i] + (1 - b1) * g
        v1 = b2 * square[i] + (1 - b2) * g * g
        m_hat, v_hat = m1 / c1, v1 / c2
        p1 = (
            following[i]
            if following is not None
            else p - eta * m_hat / (math.sqrt(v_hat) + EPSILON)
        )
        lines += [
            rf"m_{{{name}}} \leftarrow \beta_1 m_{{{name}}} + (1 - \beta_1)"
            rf" \frac{{\partial L}}{{\partial {name}}} = {f(b1)} \times {term(mean[i])} + "
            rf"{f(1 - b1)} \times {term(g)} = {f(m1)}",
            rf"v_{{{name}}} \leftarrow \beta_2 v_{{{name}}} + (1 - \beta_2) \left("
            rf"\frac{{\partial L}}{{\partial {name}}}\right)^2 = {f(b2)} \times {term(square[i])}"
            rf" + {f(1 - b2)} \times {term(g)}^2 = {f(v1)}",
            rf"{name} \leftarrow {name} - \eta \frac{{m_{{{name}}} / (1 - \beta_1^{{{k}}})}}"
            rf"{{\sqrt{{v_{{{name}}} / (1 - \beta_2^{{{k}}})}} + \epsilon}} = {f(p)} - {f(eta)}"
            rf" \times \frac{{{f(m_hat)}}}{{\sqrt{{{f(v_hat)}}} + 10^{{-8}}}} = {f(p1)}",
        ]
    return T("update.adam", **values), lines


def _rmsprop(T, s, m, found):
    f, term = _writer(T)
    alpha, eta = s.alpha, s.learning_rate
    values = {"rate": T.number(eta, 6), "alpha": T.number(alpha, 6)}
    if found is None:
        return T("update.rmsprop_far", limit=T.count(REPLAYED), **values), []
    square, following = found
    lines = []
    for i, (name, p, g) in enumerate(zip(_names(T), (m.weight, m.bias), (m.d_weight, m.d_bias))):
        v1 = alpha * square[i] + (1 - alpha) * g * g
        p1 = following[i] if following is not None else p - eta * g / (math.sqrt(v1) + EPSILON)
        lines += [
            rf"v_{{{name}}} \leftarrow \alpha\, v_{{{name}}} + (1 - \alpha) \left("
            rf"\frac{{\partial L}}{{\partial {name}}}\right)^2 = {f(alpha)} \times "
            rf"{term(square[i])} + {f(1 - alpha)} \times {term(g)}^2 = {f(v1)}",
            rf"{name} \leftarrow {name} - \eta \frac{{\partial L / \partial {name}}}"
            rf"{{\sqrt{{v_{{{name}}}}} + \epsilon}} = {f(p)} - {f(eta)} \times "
            rf"\frac{{{f(g)}}}{{\sqrt{{{f(v1)}}} + 10^{{-8}}}} = {f(p1)}",
        ]
    return T("update.rmsprop", **values), lines


# Each registry entry's ``update``: (its state after a step, its worked block).
WORKED = {
    "momentum": (velocity, _momentum),
    "adam": (adam_state, _adam),
    "rmsprop": (rmsprop_state, _rmsprop),
}
