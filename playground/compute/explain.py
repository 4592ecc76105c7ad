"""The page's words about a run: the verdict, the numbers and a plain reading.

Pure functions of an ``Outcome`` and a ``Text`` catalogue, so tests read what a
learner would read without Streamlit. Every sentence states a fact the engine
computed exactly (the verdict, when each parameter is learned for good, how often
it crossed its optimum, where the run blew up); tests/test_truth.py holds each
one to a literal loop.
"""

import math
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

import numpy as np

import neuron
from neuron.parameters import MAX_ITERATIONS
from playground.core.settings import round_to

# How the page shows each kind; an optimizer with no formula is read off its run: info.
LEVEL = {"converges": "success", "slow": "info", "oscillates": "warning", "edge": "warning",
         "diverges": "error"}  # fmt: skip
EXACT = 1e-12  # a ratio this close to 1 is 1: the rate is the critical one
EPS = np.finfo(float).eps


@dataclass(frozen=True)
class Verdict:
    kind: str  # converges, slow, oscillates, edge, diverges, or the name of an optimizer
    # with no closed form (its run is read instead)
    level: str  # how the page shows it: success, info, warning or error
    title: str
    line: str  # the verdict in one line, title included


def kind_of(outcome):
    """The verdict's kind, from the stability verdict and what the run did."""
    s, r, run = outcome.stability, outcome.reading, outcome.run
    if run.diverged_at is not None or s.verdict == "diverges":
        return "diverges"
    if s.verdict is None:
        return words(outcome)
    if s.verdict in ("edge", "oscillates"):
        return s.verdict
    return "converges" if r.lagging is None else "slow"


def words(outcome):
    """The stem of the words of the outcome's optimizer (``verdict.<stem>.title``…)."""
    return outcome.settings.optimizer


def _plain(outcome):
    """Whether the outcome's optimizer is plain descent (a quadratic stability model)."""
    return outcome.stability.optimizer.stability_model == "quadratic"


def verdict(T, outcome):
    """What the learning rate does on this data, in one line."""
    s, run = outcome.stability, outcome.run
    kind = kind_of(outcome)
    title = T(f"verdict.{kind}.title")
    values = {"rate": T.number(s.learning_rate, 6), "n": T.iterations(run.iterations)}
    if s.critical_learning_rate is not None:  # at the edge with the rate's figures
        critical = T.number(s.critical_learning_rate, 6 if kind == "edge" else 5)
        values.update(critical=critical, share=share(T, s.fraction_of_critical))
    if run.diverged_at is not None:
        line = T("verdict.blew_up.line", at=T.count(run.diverged_at), **values)
    else:
        line = T(f"verdict.{kind}.line", **values)
    return Verdict(kind, LEVEL.get(kind, "info"), title, f"**{title}** — {line}")


def share(T, fraction):
    """The rate against the critical one: "8.3 % of", "1.25 times", "100 % of" at
    the edge; never rounded onto 0 %, 100 % or 1 times when it is not."""
    if abs(fraction - 1) <= EXACT:
        return T("share.percent", percent="100 %")
    if fraction < 1:
        pct, text = fraction * 100, T.percent(fraction)
        if 0 < float(text.split()[0].replace(",", ".")) < 100:
            return T("share.percent", percent=text)
        digits = _figures(pct, 2, lambda shown: shown < 100)
        return T("share.percent", percent=f"{T.number(pct, digits)} %")
    if fraction >= 10:
        return T("share.times", times=T.times(fraction))
    return T("share.times", times=T.number(fraction, _figures(fraction, 3, lambda s: s > 1)))


def _figures(value, digits, fits):
    """The fewest significant figures from ``digits`` whose rounding of ``value`` fits."""
    while digits < 17 and not fits(float(f"{value:.{digits}g}")):
        digits += 1
    return digits


def below(value, digits=5):
    """A bound strictly under ``value`` with at most ``digits`` significant figures,
    so the text of it (at ``digits`` figures) names a rate below ``value``."""
    exact = Decimal(value)
    unit = Decimal(1).scaleb(exact.adjusted() - digits + 1)
    bound = exact.quantize(unit, rounding=ROUND_FLOOR)
    while bound >= exact or float(bound) >= value:  # 123.45 is a hair above Decimal 123.45
        bound -= unit
    return float(bound)


def numbers(T, outcome):
    """The final line, bias and loss against the least-squares ones, in one line."""
    last = outcome.run.last
    w, b = outcome.line(last)
    loss, minimum = (shown_loss(v, outcome) for v in (outcome.run.at(last).loss,
                                                        outcome.reading.minimum_loss))  # fmt: skip
    best = outcome.optimum
    values = {"w": w, "b": b, "w_opt": best.weight, "b_opt": best.bias, "loss": loss,
              "minimum": minimum}  # fmt: skip
    return T("numbers.line", **{key: T.number(v, 6) for key, v in values.items()})


def shown_loss(loss, outcome):
    """A loss, or 0 when it is a squared rounding of the targets (4.2e-29 for an exact fit)."""
    targets = float(np.max(np.abs(outcome.trained_on.fahrenheit)))
    return 0.0 if abs(loss) <= (16 * EPS * max(targets, 1.0)) ** 2 else float(loss)


def factor(T, value, digits, edge=False):
    """A step factor such as 0.9998, never rounded onto ±1 unless it is (at the edge)."""
    if (edge and abs(abs(value) - 1) <= EXACT) or value in (1, -1):
        return T.number(math.copysign(1.0, value))
    return T.number(value, _figures(value, digits, lambda shown: abs(shown) != 1))


def direction(T, outcome, i):
    """Curvature direction ``i`` (0: flat, 1: steep) named by what it moves."""
    carried = outcome.bowl.carries(i)
    if carried:
        return T(f"direction.{carried}")
    w, b = outcome.bowl.directions[:, i]
    return T(f"direction.{'steep' if i else 'flat'}", w=T.number(abs(w), 2), b=T.number(abs(b), 2))


def reading(T, outcome):
    """Plain-language paragraphs on what the run did, and what to try."""
    s, run = outcome.stability, outcome.run
    if run.diverged_at is not None:
        return [_blew_up(T, outcome)]
    if s.verdict == "diverges":
        out = [_growing(T, outcome)]
    elif s.verdict == "edge":  # no parameter's iteration count: rounding decides it
        out = [T("reading.edge", steep=direction(T, outcome, 1), bound=_bound(T, outcome))]
    else:
        learned, done, lagging = settled(outcome)
        out = [T(f"reading.{words(outcome)}")] if s.verdict is None else []
        out.append(_learned(T, outcome, learned, done))
        if lagging is not None:
            out += _needed(T, outcome, lagging, learned[lagging])
    out += _crossings(T, outcome)
    if outcome.scaling is not None:
        scaling, critical = outcome.scaling, T.number(outcome.bowl.critical_learning_rate, 5)
        shifted = {"shift": shift(T, scaling.mean), "scale": T.number(scaling.scale)}
        out.append(T("reading.scaled", critical=critical, **shifted))
    return out


def _bound(T, outcome):
    return T.number(below(outcome.stability.critical_learning_rate), 5)


def _blew_up(T, outcome):
    at, radius = T.count(outcome.run.diverged_at), T.number(outcome.stability.radii[1], 4)
    steep = direction(T, outcome, 1)
    return T("reading.blew_up", at=at, steep=steep, radius=radius, bound=_bound(T, outcome))


def _growing(T, outcome):
    """A diverging rate whose run has not blown up yet: when it would."""
    o, bound = outcome, _bound(T, outcome)
    far = neuron.train(o.trained_on, optimizer=o.run.optimizer, iterations=MAX_ITERATIONS,
                       record=[], **_start(o))  # fmt: skip
    if far.diverged_at is None:
        return T("reading.growing_finite", n=T.iterations(MAX_ITERATIONS), bound=bound)
    return T("reading.growing", at=T.count(far.diverged_at), bound=bound)


def _start(outcome):
    s = outcome.settings
    return {"initial_weight": s.initial_weight, "initial_bias": s.initial_bias}


def _gap(T, r, name):
    """How far, on which side of which optimum: 0.0839, 4.3, or 1,012 from 1,000 up."""
    value, best = (r.weight, r.optimal_weight) if name == "weight" else (r.bias, r.optimal_bias)
    gap = abs(value - best)
    gap = T.count(round(gap)) if 1000 <= gap < 1e15 else T.number(gap, 3)
    side = T("side.below") if value < best else T("side.above")
    return {"gap": gap, "side": side, "target": T.number(best, 4)}


def settled(outcome):
    """When each parameter is learned for good, whether within the run, which lags:
    the engine's, but Adam's one simulated run vouches only for its second half."""
    learned = outcome.reading.learned._asdict()
    if outcome.stability.verdict is None:
        learned = {k: t if t is not None and t <= MAX_ITERATIONS // 2 else None
                   for k, t in learned.items()}  # fmt: skip
    done = {k: t is not None and t <= outcome.run.iterations for k, t in learned.items()}
    missing = [k for k, ok in done.items() if not ok]
    lagging = missing[0] if len(missing) == 1 else outcome.reading.lagging if missing else None
    return learned, done, lagging


def _learned(T, outcome, learned, done):
    r, n = outcome.reading, T.iterations(outcome.run.iterations)
    unit = T("reading.unit") if outcome.article else ""  # the bias is in y's units: °F
    at = {name: T.count(t) if t is not None else None for name, t in learned.items()}
    if done["weight"] and done["bias"]:
        return T("reading.both", tw=at["weight"], tb=at["bias"], n=n)
    if done["weight"]:
        values = _gap(T, r, "bias") | {"tw": at["weight"], "n": n, "unit": unit}
        if outcome.bowl.carries(0) == "bias" and _plain(outcome):
            pace = T.percent(1 - outcome.stability.radii[0])
            kappa = T.count(round(outcome.bowl.condition_number))
            return T("reading.bias_flat", kappa=kappa, pace=pace, **values)
        return T("reading.bias_lags", **values)
    if done["bias"]:
        return T("reading.weight_lags", tb=at["bias"], n=n, **_gap(T, r, "weight"))
    gaps = {f"{p[0]}_{key}": v for p in ("weight", "bias") for key, v in _gap(T, r, p).items()}
    return T("reading.neither", n=n, unit=unit, **gaps)


def _needed(T, outcome, lagging, needed):
    """When the lagging parameter is learned, and a rate that learns both sooner."""
    name, limit = T(f"name.{lagging}"), T.count(MAX_ITERATIONS)
    if needed is None:  # only a simulated run (no closed form) can say this
        return [T("reading.never", name=name, limit=limit)]
    if needed <= MAX_ITERATIONS:
        out = [T("reading.needed", name=name, needed=T.count(needed))]
    else:
        out = [T("reading.beyond", name=name, needed=T.count(needed), limit=limit)]
    better = faster(outcome)
    if better is None:
        return out
    rate, both = better
    if both < needed and both <= MAX_ITERATIONS:
        out.append(T("reading.faster", rate=T.number(rate), n=T.count(both)))
    elif needed > MAX_ITERATIONS and outcome.scaling is None and not T.beginner:
        out.append(T("reading.standardize", rate=T.number(rate), n=T.count(both)))
    return out


def faster(outcome):
    """(rate, iteration): 2 / (λmin + λmax) rounded down, the plain rate whose slowest
    direction is fastest, and when both are learned there; None but for plain descent."""
    if not _plain(outcome):
        return None
    rate = round_to(outcome.bowl.optimal_learning_rate, math.floor)
    learned = neuron.iterations_to_learn(outcome.trained_on, learning_rate=rate, **_start(outcome))
    return rate, max(learned)


def _crossings(T, outcome):
    out = []
    for name in ("weight", "bias"):
        c = getattr(outcome.reading.crossings, name)
        values = {"name": T(f"name.{name}"), "last": T.count(c.last or 0),
                  "next": T.count((c.last or 0) + 1)}  # fmt: skip
        if c.count == 1:
            out.append(T("reading.crossed_once", **values))
        elif c.count > 1:
            out.append(T("reading.crossed", count=T.count(c.count), **values))
    if not out:
        out.append(T("reading.never_crossed", n=T.iterations(outcome.run.iterations)))
    return out


def shift(T, mean):
    """``− 12.5`` or ``+ 0.5``: subtracting the mean, without a double sign."""
    return f"− {T.number(mean)}" if mean >= 0 else f"+ {T.number(-mean)}"


def why(T, outcome):
    """Why the rate does what it does: the curvatures and the step factors."""
    s, shape = outcome.stability, outcome.bowl
    if s.verdict is None:
        return T(f"why.{words(outcome)}")
    edge = s.verdict == "edge"
    return T(
        "why.descent" if _plain(outcome) else "why.momentum",
        hi=T.number(shape.curvatures[1]),
        lo=T.number(shape.curvatures[0]),
        steep=direction(T, outcome, 1),
        flat=direction(T, outcome, 0),
        rw=factor(T, s.step_factors[1], 4, edge),
        rb=factor(T, s.step_factors[0], 6, edge),
        pw=factor(T, s.radii[1], 4, edge),
        pb=factor(T, s.radii[0], 6, edge),
    )


def where(T, outcome):
    """One line under the rate control: the critical rate and the user's share."""
    s = outcome.stability
    if s.critical_learning_rate is None:
        plain_critical = T.number(outcome.bowl.critical_learning_rate, 5)
        return T(f"lr.where_{words(outcome)}", critical=plain_critical)
    critical, title = T.number(s.critical_learning_rate, 5), T(f"verdict.{kind_of(outcome)}.title")
    return T("lr.where", critical=critical, share=share(T, s.fraction_of_critical), verdict=title)


def learned_at(T, iteration, edge=False):
    """A parameter's "learned for good from"; "—" at the ``edge``, where rounding decides."""
    if iteration is None:
        return "—" if edge else T("stability.never")
    return T("stability.iteration", n=T.count(iteration))
