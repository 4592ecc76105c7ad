"""The page's words about a run: the verdict, the numbers and a plain reading.

Pure functions of an ``Outcome`` and a ``Text`` catalogue, so tests read what
a learner would read without starting Streamlit. Every sentence is built from
a fact the engine computed exactly (the verdict, when each parameter is
learned for good, how often it crossed its optimum, where the run blew up),
never from a rule of thumb, and tests hold each one to a literal loop.
"""

import math
from dataclasses import dataclass

import neuron
from neuron.parameters import MAX_ITERATIONS

LEVEL = {"converges": "success", "slow": "info", "oscillates": "warning", "edge": "warning",
         "diverges": "error", "adam": "info"}  # fmt: skip


@dataclass(frozen=True)
class Verdict:
    kind: str  # converges, slow, oscillates, edge, diverges or adam (read off the run)
    level: str  # how the page shows it: success, info, warning or error
    title: str
    line: str  # the verdict in one line, title included


def kind_of(outcome):
    """The verdict's kind, from the stability verdict and what the run did."""
    s, r, run = outcome.stability, outcome.reading, outcome.run
    if run.diverged_at is not None or s.verdict == "diverges":
        return "diverges"
    if s.verdict is None:
        return "adam"
    if s.verdict in ("edge", "oscillates"):
        return s.verdict
    return "converges" if r.lagging is None else "slow"


def verdict(T, outcome):
    """What the learning rate does on this data, in one line."""
    s, run = outcome.stability, outcome.run
    kind = kind_of(outcome)
    title = T(f"verdict.{kind}.title")
    values = {"rate": T.number(s.learning_rate, 6), "n": T.iterations(run.iterations)}
    if s.critical_learning_rate is not None:
        values.update(
            critical=T.number(s.critical_learning_rate, 5),
            share=share(T, s.fraction_of_critical),
        )
    if run.diverged_at is not None:
        line = T("verdict.blew_up.line", at=T.count(run.diverged_at), **values)
    else:
        line = T(f"verdict.{kind}.line", **values)
    return Verdict(kind, LEVEL[kind], title, f"**{title}** — {line}")


def share(T, fraction):
    """The rate against the critical one: "8.3 % of" or "1.25 times"."""
    if fraction < 1:
        return T("share.percent", percent=T.percent(fraction))
    return T("share.times", times=T.times(fraction))


def below(value, digits=5):
    """``value`` rounded down to ``digits`` significant figures: an advised bound
    that is never at or above the rate it keeps you under."""
    exponent = math.floor(math.log10(value)) - digits + 1
    bound = math.floor(value / 10**exponent) * 10**exponent
    while bound >= value:  # binary rounding of the product can land on value itself
        bound = math.nextafter(bound, 0)
    return bound


def numbers(T, outcome):
    """The final line, bias and loss against the least-squares ones, in one line."""
    last = outcome.run.last
    w, b = outcome.line(last)
    loss, minimum = float(outcome.run.at(last).loss), outcome.reading.minimum_loss
    return T(
        "numbers.line",
        w=T.number(w, 6),
        b=T.number(b, 6),
        loss=T.number(loss, 6),
        w_opt=T.number(outcome.optimum.weight),
        b_opt=T.number(outcome.optimum.bias),
        minimum=T.number(_shown_minimum(minimum, outcome.run.at(0).loss)),
    )


def _shown_minimum(minimum, start):
    """The minimum loss, 0 when it is only rounding (4.2e-29 of an exact 0)."""
    return 0.0 if abs(minimum) <= 1e-12 * max(abs(start), 1.0) else minimum


def direction(T, outcome, i):
    """Curvature direction ``i`` (0: flat, 1: steep) named by what it moves."""
    carried = outcome.bowl.carries(i)
    if carried:
        return T(f"direction.{carried}")
    w, b = outcome.bowl.directions[:, i]
    return T(f"direction.{'steep' if i else 'flat'}", w=T.number(abs(w), 2), b=T.number(abs(b), 2))


def reading(T, outcome):
    """Plain-language paragraphs on what the run did, and what to try."""
    s, r, run = outcome.stability, outcome.reading, outcome.run
    if run.diverged_at is not None:
        return [_blew_up(T, outcome)]
    out = []
    if s.verdict == "diverges":
        out.append(_growing(T, outcome))
    elif s.verdict == "edge":
        out.append(_edge(T, outcome))
    if s.verdict is None:
        out.append(T("reading.adam"))
    out.append(_learned(T, outcome))
    if r.lagging is not None and s.verdict != "edge":
        out.append(_needed(T, outcome))
    out += _crossings(T, outcome)
    if outcome.scaling is not None:
        out.append(
            T(
                "reading.scaled",
                shift=shift(T, outcome.scaling.mean),
                scale=T.number(outcome.scaling.scale),
                critical=T.number(outcome.bowl.critical_learning_rate, 5),
            )
        )
    return out


def _blew_up(T, outcome):
    s = outcome.stability
    return T(
        "reading.blew_up",
        at=T.count(outcome.run.diverged_at),
        steep=direction(T, outcome, 1),
        radius=T.number(s.radii[1], 4),
        bound=T.number(below(s.critical_learning_rate), 5),
    )


def _growing(T, outcome):
    """A diverging rate whose run has not blown up yet: when it would."""
    o = outcome
    far = neuron.train(
        o.trained_on,
        optimizer=o.run.optimizer,
        iterations=MAX_ITERATIONS,
        initial_weight=o.settings.initial_weight,
        initial_bias=o.settings.initial_bias,
        record=[],
    )
    if far.diverged_at is None:
        return T("reading.growing_finite", n=T.iterations(MAX_ITERATIONS))
    return T("reading.growing", at=T.count(far.diverged_at))


def _edge(T, outcome):
    s = outcome.stability
    return T(
        "reading.edge",
        steep=direction(T, outcome, 1),
        factor=T.number(s.step_factors[1], 4),
        loss=T.number(outcome.run.at(outcome.run.last).loss, 4),
        bound=T.number(below(s.critical_learning_rate), 5),
    )


def _gap(T, r, name):
    value, best = (r.weight, r.optimal_weight) if name == "weight" else (r.bias, r.optimal_bias)
    side = T("side.below") if value < best else T("side.above")
    return {"gap": T.number(abs(value - best), 3), "side": side, "target": T.number(best, 4)}


def _learned(T, outcome):
    r, n = outcome.reading, T.iterations(outcome.run.iterations)
    at = {name: T.count(t) if t is not None else None for name, t in r.learned._asdict().items()}
    if r.weight_learned and r.bias_learned:
        return T("reading.both", tw=at["weight"], tb=at["bias"], n=n)
    if r.weight_learned:
        values = _gap(T, r, "bias") | {"tw": at["weight"], "n": n}
        if outcome.bowl.carries(0) == "bias":
            pace = T.percent(1 - outcome.stability.radii[0])
            kappa = T.count(round(outcome.bowl.condition_number))
            return T("reading.bias_flat", kappa=kappa, pace=pace, **values)
        return T("reading.bias_lags", **values)
    if r.bias_learned:
        return T("reading.weight_lags", tb=at["bias"], n=n, **_gap(T, r, "weight"))
    w, b = _gap(T, r, "weight"), _gap(T, r, "bias")
    return T(
        "reading.neither",
        n=n,
        w_gap=w["gap"],
        w_side=w["side"],
        w_target=w["target"],
        b_gap=b["gap"],
        b_side=b["side"],
        b_target=b["target"],
    )


def _needed(T, outcome):
    r, name = outcome.reading, T(f"name.{outcome.reading.lagging}")
    if r.iterations_needed is None:
        return T("reading.never", name=name)
    if r.iterations_needed <= MAX_ITERATIONS:
        return T("reading.needed", name=name, needed=T.count(r.iterations_needed))
    bound = outcome.stability.critical_learning_rate
    return T(
        "reading.beyond",
        name=name,
        needed=T.count(r.iterations_needed),
        limit=T.count(MAX_ITERATIONS),
        bound=T.number(below(bound), 5) if bound else "—",
    )


def _crossings(T, outcome):
    out = []
    for name in ("weight", "bias"):
        c = getattr(outcome.reading.crossings, name)
        if c.count == 1:
            out.append(T("reading.crossed_once", name=T(f"name.{name}"), last=T.count(c.last)))
        elif c.count > 1:
            out.append(
                T("reading.crossed", name=T(f"name.{name}"), count=T.count(c.count),
                  last=T.count(c.last))
            )  # fmt: skip
    if not out and outcome.stability.verdict == "converges":
        out.append(T("reading.never_crossed"))
    return out


def shift(T, mean):
    """``− 12.5`` or ``+ 0.5``: subtracting the mean, without a double sign."""
    return f"− {T.number(mean)}" if mean >= 0 else f"+ {T.number(-mean)}"


def why(T, outcome):
    """Why the rate does what it does: the curvatures and the step factors."""
    s, shape = outcome.stability, outcome.bowl
    if s.verdict is None:
        return T("why.adam")
    return T(
        "why.descent" if s.optimizer.name == "gd" else "why.momentum",
        hi=T.number(shape.curvatures[1]),
        lo=T.number(shape.curvatures[0]),
        steep=direction(T, outcome, 1),
        flat=direction(T, outcome, 0),
        rw=T.number(s.step_factors[1], 4),
        rb=T.number(s.step_factors[0], 6),
        pw=T.number(s.radii[1], 4),
        pb=T.number(s.radii[0], 6),
    )


def where(T, outcome):
    """One line under the rate control: the critical rate and the user's share."""
    s = outcome.stability
    if s.critical_learning_rate is None:
        return T("lr.where_adam", critical=T.number(outcome.bowl.critical_learning_rate, 5))
    return T(
        "lr.where",
        critical=T.number(s.critical_learning_rate, 5),
        share=share(T, s.fraction_of_critical),
        verdict=T(f"verdict.{kind_of(outcome)}.title"),
    )


def learned_at(T, iteration):
    """A parameter's "learned for good from" as a short value."""
    if iteration is None:
        return T("stability.never")
    return T("stability.iteration", n=T.count(iteration))
