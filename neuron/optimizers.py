"""Optimizers as small objects that hold their hyper-parameters (PyTorch's rules).

Each one offers ``init(params)`` and a literal ``step(params, grads, state)``,
like ``torch.optim`` and optax: the readable loop in the tests runs them one
update at a time, and ``train`` holds its closed forms (or, for Adam and
RMSProp, its tight loop) to that loop.

The engine branches on what a class can do, never on its name:

* ``closed_form`` (class attribute): True when ``neuron.closed_form.Path``
  gives its trajectory at any step; False for a loop optimizer, which has
  ``walk(dataset, shape, start, n, ...)`` and
  ``cannot_diverge(dataset, shape, start, n)`` instead (``neuron.adam``).
* ``stability_model`` (class attribute): "quadratic" (plain descent),
  "momentum" (heavy ball and Nesterov) or None (no closed-form verdict).

``REGISTRY`` maps each stable name to its ``Entry``; ``optimizer`` builds
through it.

* ``GradientDescent``:  p ← p − η g.
* ``Momentum`` (heavy ball): v ← μ v + g, p ← p − η v, with v starting at 0.
* ``Momentum(nesterov=True)``: v ← μ v + g, p ← p − η (g + μ v).
* ``Adam``: m ← β1 m + (1 − β1) g, v ← β2 v + (1 − β2) g², then
  p ← p − η m̂ / (√v̂ + ε) with m̂ = m / (1 − β1ᵗ), v̂ = v / (1 − β2ᵗ).
* ``RMSProp``: v ← α v + (1 − α) g², then p ← p − η g / (√v + ε).
"""

import math
import numbers
from dataclasses import dataclass
from types import MappingProxyType
from typing import ClassVar

import numpy as np

from neuron import adam
from neuron.parameters import BY_NAME


class _Loop:
    """What an optimizer without a closed form can do: run the moment loop."""

    closed_form: ClassVar[bool] = False
    stability_model: ClassVar[str | None] = None

    def walk(self, dataset, shape, start, n, **watch):
        """``neuron.adam.walk`` with this optimizer's ``moments``; ``watch`` as there."""
        return adam.walk(dataset, shape, self.moments, start, n, **watch)

    def cannot_diverge(self, dataset, shape, start, n):
        """True when no ``n`` updates from ``start`` can overflow (``neuron.adam``)."""
        return adam.cannot_diverge(dataset, shape, self.moments, start, n)


@dataclass(frozen=True)
class GradientDescent:
    """Plain gradient descent, the article's update.

    Parameters
    ----------
    learning_rate : float
        Step size η, within the parameter table's bounds.
    """

    closed_form: ClassVar[bool] = True
    stability_model: ClassVar[str | None] = "quadratic"

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

    closed_form: ClassVar[bool] = True
    stability_model: ClassVar[str | None] = "momentum"

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
class Adam(_Loop):
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
        _set(self, "epsilon", _epsilon(self.epsilon))

    @property
    def name(self):
        return "adam"

    @property
    def moments(self):
        """The loop's rule: ``neuron.adam.Moments``, bias-corrected."""
        return adam.Moments(self.learning_rate, self.beta1, self.beta2, self.epsilon, True)

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


@dataclass(frozen=True)
class RMSProp(_Loop):
    """RMSProp, as ``torch.optim.RMSprop`` without momentum, centering or weight decay.

    Parameters
    ----------
    learning_rate : float
        Step size η.
    alpha : float, default 0.99
        Decay of the running mean of the squared gradient, in [0, 0.99999].
    epsilon : float, default 1e-8
        Added to √v so a zero gradient divides by something; > 0.
    """

    learning_rate: float
    alpha: float = 0.99
    epsilon: float = 1e-8

    def __post_init__(self):
        _set(self, "learning_rate", BY_NAME["learning_rate"].check(self.learning_rate))
        _set(self, "alpha", BY_NAME["alpha"].check(self.alpha))
        _set(self, "epsilon", _epsilon(self.epsilon))

    @property
    def name(self):
        return "rmsprop"

    @property
    def moments(self):
        """The loop's rule: Adam's with β1 = 0, β2 = α and no bias correction."""
        return adam.Moments(self.learning_rate, 0.0, self.alpha, self.epsilon, False)

    def init(self, params):
        """The mean squared gradient before the first update: zero."""
        return np.zeros_like(np.asarray(params, dtype=float))

    def step(self, params, grads, state):
        """One update: returns ``(params, v)``."""
        p, g = np.asarray(params, dtype=float), np.asarray(grads, dtype=float)
        v = self.alpha * state + (1 - self.alpha) * g * g
        # PyTorch's arrangement of η g / (√v + ε), so rounding matches it too.
        return p - self.learning_rate * g / (np.sqrt(v) + self.epsilon), v


@dataclass(frozen=True)
class Entry:
    """One optimizer of the registry: what its name builds, and what it can do.

    Attributes
    ----------
    name : str
        The stable name, as links, keys and the command line spell it.
    cls : type
        The class ``optimizer`` builds.
    hyper_parameters : tuple of str
        Its settings besides the learning rate: rows of the parameter table,
        named there, in links and as keywords of ``cls`` alike.
    fixed : tuple of (str, object)
        Keywords the name always passes, as pairs: ``(("nesterov", True),)``.
    closed_form : bool
        ``cls.closed_form``.
    stability : {"quadratic", "momentum"} or None
        ``cls.stability_model``: how ``neuron.stability`` judges it.
    """

    name: str
    cls: type
    hyper_parameters: tuple = ()
    fixed: tuple = ()

    @property
    def closed_form(self):
        return self.cls.closed_form

    @property
    def stability(self):
        return self.cls.stability_model

    def build(self, learning_rate, **hyper_parameters):
        """An instance at ``learning_rate``; ``hyper_parameters`` it does not take are ignored."""
        own = {k: v for k, v in hyper_parameters.items() if k in self.hyper_parameters}
        return self.cls(learning_rate, **own, **dict(self.fixed))


REGISTRY = MappingProxyType(
    {
        e.name: e
        for e in (
            Entry("gd", GradientDescent),
            Entry("momentum", Momentum, ("momentum",)),
            Entry("nesterov", Momentum, ("momentum",), (("nesterov", True),)),
            Entry("adam", Adam, ("beta1", "beta2")),
            Entry("rmsprop", RMSProp, ("alpha",)),
        )
    }
)
CLASSES = tuple(dict.fromkeys(e.cls for e in REGISTRY.values()))  # each class once


def optimizer(name, learning_rate, **hyper_parameters):
    """Build an optimizer from its name in the registry.

    Parameters
    ----------
    name : {"gd", "momentum", "nesterov", "adam", "rmsprop"}
    learning_rate : float
    **hyper_parameters : float
        Any of momentum, beta1, beta2 and alpha; each optimizer takes its own
        (``REGISTRY[name].hyper_parameters``) and ignores the others, and one
        not given keeps the class's default.

    Returns
    -------
    GradientDescent, Momentum, Adam or RMSProp

    Raises
    ------
    ValueError
        Naming the optimizer or hyper-parameter that is not known, or a
        value out of its bounds.
    """
    if not isinstance(name, str):
        raise ValueError(f"optimizer must be a name, got {name!r}")
    entry = REGISTRY[BY_NAME["optimizer"].parse(name)]
    known = {h for e in REGISTRY.values() for h in e.hyper_parameters}
    unknown = sorted(hyper_parameters.keys() - known)
    if unknown:
        raise ValueError(f"{unknown[0]} is not a hyper-parameter of any optimizer")
    return entry.build(learning_rate, **hyper_parameters)


def _epsilon(eps):
    """ε as a float, or ValueError naming it."""
    if isinstance(eps, bool) or not isinstance(eps, numbers.Real):
        raise ValueError(f"epsilon must be a number, got {eps!r}")
    if not (math.isfinite(eps) and eps > 0):
        raise ValueError(f"epsilon must be finite and > 0, got {eps!r}")
    return float(eps)


def _set(obj, name, value):
    object.__setattr__(obj, name, value)
