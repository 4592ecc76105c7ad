"""One neuron, one iteration: the article's forward, backward and update steps.

These are the readable reference. ``train`` computes the same trajectory in
closed form, and the tests hold the two to each other.
"""

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Forward:
    """The forward pass.

    Attributes
    ----------
    output : ndarray of shape (n_samples,)
        Predicted °F for each sample: ``celsius * weight + bias``.
    loss : float
        Mean squared error of ``output`` against the targets.
    """

    output: np.ndarray
    loss: float


@dataclass(frozen=True)
class Gradients:
    """The backward pass: derivatives of the loss, by the chain rule.

    Attributes
    ----------
    output : ndarray of shape (n_samples,)
        ∂loss/∂output_i = 2 (output_i − fahrenheit_i) / n_samples.
    weight : float
        ∂loss/∂weight = Σ_i ∂loss/∂output_i · celsius_i.
    bias : float
        ∂loss/∂bias = Σ_i ∂loss/∂output_i.
    """

    output: np.ndarray
    weight: float
    bias: float


@dataclass(frozen=True)
class Parameters:
    """A weight and a bias."""

    weight: float
    bias: float


def predict(weight, bias, celsius):
    """Predicted °F for ``celsius`` (a number or an array): ``celsius * weight + bias``."""
    with np.errstate(over="ignore", invalid="ignore"):
        return np.asarray(celsius, dtype=float) * weight + bias


def forward(weight, bias, celsius, fahrenheit):
    """Run the neuron on every sample and score it with the mean squared error."""
    output = predict(weight, bias, celsius)
    error = output - np.asarray(fahrenheit, dtype=float)
    with np.errstate(over="ignore", invalid="ignore"):
        loss = float(np.mean(error * error))
    return Forward(output, loss)


def backward(celsius, fahrenheit, output):
    """Gradients of the loss with respect to the output, the weight and the bias."""
    x = np.asarray(celsius, dtype=float)
    with np.errstate(over="ignore", invalid="ignore"):
        g = 2 * (np.asarray(output, dtype=float) - np.asarray(fahrenheit, dtype=float)) / x.size
        # ∂loss/∂w = Σ ∂loss/∂output_i · x_i: by the input, not the output as the
        # article's published code has it (finite differences settle it).
        return Gradients(g, float(np.sum(g * x)), float(np.sum(g)))


def update(weight, bias, gradients, learning_rate):
    """One step of gradient descent: move each parameter against its gradient."""
    return Parameters(
        weight - learning_rate * gradients.weight,
        bias - learning_rate * gradients.bias,
    )
