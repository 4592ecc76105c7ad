"""The article's worked example at one iteration: forward, loss, backward, update.

Computed through the engine's own functions, for one sample and for the batch,
and written out as LaTeX with the numbers filled in.
"""

import re
from dataclasses import dataclass

import neuron
from playground.compute.explain import shift


@dataclass(frozen=True)
class Step:
    """The article's math at one iteration, for one sample and for the batch.

    ``x`` is the input the neuron sees (standardized when scaled); ``y`` the
    target. ``output``, ``sample_loss`` and ``d_output`` are the sample's own
    forward/backward values (the article's one-sample view); ``loss``,
    ``d_weight`` and ``d_bias`` are over the whole batch, as training uses them;
    ``next_weight`` and ``next_bias`` are the update; ``floor`` what a float64
    loop resolves (a loss or gradient under it reads "≈ 0").
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
    floor: neuron.Floor


def math_step(outcome, step, celsius, target=None):
    """forward → loss → backward → update at ``step``, through the engine itself.

    ``celsius`` is the sample's input and ``target`` its y: by default the
    article's exact °F (for data not the article's, one of its own samples)."""
    data = outcome.trained_on
    row = outcome.at(step)
    w, b = float(row.weight), float(row.bias)
    x = (
        celsius
        if outcome.scaling is None
        else ((celsius - outcome.scaling.mean) / outcome.scaling.scale)
    )
    y = celsius * neuron.data.SLOPE + neuron.data.INTERCEPT if target is None else target
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
        floor=outcome.floor,
    )


def tex_number(T, value, digits=6):
    """A number for LaTeX: 2.40224 \\times 10^{-13} rather than 2.40224e-13, with
    the language's decimal sign (a comma is {,} in LaTeX, so it takes no space)."""
    text = T.number(value, digits).replace(",", "{,}")
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    return rf"{mantissa} \times 10^{{{int(exponent)}}}"


def tex_writer(T, floor=0.0):
    """Numbers for LaTeX; with a float64 ``floor`` (``neuron.float64_floor``), one
    at or under it reads "≈ 0 (the limit of 64-bit floats)", as a loop shows it."""

    def f(value):
        return r"(\approx 0)" if abs(value) <= floor else tex_number(T, value)

    return f


def floored(T, block):
    """A (paragraph, [LaTeX]) block whose "≈ 0" values are named in its paragraph."""
    paragraph, lines = block
    lines = [re.sub(r"= \(\\approx 0\)(?=$|,)", r"\\approx 0", line) for line in lines]
    if any(r"\approx 0" in line for line in lines):
        paragraph = f"{paragraph} {T('float.note')}"
    return paragraph, lines


def math_blocks(T, outcome, m):
    """The four steps as (paragraph, [LaTeX]) pairs, with the numbers filled in."""
    out, loss, w, b = (
        rf"\text{{{T(k)}}}" for k in ("tex.output", "tex.loss", "tex.weight", "tex.bias")
    )
    n, eta = len(outcome.data), tex_number(T, m.learning_rate)
    f = tex_writer(T)
    loss_f, grad_f = tex_writer(T, outcome.floor.loss), tex_writer(T, outcome.floor.bias_gradient)
    weight_f = tex_writer(T, outcome.floor.weight_gradient)
    sample_f = tex_writer(T, outcome.floor.bias_gradient * max(abs(m.x), 1.0))

    def term(v, f=f):  # an operand: (-4.01) rather than + -4.01
        text = f(v)
        return f"({text})" if v < 0 and not text.startswith("(") else text

    forward = [
        rf"{out} = x \cdot {w} + {b} = {term(m.x)} \times {term(m.weight)} + "
        rf"{term(m.bias)} = {f(m.output)}"
    ]
    if outcome.scaling is not None:
        centred = shift(T, outcome.scaling.mean).replace(",", "{,}").replace("−", "-")
        forward.insert(
            0,
            rf"x = \frac{{{f(m.celsius)} {centred}}}"
            rf"{{{f(outcome.scaling.scale)}}} = {f(m.x)}",
        )
    blocks = [
        (T("math.forward"), forward),
        (
            T("math.loss", n=n),
            [
                rf"{loss}_{{x}} = ({out} - y)^2 = ({f(m.output)} - {term(m.y)})^2"
                rf" = {loss_f(m.sample_loss)}",
                rf"L = \frac{{1}}{{{n}}}\sum_i ({out}_i - y_i)^2 = {loss_f(m.loss)}",
            ],
        ),
        (
            T("math.backward"),
            [
                rf"\frac{{\partial {loss}_x}}{{\partial {out}}} = 2({out} - y) = "
                rf"{grad_f(m.d_output)}",
                rf"\frac{{\partial {loss}_x}}{{\partial {w}}} = \frac{{\partial {loss}_x}}"
                rf"{{\partial {out}}} \cdot x = {sample_f(m.sample_d_weight)}, \quad"
                rf"\frac{{\partial {loss}_x}}{{\partial {b}}} = \frac{{\partial {loss}_x}}"
                rf"{{\partial {out}}} = {grad_f(m.sample_d_bias)}",
                rf"\frac{{\partial L}}{{\partial {w}}} = \sum_i \frac{{2({out}_i - y_i)}}{{{n}}}"
                rf" x_i = {weight_f(m.d_weight)}, \quad \frac{{\partial L}}{{\partial {b}}} = "
                rf"\sum_i \frac{{2({out}_i - y_i)}}{{{n}}} = {grad_f(m.d_bias)}",
            ],
        ),
        (
            T("math.update", rate=T.number(m.learning_rate, 6)),  # Markdown, not LaTeX
            [
                rf"{w} \leftarrow {w} - \eta \frac{{\partial L}}{{\partial {w}}} = "
                rf"{f(m.weight)} - {eta} \times {term(m.d_weight, weight_f)} = {f(m.next_weight)}",
                rf"{b} \leftarrow {b} - \eta \frac{{\partial L}}{{\partial {b}}} = "
                rf"{f(m.bias)} - {eta} \times {term(m.d_bias, grad_f)} = {f(m.next_bias)}",
            ],
        ),
    ]
    return [floored(T, block) for block in blocks]
