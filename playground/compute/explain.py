"""The page's words about a run: the verdict, the numbers and a plain reading.

Pure functions of an ``Outcome`` and a ``Text`` catalogue, so tests read what a
learner would read without Streamlit. Every sentence states a fact the engine
computed exactly (the verdict, when each parameter is learned for good, how often
it crossed its optimum, where the run blew up); tests/truth.py holds each
one to a literal loop.
"""

import math
from dataclasses import dataclass
from decimal import Decimal
from numbers import Real

import numpy as np

import neuron
from neuron.parameters import MAX_ITERATIONS
from playground.core.settings import round_to

# How the page shows each kind; an optimizer with no formula is read off its run: info.
LEVEL = {"converges": "success", "slow": "info", "oscillates": "warning", "edge": "warning",
         "diverges": "error", "batch_settles": "success", "batch_grows": "error"}  # fmt: skip
EXACT = 1e-12  # a ratio this close to 1 is 1: the rate is the critical one
EPS = np.finfo(float).eps
SHARE_FIGURES = 6  # a share that needs more figures to tell it from 100 % is "just" under/over


@dataclass(frozen=True)
class Verdict:
    kind: str  # converges, slow, oscillates, edge, diverges, or the name of an optimizer
    # with no closed form (its run is read instead)
    level: str  # how the page shows it: success, info, warning or error
    title: str
    line: str  # the verdict in one line, title included


def kind_of(outcome):
    """The verdict's kind, from the stability verdict and what the run did; on
    mini-batches, from the exact expectation (``batch_settles``, ``batch_grows``),
    or ``batch_sampled`` for an optimizer with none (only its sampled runs)."""
    s, r, run = outcome.stability, outcome.reading, outcome.run
    if outcome.sampled:
        e = outcome.expected
        if e is None:
            return "batch_sampled"
        return "batch_grows" if s.learning_rate >= e.critical_learning_rate else "batch_settles"
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
    if outcome.sampled:
        return _batch_verdict(T, outcome, kind)
    title = T(f"verdict.{kind}.title")
    edges = [s.critical_learning_rate] if s.critical_learning_rate is not None else []
    values = {"rate": rate_text(T, s.learning_rate, edges), "n": T.iterations(run.iterations)}
    if s.critical_learning_rate is not None:  # at the edge with the rate's figures
        critical = s.critical_learning_rate
        if kind == "edge":
            critical = T.number(critical, 6)
        else:  # above it, rates blow up: rounded up, with the figures that takes
            critical = threshold(T, critical, s.learning_rate, digits=5)
        rate_share = share(T, s.fraction_of_critical, kind == "edge")
        values.update(critical=critical, share=rate_share)
    if run.diverged_at is not None:
        line = T("verdict.blew_up.line", at=T.count(run.diverged_at), **values)
    else:
        line = T(f"verdict.{kind}.line", **values)
    return Verdict(kind, LEVEL.get(kind, "info"), title, f"**{title}** — {line}")


def _batch_verdict(T, outcome, kind):
    """On mini-batches: what the exact expectation does (plain descent), or that
    only sampled runs are shown."""
    title = T(f"verdict.{kind}.title")
    line = T(f"verdict.{kind}.line", **batch_values(T, outcome))
    return Verdict(kind, LEVEL.get(kind, "info"), title, f"**{title}** — {line}")


def batch_values(T, outcome):
    """The numbers the mini-batch sentences fill in, each computed by the engine."""
    s, e = outcome.settings, outcome.expected
    edges = [outcome.bowl.critical_learning_rate] + ([e.critical_learning_rate] if e else [])
    values = {
        "rate": rate_text(T, s.learning_rate, edges),
        "batch": T.count(s.batch_size),
        "seed": T.count(s.batch_seed),
        "n": T.iterations(outcome.run.iterations),
        "full": threshold(T, outcome.bowl.critical_learning_rate, s.learning_rate),
        "optimizer": T(f"optimizer.{s.optimizer}"),
    }
    if e is not None:
        values.update(
            critical=threshold(T, e.critical_learning_rate, s.learning_rate),
            share=share(T, s.learning_rate / e.critical_learning_rate),
            floor=T.number(shown_loss(e.floor, outcome), 4),
        )
    return values


def rate_text(T, rate, edges, digits=6):
    """The user's rate at ``digits`` figures, or more where fewer would print it on
    the other side of (or on) one of the thresholds ``edges`` beside it: 0.999999999999
    beside the critical rate 0.999999999999996, not "1", which reads as the edge."""

    def fits(shown):
        return all((shown < e) == (rate < e) and (shown > e) == (rate > e) for e in edges)

    return T.number(rate, _figures(rate, digits, fits))


def optimal(T, shape, digits=5):
    """2 / (λmin + λmax), rounded down: a rate to use must work, and on steep data
    (κ over about 1e5) the nearest five figures land on or over the critical rate
    (kelvin's optimal 1.33027773e-5 read 1.3303e-5, which diverges)."""
    rate = neuron.rounded(shape.optimal_learning_rate, digits, up=False)
    return T.number(rate, digits)


def up_to(T, band, name):
    """A band's bound ("strays up to ±X", "loss up to X"): ``Band.bound``, rounded
    up, so the run stays within it (to the nearest, RMSProp's 0.5222 read 0.5)."""
    return T.number(neuron.Band(*band).bound(name), 1)


def share(T, fraction, edge=False):
    """The rate against the critical one: "8.3 % of", "1.25 times", "100 % of" only
    at the ``edge``; "just under" or "just over" where six figures would still read
    100 % or 1 times, so no share reads like the edge's beside another verdict."""
    if edge:
        return T("share.percent", percent="100 %")
    if fraction < 1:
        pct, text = fraction * 100, T.percent(fraction)
        if 0 < float(text.split()[0].replace(",", ".")) < 100:
            return T("share.percent", percent=text)
        digits = _figures(pct, 2, lambda shown: shown < 100)
        if digits > SHARE_FIGURES:
            return T("share.just_under")
        return T("share.percent", percent=f"{T.number(pct, digits)} %")
    if fraction >= 10:
        return T("share.times", times=T.times(fraction))
    digits = _figures(fraction, 3, lambda shown: shown > 1)
    if digits > SHARE_FIGURES:
        return T("share.just_over")
    return T("share.times", times=T.number(fraction, digits))


def _figures(value, digits, fits):
    """The fewest significant figures from ``digits`` whose rounding of ``value`` fits."""
    while digits < 17 and not fits(float(f"{value:.{digits}g}")):
        digits += 1
    return digits


def below(value, digits=5):
    """A bound strictly under ``value`` with at most ``digits`` significant figures,
    so the text of it (at ``digits`` figures) names a rate below ``value``."""
    bound = neuron.rounded(value, digits, up=False)
    unit = Decimal(1).scaleb(Decimal(value).adjusted() - digits + 1)
    while bound >= value:  # on a round number, one unit lower
        lower = float(Decimal(bound) - unit)  # at 17 figures a unit can be under a float's
        bound = lower if lower < bound else float(np.nextafter(bound, -np.inf))  # spacing
    return bound


def threshold(T, value, rate, works=False, digits=5):
    """A rate where the verdict changes, printed so it classifies itself: rounded
    down where the sentence says "works up to it", up where it says "above it, runs
    blow up"; with more figures until the user's ``rate`` sits on the same side of
    the printed number as of the exact one (0.0011998 diverges: 0.00119976)."""
    shown, figures = neuron.printed_threshold(value, rate, up=not works, digits=digits)
    if works and shown >= value:  # a round limit (1 on standardized data) is the edge
        shown = below(value, figures)  # itself: a hair under it, and under the rate too
        while shown < rate < value and figures < 17:
            figures += 1
            shown = below(value, figures)
    return T.number(shown, figures)


def threshold_among(T, value, rates, works=False, digits=5):
    """``threshold`` beside many rates (a room's): with the figures the closest of
    ``rates`` needs, so every one of them sits on its true side of the printed number."""
    up = not works
    figures = max((neuron.printed_threshold(value, float(r), up, digits)[1] for r in rates),
                  default=digits)  # fmt: skip
    return T.number(neuron.rounded(value, figures, up), figures)


def numbers(T, outcome):
    """The final line, bias and loss against the least-squares ones, in one line
    (on mini-batches, the sampled run shown's, named by its seed)."""
    line = _numbers(T, outcome)
    if outcome.sampled:
        return T("numbers.sampled", seed=T.count(outcome.settings.batch_seed), line=line)
    return line


def _numbers(T, outcome):
    last = outcome.run.last
    w, b = outcome.line(last)
    minimum = shown_loss(outcome.reading.minimum_loss, outcome)  # exact: least squares
    best = outcome.optimum
    values = {"w": w, "b": b, "w_opt": best.weight, "b_opt": best.bias, "minimum": minimum}
    values = {key: T.number(v, 6) for key, v in values.items()}
    if hovering(outcome):  # the end is one rounding's: the band's figures, the worst loss
        return _hovering_numbers(T, outcome, values)
    r = outcome.reading
    loss = loss_text(T, outcome.run.at(last).loss, r.minimum_loss, outcome.floor.loss)
    return T("numbers.line", loss=loss, **values)


def _hovering_numbers(T, outcome, values):
    """The end of a run that hovers: the optimum it hovers around, at the figures its
    band leaves standing (its last step is one rounding's phase: a loop adding in
    another order ends on the band's other side), and the worst loss, rounded up."""
    band, best = jitter(outcome), outcome.optimum
    for key, value, spread in (("w", best.weight, band[0]), ("b", best.bias, band[1])):
        values[key] = T.number(value, band_figures(value, spread))
    return T("numbers.jitter", loss=up_to(T, band, "loss"), **values)


def band_figures(value, band):
    """The significant figures of ``value`` that a jitter of ``band`` leaves standing."""
    if band <= 0 or value == 0:
        return 6
    return min(6, max(1, int(math.log10(abs(value) / band)) + 1))


def shown_loss(loss, outcome):
    """A loss, or 0 when it is a squared rounding of the targets (4.2e-29 for an exact fit)."""
    targets = float(np.max(np.abs(outcome.trained_on.fahrenheit)))
    return 0.0 if abs(loss) <= (16 * EPS * max(targets, 1.0)) ** 2 else float(loss)


def resolved(T, value, floor, digits=6):
    """A loss or gradient as a float64 loop shows it: "≈ 0 (the limit of 64-bit
    floating point)" at or under ``floor``, else with only the figures that
    stand above the floor's noise (at most ``digits``)."""
    if not math.isfinite(value) or floor <= 0:
        return T.number(value, digits)
    if abs(value) <= floor:
        return T("float.zero")
    above = math.log10(abs(value)) - math.log10(floor)  # decades above the noise
    return T.number(value, min(digits, max(1, int(above))))


def loss_text(T, loss, minimum, floor, digits=6):
    """A loss as a float64 loop shows it: its excess over the ``minimum`` resolves
    only down to ``floor`` (``neuron.float64_floor``)."""
    if math.isfinite(loss) and minimum <= floor and loss - minimum <= floor:
        return T("float.zero")
    return resolved(T, loss, floor, digits)


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


def reading_quiet(T, outcome):
    """``reading`` without what to try: in a live room, "try the rate X: both
    learned by iteration N" would be a task's answer (the bias learned soonest)."""
    return reading(T, outcome, advise=False)


def reading(T, outcome, advise=True):
    """Plain-language paragraphs on what the run did, and (``advise``) what to try."""
    s, run = outcome.stability, outcome.run
    if outcome.sampled:
        return batch_reading(T, outcome)
    if run.diverged_at is not None:
        return [_blew_up(T, outcome)]
    if s.verdict == "diverges":
        out = [_growing(T, outcome)]
    elif s.verdict == "edge":  # no parameter's iteration count: rounding decides it
        out = [T("reading.edge", steep=direction(T, outcome, 1), bound=_bound(T, outcome))]
    elif hovering(outcome):  # its path depends on rounding: a band, not dates
        return [T(f"reading.{words(outcome)}"), _jitter(T, outcome)]
    else:
        learned, done, lagging = settled(outcome)
        out = [T(f"reading.{words(outcome)}")] if s.verdict is None else []
        out.append(_learned(T, outcome, learned, done))
        if lagging is not None:
            out += _needed(T, outcome, lagging, learned[lagging], advise)
    out += _crossings(T, outcome)
    if outcome.scaling is not None:
        scaling = outcome.scaling  # "the critical rate is now": above it, runs blow up
        critical = threshold(T, outcome.bowl.critical_learning_rate, s.learning_rate)
        shifted = {"shift": shift(T, scaling.mean), "scale": T.number(scaling.scale)}
        keys = "reading.scaled", "reading.scaled.data"
        out.append(about_data(T, outcome, *keys, critical=critical, **shifted))
    return out


def data_names(T, outcome):
    """The data's x and y as a person reads them: Celsius and Fahrenheit for the
    article's data, else the data's own names (from its header), or plain x and y."""
    if outcome.article:
        return T("chart.celsius"), T("chart.fahrenheit")
    data = outcome.data
    return data.x_name or T("chart.x"), data.y_name or T("chart.y")


def about_data(T, outcome, article, data, **values):
    """A sentence about the line: key ``article`` (which speaks of °C and °F) on the
    article's data, else key ``data``, filled with the data's own x and y."""
    if outcome.article:
        return T(article, **values)
    x, y = data_names(T, outcome)
    return T(data, x=x, y=y, **values)


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
    target = T.number(best, 4)
    if 1000 <= abs(best) < 1e15:  # grouped as the gap is: 1,497 short of 1,500
        target = T.count(round(best, 3 - int(math.log10(abs(best)))))
    return {"gap": gap, "side": side, "target": target}


def settled(outcome):
    """When each parameter is learned for good, whether within the run, which lags:
    the engine's, but Adam's one simulated run vouches only for its second half."""
    simulated = outcome.stability.verdict is None
    learned = neuron.vouched(outcome.reading.learned, simulated)._asdict()
    done = {k: t is not None and t <= outcome.run.iterations for k, t in learned.items()}
    missing = [k for k, ok in done.items() if not ok]
    lagging = missing[0] if len(missing) == 1 else outcome.reading.lagging if missing else None
    return learned, done, lagging


def hovering(outcome):
    """Whether a run with no closed form never settles: an optimizer that sizes its
    own steps (Adam at a large rate) keeps jittering around the optimum, and which
    way each jitter goes is decided by rounding, so a loop in another order (or
    PyTorch) follows another path after a few hundred steps: it does not settle
    within what one run vouches for, or its path depends on rounding (the engine's
    ``depends_on_rounding``: loops that differ in rounding alone end elsewhere)."""
    learned, _, _ = settled(outcome)
    rounding = outcome.reading.depends_on_rounding
    return outcome.stability.verdict is None and (rounding or None in learned.values())


def jitter(outcome):
    """(weight, bias, loss): how far each strays from its optimum over the run's
    second half, and the largest loss there; the engine's band, from every step,
    when it has one (``Reading.band``), else the recorded steps'."""
    if outcome.reading.band is not None:
        return tuple(outcome.reading.band)
    run, best = outcome.run, outcome.bowl.optimum
    late = (run.steps >= run.last / 2) & (run.steps <= run.last)
    strays = (float(np.max(np.abs(v[late] - o))) for v, o in zip((run.weights, run.biases), best))
    return (*strays, float(np.max(run.losses[late])))


def _jitter(T, outcome):
    band = jitter(outcome)
    name = T(f"optimizer.{outcome.settings.optimizer}")
    w, b = up_to(T, band, "weight"), up_to(T, band, "bias")
    return T("reading.jitter", optimizer=name, w=w, b=b, n=T.iterations(outcome.run.iterations))


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


def _needed(T, outcome, lagging, needed, advise=True):
    """When the lagging parameter is learned, and (``advise``) a rate that learns
    both sooner."""
    name, limit = T(f"name.{lagging}"), T.count(MAX_ITERATIONS)
    if needed is None:  # only a simulated run (no closed form) can say this
        return [T("reading.never", name=name, limit=limit)]
    if needed <= MAX_ITERATIONS:
        out = [T("reading.needed", name=name, needed=T.count(needed))]
    else:
        out = [T("reading.beyond", name=name, needed=T.count(needed), limit=limit)]
    better = faster(outcome) if advise else None
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


def batch_reading(T, outcome):
    """On mini-batches: the exact expectation at the end (plain descent), then the
    sampled run shown, named by its seed so that anyone can draw it again."""
    e, run, values = outcome.expected, outcome.run, batch_values(T, outcome)
    last = run.iterations
    out = []
    if e is None:
        out.append(T("batch.reading.no_expectation", **values))
    elif math.isfinite(e.at(last)):
        mean = {
            "loss": T.number(shown_loss(e.at(last), outcome), 6),
            "mw": T.number(float(e.mean_weight[-1]), 6),
            "sw": T.number(float(e.weight_std[-1]), 3),
            "mb": T.number(float(e.mean_bias[-1]), 6),
            "sb": T.number(float(e.bias_std[-1]), 3),
        }
        out.append(T("batch.reading.expected", **values, **mean))
    else:
        out.append(T("batch.reading.expected_overflow", **values))
    if run.diverged_at is not None:
        out.append(T("batch.reading.sampled_blew_up", at=T.count(run.diverged_at), **values))
    else:
        loss = shown_loss(run.at(last).loss, outcome)
        out.append(T("batch.reading.sampled", loss=T.number(loss, 6), **values))
        if e is not None and loss < min(e.at(last), run.at(0).loss):  # it settled, unlike the mean
            out.append(T("batch.reading.lucky", **values))
    return out


def shift(T, mean):
    """``− 12.5`` or ``+ 0.5``: subtracting the mean, without a double sign."""
    return f"− {T.number(mean)}" if mean >= 0 else f"+ {T.number(-mean)}"


def why(T, outcome):
    """Why the rate does what it does: the curvatures and the step factors."""
    s, shape = outcome.stability, outcome.bowl
    if outcome.sampled:
        plain = outcome.expected is not None
        return T("why.batch" if plain else "why.batch_sampled", **batch_values(T, outcome))
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
    if outcome.sampled:
        title = T(f"verdict.{kind_of(outcome)}.title")
        key = "lr.where_batch" if outcome.expected is not None else "lr.where_batch_sampled"
        return T(key, verdict=title, **batch_values(T, outcome))
    if s.critical_learning_rate is None:
        plain_critical = threshold(T, outcome.bowl.critical_learning_rate, s.learning_rate)
        return T(f"lr.where_{words(outcome)}", critical=plain_critical)
    kind = kind_of(outcome)
    critical = threshold(T, s.critical_learning_rate, s.learning_rate)
    rate_share = share(T, s.fraction_of_critical, kind == "edge")
    return T("lr.where", critical=critical, share=rate_share, verdict=T(f"verdict.{kind}.title"))


def learned_at(T, iteration, edge=False):
    """A parameter's "learned for good from"; "—" at the ``edge`` or wherever rounding decides."""
    if iteration is None:
        return "—" if edge else T("stability.never")
    return T("stability.iteration", n=T.count(iteration))


def too_much(T, settings, kind, limit):
    """Why the sampled runs asked for are not computed (``analysis.over_budget``)."""
    return T(
        f"batch.too_much.{kind}",
        draws=T.count(settings.iterations * settings.batch_size),
        n=T.count(settings.iterations),
        batch=T.count(settings.batch_size),
        limit=T.count(limit),
        optimizer=T(f"optimizer.{settings.optimizer}"),
    )


def table_problem(T, error):
    """Why a table cannot be read, in ``T``'s language: ``table.<code>`` of a
    ``neuron.TableError`` filled with its values, numbers in the language's
    signs (a line 3, 100 000 rows, 5,2 MB). An unknown code gives its English
    message."""
    values = {name: _Spelled(T, value) for name, value in error.values.items()}
    try:
        return T(f"table.{error.code}").format(**values)  # T() alone: the template
    except KeyError:  # a code, or a value, this catalogue does not know
        return str(error)


@dataclass(frozen=True)
class _Spelled:
    """A TableError's value as ``T``'s language writes it under a template's format:
    ``{limit:,}`` is 100,000 or 100 000, ``{size:.1f}`` is 5.2 or 5,2."""

    T: object
    value: object

    def __format__(self, spec):
        value = self.value
        if isinstance(value, str):
            return format(value, spec)
        if isinstance(value, tuple):  # a header's names
            return ", ".join(f'"{name}"' for name in value)
        if isinstance(value, Real) and not isinstance(value, bool):
            return self.T.spelled(format(value, spec))
        return repr(value)
