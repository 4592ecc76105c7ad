"""A closed-form run's errors in 60-digit decimal arithmetic, at chosen steps.

The float closed form rounds its roots and coefficients once, and ``t`` powers
of a root off by half an ulp move a value by about ``t`` ulps: where a count
hinges on a value within that of its tolerance, this module decides. It works
from the data, the start, the rate and μ as the exact numbers their floats
are, so its answer is exact arithmetic's to far more digits than any count
needs.

With the error e = p − p* and the velocity v (zero at first), one update is
linear in (e, v), with H the Hessian of the loss:

* heavy ball:  v ← μ v + H e,  e ← (I − η H) e − η μ v_old;
* Nesterov:    v ← μ v + H e,  e ← (I − η (1 + μ) H) e − η μ² v_old.

Plain descent is μ = 0. Step t is the state Mᵗ (e₀, 0), Mᵗ by repeated squaring.
"""

from decimal import Decimal, localcontext
from fractions import Fraction

import numpy as np

PRECISION = 60
_CHUNK = 18  # bits: a 53-bit integer mantissa is three chunks of at most 18 bits
_BLOCK = 1 << 17  # rows whose chunk products (< 2³⁶ each) sum under 2⁵³


class Exact:
    """The errors of the weight and the bias of one closed-form run, in decimals.

    Parameters
    ----------
    dataset : Dataset
    optimizer : GradientDescent or Momentum
    start : sequence of 2 floats
    """

    def __init__(self, dataset, optimizer, start):
        mu, nesterov = _family(optimizer)
        with localcontext() as ctx:
            ctx.prec = PRECISION
            x = np.asarray(dataset.celsius, dtype=float)
            y = np.asarray(dataset.fahrenheit, dtype=float)
            one = np.ones_like(x)
            n = len(x)
            sx, sxx = (_decimal(exact_dot(x, b) / n) for b in (one, x))
            sy, sxy = (_decimal(exact_dot(y, b) / n) for b in (one, x))
            det = sxx - sx * sx
            self.optimum = ((sxy - sx * sy) / det, (sxx * sy - sx * sxy) / det)
            h = ((2 * sxx, 2 * sx), (2 * sx, Decimal(2)))
            eta, mu = Decimal(float(optimizer.learning_rate)), Decimal(float(mu))
            gain, carry = (eta * (1 + mu), eta * mu * mu) if nesterov else (eta, eta * mu)
            one = ((1, 0), (0, 1))
            a = [[one[i][j] - gain * h[i][j] for j in range(2)] for i in range(2)]
            self.matrix = [
                [a[0][0], a[0][1], -carry, 0],
                [a[1][0], a[1][1], 0, -carry],
                [h[0][0], h[0][1], mu, 0],
                [h[1][0], h[1][1], 0, mu],
            ]
            e = [Decimal(float(p)) - o for p, o in zip(start, self.optimum, strict=True)]
            self.start = [e[0], e[1], Decimal(0), Decimal(0)]

    def errors(self, first, last):
        """The errors (weight, bias) at steps ``first`` … ``last``, a list of Decimal pairs."""
        with localcontext() as ctx:
            ctx.prec = PRECISION
            state = _apply(_power(self.matrix, first), self.start)
            out = [(state[0], state[1])]
            for _ in range(first, last):
                state = _apply(self.matrix, state)
                out.append((state[0], state[1]))
            return out


def exact_dot(a, b):
    """Σ aᵢ bᵢ of two float64 arrays, exactly, as a Fraction.

    Each float is an integer mantissa q (|q| < 2⁵³) times a power of two. The
    mantissas are cut into three 18-bit chunks, so every product of two chunks
    is under 2³⁶ and a sum of them over up to 2¹⁷ rows stays under 2⁵³, where
    float64 still counts integers exactly: the products are summed per power
    of two with numpy, and only the few sums are put together in Python
    integers. A Decimal conversion of every value (the plain way) cost 0.17 s
    on 100,000 rows; this costs a few milliseconds.
    """
    a, b = np.asarray(a, dtype=float).ravel(), np.asarray(b, dtype=float).ravel()
    if a.size > _BLOCK:  # each block's sums stay exact in float64
        return sum((_exact_dot(a[i : i + _BLOCK], b[i : i + _BLOCK])
                    for i in range(0, a.size, _BLOCK)), Fraction(0))  # fmt: skip
    return _exact_dot(a, b)


def _exact_dot(a, b):
    ma, ea = np.frexp(a)
    mb, eb = np.frexp(b)
    qa, qb = (np.abs(m * 2.0**53).astype(np.int64) for m in (ma, mb))
    sign = np.sign(ma) * np.sign(mb)
    powers, where = np.unique(ea.astype(np.int64) + eb, return_inverse=True)
    mask = (1 << _CHUNK) - 1
    ca = [(qa >> (_CHUNK * j)) & mask for j in range(3)]
    cb = [(qb >> (_CHUNK * k)) & mask for k in range(3)]
    total = 0
    for j in range(3):
        for k in range(3):
            sums = np.bincount(where, weights=sign * (ca[j] * cb[k]), minlength=powers.size)
            shift = _CHUNK * (j + k)
            total += sum(Fraction(int(c) << shift) * Fraction(2) ** int(e - 106)
                         for c, e in zip(sums, powers) if c)  # fmt: skip
    return Fraction(total)


def _decimal(fraction):
    """A Fraction as a Decimal at the context's precision (one rounding)."""
    return Decimal(fraction.numerator) / Decimal(fraction.denominator)


def _family(optimizer):
    momentum = getattr(optimizer, "momentum", 0.0)
    return momentum, bool(getattr(optimizer, "nesterov", False))


def _apply(m, s):
    return [sum(m[i][j] * s[j] for j in range(4)) for i in range(4)]


def _product(p, q):
    return [[sum(p[i][k] * q[k][j] for k in range(4)) for j in range(4)] for i in range(4)]


def _power(m, t):
    out = [[Decimal(int(i == j)) for j in range(4)] for i in range(4)]
    while t:
        if t & 1:
            out = _product(out, m)
        m, t = _product(m, m), t >> 1
    return out


def settled_from(exact, coordinate, tolerance, guess, window=64):
    """The first step from which the error stays within tolerance · max(|p*|, 1),
    read exactly near ``guess`` (the float closed form's answer).

    A window of steps around ``guess`` is evaluated exactly, and the answer is
    one past the last of them outside. While the window does not bracket that
    step (its last step is outside, or none but before its start could be) it
    moves that way, twice as wide each time; the float answer is rarely more
    than a few hundred iterations off. After 2¹⁶ steps it gives up: ``guess``.
    """
    with localcontext() as ctx:
        ctx.prec = PRECISION
        limit = Decimal(float(tolerance)) * max(abs(exact.optimum[coordinate]), Decimal(1))
    first, last = max(0, guess - window), guess + window
    while window <= 2**16:
        errors = exact.errors(first, last)
        with localcontext() as ctx:
            ctx.prec = PRECISION
            outside = [i for i, e in enumerate(errors) if abs(e[coordinate]) > limit]
        window *= 2
        if outside and outside[-1] < len(errors) - 1:
            return first + outside[-1] + 1
        if not outside and first == 0:
            return 0
        first, last = (last, last + window) if outside else (max(0, first - window), first)
    return guess
