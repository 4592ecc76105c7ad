"""Optimizers as small objects that hold their hyper-parameters (PyTorch's rules).

Each one offers ``init(params)`` and a literal ``step(params, grads, state)``,
like ``torch.optim`` and optax: the readable loop in the tests runs them one
update at a time, and ``train`` holds its closed forms (or, for Adam, its
tight loop) to that loop.

* ``GradientDescent``:  p ← p − η g.
* ``Momentum`` (heavy ball): v ← μ v + g, p ← p − η v, with v starting at 0.
* ``Momentum(nesterov=True)``: v ← μ v + g, p ← p − η (g + μ v).
* ``Adam``: m ← β1 m + (1 − β1) g, v ← β2 v + (1 − β2) g², then
  p ← p − η m̂ / (√v̂ + ε) with m̂ = m / (1 − β1ᵗ), v̂ = v / (1 − β2ᵗ).
"""

import math
import numbers
from dataclasses import dataclass

import numpy as np

from neuron.parameters import BY_NAME


@dataclass(frozen=True)
class GradientDescent:
    """Plain gradient descent, the article's update.

    Parameters
    ----------
    learning_rate : float
        Step size η, within the parameter table's bounds.
    """

    learning_rate: float

    def __post_init__(self):
        _set(self, "learning_rate", BY_NAME["learning_rate"].check(self.learning_rate))

    @property
    def name(self):
        return "gd"

    def init(self, params):
        """The state before the first update: none."""
        return ()

    def step(self, params, grads, state):
        """One update: returns ``(params, state)``; ``params`` and ``grads`` are (w, b)."""
        p, g = np.asarray(params, dtype=float), np.asarray(grads, dtype=float)
        return p - self.learning_rate * g, state


@dataclass(frozen=True)
class Momentum:
    """Gradient descent with momentum, heavy ball or Nesterov, as ``torch.optim.SGD``.

    Parameters
    ----------
    learning_rate : float
        Step size η.
    momentum : float, default 0.9
        μ, in [0, 0.999]. With μ = 0 both variants are plain gradient descent.
    nesterov : bool, default False
        Step along g + μ v (the gradient looked ahead) instead of v.
    """

    learning_rate: float
    momentum: float = 0.9
    nesterov: bool = False

    def __post_init__(self):
        _set(self, "learning_rate", BY_NAME["learning_rate"].check(self.learning_rate))
        _set(self, "momentum", BY_NAME["momentum"].check(self.momentum))
        if not isinstance(self.nesterov, bool):
            raise ValueError(f"nesterov must be True or False, got {self.nesterov!r}")

    @property
    def name(self):
        return "nesterov" if self.nesterov else "momentum"

    def init(self, params):
        """The velocity before the first update: zero."""
        return np.zeros_like(np.asarray(params, dtype=float))

    def step(self, params, grads, state):
        """One update: returns ``(params, velocity)``."""
        p, g = np.asarray(params, dtype=float), np.asarray(grads, dtype=float)
        v = self.momentum * state + g
        direction = g + self.momentum * v if self.nesterov else v
        return p - self.learning_rate * direction, v


@dataclass(frozen=True)
class Adam:
    """Adam with bias correction, as ``torch.optim.Adam``.

    Parameters
    ----------
    learning_rate : float
        Step size η.
    beta1 : float, default 0.9
        Decay of the running mean of the gradient, in [0, 0.999].
    beta2 : float, default 0.999
        Decay of the running mean of its square, in [0, 0.99999].
    epsilon : float, default 1e-8
        Added to √v̂ so a zero gradient divides by something; > 0.
    """

    learning_rate: float
    beta1: float = 0.9
    beta2: float = 0.999
    epsilon: float = 1e-8

    def __post_init__(self):
        _set(self, "learning_rate", BY_NAME["learning_rate"].check(self.learning_rate))
        _set(self, "beta1", BY_NAME["beta1"].check(self.beta1))
        _set(self, "beta2", BY_NAME["beta2"].check(self.beta2))
        eps = self.epsilon
        if isinstance(eps, bool) or not isinstance(eps, numbers.Real):
            raise ValueError(f"epsilon must be a number, got {eps!r}")
        if not (math.isfinite(eps) and eps > 0):
            raise ValueError(f"epsilon must be finite and > 0, got {eps!r}")
        _set(self, "epsilon", float(eps))

    @property
    def name(self):
        return "adam"

    def init(self, params):
        """``(updates so far, first moment, second moment)``, all zero."""
        zero = np.zeros_like(np.asarray(params, dtype=float))
        return 0, zero, zero

    def step(self, params, grads, state):
        """One update: returns ``(params, (t, m, v))``."""
        p, g = np.asarray(params, dtype=float), np.asarray(grads, dtype=float)
        t, m, v = state
        t += 1
        m = self.beta1 * m + (1 - self.beta1) * g
        v = self.beta2 * v + (1 - self.beta2) * g * g
        # PyTorch's arrangement of m̂ / (√v̂ + ε), so rounding matches it too.
        step_size = self.learning_rate / (1 - self.beta1**t)
        denominator = np.sqrt(v) / math.sqrt(1 - self.beta2**t) + self.epsilon
        return p - step_size * m / denominator, (t, m, v)


def optimizer(name, learning_rate, *, momentum=0.9, beta1=0.9, beta2=0.999):
    """Build an optimizer from its name in the parameter table.

    Parameters
    ----------
    name : {"gd", "momentum", "nesterov", "adam"}
    learning_rate : float
    momentum : float, default 0.9
        Used by "momentum" and "nesterov".
    beta1, beta2 : float, default 0.9 and 0.999
        Used by "adam".

    Returns
    -------
    GradientDescent, Momentum or Adam
    """
    if not isinstance(name, str):
        raise ValueError(f"optimizer must be a name, got {name!r}")
    name = BY_NAME["optimizer"].parse(name)
    if name == "gd":
        return GradientDescent(learning_rate)
    if name == "adam":
        return Adam(learning_rate, beta1, beta2)
    return Momentum(learning_rate, momentum, nesterov=name == "nesterov")


def _set(obj, name, value):
    object.__setattr__(obj, name, value)
