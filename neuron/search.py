"""Exact answers about a closed-form trajectory without walking all of it.

Each search brackets its answer with the envelope of ``neuron.closed_form``
(monotone past a known step) and then evaluates only the window in between,
exactly, in chunks that double: the first overflow, the last time a
parameter is outside its tolerance, and the last time it crosses its optimum.
"""

import math

import numpy as np

from neuron import model
from neuron.closed_form import bound, peak, values

EDGE = 16 * np.finfo(float).eps  # a spectral radius this close to 1 is 1, within rounding


def first_divergence(dataset, path, n):
    """First step in 0 … n whose loss, computed from the data, is not finite.

    ``forward`` overflows when n_samples · loss passes the largest float. The
    closed-form loss agrees with it to about 1e-12, so only steps within a
    hair of that limit are settled by calling ``forward`` itself.
    """
    limit = np.finfo(float).max / len(dataset)
    low, high = limit * (1 - 1e-6), limit * (1 + 1e-6)
    t, chunk = _earliest(path, n, low), 256
    while t is not None and t <= n:
        steps = np.arange(t, min(n, t + chunk - 1) + 1)
        w, b, losses, _, _ = path.columns(steps)
        for i in np.flatnonzero(~(losses < low)):
            if not losses[i] < high:
                return int(steps[i])
            f = model.forward(w[i], b[i], dataset.celsius, dataset.fahrenheit)
            if not math.isfinite(f.loss):
                return int(steps[i])
        t, chunk = int(steps[-1]) + 1, chunk * 2
        if _ceiling(path, t, settled=True) < low:
            return None
    return None


def _ceiling(path, t, settled=False):
    """A bound of the loss at step t and, unless ``settled``, at every step before it.

    With ``settled`` it bounds every step from t on instead, or is inf when it
    cannot (a direction that does not shrink, or t before its peak).
    """
    total = path.shape.minimum_loss
    for rec, lam, z0, k in zip(path.recurrences, path.shape.curvatures, path.z0, path.k):
        if z0 == 0:
            continue
        if settled and (rec.radius >= 1 or (k != 0 and t < rec.peak)):
            return math.inf
        c, u = rec.bounds(t) if settled or rec.radius >= 1 else rec.largest()
        with np.errstate(over="ignore", invalid="ignore"):
            size = abs(z0) * c + (abs(k) * u if k != 0 else 0.0)
            total = total + 0.5 * lam * size * size
    return total


def _earliest(path, n, low):
    """The first t ≤ n whose ceiling reaches ``low`` (it never decreases), or None."""
    if not _ceiling(path, float(n)) >= low:
        return None
    lo, hi = 0, n
    while lo < hi:
        mid = (lo + hi) // 2
        if _ceiling(path, float(mid)) >= low:
            hi = mid
        else:
            lo = mid + 1
    return lo


def settles(terms, tolerance):
    """First t from which |Σ a C_s + b U_s| ≤ tolerance for every s ≥ t, or None.

    None when a term does not shrink: a radius of 1 (within rounding) or more.
    """
    if not terms:
        return 0
    if any(rec.radius >= 1 - EDGE for rec, _, _ in terms):
        return None
    end = _bound_below(terms, tolerance)
    chunk = 1024
    while end > 0:
        begin = max(0, end - chunk)
        steps = np.arange(begin, end)
        outside = np.flatnonzero(~(np.abs(values(terms, steps)) <= tolerance))
        if outside.size:
            return int(steps[outside[-1]]) + 1
        end, chunk = begin, min(2 * chunk, 2**18)
    return 0


def _bound_below(terms, tolerance):
    """The first t past the peak from which the envelope stays ≤ tolerance."""
    lo = peak(terms)
    if bound(terms, lo) <= tolerance:
        return lo
    hi = max(2 * lo, 64)
    while not bound(terms, hi) <= tolerance:
        lo, hi = hi, 2 * hi
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if bound(terms, mid) <= tolerance else (mid, hi)
    return hi


def sign_changes(terms, n, resolution):
    """How often Σ a C_t + b U_t changes sign over t = 0 … n, and the step that did it last.

    A sign change between t and t + 1 is a crossing at step t: the update
    made at t carries the value across. Values within ``resolution`` of zero
    are zero: touching, not crossing.
    Signs are compared with the last non-zero one. The scan stops where one
    exponential dominates the rest for good (its sign then never changes, or
    flips at every step) or where the envelope falls within the resolution.
    """
    exponentials = _exponentials(terms)
    count, last, sign, t, chunk = 0, None, 0, 0, 1024
    while t <= n:
        steps = np.arange(t, min(n, t + chunk - 1) + 1)
        v = values(terms, steps)
        s = np.where(np.abs(v) > resolution, np.sign(v), 0.0)
        seen = steps[s != 0]
        signs = np.concatenate([[sign] if sign else [], s[s != 0]])
        flips = np.flatnonzero(signs[1:] != signs[:-1]) + 1
        if flips.size:
            count += flips.size
            last = int(seen[flips[-1] - (1 if sign else 0)]) - 1  # the step that crossed
        sign = signs[-1] if signs.size else sign
        t, chunk = int(steps[-1]) + 1, chunk * 2
        if t > n or (t >= peak(terms) and bound(terms, t) <= resolution):
            break
        c, rate = _dominant_from(exponentials, t - 1) or (0.0, 0.0)
        if rate > 0:
            break
        if rate < 0 and _visible_at(c, rate, n, resolution):
            return count + n - t + 1, n - 1  # flips at every step, visibly, to the end

    return count, last


def _visible_at(c, r, n, resolution):
    """Whether c rᵗ at t = n is over ``resolution``, in logarithms: a growing r
    (a diverging rate) over many steps overflows a float (it was an OverflowError)."""
    return math.log(0.5 * abs(c)) + n * math.log(abs(r)) > math.log(resolution)


def _exponentials(terms):
    """The terms as Σ c rᵗ, or None when a repeated or complex root makes that impossible."""
    out = []
    for rec, a, b in terms:
        if b == 0 and not rec.complex:  # gradient descent: a rᵗ
            out.append((a, rec.r1))
            continue
        split = rec.split(a, b)
        if split is None:
            return None
        out += [(split[0], rec.r1), (split[1], rec.q * rec.r1)]
    return [(c, r) for c, r in out if c != 0]


def _dominant_from(exponentials, t):
    """(c, r) of the dominant term if it outweighs the rest at t and after, else None."""
    if not exponentials:
        return None
    exponentials = sorted((e for e in exponentials if e[1] != 0), key=lambda cr: -abs(cr[1]))
    (c, r), rest = exponentials[0], exponentials[1:]
    if rest and abs(rest[0][1]) >= abs(r):
        return None
    # The others shrink faster, so once outweighed (twice, for rounding) they stay so.
    top = math.log(abs(c)) + t * math.log(abs(r))
    others = sum(
        math.exp(min(700.0, math.log(abs(ci)) + t * math.log(abs(ri)) - top))
        for ci, ri in rest
        if ri != 0
    )
    return (c, r) if others <= 0.5 else None
