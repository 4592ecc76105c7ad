"""The page's costly work, done once and shared by every session.

Bounded caches keyed by hashable settings, through Streamlit's public API.
Everything cached is read-only: arrays are frozen and charts are only ever
drawn, so sharing them across sessions is safe.
"""

import json
from dataclasses import dataclass, replace

import pandas as pd
import pyarrow as pa
import streamlit as st

import neuron
from neuron.tables import write_table
from playground.charts import described, figures
from playground.compute import (
    analysis,
    explain,
    frames,
    optimizer_frames,
    optimizer_presets,
    sources,
    updates,
    work,
)
from playground.core.optimizers import BY_NAME
from playground.core.settings import Settings
from playground.core.text import text
from playground.ui import budget, heavy


def cached(entries):
    """A shared cache of ``entries`` results. Settings key it by their repr, which
    names every field exactly: Streamlit's own hashing of a dataclass copies it
    field by field, a third of a millisecond for each of a run's dozen lookups."""
    return st.cache_resource(max_entries=entries, show_spinner=False, hash_funcs=_KEYS)


_KEYS = {Settings: repr}

COMPARED = ("compare", "paths")  # charts whose last argument names optimizers to run


def closed_form(settings):
    """Whether the settings' optimizer runs in closed form (else a loop: heavy work);
    on mini-batches only plain descent does (the others take their literal step)."""
    if settings.batch_size is not None:
        return analysis.has_expectation(settings)
    return BY_NAME[settings.optimizer].closed_form


def outcome(settings, T):
    """``outcome_of(settings)``; a loop with no closed form takes a heavy-work ticket,
    and past the work budget waits for its button. If no turn comes in time, or the
    button is not pressed, the page says so and stops, keeping every setting; so it
    does, without training, for sampled runs past the page's hard limit."""
    over = analysis.over_budget(settings)
    if over is not None:
        st.info(explain.too_much(T, settings, *over), icon=":material/hourglass_disabled:")
        st.stop()
    cost = work.outcome_updates(settings)
    if not budget.allowed(T, cost, repr(settings)):
        st.stop()
    try:
        with heavy.ticket(not closed_form(settings)):
            return budget.progress(T, cost, [lambda: outcome_of(settings)])[0]
    except heavy.Busy:
        st.warning(T("busy"), icon=":material/hourglass_top:")
        st.stop()


@cached(16)
def outcome_of(settings):
    """The run for ``settings`` and everything read off it."""
    return analysis.analyse(settings)


@cached(256)
def words(name, settings, lang, level):
    """``explain.<name>(T, outcome)`` for ``settings``: the verdict, the reading…
    (they cost a few ms a run, one search for a faster rate among them)."""
    return getattr(explain, name)(text(lang, level), outcome_of(settings))


@dataclass(frozen=True, eq=False)
class Read:
    """A pasted or uploaded table as read: its Dataset, header and (x, y) columns,
    and the key that names it in Settings; or only why it cannot be read."""

    dataset: neuron.Dataset | None = None
    header: tuple | None = None
    columns: tuple = ()
    key: str | None = None
    error: neuron.TableError | None = None


@st.cache_resource(max_entries=8, show_spinner=False)
def table(raw, x=None, y=None):
    """``raw`` (text or bytes) read once per content and choice of columns."""
    try:
        found = neuron.read_table(raw, x=x, y=y)
    except neuron.TableError as error:
        return Read(error=error.with_traceback(None))  # kept without the frames' data
    return Read(found.dataset, found.header, found.columns, sources.key_of(found.dataset))


@st.cache_data(max_entries=4, show_spinner=False)
def table_text(key):
    """The table named ``key`` as tab-separated text, for its download."""
    return write_table(sources.own(key))


@cached(16)
def bowl_of(settings):
    """The shape of the loss of ``settings``' data: its curvatures and critical rates."""
    return neuron.bowl(analysis.training_data(settings)[1])


@cached(16)
def batch_critical_of(settings, batch_size):
    """The mean-square critical rate of plain descent on batches of ``batch_size`` of
    ``settings``' data (``neuron.expected_run``'s: it needs no iteration)."""
    data = analysis.training_data(settings)[1]
    exact = neuron.expected_run(data, learning_rate=settings.learning_rate,
                                batch_size=batch_size, initial_weight=0.0, initial_bias=0.0,
                                iterations=0)  # fmt: skip
    return exact.critical_learning_rate


@cached(64)
def sweep_curve(settings, rate):
    """One line of the rate comparison: the loss over iterations at ``rate``."""
    return frames.loss_curve(settings, rate)


@cached(16)
def sampled_runs(settings):
    """The sampled runs of the seeds after the settings' own, at their chart points."""
    return analysis.sampled_runs(settings)


@cached(64)
def compare_run(settings, name):
    """The run ``settings`` make with optimizer ``name``, at its chart points."""
    return optimizer_frames.compare_run(settings, name)


@cached(16)
def update_state(settings, step):
    """The optimizer's state after ``step`` updates and the next parameters (Math view)."""
    return updates.state(settings, step)


@cached(8)
def preset_facts(name):
    """The numbers the help of optimizer preset ``name`` states (the same for everyone)."""
    return optimizer_presets.facts(name)


@cached(256)
def chart_spec(kind, settings, look, *extra):
    """A chart as Vega-Lite with its data as frames, built once per distinct view.

    ``look`` is (language, level, presenting).
    """
    lang, level, present = look
    if kind == "sweep":  # the sweep's runs come from their own cache
        extra = (figures.sweep_curves(settings, extra[0], curve=sweep_curve),)
    if kind == "sampled":  # the other seeds' runs too
        extra = (*extra, sampled_runs(settings))
    if kind == "sampled_landscape":  # and the full batch's path
        extra = (*extra, frames.full_batch_path(settings))
    if kind in COMPARED:  # so are the compared optimizers' runs
        extra = (*extra[:-1], tuple(compare_run(settings, name) for name in extra[-1]))
    return described.spec(kind, outcome_of(settings), text(lang, level), *extra, present=present)


@cached(64)
def player_data(settings, lang, level):
    """The animation's frames and words for ``settings`` in ``lang``."""
    return figures.player_data(outcome_of(settings), text(lang, level))


@cached(16)
def map_base(settings, span, look):
    """The stability map of ``settings``' data and kind of momentum over ``span``,
    without its marker: drawn once for every rate whose map spans the same."""
    lang, level, present = look
    return described.map_base(outcome_of(settings), text(lang, level), span, present)


@cached(64)
def map_spec(settings, look):
    """The stability map with ``settings``' rate and μ on it (settings: ``rate_only``)."""
    o = outcome_of(settings)
    # keyed by the data and the optimizer (its kind of momentum), not the rate or μ
    base = map_base(replace(settings.data_only(), optimizer=settings.optimizer),
                    optimizer_frames.map_span(o), look)  # fmt: skip
    return described.marked_map(base, o, text(*look[:2]))


@cached(64)
def player_json(settings, lang, level):
    """``player_data`` as JSON text, written once: sent as a string, it costs a
    rerun nothing to serialize (the browser parses it)."""
    return json.dumps(player_data(settings, lang, level), allow_nan=False)


@cached(2)  # a million-iteration history is 11 MB of text: made once a run, kept for two
def history_csv(settings, last, lang, level):
    """The run's history as CSV text (``frames.history_csv``), made on the first click."""
    return frames.history_csv(settings, last, text(lang, level))[1]


@cached(64)
def run_table(settings, lang, level):
    """The run at a few iterations as columns of text, for "Show the numbers": an
    Arrow table, made once, so that drawing it converts nothing."""
    return arrow(pd.DataFrame(described.run_table(outcome_of(settings), text(lang, level))))


def arrow(frame):
    """``frame`` as the Arrow table Streamlit would make of it on every draw."""
    return pa.Table.from_pandas(frame)


@cached(64)
def sent_spec(kind, settings, look, *extra):
    """``chart_spec`` (or ``map_spec``) with its frames as Arrow tables, made once:
    a chart drawn on every run (the rate strip under the headline) then costs
    Streamlit no conversion of its data."""
    spec = (
        map_spec(settings, look)
        if kind == "stability_map"
        else chart_spec(kind, settings, look, *extra)
    )
    frames = spec.get("datasets", {})
    return {**spec, "datasets": {k: arrow(v) if isinstance(v, pd.DataFrame) else v
                                 for k, v in frames.items()}}  # fmt: skip


def show(kind, settings, T, *extra, present=False, table=None):
    """Draw the chart ``kind`` (a key of ``figures.BUILDERS``) for ``settings``.

    ``table``, if given, is the same facts as columns of text: shown under the
    chart in "Show the numbers", for people who cannot see it.
    """
    spec = sent_spec(kind, settings, (T.lang, T.level, present), *extra)
    fixed = isinstance(spec.get("width"), int)  # a square landscape keeps its shape
    st.vega_lite_chart(spec=spec, width="content" if fixed else "stretch")
    if table is not None and not present:
        with st.expander(T("numbers.show"), icon=":material/table_chart:"):
            st.markdown(spec["description"])
            st.table(table, hide_index=True)
