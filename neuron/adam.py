"""Adam and RMSProp have no closed form: a tight loop over the bowl, O(1) an update.

Both keep a running mean of the squared gradient v; Adam also keeps one of the
gradient, m, and corrects both for starting at zero. RMSProp is the same loop
with β1 = 0 (so m is the gradient itself) and no correction, which is how
``Moments`` describes it.

The gradient of the mean squared error is exactly H (θ − θ*), with H and θ*
computed once from the data's sums (``bowl``), so an update costs a few
float operations however many samples there are. The loop keeps plain
Python floats in locals and stores only the rows asked for; losses are
computed afterwards from the bowl's quadratic form in its eigenbasis, a sum
of non-negative terms, never a difference of large sums.
"""

import math
from dataclasses import dataclass

import numpy as np

from neuron import model

TINY = 2.0**-54  # 1 − p rounds to exactly 1 for p at or below this


@dataclass(frozen=True)
class Moments:
    """The update rule the loop runs, from an optimizer's ``moments``.

    m ← β1 m + (1 − β1) g, v ← β2 v + (1 − β2) g², then
    p ← p − η m̂ / (√v̂ + ε), with m̂ = m / (1 − β1ᵗ) and v̂ = v / (1 − β2ᵗ)
    when ``corrected``, else m̂ = m and v̂ = v.

    Attributes
    ----------
    learning_rate, beta1, beta2, epsilon : float
    corrected : bool
    """

    learning_rate: float
    beta1: float
    beta2: float
    epsilon: float
    corrected: bool


@dataclass(frozen=True)
class Walk:
    """What one loop saw.

    Attributes
    ----------
    weights, biases : list of float
        At each requested step before ``diverged_at``, in order.
    final : (float, float)
        The weight and bias at the last finite step.
    diverged_at : int or None
        The first step whose loss, from the data, is not finite.
    outside : tuple of int
        For weight and bias, the last step at which the error exceeded its
        tolerance (-1 if never).
    crossings : tuple of (int, int or None)
        For weight and bias, the number of sign changes of the error and the
        step whose update made the last one. An error within the resolution
        is a touch: signs are compared with the last non-zero one.
    """

    weights: list
    biases: list
    final: tuple
    diverged_at: int | None
    outside: tuple
    crossings: tuple


def safe_radius(dataset, shape):
    """|Δw| + |Δb| below which the loss is surely finite when computed from the data."""
    low = np.finfo(float).max / len(dataset) * (1 - 1e-6)
    room = max(low - shape.minimum_loss, 0.0)
    return math.sqrt(2 * room / shape.curvatures[-1]) * (1 - 1e-9)


def cannot_diverge(dataset, shape, rule, start, n):
    """True when no n updates can reach the overflow, whatever the gradients.

    By Cauchy–Schwarz |m̂| / √v̂ ≤ 1 / √((1 − β2)(1 − β1²/β2)) when β1² < β2,
    so each update moves each parameter at most η times that. With β1 = 0
    (RMSProp, corrected or not) v ≥ (1 − β2) g² bounds it by 1 / √(1 − β2).
    """
    b1, b2 = rule.beta1, rule.beta2
    if b1 == 0:
        most = 1 / math.sqrt(1 - b2)  # m̂ is g itself, and v̂ ≥ v ≥ (1 − β2) g²
    elif b1 * b1 < b2:
        most = 1 / math.sqrt((1 - b2) * (1 - b1 * b1 / b2))
    else:
        return False
    reach = np.sum(np.abs(np.asarray(start) - shape.optimum)) + 4 * n * rule.learning_rate * most
    return reach < safe_radius(dataset, shape)


def walk(
    dataset,
    shape,
    rule,
    start,
    n,
    steps=(),
    tolerances=(math.inf, math.inf),
    resolutions=(0.0, 0.0),
    jitter=(0.0, 0.0),
):
    """Run ``rule`` for ``n`` updates from ``start``; keep the rows at ``steps``.

    Parameters
    ----------
    dataset : Dataset
    shape : Bowl
        ``bowl(dataset)``.
    rule : Moments
        An optimizer's ``moments``.
    start : (float, float)
    n : int
    steps : sorted sequence of int
        Steps whose (weight, bias) to keep.
    tolerances : (float, float)
        For ``Walk.outside``.
    resolutions : (float, float)
        For ``Walk.crossings``: an error this small is zero.
    jitter : (float, float)
        Added to the weight's and the bias's gradient with a sign that flips
        every update: the rounding a loop over the samples makes in its sums
        (``neuron.learning.depends_on_rounding``). The bowl's gradient has none.

    Returns
    -------
    Walk
    """
    (hww, hwb), (_, hbb) = shape.hessian.tolist()
    ws, bs = (float(v) for v in shape.optimum)
    lr, b1, b2, eps = (
        float(v) for v in (rule.learning_rate, rule.beta1, rule.beta2, rule.epsilon)
    )
    c1, c2 = 1 - b1, 1 - b2
    tol_w, tol_b = (float(v) for v in tolerances)  # plain floats: numpy scalars are slow
    res_w, res_b = (float(v) for v in resolutions)
    jit_w, jit_b = (float(v) for v in jitter)
    safe = safe_radius(dataset, shape)
    guard = not cannot_diverge(dataset, shape, rule, start, n)  # else skip the check
    sqrt, fabs = math.sqrt, abs  # locals: a global lookup per use costs in this loop
    nres_w, nres_b = -res_w, -res_b
    w, b = (float(v) for v in start)
    mw = mb = vw = vb = 0.0
    p1 = p2 = 1.0  # β1ᵗ and β2ᵗ
    size, root = lr, 1.0  # η / (1 − β1ᵗ) and √(1 − β2ᵗ), uncorrected
    correcting = bool(rule.corrected)  # while 1 − βᵗ is not exactly 1
    wanted = [*steps, -1]
    j, nxt = 0, wanted[0]
    weights, biases = [], []
    out_w = out_b = -1
    sign_w, sign_b = _sign(w - ws, res_w), _sign(b - bs, res_b)
    n_w = n_b = 0
    at_w = at_b = None
    diverged = None
    pw, pb = w, b
    for t in range(n + 1):
        dw, db = w - ws, b - bs
        if guard and not fabs(dw) + fabs(db) < safe and _overflows(dataset, shape, w, b):
            diverged, w, b = t, pw, pb
            break
        if t == nxt:
            weights.append(w)
            biases.append(b)
            j += 1
            nxt = wanted[j]
        if fabs(dw) > tol_w:
            out_w = t
        if fabs(db) > tol_b:
            out_b = t
        if dw * sign_w < nres_w:
            n_w, at_w, sign_w = n_w + 1, t - 1, -sign_w
        elif sign_w == 0 and fabs(dw) > res_w:
            sign_w = 1 if dw > 0 else -1
        if db * sign_b < nres_b:
            n_b, at_b, sign_b = n_b + 1, t - 1, -sign_b
        elif sign_b == 0 and fabs(db) > res_b:
            sign_b = 1 if db > 0 else -1
        if t == n:
            break
        pw, pb = w, b
        gw = hww * dw + hwb * db + jit_w
        gb = hwb * dw + hbb * db + jit_b
        jit_w, jit_b = -jit_w, -jit_b
        mw = b1 * mw + c1 * gw
        mb = b1 * mb + c1 * gb
        vw = b2 * vw + c2 * gw * gw
        vb = b2 * vb + c2 * gb * gb
        if correcting:  # past TINY, 1 − βᵗ is exactly 1: the corrections stay as they are
            p1 *= b1
            p2 *= b2
            size, root = lr / (1 - p1), sqrt(1 - p2)
            correcting = p1 > TINY or p2 > TINY
        w -= size * mw / (sqrt(vw) / root + eps)
        b -= size * mb / (sqrt(vb) / root + eps)
    return Walk(weights, biases, (w, b), diverged, (out_w, out_b), ((n_w, at_w), (n_b, at_b)))


def _sign(x, resolution):
    return (x > resolution) - (x < -resolution)


def _overflows(dataset, shape, w, b):
    """Is the loss at (w, b), computed from the data as ``forward`` does, not finite?"""
    limit = np.finfo(float).max / len(dataset)
    loss = float(shape.loss(np.array([w, b]) - shape.optimum))
    if not loss < limit * (1 + 1e-6):
        return True
    if loss < limit * (1 - 1e-6):
        return False
    return not math.isfinite(model.forward(w, b, dataset.celsius, dataset.fahrenheit).loss)
