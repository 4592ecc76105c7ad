"""Where the rate stands: the stability panel, a comparison of rates, the finder."""

import time

import streamlit as st

from playground.charts import described, figures
from playground.compute import explain, work
from playground.compute.frames import BATCH_RATES, FINDER_RATES
from playground.core.optimizers import BY_NAME as BY_OPTIMIZER
from playground.core.optimizers import PLAIN
from playground.core.params import BY_LINK
from playground.core.settings import default_sweep
from playground.ui import budget, cache, widgets


def render(T, outcome, present):
    widgets.heading(T("rates.header"))
    sweep(T, outcome, present)
    if present:
        return
    st.subheader(T("stability.header"))
    if outcome.sampled:  # the full-batch panels below would not be about this run
        batch_panel(T, outcome)
        return
    stability_panel(T, outcome)
    if not T.beginner:
        optimizer_panel(T, outcome)
    if BY_OPTIMIZER[outcome.settings.optimizer] is not PLAIN:
        return  # the finder runs plain descent
    st.subheader(T("finder.header"))
    cache.show("finder", outcome.settings, T)
    shape = outcome.bowl
    note = T(
        "finder.caption",
        n=T.count(FINDER_RATES),
        iterations=T.iterations(outcome.run.iterations),
    )
    gap = 1 - shape.optimal_learning_rate / shape.critical_learning_rate
    if gap < 0.02 and not T.beginner:  # the two rules draw as one
        note += " " + T(
            "finder.hidden",
            gap=T.percent(max(gap, 0.001)),
            kappa=T.count(round(shape.condition_number)),
        )
    st.caption(note)


def critical_key(entry):
    """The label of an optimizer's own critical rate; None when no formula gives one."""
    if entry.stability == "quadratic":
        return "stability.critical"
    if entry.stability == "momentum":
        return "stability.critical_nesterov" if entry.nesterov else "stability.critical_momentum"
    return None


def batch_panel(T, outcome):
    """The full batch's critical rate and the batches', and the final loss against rate
    for both (exact: the full batch's loss, the batches' expected loss)."""
    e, shape = outcome.expected, outcome.bowl
    if e is None:  # no exact expectation: no critical rate for batches either
        st.info(cache.words("why", outcome.settings, T.lang, T.level), icon=":material/info:")
        return
    rate = outcome.settings.learning_rate  # above each critical rate, runs grow: rounded up
    full = explain.threshold(T, shape.critical_learning_rate, rate)
    critical = explain.threshold(T, e.critical_learning_rate, rate)
    left, right = st.columns(2)
    left.metric(T("stability.critical_full"), full)
    right.metric(T("stability.critical_batch"), critical)
    st.subheader(T("batch.rates.header"))
    cache.show("batch_rates", outcome.settings, T)
    st.caption(
        T(
            "batch.rates.caption",
            n=T.iterations(outcome.run.iterations),
            batch=T.count(outcome.settings.batch_size),
            count=T.count(BATCH_RATES),
            full=full,
            critical=critical,
        )
    )
    st.markdown(cache.words("why", outcome.settings, T.lang, T.level))


def stability_panel(T, outcome):
    s, shape = outcome.stability, outcome.bowl
    learned, _, _ = explain.settled(outcome)  # a loop's: what its simulated run vouches for
    entry, edge = BY_OPTIMIZER[outcome.settings.optimizer], s.verdict == "edge"
    rate = s.learning_rate  # beginners read "largest rate that works": rounded down
    if critical_key(entry):
        critical = s.critical_learning_rate
        values = [(critical_key(entry), explain.threshold(T, critical, rate, T.beginner))]
    else:  # no critical rate of its own
        values = [
            ("stability.critical_gd", explain.threshold(T, shape.critical_learning_rate, rate))
        ]
    if s.fraction_of_critical is not None:
        share = explain.share(T, s.fraction_of_critical, edge)  # "75.0 % of critical"
        values.append(("stability.percent", T("stability.share", share=share)))
    if entry.stability == "quadratic":  # thresholds of plain descent; past it, it overshoots
        overshoot = explain.threshold(T, shape.oscillation_learning_rate, rate)
        values.append(("stability.oscillation", overshoot))
        if not T.beginner:
            values.append(("stability.optimal", explain.optimal(T, shape)))
    if not T.beginner:
        values.append(("stability.condition", T.number(shape.condition_number, 4)))
    rounding = edge or outcome.reading.depends_on_rounding  # no date that rounding decides
    values += [
        ("stability.weight_n", explain.learned_at(T, learned["weight"], edge=rounding)),
        ("stability.bias_n", explain.learned_at(T, learned["bias"], edge=rounding)),
    ]
    for i in range(0, len(values), 2):  # two a row: long numbers stay whole on a projector
        for column, (key, value) in zip(st.columns(2), values[i : i + 2]):
            column.metric(T(key), value)
    if not T.beginner:
        st.markdown(explain.why(T, outcome))


def optimizer_panel(T, outcome):
    """Where the setting stands among rates and momenta, and what one step does
    to the error along each direction; a loop optimizer has no closed form for either."""
    s = outcome.settings
    entry = BY_OPTIMIZER[s.optimizer]
    if outcome.stability.verdict is None:
        st.info(T(f"map.{entry.name}"), icon=":material/info:")
        return
    st.subheader(T("map.header"))
    cache.show("stability_map", s.rate_only(), T)  # shared by every start and length
    kind = "map.nesterov" if entry.nesterov else "map.heavy"
    where = T("map.gd") if entry is PLAIN else T("map.yours", mu=T.number(s.momentum))
    st.caption(f"{T('map.caption', kind=T(kind))} {where}")
    st.subheader(T("factors.header"))
    cache.show("step_factors", s.rate_only(), T)
    st.caption(T("factors.caption"))


def sweep(T, outcome, present=False):
    """Loss curves at several rates: the user's list, or a handful around theirs."""
    chart = st.container()
    text = widgets.text(T, "sweep")
    rates, refused = BY_LINK["sweep"].rates(text)
    if refused:
        st.warning(T("sweep.ignored", items=widgets.listed(T, refused)))
    if not rates:
        if refused:
            st.caption(T("sweep.none_valid"))
        s = outcome.stability
        rates = default_sweep(s.learning_rate, s.critical_learning_rate or 1.0)
    cost = work.loop_updates(outcome.settings, len(rates))
    if not budget.allowed(T, cost, f"sweep {outcome.settings!r} {rates!r}"):
        return
    with chart:
        _train(T, outcome.settings, rates)
        curves = figures.sweep_curves(outcome.settings, rates, curve=cache.sweep_curve)
        table = described.sweep_table(outcome, T, curves)
        cache.show("sweep", outcome.settings, T, rates, present=present, table=table)
    st.caption(T("sweep.caption"))


def _train(T, settings, rates):
    """Warm the sweep's cache, with a progress bar once it takes a while."""
    began, bar = time.perf_counter(), None
    for i, rate in enumerate(rates):
        if bar is None and time.perf_counter() - began > 0.25:
            bar = st.progress(0.0)
        if bar is not None:
            label = T("sweep.progress", rate=T.number(rate), i=i + 1, n=len(rates))
            bar.progress(i / len(rates), label)
        cache.sweep_curve(settings, rate)
    if bar is not None:
        bar.empty()
