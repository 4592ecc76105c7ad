"""Every chart with its text alternative: what it shows, and its key numbers.

Vega makes a chart's ``description`` its accessible name, so a screen reader
hears "Loss over 10,000 iterations: from 2,097 to 18.2 …" instead of one
label per point. The same words serve the "Show the numbers" summaries.
"""

import numpy as np

import neuron
from playground import charts
from playground.charts import figures
from playground.charts.figures_optimizers import MARKER, factor_bars, map_marker, regimes
from playground.compute import explain
from playground.compute.frames import finder_frame, history_frame, sampled_frames
from playground.compute.optimizer_frames import MU_MAX, regime_rates, stability_map

MAIN = {
    "loss",
    "sampled",
    "sampled_landscape",
    "sweep",
    "finder",
    "landscape",
    "compare",
    "paths",
}  # titled with their settings


def spec(kind, outcome, T, *extra, present=False):
    """Chart ``kind`` as Vega-Lite, described, titled, in ``T``'s language."""
    if kind == "stability_map":
        return marked_map(map_base(outcome, T, None, present), outcome, T)
    chart = figures.BUILDERS[kind](outcome, T, *extra)
    return charts.to_vega_lite(
        chart,
        description=DESCRIBE[kind](outcome, T, *extra),
        title=title(T, outcome) if kind in MAIN else None,
        lang=T.lang,
        present=present,
    )


def map_base(outcome, T, span, present=False):
    """(map, spec): the stability map over ``span`` without its marker's data."""
    m = stability_map(outcome, span)
    chart = figures.BUILDERS["stability_map"](outcome, T, span)
    return m, charts.to_vega_lite(chart, lang=T.lang, present=present)


def marked_map(base, outcome, T):
    """A ``map_base`` spec with ``outcome``'s setting on it, and its words."""
    m, spec = base
    datasets = {**spec["datasets"], MARKER: map_marker(outcome, T)}
    return {**spec, "datasets": datasets, "description": stability_map_text(outcome, T, m)}


def title(T, outcome):
    s = outcome.settings
    return T(
        "chart.title",
        rate=T.number(s.learning_rate, 6),
        n=T.iterations(s.iterations),
        w0=T.number(s.initial_weight),
        b0=T.number(s.initial_bias),
    )


def _ends(T, values):
    values = np.asarray(values, dtype=float)
    return T.number(values[0], 4), T.number(values[-1], 4)


def loss(outcome, T, step=None, log=True):
    losses = history_frame(outcome)["loss"]
    start, end = (_loss(T, outcome, v, 4) for v in (losses.iloc[0], losses.iloc[-1]))
    v = explain.verdict(T, outcome)
    return T("alt.loss", n=T.iterations(outcome.run.iterations), start=start, end=end,
             last=T.count(outcome.run.last), verdict=v.title)  # fmt: skip


def _loss(T, outcome, value, digits, floor=None):
    """A loss as a float64 loop shows it, never the log axis's floor."""
    floor = outcome.floor.loss if floor is None else floor
    return explain.loss_text(T, float(value), outcome.reading.minimum_loss, floor, digits)


def sampled(outcome, T, log, others):
    runs, expected = sampled_frames(outcome, others)
    seeds = ", ".join(T.count(seed) for seed in dict.fromkeys(runs["seed"]))
    values = {"n": T.iterations(outcome.run.iterations), "runs": T.count(len(others) + 1),
              "seeds": seeds}  # fmt: skip
    if (
        expected is None
        or expected.empty
        or expected["iteration"].iloc[-1] < outcome.run.iterations
    ):
        return T("alt.sampled_only", **values)  # no expectation, or it overflowed
    return T("alt.sampled", end=T.number(float(expected["loss"].iloc[-1]), 4), **values)


def batch_rates(outcome, T):
    return T("alt.batch_rates", batch=T.count(outcome.settings.batch_size),
             full=_above(T, outcome, outcome.bowl.critical_learning_rate),
             critical=_above(T, outcome, outcome.expected.critical_learning_rate))  # fmt: skip


def _above(T, outcome, critical, works=False):
    """A rate where the verdict changes, printed as ``explain.threshold`` prints the
    headline's: on the side its sentence claims, beside the outcome's own rate."""
    return explain.threshold(T, critical, outcome.settings.learning_rate, works=works)


def gradients(outcome, T):
    h = history_frame(outcome)
    floor = outcome.floor
    w0, w1 = (explain.resolved(T, abs(float(v)), floor.weight_gradient, 4)
              for v in h["weight_gradient"].iloc[[0, -1]])  # fmt: skip
    b0, b1 = (explain.resolved(T, abs(float(v)), floor.bias_gradient, 4)
              for v in h["bias_gradient"].iloc[[0, -1]])  # fmt: skip
    n = T.iterations(outcome.run.last)
    return T("alt.gradients", n=n, w0=w0, w1=w1, b0=b0, b1=b1)


def parameter(outcome, T, which):
    start, end = _ends(T, history_frame(outcome)[which])
    best = outcome.optimum.weight if which == "weight" else outcome.optimum.bias
    return T("alt.parameter", name=T(f"name.{which}"), n=T.iterations(outcome.run.last),
             start=start, end=end, optimum=T.number(best, 4))  # fmt: skip


def sweep(outcome, T, curves):
    items = []
    for rate, frame, diverged_at in curves:
        if diverged_at is not None:
            items.append(T("alt.sweep.blew", rate=T.number(rate), at=T.count(diverged_at)))
        else:
            items.append(T("alt.sweep.ends", rate=T.number(rate),
                           loss=_end(T, outcome, rate, frame, 4)))  # fmt: skip
    return T("alt.sweep", count=len(curves), items="; ".join(items))


def _end(T, outcome, rate, frame, digits):
    """A compared rate's last loss, against that rate's own float64 floor."""
    floor = neuron.float64_floor(outcome.trained_on, rate).loss
    return _loss(T, outcome, float(frame["loss"].iloc[-1]), digits, floor)


def finder(outcome, T):
    f = finder_frame(outcome)
    ok = f[~f["diverged"]]
    values = {"n": T.iterations(outcome.run.iterations), "count": len(f),
              "lo": T.number(f["learning_rate"].iloc[0]),
              "hi": T.number(f["learning_rate"].iloc[-1]),
              "critical": _above(T, outcome, outcome.bowl.critical_learning_rate)}  # fmt: skip
    floors = [neuron.float64_floor(outcome.trained_on, r).loss for r in ok["learning_rate"]]
    at_floor = ok[(ok["loss"] - outcome.reading.minimum_loss <= floors)
                  & (outcome.reading.minimum_loss <= min(floors, default=0))]  # fmt: skip
    if len(at_floor):  # which of these is lowest is rounding (the chart sits on its floor)
        rates = at_floor["learning_rate"]
        return T("alt.finder_floor", from_rate=T.number(rates.min(), 4),
                 to_rate=T.number(rates.max(), 4), **values)  # fmt: skip
    best = ok.loc[ok["loss"].idxmin()] if len(ok) else None
    return T(
        "alt.finder",
        best=_loss(T, outcome, best["loss"], 4) if best is not None else "—",
        at=T.number(best["learning_rate"], 4) if best is not None else "—",
        **values,
    )


def landscape(outcome, T, step=None, runs=()):
    run, opt = outcome.run, outcome.bowl.optimum
    first, last = run.at(0), run.at(run.last) if run.last >= 0 else run.at(0)
    text = T(
        "alt.landscape",
        n=T.iterations(run.last),
        w0=T.number(first.weight, 4),
        b0=T.number(first.bias, 4),
        w1=T.number(last.weight, 4),
        b1=T.number(last.bias, 4),
        wo=T.number(opt[0], 4),
        bo=T.number(opt[1], 4),
    )
    if not runs:
        return text
    items = []
    for r in runs:
        end = r.shown.iloc[-1]
        items.append(T("alt.paths.item", name=T(f"optimizer.{r.name}"),
                       w=T.number(end.weight, 4), b=T.number(end.bias, 4)))  # fmt: skip
    return f"{text} {T('alt.paths', items='; '.join(items))}"


def compare(outcome, T, step, log, runs):
    items = []
    for r in runs:
        name = T(f"optimizer.{r.name}")
        if r.diverged_at is not None:
            items.append(T("alt.compare.blew", name=name, at=T.count(r.diverged_at)))
        else:
            items.append(T("alt.compare.ends", name=name, loss=T.number(r.loss, 4)))
    return T("alt.compare", count=len(runs), items="; ".join(items))


def stability_map_text(outcome, T, m=None):
    """The map's words; ``m`` the map drawn (default: the outcome's own)."""
    m = stability_map(outcome) if m is None else m
    share = m.cells["verdict"].value_counts(normalize=True)
    you = map_marker(outcome, T).iloc[0]
    verdict = neuron.stability(
        outcome.trained_on, neuron.Momentum(you.rate, you.momentum, nesterov=m.nesterov)
    ).verdict
    return T(
        "alt.map",
        kind=T("map.nesterov" if m.nesterov else "map.heavy"),
        lo=T.number(m.cells.rate.min()),
        hi=T.number(m.cells.rate2.max()),
        top=T.number(MU_MAX),
        converges=T.percent(share.get("converges", 0.0)),
        oscillates=T.percent(share.get("oscillates", 0.0)),
        diverges=T.percent(share.get("diverges", 0.0)),
        c0=_above(T, outcome, float(m.edge.rate.iloc[0])),
        c1=_above(T, outcome, float(m.edge.rate.iloc[-1])),
        rate=T.number(you.rate, 6),
        mu=T.number(you.momentum),
        verdict=regimes(T)[verdict],
    )


def step_factors(outcome, T):
    bars = factor_bars(outcome, T)
    items = [
        T("alt.factors.item", direction=d, radius=shown, status=s)
        for d, shown, s in zip(bars["direction"], bars["shown"], bars["status"])
    ]
    return T("alt.factors", items="; ".join(items))


def strip(outcome, T, full=False):
    if outcome.expected is not None:
        critical = _above(T, outcome, outcome.expected.critical_learning_rate)
        return T("alt.strip_batch", batch=T.count(outcome.settings.batch_size), critical=critical)
    overshoot, critical = regime_rates(outcome)  # converges below the first: rounded down
    return T("alt.strip", oscillation=_above(T, outcome, overshoot, works=True),
             critical=_above(T, outcome, critical))  # fmt: skip


DESCRIBE = {
    "loss": loss,
    "sampled": sampled,
    "batch_rates": batch_rates,
    "gradients": gradients,
    "parameter": parameter,
    "sweep": sweep,
    "finder": finder,
    "landscape": landscape,
    "paths": landscape,
    "sampled_landscape": lambda outcome, T, step, full: landscape(outcome, T, step),
    "strip": strip,
    "compare": compare,
    "stability_map": stability_map_text,
    "step_factors": step_factors,
}
assert DESCRIBE.keys() == figures.BUILDERS.keys()


# ---- "Show the numbers": the same facts as a small table ---------------------------------

CHECKPOINTS = (0, 1, 2, 5, 10, 20, 50, 100, 200, 500)


def checkpoints(last):
    """Iterations worth a row: the first steps, then each power of ten, then the end."""
    marks = {t for t in CHECKPOINTS if t <= last}
    marks |= {10**k for k in range(3, 7) if 10**k <= last}
    return sorted(marks | {last})


def run_table(outcome, T):
    """Loss, weight and bias at a few iterations of the run (recorded ones)."""
    h = history_frame(outcome).set_index("iteration")
    steps = [t for t in checkpoints(outcome.run.last) if t in h.index]
    rows = h.loc[steps]
    return {
        T("chart.iteration"): [T.count(t) for t in steps],
        T("chart.loss"): [_loss(T, outcome, v, 6) for v in rows["loss"]],
        T("chart.weight"): [T.number(v, 6) for v in rows["weight"]],
        T("chart.bias"): [T.number(v, 6) for v in rows["bias"]],
    }


def sweep_table(outcome, T, curves):
    """Each compared rate and how its run ended."""
    ends = []
    for rate, frame, diverged_at in curves:
        if diverged_at is not None:
            ends.append(T("alt.sweep.blew", rate="", at=T.count(diverged_at)).strip())
        else:
            ends.append(_end(T, outcome, rate, frame, 6))
    return {T("chart.rate"): [T.number(r) for r, _, _ in curves], T("chart.loss"): ends}
