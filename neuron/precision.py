"""What a float64 training loop can resolve: below it, a run reads zero.

The closed form follows the exact error down for ever (a loss of 1e-183 after
100,000 steps), but a loop of 64-bit floats stops long before. Its bias moves
by η·g each step, and once that step is under half the spacing of floats
around the optimum (``numpy.spacing(b*)``: 7.1e-15 near 32) the addition
rounds back to the same bias, and the run stands still. The gradient it
stalls at is therefore about ``spacing(b*) / (2 η)``, the loss about the
square of the residual that gradient means, ``(g / 2)²``. Each residual is also
computed with a rounding error of about ``eps`` times the sizes it adds
(``|w* x| + |b*| + |y|``), which no rate removes. The larger of the two is the
float64 floor; ``tests/neuron/test_precision.py`` holds it to literal loops that
run until they stall.

A printed threshold has the same duty: ``printed_threshold`` rounds a critical
rate toward the side its sentence claims, so "works up to X" names a rate that
works and "blows up above Y" one that every larger rate exceeds.
"""

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

import numpy as np

from neuron._checks import finite
from neuron.bowl import least_squares

EPS = np.finfo(float).eps


@dataclass(frozen=True)
class Floor:
    """The smallest values a float64 loop on the data resolves.

    Attributes
    ----------
    loss : float
        The loss above its minimum that a float64 loop reaches when it stalls;
        an exact excess below it reads zero.
    weight_gradient, bias_gradient : float
        The gradients' sizes at that stall (the bias's step is under half a
        float's spacing); exact gradients below them read zero.
    """

    loss: float
    weight_gradient: float
    bias_gradient: float


def float64_floor(dataset, learning_rate):
    """The float64 floor of plain descent at ``learning_rate`` on ``dataset``.

    Momentum steps further per gradient, so its loop stalls lower: this floor
    is then an upper bound, and a value under it still reads zero in a loop.

    Parameters
    ----------
    dataset : Dataset
    learning_rate : float
        Positive.

    Returns
    -------
    Floor
    """
    if finite("learning_rate", learning_rate) <= 0:
        raise ValueError(f"learning_rate must be positive, got {learning_rate!r}")
    x, y = np.asarray(dataset.celsius, float), np.asarray(dataset.fahrenheit, float)
    opt = least_squares(dataset)
    sizes = np.abs(opt.weight * x) + abs(opt.bias) + np.abs(y)
    rounding = EPS * float(np.max(sizes))  # of one residual
    stall = float(max(np.spacing(abs(opt.bias)), np.spacing(abs(opt.weight)))) / (
        2 * learning_rate
    )
    residual = max(stall / 2, rounding)
    reach = float(np.mean(np.abs(x))) or 1.0
    return Floor(
        loss=residual**2, weight_gradient=2 * residual * reach, bias_gradient=2 * residual
    )


def rounded(value, digits, up):
    """``value`` at ``digits`` significant figures, rounded ``up`` or down so that
    the float of the text is on that side of ``value`` (or equal to it)."""
    exact = Decimal(value)
    unit = Decimal(1).scaleb(exact.adjusted() - digits + 1)
    out = exact.quantize(unit, rounding=ROUND_CEILING if up else ROUND_FLOOR)
    while (float(out) < value) if up else (float(out) > value):  # Decimal's hair vs the float's
        out += unit if up else -unit
    return float(out)


def printed_threshold(value, rate, up, digits=5):
    """(shown, figures): a rate where the verdict changes, rounded ``up`` (for
    "above it, runs blow up") or down (for "it works up to it"), with figures
    from ``digits`` on until ``rate`` is on the same side of ``shown`` as of
    ``value``: 0.00119976 for a critical 0.0011997596 beside the rate 0.0011998.
    """
    for figures in range(digits, 18):
        shown = rounded(value, figures, up)
        if (rate > shown) == (rate > value) and (rate < shown) == (rate < value):
            break
    return shown, figures
