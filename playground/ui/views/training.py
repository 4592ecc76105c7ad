"""The run over its iterations: loss, gradients, weight and bias, and the CSV."""

import streamlit as st

from playground.compute import explain, frames, work
from playground.compute.analysis import sample_seeds
from playground.compute.optimizer_frames import final_table, lineup
from playground.ui import budget, cache, player, widgets


def render(T, outcome, present):
    settings = outcome.settings
    widgets.heading(T("training.header"))
    chart = st.container()
    step = player.scrubber(T, outcome)
    log = widgets.toggle(T, "log")
    names = compared(T, settings)
    with chart:
        if len(names) > 1:
            cache.show("compare", settings, T, step, log, names, present=present)
            runs = [cache.compare_run(settings, name) for name in names]
            st.table(final_table(T, runs, lambda name: T(f"optimizer.{name}")))
            n = T.iterations(settings.iterations)
            st.caption(
                explain.about_data(T, outcome, "compare.caption", "compare.caption.data", n=n)
            )
        elif outcome.sampled:  # sampled runs, and their exact expectation when known
            table = cache.run_table(outcome.settings, T.lang, T.level)
            cache.show("sampled", settings, T, log, present=present, table=table)
            st.caption(sampled_caption(T, outcome))
        else:
            table = cache.run_table(outcome.settings, T.lang, T.level)
            cache.show("loss", settings, T, step, log, present=present, table=table)
    if present:
        return
    st.caption(T("training.zoom"))
    left, right = st.columns(2)
    with left:
        st.subheader(T("training.gradients"))
        cache.show("gradients", settings, T)
        st.caption(T("training.gradients.caption"))
    with right:
        st.subheader(T("training.parameters"))
        cache.show("parameter", settings, T, "weight")
        cache.show("parameter", settings, T, "bias")
        keys = "training.parameters.caption", "training.parameters.caption.data"
        st.caption(explain.about_data(T, outcome, *keys))
    download(T, outcome)


def sampled_caption(T, outcome):
    """What the sampled runs' chart draws: which seeds, and whether an expectation."""
    seeds = ", ".join(T.count(seed) for seed in sample_seeds(outcome.settings))
    if outcome.expected is None:
        optimizer = T(f"optimizer.{outcome.settings.optimizer}")
        return T("training.batch_caption_sampled", seeds=seeds, optimizer=optimizer)
    return T("training.batch_caption", seeds=seeds)


def compared(T, settings):
    """The optimizers to run side by side: the page's own first, then those picked
    (beginners pick none, but see what a link picked)."""
    if T.beginner:
        return affordable(T, settings, lineup(settings.optimizer, st.session_state.get("compare")))
    picked = widgets.choices(
        T,
        "compare",
        format_func=lambda name: T(f"optimizer.{name}"),
        placeholder=T("compare.placeholder"),
    )
    return affordable(T, settings, lineup(settings.optimizer, picked))


def affordable(T, settings, names):
    """``names``, or the page's own optimizer alone while the comparison's work,
    past the budget, waits for its button."""
    cost = work.compared_updates(settings, names)
    if len(names) < 2 or not budget.allowed(T, cost, f"compare {settings!r} {names!r}"):
        return names[:1]
    budget.progress(T, cost, [lambda n=n: cache.compare_run(settings, n) for n in names[1:]])
    return names


def download(T, outcome):
    """The history as CSV, made only when clicked (at most 100,000 rows)."""
    settings, last = outcome.settings, outcome.run.last
    name = frames.csv_name(T, last)
    st.download_button(
        T("download.label"),
        # Built on click from the settings alone, so no session keeps a run alive.
        data=lambda: cache.history_csv(settings, last, T.lang, T.level),
        file_name=name,
        mime="text/csv",
        key="download",
        help=T("download.help", rows=T.count(min(last + 1, frames.MAX_CSV_ROWS))),
        icon=":material/download:",
        on_click="ignore",
    )
