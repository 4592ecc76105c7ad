"""Where the rate stands: the stability panel, a comparison of rates, the finder."""

import time

import streamlit as st

from playground import cache, explain, widgets
from playground.frames import FINDER_RATES
from playground.params import BY_LINK
from playground.settings import default_sweep


def render(T, outcome):
    st.header(T("rates.header"))
    stability_panel(T, outcome)
    sweep(T, outcome)
    st.subheader(T("finder.header"))
    cache.show("finder", outcome.settings, T)
    s = outcome.stability
    note = T("finder.caption", n=T.count(FINDER_RATES), iterations=T.count(outcome.run.iterations))
    gap = 1 - s.optimal_learning_rate / s.critical_learning_rate
    if gap < 0.02:  # the two rules draw as one
        note += " " + T(
            "finder.hidden",
            gap=T.percent(max(gap, 0.001)),
            kappa=T.count(round(s.condition_number)),
        )
    st.caption(note)


def stability_panel(T, outcome):
    s = outcome.stability
    values = [
        ("stability.critical", T.number(s.critical_learning_rate, 5)),
        ("stability.percent", explain.share(T, s.fraction_of_critical)),
        ("stability.oscillation", T.number(s.oscillation_learning_rate, 5)),
        ("stability.optimal", T.number(s.optimal_learning_rate, 5)),
        ("stability.condition", T.number(s.condition_number, 4)),
        ("stability.weight_n", _iterations(T, s.weight_iterations)),
        ("stability.bias_n", _iterations(T, s.bias_iterations)),
    ]
    for i in range(0, len(values), 2):  # two a row: long numbers stay whole on a projector
        for column, (key, value) in zip(st.columns(2), values[i : i + 2]):
            column.metric(T(key), value)
    st.markdown(
        T(
            "stability.why",
            hi=T.number(s.curvatures[1]),
            lo=T.number(s.curvatures[0]),
            rw=T.number(s.step_factors[1], 4),
            rb=T.number(s.step_factors[0], 6),
        )
    )


def _iterations(T, n):
    return T("stability.never") if n is None else T("stability.iterations", n=T.count(n))


def sweep(T, outcome):
    """Loss curves at several rates: the user's list, or a handful around theirs."""
    st.subheader(T("sweep.header"))
    text = widgets.text(T, "sweep")
    rates, refused = BY_LINK["sweep"].rates(text)
    if refused:
        st.warning(T("sweep.ignored", items=widgets.listed(T, refused)))
    if not rates:
        if refused:
            st.caption(T("sweep.none_valid"))
        s = outcome.stability
        rates = default_sweep(s.learning_rate, s.critical_learning_rate)
    _train(T, outcome.settings, rates)
    cache.show("sweep", outcome.settings, T, rates)
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
