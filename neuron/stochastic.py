"""Mini-batch stochastic gradient descent, and its exact expectation.

A sampled step draws B sample indices uniformly *with replacement* and
follows the gradient of that batch's mean squared error,
θ ← θ − η ĝ, ĝ = (1/B) Σ_k g_{i_k}, g_i = 2 (x_iᵀθ − y_i) x_i with
x_i = (celsius_i, 1). A batch of B = n_samples is therefore still a sample,
not the full batch.

In the error d = θ − θ* (θ* the least-squares optimum, e_i = y_i − x_iᵀθ* its
residuals) the sample gradient is g_i = 2 (x_iᵀd − e_i) x_i, and because
mean(e x) = 0, E[ĝ | d] = H d with H = 2 mean(x xᵀ). So the mean error
m = E[d] and the second moment M = E[d dᵀ] follow an affine recursion:

    m' = (I − ηH) m
    M' = (I − ηH) M (I − ηH) + (η²/B) [4 mean((xᵀMx) x xᵀ) − H M H]
         − (8η²/B) mean(e (xᵀm) x xᵀ) + (4η²/B) mean(e² x xᵀ)

from E[ĝĝᵀ | d] = (1/B) E[g_i g_iᵀ | d] + (1 − 1/B) H d dᵀ H, and
E[loss] = tr(mean(x xᵀ) M) + mean(e²). ``expected_run`` splits M into
N = m mᵀ and the covariance C = M − N, both carried by the same linear map,
so a standard deviation is never the difference of two large numbers.

Symmetric 2 × 2 matrices are written as 3-vectors in an orthonormal basis,
vec(M) = (M_ww, √2 M_wb, M_bb), so that tr(A B) = vec(A) · vec(B) and a
self-adjoint map on them is a symmetric 3 × 3 matrix.
"""

import math
import numbers
from dataclasses import dataclass

import numpy as np

from neuron import _checks
from neuron.bowl import bowl
from neuron.optimizers import GradientDescent
from neuron.parameters import MAX_BATCH_SIZE, SEED_MAX

DRAW = 2**12  # sample indices drawn at once: a block of ⌈DRAW / B⌉ steps


def check_batch_size(value):
    """A batch size, 1 … MAX_BATCH_SIZE, or None for the full batch."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"batch_size must be an integer or None, got {value!r}")
    if not 1 <= value <= MAX_BATCH_SIZE:
        raise ValueError(f"batch_size must be between 1 and {MAX_BATCH_SIZE:,}, got {value!r}")
    return int(value)


def check_seed(seed):
    """The random source of a sampled run: an int seed 0 … 2³² − 1, a Generator or None."""
    if isinstance(seed, np.random.Generator) or seed is None:
        return np.random.default_rng(seed)
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise ValueError(f"seed must be an integer, a numpy Generator or None, got {seed!r}")
    if not 0 <= seed <= SEED_MAX:
        raise ValueError(f"seed must be between 0 and {SEED_MAX:,}, got {seed!r}")
    return np.random.default_rng(int(seed))


def batch_means(dataset, shape, n, size, rng):
    """Per step, the batch means of x², x, e·x and e: shape (n, 4).

    The indices of step t are row t of ``rng.integers(0, n_samples, (steps, size))``
    drawn in blocks of ``steps = ⌈DRAW / size⌉`` rows, so a shorter run with the
    same seed is the start of a longer one.
    """
    x = dataset.celsius
    e = dataset.fahrenheit - (shape.optimum[0] * x + shape.optimum[1])
    table = np.stack([x * x, x, e * x, e], axis=1)
    steps = -(-DRAW // size)
    blocks = [
        table[rng.integers(0, len(x), (steps, size))].mean(axis=1) for _ in range(-(-n // steps))
    ]
    return np.concatenate(blocks)[:n] if blocks else np.empty((0, 4))


def walk(dataset, shape, optimizer, start, n, size, seed):
    """A sampled run's error θ − θ* after every update, and where it diverged.

    Parameters
    ----------
    dataset : Dataset
    shape : Bowl
        ``bowl(dataset)``.
    optimizer : GradientDescent, Momentum or Adam
    start : ndarray of shape (2,)
    n : int
        Updates.
    size : int
        Batch size.
    seed : int, numpy.random.Generator or None

    Returns
    -------
    errors : ndarray of shape (n + 1, 2)
        Row t is (weight, bias) − optimum after t updates.
    diverged_at : int or None
        The first t whose loss, computed from the data, is not finite.
    """
    stats = batch_means(dataset, shape, n, size, check_seed(seed))
    d0 = np.asarray(start, dtype=float) - shape.optimum
    with np.errstate(all="ignore"):
        if type(optimizer) is GradientDescent:
            errors = _descend(stats, optimizer.learning_rate, d0)
        else:
            errors = _optimize(stats, optimizer, d0)
    return errors, _first_overflow(dataset, shape, errors)


def _descend(stats, rate, d0):
    """d' = A_t d + c_t for every step, A_t = I − 2η [[x²̄, x̄], [x̄, 1]], c_t = 2η (ex̄, ē).

    The steps are cut into about √n blocks: each block's maps are composed
    (vectorised across blocks), the composed maps carry the start from block to
    block, and each block is then replayed from its start (vectorised again).
    """
    n = len(stats)
    k = max(1, math.isqrt(n))
    q = -(-n // k)
    pad = q * k - n

    def blocked(values, fill):
        return np.concatenate([values, np.full(pad, fill)]).reshape(q, k)

    a11 = blocked(1 - 2 * rate * stats[:, 0], 1.0)
    a12 = blocked(-2 * rate * stats[:, 1], 0.0)
    a22 = blocked(np.full(n, 1 - 2 * rate), 1.0)
    c1, c2 = blocked(2 * rate * stats[:, 2], 0.0), blocked(2 * rate * stats[:, 3], 0.0)
    # Each block's composed map d ↦ P d + v.
    p11, p12, p21, p22 = np.ones(q), np.zeros(q), np.zeros(q), np.ones(q)
    v1, v2 = np.zeros(q), np.zeros(q)
    for j in range(k):
        a, b, z = a11[:, j], a12[:, j], a22[:, j]  # A_j = [[a, b], [b, z]]
        p11, p12, p21, p22 = (
            a * p11 + b * p21,
            a * p12 + b * p22,
            b * p11 + z * p21,
            b * p12 + z * p22,
        )
        v1, v2 = a * v1 + b * v2 + c1[:, j], b * v1 + z * v2 + c2[:, j]
    starts = np.empty((q, 2))
    d = (float(d0[0]), float(d0[1]))
    for i in range(q):
        starts[i] = d
        composed = (p11[i], p12[i], p21[i], p22[i], v1[i], v2[i])
        if all(map(math.isfinite, composed)):
            d = (p11[i] * d[0] + p12[i] * d[1] + v1[i], p21[i] * d[0] + p22[i] * d[1] + v2[i])
        else:  # the product overflowed: step through this block one map at a time
            for j in range(k):
                a, b, z = a11[i, j], a12[i, j], a22[i, j]
                d = (a * d[0] + b * d[1] + c1[i, j], b * d[0] + z * d[1] + c2[i, j])
    rows = np.empty((q, k + 1, 2))
    rows[:, 0] = starts
    for j in range(k):
        w, b = rows[:, j, 0], rows[:, j, 1]
        rows[:, j + 1, 0] = a11[:, j] * w + a12[:, j] * b + c1[:, j]
        rows[:, j + 1, 1] = a12[:, j] * w + a22[:, j] * b + c2[:, j]
    return np.concatenate([rows[:, :k].reshape(-1, 2), rows[-1:, k]])[: n + 1]


def _optimize(stats, optimizer, d0):
    """Any optimizer's literal ``step`` on each batch gradient, one update at a time."""
    errors = np.empty((len(stats) + 1, 2))
    errors[0] = d = d0
    state = optimizer.init(d0)
    for t, (xx, x, ex, e) in enumerate(stats.tolist(), start=1):
        dw, db = float(d[0]), float(d[1])
        grads = (2 * (xx * dw + x * db - ex), 2 * (x * dw + db - e))
        d, state = optimizer.step(d, grads, state)
        errors[t] = d
    return errors


def _first_overflow(dataset, shape, errors):
    """First row whose loss, as ``forward`` computes it from the data, is not finite."""
    limit = np.finfo(float).max / len(dataset)
    losses = shape.loss(errors)
    for t in np.flatnonzero(~(losses < limit * (1 - 1e-6))):
        if not losses[t] < limit * (1 + 1e-6):
            return int(t)
        w, b = errors[t] + shape.optimum
        x, y = dataset.celsius, dataset.fahrenheit
        with np.errstate(over="ignore", invalid="ignore"):
            if not math.isfinite(float(np.mean((x * w + b - y) ** 2))):
                return int(t)
    return None


def columns(shape, errors):
    """The five columns of a ``TrainingRun`` at these errors: the full data's loss and gradient.

    The gradients are those of the whole dataset's loss, the one the row's loss
    is; the update itself used its batch's.
    """
    with np.errstate(invalid="ignore", over="ignore"):
        grads = errors @ shape.hessian  # H is symmetric
        params = errors + shape.optimum
    return [params[:, 0].copy(), params[:, 1].copy(), shape.loss(errors), grads[:, 0], grads[:, 1]]


@dataclass(frozen=True, eq=False)
class ExpectedRun:
    """What mini-batch SGD does on average, exactly, at every iteration.

    The i-th element of each array is its value after i updates, over every
    possible draw of the batches.

    Attributes
    ----------
    learning_rate : float
    batch_size : int or None
        None is the full batch (no randomness: the standard deviations are 0).
    loss : ndarray of shape (iterations + 1,)
        E[loss]; inf from the first iteration it overflows.
    mean_weight, mean_bias : ndarray of shape (iterations + 1,)
        E[weight] and E[bias].
    weight_std, bias_std : ndarray of shape (iterations + 1,)
        Standard deviation of the weight and of the bias.
    critical_learning_rate : float
        The mean-square critical rate for this batch size: below it E[loss]
        settles, above it E[loss] grows without bound.
    floor : float
        The E[loss] the run settles to (the minimum loss plus the batches'
        noise); inf at or above ``critical_learning_rate``.
    """

    learning_rate: float
    batch_size: int | None
    loss: np.ndarray
    mean_weight: np.ndarray
    mean_bias: np.ndarray
    weight_std: np.ndarray
    bias_std: np.ndarray
    critical_learning_rate: float
    floor: float


@dataclass(frozen=True, eq=False)
class Moments:
    """A dataset's sums the recursion is built from, in vec coordinates.

    Attributes
    ----------
    hessian : ndarray of shape (2, 2)
        H = 2 mean(x xᵀ).
    around : ndarray of shape (3, 3)
        M ↦ HM + MH.
    sandwich : ndarray of shape (3, 3)
        M ↦ HMH.
    fourth : ndarray of shape (3, 3)
        M ↦ mean((xᵀMx) x xᵀ) = mean(φ φᵀ) with φ = vec(x xᵀ).
    cross : ndarray of shape (3, 2)
        m ↦ mean(e (xᵀm) x xᵀ).
    noise : ndarray of shape (3,)
        vec(mean(e² x xᵀ)).
    second : ndarray of shape (3,)
        vec(mean(x xᵀ)): E[loss] = second · vec(M) + residual.
    residual : float
        mean(e²), the minimum loss.
    optimum : ndarray of shape (2,)
    """

    hessian: np.ndarray
    around: np.ndarray
    sandwich: np.ndarray
    fourth: np.ndarray
    cross: np.ndarray
    noise: np.ndarray
    second: np.ndarray
    residual: float
    optimum: np.ndarray


def _vec(m):
    """Symmetric (..., 2, 2) → (..., 3) in the orthonormal basis."""
    return np.stack([m[..., 0, 0], math.sqrt(2) * m[..., 0, 1], m[..., 1, 1]], axis=-1)


def _unvec(v):
    s = v[1] / math.sqrt(2)
    return np.array([[v[0], s], [s, v[2]]])


def _matrix(f):
    """The 3 × 3 matrix of a linear map on symmetric matrices."""
    return np.stack([_vec(f(_unvec(u))) for u in np.eye(3)], axis=1)


def moments(dataset):
    """The ``Moments`` of ``dataset``."""
    shape = bowl(dataset)
    x = np.stack([dataset.celsius, np.ones(len(dataset))], axis=1)
    e = dataset.fahrenheit - x @ shape.optimum
    phi = _vec(x[:, :, None] * x[:, None, :])
    h = shape.hessian
    return Moments(
        hessian=h,
        around=_matrix(lambda m: h @ m + m @ h),
        sandwich=_matrix(lambda m: h @ m @ h),
        fourth=phi.T @ phi / len(x),
        cross=(phi * e[:, None]).T @ x / len(x),
        noise=(phi * (e * e)[:, None]).mean(axis=0),
        second=phi.mean(axis=0),
        residual=float(np.mean(e * e)),
        optimum=shape.optimum,
    )


def _spread(mo, inv_b):
    """L2 with E[(I − ηĤ) M (I − ηĤ)] = M − η L1 M + η² L2 M, Ĥ the batch Hessian."""
    return (1 - inv_b) * mo.sandwich + 4 * inv_b * mo.fourth


def critical_rate(mo, inv_b):
    """The largest η with the M-map I − η L1 + η² L2 of spectral radius below 1.

    The map is self-adjoint and positive, so its spectral radius is its top
    eigenvalue, convex in η: it leaves 1 upwards where det(L1 − η L2) = 0,
    at η = 1 / μmax with L2 v = μ L1 v (L1 is positive definite).
    """
    g = np.linalg.cholesky(mo.around)
    inner = np.linalg.solve(g, np.linalg.solve(g, _spread(mo, inv_b)).T)
    return float(1 / np.linalg.eigvalsh((inner + inner.T) / 2)[-1])


def _affine(mo, rate, inv_b):
    """A (8 × 8) and c (8,) with s' = A s + c for s = (m, vec N, vec C)."""
    q = rate * rate
    spread = _spread(mo, inv_b)
    carry = np.eye(3) - rate * mo.around  # M ↦ M − η(HM + MH)
    a = np.zeros((8, 8))
    a[:2, :2] = np.eye(2) - rate * mo.hessian
    a[2:5, 2:5] = carry + q * mo.sandwich  # N' = P N P
    a[5:, :2] = -8 * q * inv_b * mo.cross
    a[5:, 2:5] = q * (spread - mo.sandwich)  # the batches' spread about the mean step
    a[5:, 5:] = carry + q * spread
    c = np.zeros(8)
    c[5:] = 4 * q * inv_b * mo.noise
    return a, c


def _powers(a, k):
    """a⁰ … a^(k − 1): shape (k, d, d), by doubling."""
    out = np.empty((k, *a.shape))
    out[0] = np.eye(len(a))
    size, step = 1, a
    while size < k:
        more = min(size, k - size)
        out[size : size + more] = out[:more] @ step
        step, size = step @ step, 2 * size
    return out


def orbit(a, s0, read, n):
    """``read @ aᵗ @ s0`` for t = 0 … n: shape (n + 1, n_read).

    About √n powers of ``a`` and √n block starts ``a^(k i) s0``; every row is
    then one product, all of them a single matrix multiplication.
    """
    k = max(1, math.isqrt(n + 1))
    q = -(-(n + 1) // k)
    with np.errstate(all="ignore"):
        powers = _powers(a, k)
        starts = _powers(powers[-1] @ a, q) @ s0  # (q, d)
        views = read @ powers  # (k, n_read, d)
        rows = np.tensordot(starts, views, axes=([1], [2]))  # (q, k, n_read)
    return rows.reshape(q * k, -1)[: n + 1]


def expected_run(dataset, *, learning_rate, batch_size, initial_weight, initial_bias, iterations):
    """The exact mean and spread of mini-batch SGD at every iteration.

    Parameters
    ----------
    dataset : Dataset
    learning_rate : float
    batch_size : int or None
        Samples per step, drawn with replacement; None for the full batch.
    initial_weight, initial_bias : float
    iterations : int
        0 … 1,000,000.

    Returns
    -------
    ExpectedRun
        Its arrays are read-only.
    """
    rate = GradientDescent(learning_rate).learning_rate
    size = check_batch_size(batch_size)
    n = _checks.iterations(iterations)
    start = np.array(_checks.start(initial_weight, initial_bias))
    inv_b = 0.0 if size is None else 1 / size
    mo = moments(dataset)
    a, c = _affine(mo, rate, inv_b)
    m0 = start - mo.optimum
    s0 = np.concatenate([m0, _vec(np.outer(m0, m0)), np.zeros(3), [1.0]])
    lifted = np.block([[a, c[:, None]], [np.zeros((1, 8)), np.ones((1, 1))]])
    read = np.zeros((3, 9))
    read[0, 2:5] = read[0, 5:8] = mo.second
    read[0, 8] = mo.residual
    read[1, 5], read[2, 7] = 1.0, 1.0  # the variances C_ww and C_bb
    loss, var_w, var_b = orbit(lifted, s0, read, n).T
    means = orbit(a[:2, :2], m0, np.eye(2), n) + mo.optimum  # m alone: C's overflow stays out
    blown = np.logical_or.accumulate(
        ~(np.isfinite(loss) & np.isfinite(var_w) & np.isfinite(var_b))
    )
    stds = [np.where(blown, np.inf, np.sqrt(np.maximum(v, 0))) for v in (var_w, var_b)]
    critical = critical_rate(mo, inv_b)
    arrays = [np.where(blown, np.inf, loss), means[:, 0].copy(), means[:, 1].copy(), *stds]
    for array in arrays:
        array.setflags(write=False)
    return ExpectedRun(rate, size, *arrays, critical, _floor(mo, rate, inv_b, critical))


def expected_losses_after(dataset, rates, *, batch_size, initial_weight, initial_bias, iterations):
    """E[loss] after ``iterations`` updates at each of ``rates``: ``expected_run``'s last loss.

    Parameters
    ----------
    dataset : Dataset
    rates : sequence of float
    batch_size : int or None
    initial_weight, initial_bias : float
    iterations : int

    Returns
    -------
    ndarray of shape (len(rates),)
        inf where the expected loss overflows.
    """
    size = check_batch_size(batch_size)
    n = _checks.iterations(iterations)
    start = np.array(_checks.start(initial_weight, initial_bias))
    inv_b = 0.0 if size is None else 1 / size
    mo = moments(dataset)
    m0 = start - mo.optimum
    s0 = np.concatenate([m0, _vec(np.outer(m0, m0)), np.zeros(3), [1.0]])
    read = np.concatenate([np.zeros(2), mo.second, mo.second, [mo.residual]])
    out = np.empty(len(rates))
    for i, rate in enumerate(rates):
        a, c = _affine(mo, GradientDescent(rate).learning_rate, inv_b)
        lifted = np.block([[a, c[:, None]], [np.zeros((1, 8)), np.ones((1, 1))]])
        with np.errstate(all="ignore"):
            loss = read @ np.linalg.matrix_power(lifted, n) @ s0
        out[i] = loss if np.isfinite(loss) else np.inf
    return out


def _floor(mo, rate, inv_b, critical):
    """Stationary E[loss]: m = N = 0 and C = (I − R)⁻¹ c, i.e. (L1 − η L2) C = 4η/B · noise."""
    if rate >= critical:
        return math.inf
    cov = np.linalg.solve(mo.around - rate * _spread(mo, inv_b), 4 * rate * inv_b * mo.noise)
    return float(mo.second @ cov + mo.residual)
