"""The page's words about a run: verdict, numbers and a plain reading.

Pure functions of an ``Experiment`` and a ``Text`` catalogue, so the tests
can read what a learner would read without starting Streamlit.
"""

from dataclasses import dataclass

from playground.text import number, percent, times

LEVEL = {"converges": "success", "oscillates": "warning", "diverges": "error"}


@dataclass(frozen=True)
class Verdict:
    level: str  # "success", "warning" or "error": how the page shows it
    title: str
    reason: str


def verdict(T, outcome):
    """What the learning rate does on this data, and why, in one line."""
    s = outcome.stability
    # Five figures: 0.0012 must not read as equal to the critical 0.0011998.
    values = dict(
        rate=number(s.learning_rate, 6),
        oscillation=number(s.oscillation_learning_rate, 5),
        critical=number(s.critical_learning_rate, 5),
        factor=number(s.step_factors[1], 5),
    )
    return Verdict(
        LEVEL[s.verdict],
        T(f"verdict.{s.verdict}.title"),
        T(f"verdict.{s.verdict}.reason", **values),
    )


def divergence(T, outcome):
    """The error to show when the run blew up, or None."""
    at = outcome.run.diverged_at
    if at is None:
        return None
    s = outcome.stability
    return T(
        "diverged.error",
        at=T.count(at),
        rate=number(s.learning_rate, 6),
        times=times(s.fraction_of_critical),
        critical=number(s.critical_learning_rate, 5),
        finite=T.count(at),
    )


@dataclass(frozen=True)
class Metric:
    label: str
    value: str
    delta: str


def metrics(T, outcome):
    """Final weight, bias and loss, each against its least-squares value."""
    last = outcome.run.last
    w, b, loss = outcome.weights[last], outcome.biases[last], outcome.run.losses[last]
    w_opt, b_opt = outcome.optimum.weight, outcome.optimum.bias
    minimum = outcome.reading.minimum_loss
    return [
        Metric(
            T("metric.weight"),
            number(w, 6),
            T("metric.delta", delta=_signed(w - w_opt), target=number(w_opt)),
        ),
        Metric(
            T("metric.bias"),
            number(b, 6),
            T("metric.delta", delta=_signed(b - b_opt), target=number(b_opt)),
        ),
        Metric(
            T("metric.loss"),
            number(loss, 6),
            T("metric.loss_delta", delta=_signed(loss - minimum), target=number(minimum)),
        ),
    ]


def _signed(value):
    text = number(value, 3)
    return text if text.startswith("-") or text == "0" else "+" + text


def reading(T, outcome):
    """Plain-language paragraphs on what the run learned, and what to try."""
    r, s, run = outcome.reading, outcome.stability, outcome.run
    if run.diverged_at is not None:
        return [T("reading.diverged", critical=number(s.critical_learning_rate))]
    out = []
    if s.verdict == "diverges":
        out.append(T("reading.growing"))
    n = T.count(run.iterations)
    w, b = outcome.weights[r.last], outcome.biases[r.last]
    w_opt, b_opt = outcome.optimum.weight, outcome.optimum.bias
    if r.lagging is None:
        out.append(
            T(
                "reading.both",
                n=n,
                w=number(w, 5),
                b=number(b, 5),
                w_opt=number(w_opt, 5),
                b_opt=number(b_opt, 5),
            )
        )
    elif r.weight_learned and r.lagging == "bias":
        out.append(
            T(
                "reading.bias_lags",
                gap=number(abs(b - b_opt), 3),
                side=_side(T, b - b_opt),
                target=number(b_opt, 4),
                n=n,
                kappa=T.count(round(s.condition_number)),
                pace=percent(1 - abs(s.step_factors[0])),
            )
        )
    elif r.bias_learned:
        out.append(
            T(
                "reading.weight_lags",
                gap=number(abs(w - w_opt), 3),
                side=_side(T, w - w_opt),
                target=number(w_opt, 4),
                n=n,
            )
        )
    else:
        out.append(
            T(
                "reading.neither",
                n=n,
                w_gap=number(abs(w - w_opt), 3),
                w_side=_side(T, w - w_opt),
                w_target=number(w_opt, 4),
                b_gap=number(abs(b - b_opt), 3),
                b_side=_side(T, b - b_opt),
                b_target=number(b_opt, 4),
            )
        )
    if r.lagging is not None:
        name = T(f"name.{r.lagging}")
        out.append(
            T("reading.needed", name=name, needed=T.count(r.iterations_needed))
            if r.iterations_needed is not None
            else T("reading.never", name=name)
        )
    if outcome.scaling is not None:
        out.append(
            T(
                "reading.scaled",
                shift=shift(outcome.scaling.mean),
                scale=number(outcome.scaling.scale),
                critical=number(s.critical_learning_rate, 5),
            )
        )
    return out


def shift(mean):
    """``− 12.5`` or ``+ 0.5``: subtracting the mean, without a double sign."""
    return f"− {number(mean)}" if mean >= 0 else f"+ {number(-mean)}"


def share(T, fraction):
    """The rate against the critical one: "8.3 % of it" or "3.5 times it"."""
    if fraction < 2:
        return T("share.percent", percent=percent(fraction))
    return T("share.times", times=times(fraction))


def tex_number(value, digits=6):
    """A number for LaTeX: 2.40224 \\times 10^{-13} rather than 2.40224e-13."""
    text = number(value, digits)
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    return rf"{mantissa} \times 10^{{{int(exponent)}}}"


def _side(T, gap):
    return T("side.below") if gap < 0 else T("side.above")


def where(T, outcome):
    """One line for the learning-rate control: the critical rate and the user's share."""
    s = outcome.stability
    return T(
        "lr.where",
        critical=number(s.critical_learning_rate, 5),
        share=share(T, s.fraction_of_critical),
        verdict=T(f"verdict.{s.verdict}"),
    )


def math_blocks(T, outcome, m):
    """The four steps as (paragraph, [LaTeX]) pairs, with the numbers filled in."""
    out, loss, w, b = (
        rf"\text{{{T(k)}}}" for k in ("tex.output", "tex.loss", "tex.weight", "tex.bias")
    )
    n, eta = len(outcome.data), number(m.learning_rate, 6)

    def f(v):
        return tex_number(v)

    def term(v):  # an operand: (-4.01) rather than + -4.01
        return f"({f(v)})" if v < 0 else f(v)

    forward = [
        rf"{out} = x \cdot {w} + {b} = {term(m.x)} \times {term(m.weight)} + "
        rf"{term(m.bias)} = {f(m.output)}"
    ]
    if outcome.scaling is not None:
        centred = shift(outcome.scaling.mean).replace("−", "-")
        forward.insert(
            0,
            rf"x = \frac{{{f(m.celsius)} {centred}}}"
            rf"{{{f(outcome.scaling.scale)}}} = {f(m.x)}",
        )
    return [
        (T("math.forward"), forward),
        (
            T("math.loss", n=n),
            [
                rf"{loss}_{{x}} = ({out} - y)^2 = ({f(m.output)} - {term(m.y)})^2"
                rf" = {f(m.sample_loss)}",
                rf"L = \frac{{1}}{{{n}}}\sum_i ({out}_i - y_i)^2 = {f(m.loss)}",
            ],
        ),
        (
            T("math.backward"),
            [
                rf"\frac{{\partial {loss}_x}}{{\partial {out}}} = 2({out} - y) = {f(m.d_output)}",
                rf"\frac{{\partial {loss}_x}}{{\partial {w}}} = \frac{{\partial {loss}_x}}"
                rf"{{\partial {out}}} \cdot x = {f(m.sample_d_weight)}, \quad"
                rf"\frac{{\partial {loss}_x}}{{\partial {b}}} = \frac{{\partial {loss}_x}}"
                rf"{{\partial {out}}} = {f(m.sample_d_bias)}",
                rf"\frac{{\partial L}}{{\partial {w}}} = \sum_i \frac{{2({out}_i - y_i)}}{{{n}}}"
                rf" x_i = {f(m.d_weight)}, \quad \frac{{\partial L}}{{\partial {b}}} = "
                rf"\sum_i \frac{{2({out}_i - y_i)}}{{{n}}} = {f(m.d_bias)}",
            ],
        ),
        (
            T("math.update", rate=eta),
            [
                rf"{w} \leftarrow {w} - \eta \frac{{\partial L}}{{\partial {w}}} = "
                rf"{f(m.weight)} - {eta} \times {term(m.d_weight)} = {f(m.next_weight)}",
                rf"{b} \leftarrow {b} - \eta \frac{{\partial L}}{{\partial {b}}} = "
                rf"{f(m.bias)} - {eta} \times {term(m.d_bias)} = {f(m.next_bias)}",
            ],
        ),
    ]
