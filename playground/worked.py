"""The article's worked example at one iteration: forward, loss, backward, update.

Computed through the engine's own functions, for one sample and for the batch.
"""

from dataclasses import dataclass

import neuron


@dataclass(frozen=True)
class Step:
    """The article's math at one iteration, for one sample and for the batch.

    ``x`` is the input the neuron sees (standardized when scaled); ``y`` the
    target. ``output``, ``sample_loss`` and ``d_output`` are the sample's own
    forward/backward values (the article's one-sample view); ``loss``,
    ``d_weight`` and ``d_bias`` are over the whole batch, as training uses them;
    ``next_weight`` and ``next_bias`` are the update.
    """

    iteration: int
    celsius: float
    x: float
    y: float
    weight: float
    bias: float
    learning_rate: float
    output: float
    sample_loss: float
    d_output: float
    sample_d_weight: float
    sample_d_bias: float
    loss: float
    d_weight: float
    d_bias: float
    next_weight: float
    next_bias: float


def math_step(outcome, step, celsius):
    """forward → loss → backward → update at ``step``, through the engine itself."""
    run, data = outcome.run, outcome.trained_on
    w, b = float(run.weights[step]), float(run.biases[step])
    x = (
        celsius
        if outcome.scaling is None
        else ((celsius - outcome.scaling.mean) / outcome.scaling.scale)
    )
    y = celsius * neuron.data.SLOPE + neuron.data.INTERCEPT
    one = neuron.forward(w, b, [x], [y])
    one_grad = neuron.backward([x], [y], one.output)
    batch = neuron.forward(w, b, data.celsius, data.fahrenheit)
    grad = neuron.backward(data.celsius, data.fahrenheit, batch.output)
    nxt = neuron.update(w, b, grad, outcome.settings.learning_rate)
    return Step(
        iteration=step,
        celsius=celsius,
        x=x,
        y=y,
        weight=w,
        bias=b,
        learning_rate=outcome.settings.learning_rate,
        output=float(one.output[0]),
        sample_loss=one.loss,
        d_output=float(one_grad.output[0]),
        sample_d_weight=one_grad.weight,
        sample_d_bias=one_grad.bias,
        loss=batch.loss,
        d_weight=grad.weight,
        d_bias=grad.bias,
        next_weight=float(nxt.weight),
        next_bias=float(nxt.bias),
    )
