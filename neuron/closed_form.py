"""The exact error along each curvature direction, at any iteration.

Along the direction of curvature λ, with a = η λ, the error z and the
velocity v follow a 2 × 2 linear recurrence (v₀ = 0):

* gradient descent:  z ← (1 − a) z;
* heavy ball:        z ← (1 − a) z − η μ v,          v ← λ z + μ v;
* Nesterov:          z ← (1 − a (1 + μ)) z − η μ² v,  v ← λ z + μ v.

Its matrix has half-trace m and determinant δ (μ for heavy ball, μ (1 − a)
for Nesterov), roots r₁, r₂ = m ± √(m² − δ), and every such sequence is

    z_t = z₀ C_t + k U_t,   C_t = (r₁ᵗ + r₂ᵗ) / 2,   U_t = (r₁ᵗ − r₂ᵗ) / (r₁ − r₂),

with k = z₁ − m z₀. U_t is a divided difference: it tends to t rᵗ⁻¹ as the
roots meet and to ρᵗ⁻¹ sin(tφ) / sin φ when they are complex (ρ e^{±iφ}), and
it is computed in those forms, never as a difference of nearly equal powers.
Gradient descent is the repeated root r = 1 − a with k = 0, so z_t = z₀ rᵗ.

The bounds |C_t| ≤ Rᵗ and |U_t| ≤ Rᵗ⁻¹ min(t, G), with R the spectral radius
and G = 2 / |1 − r₂/r₁| (1 / sin φ when complex), give an envelope that is
monotone past a known step: searches for divergence, for the last time a
parameter leaves its tolerance, and for the last crossing rely on it.
"""

import math

import numpy as np

from neuron.optimizers import Momentum


def family(optimizer):
    """(μ, nesterov) of gradient descent or momentum: plain descent is μ = 0."""
    if isinstance(optimizer, Momentum):
        return optimizer.momentum, optimizer.nesterov
    return 0.0, False


def coefficients(a, mu, nesterov):
    """Half-trace m, determinant δ and k / z₀ at a = η λ (arrays broadcast).

    A scalar μ = 0 is plain gradient descent, kept in its exact form r = 1 − a.
    """
    a = np.asarray(a, dtype=float)
    if np.ndim(mu) == 0 and mu == 0:
        r = 1 - a
        return r, r * r, np.zeros_like(a)
    if nesterov:
        top = 1 - a * (1 + mu)
        return (top + mu) / 2, mu * (1 - a), (top - mu) / 2
    return (1 + mu - a) / 2, mu + 0 * a, (1 - a - mu) / 2


class Recurrence:
    """The sequences C_t and U_t of one direction, and bounds on them."""

    def __init__(self, m, det, log_r1=None, disc=None):
        m, det = float(m), float(det)
        disc = m * m - det if disc is None else disc  # m² − δ, unless given more exactly
        self.complex = disc < 0
        # ln r₁ when given more exactly than ln of r₁'s float (real, positive roots only)
        self.log_r1 = None if self.complex or m <= 0 else log_r1
        if self.complex:
            root = math.sqrt(-disc)
            self.radius = math.sqrt(det)
            self.phi = math.atan2(root, m)
            self.sin_phi = root / self.radius
            self.gap = 1 / self.sin_phi
            return
        d = math.sqrt(disc)
        self.r1 = m + math.copysign(d, m)  # the root of larger magnitude
        self.radius = abs(self.r1)
        self.q = det / self.r1 / self.r1 if self.r1 != 0 else 0.0  # r₂ / r₁, in [-1, 1]
        # log(r₂ / r₁) for roots of one sign, without cancellation when they are close.
        x = -2 * d / self.radius if self.q > 0 else math.nan  # r₂ / r₁ − 1
        self.log_q = math.log1p(x) if x > -0.5 else math.log(self.q) if self.q > 0 else math.nan
        self.one_minus_q = -math.expm1(self.log_q) if self.q > 0 else 1 - self.q
        # |1 − qᵗ| ≤ 1 for q ≥ 0 and ≤ 1 − q for q < 0, so |S_t| ≤ G.
        self.gap = 1.0 if self.q < 0 else 1 / self.one_minus_q if self.one_minus_q else math.inf

    def basis(self, t, powers=None):
        """(C_t, U_t) at the float steps ``t``; ``powers`` may give radius-or-r₁ ** t."""
        with np.errstate(all="ignore"):
            if self.complex:  # ρᵗ cos tφ and ρᵗ⁻¹ sin tφ / sin φ
                p = self.radius**t if powers is None else powers
                u = p / self.radius * (np.sin(t * self.phi) / self.sin_phi)
                return p * np.cos(t * self.phi), u
            if self.r1 == 0:
                return (t == 0).astype(float), (t == 1).astype(float)
            p = self.r1**t if powers is None else powers
            if self.q > 0 and self.log_q == 0:
                return p, p / self.r1 * t
            if self.q > 0:
                e = np.expm1(t * self.log_q)
                return p * (2 + e) / 2, p / self.r1 * (e / math.expm1(self.log_q))
            qt = self.q**t
            return p * (1 + qt) / 2, p / self.r1 * ((1 - qt) / (1 - self.q))

    def power(self, t):
        """``base()``ᵗ for the searches; from ``log_r1`` when it is given: the float
        of 1 − a is off by up to half an ulp, which 3·10⁸ steps turn into a whole
        iteration's worth. (A run's own rows keep ``r₁ ** t``, as its loop does.)"""
        if self.log_r1 is None:
            return self.base() ** t
        return np.exp(t * self.log_r1)

    def base(self):
        """The number whose powers ``basis`` needs (see ``powers``)."""
        return self.radius if self.complex else self.r1

    def bounds(self, t):
        """Upper bounds of |C_t| and |U_t|: Rᵗ (1 + |q|ᵗ) / 2 and Rᵗ⁻¹ min(t, G)."""
        t = np.asarray(t, dtype=float)
        if self.radius == 0:
            return (t == 0).astype(float), (t == 1).astype(float)
        with np.errstate(all="ignore"):
            p = self.radius**t if self.log_r1 is None else self.power(t)  # r₁ > 0 then
            u = p / self.radius * np.minimum(t, self.gap)
            if self.complex:
                return p, u
            qt = np.exp(t * self.log_q) if self.q > 0 else abs(self.q) ** t
            return p * (1 + qt) / 2, u

    def split(self, a, b):
        """(c₁, c₂) with a C_t + b U_t = c₁ r₁ᵗ + c₂ r₂ᵗ, or None for complex or equal roots."""
        if self.complex or self.r1 == 0 or (self.q > 0 and self.log_q == 0):
            return None
        spread = self.r1 * self.one_minus_q  # r₁ − r₂
        return a / 2 + b / spread, a / 2 - b / spread

    @property
    def peak(self):
        """A step from which both bounds never increase (inf if the radius is ≥ 1)."""
        if self.radius >= 1:
            return math.inf
        if self.radius == 0:
            return 1
        return math.ceil(min(self.gap, -1 / math.log(self.radius)))

    def largest(self):
        """Upper bounds of |C_t| and |U_t| over every t, for a radius < 1."""
        r = self.radius
        # Rᵗ⁻¹ min(t, G) ≤ G for t ≥ 1, and t Rᵗ⁻¹ peaks at t = −1 / ln R.
        top = 1.0 if r == 0 else min(self.gap, -1 / (math.e * r * math.log(r)))
        return 1.0, max(1.0, top)


def slow_root(a, mu, nesterov):
    """(ln r₁, m² − δ) computed without cancellation, each None where not needed.

    m² − δ from m and δ loses the digits of a small gap between the roots, and
    r₁ = m + √(m² − δ) those of a small 1 − r₁: 10⁸ powers of an r₁ off by
    half an ulp, or a mode's coefficient off by 10⁻¹², move a count by tens
    of iterations. Shifted by 1 the characteristic polynomial is s² − B s + a,
    with B = 1 − μ + a (heavy ball) or 1 − μ + a (1 + μ) (Nesterov), so
    m² − δ = (B² − 4a) / 4 and s = 1 − r₁ = 2a / (B + √(B² − 4a)), both free of
    cancellation; ln r₁ = log1p(−s) for a real, positive r₁ (plain descent: s = a).
    """
    a, mu = float(a), float(mu)
    if mu == 0:
        return (math.log1p(-a) if 0 < a < 0.5 else None), None
    b = 1 - mu + a * (1 + mu if nesterov else 1)
    disc = b * b - 4 * a
    if disc < 0 or b <= 0 or not 0 < a < 0.5:
        return None, disc / 4
    s = 2 * a / (b + math.sqrt(disc))
    return (math.log1p(-s) if s < 0.5 else None), disc / 4


def powers(r, n):
    """rᵗ for t = 0 … n, as an outer product rᵏᵇ · rʲ with b ≈ √n.

    Each value is two correctly rounded powers and one product: as exact as
    ``r ** t`` and several times faster than it over a million steps.
    """
    b = math.isqrt(n) + 1
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        small = r ** np.arange(b, dtype=float)
        big = r ** (b * np.arange(b, dtype=float))
        return np.multiply.outer(big, small).ravel()[: n + 1]


class Path:
    """The exact trajectory of gradient descent or momentum from one start.

    Parameters
    ----------
    shape : Bowl
    optimizer : GradientDescent or Momentum
    start : ndarray of shape (2,)
        The (weight, bias) before the first update.
    """

    def __init__(self, shape, optimizer, start):
        if not optimizer.closed_form:
            raise TypeError(f"no closed form for {optimizer!r}")
        self.shape = shape
        a = optimizer.learning_rate * shape.curvatures
        mu, nesterov = family(optimizer)
        m, det, half = coefficients(a, mu, nesterov)
        self.z0 = (np.asarray(start, dtype=float) - shape.optimum) @ shape.directions
        self.k = half * self.z0
        self.recurrences = [
            Recurrence(*args, *slow_root(x, mu, nesterov)) for args, x in zip(zip(m, det), a)
        ]

    def errors(self, t):
        """Error along each direction at the integer steps ``t``: shape (len(t), 2)."""
        t = np.asarray(t)
        tf = t.astype(float)
        contiguous = t.size > 1 and t[0] == 0 and t[-1] == t.size - 1
        z = np.zeros((t.size, 2))
        for i, rec in enumerate(self.recurrences):
            if self.z0[i] == 0:  # a direction with no error keeps none, whatever r is
                continue
            p = powers(rec.base(), t.size - 1) if contiguous else None
            c, u = rec.basis(tf, p)
            with np.errstate(all="ignore"):
                z[:, i] = self.z0[i] * c if self.k[i] == 0 else self.z0[i] * c + self.k[i] * u
        return z

    def columns(self, t):
        """Weights, biases, losses, weight and bias gradients at the steps ``t``."""
        z = self.errors(t)
        q, shape = self.shape.directions, self.shape
        with np.errstate(over="ignore", invalid="ignore"):
            slopes = z * shape.curvatures  # the gradient, in curvature coordinates
            return [
                shape.optimum[0] + z @ q[0],
                shape.optimum[1] + z @ q[1],
                shape.minimum_loss + 0.5 * ((slopes * z) @ np.ones(2)),
                slopes @ q[0],
                slopes @ q[1],
            ]

    def terms(self, coordinate):
        """(recurrence, a, b) with error = Σ a C_t + b U_t, for weight (0) or bias (1).

        Directions of equal curvature share one recurrence, so their terms are
        merged: the bound then sees the sum, not the sum of magnitudes. Equal
        means within 64 ulps, the rounding of the data's own sums: standardized
        data's Hessian is 2·I, computed as 2 and 2(1 + 2e-16), and two terms
        that cancel kept a bound far above their sum (near the critical rate,
        ``settles`` then scanned 2e9 steps: 85 s). Merged, the sum's error is
        |b| t |Δr| |r|^(t-1): 1e-6 of a term at 2e9 steps, far inside the
        1 % tolerance it is read against.
        """
        q = self.shape.directions[coordinate]
        lo, hi = sorted(abs(float(c)) for c in self.shape.curvatures)
        equal = hi - lo <= 64 * np.finfo(float).eps * hi
        out = []
        for i, rec in enumerate(self.recurrences):
            a, b = q[i] * self.z0[i], q[i] * self.k[i]
            if out and equal:
                rec0, a0, b0 = out.pop()
                rec, a, b = rec0, a0 + a, b0 + b
            if a != 0 or b != 0:
                out.append((rec, a, b))
        return out


def values(terms, t):
    """Σ a C_t + b U_t at integer steps ``t``."""
    tf = np.asarray(t, dtype=float)
    total = np.zeros(tf.shape)
    for rec, a, b in terms:
        with np.errstate(all="ignore"):
            c, u = rec.basis(tf, rec.power(tf))
            total += a * c if b == 0 else a * c + b * u
    return total


def bound(terms, t):
    """An upper bound of |Σ a C_t + b U_t|, non-increasing from ``peak(terms)`` on.

    Each term takes the smaller of two bounds: |a| |C_t| + |b| |U_t| (tight
    when the two parts add up) and, for distinct real roots, |c₁| |r₁|ᵗ +
    |c₂| |r₂|ᵗ (tight when they cancel and one root dominates).
    """
    tf = np.asarray(t, dtype=float)
    total = np.zeros(tf.shape)
    for rec, a, b in terms:
        c, u = rec.bounds(tf)
        with np.errstate(all="ignore"):
            term = abs(a) * c + (abs(b) * u if b != 0 else 0)
            split = rec.split(a, b) if b != 0 else None
            if split is not None:
                r2 = abs(rec.q) * rec.radius
                exact = abs(split[0]) * rec.radius**tf + abs(split[1]) * r2**tf
                term = np.minimum(term, exact)
        total += term
    return total


def peak(terms):
    """The step from which ``bound(terms, t)`` never increases (inf if it may grow)."""
    return max(
        (rec.peak if b != 0 else (0 if rec.radius < 1 else math.inf) for rec, a, b in terms),
        default=0,
    )
