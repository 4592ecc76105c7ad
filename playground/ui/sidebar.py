"""The sidebar: presets, the learning rate, the optimizer, iterations, the
start and the data.

``controls`` draws them and returns the Settings they make. On a room
participant's page (``folded``) the presets and the data fold away in
expanders whose contents are drawn only while open: such a page reruns in
full whenever the room moves on, and hundreds of them share a server.
"""

import secrets

import streamlit as st

import neuron
from neuron.parameters import GROUPS
from playground.compute import explain, optimizer_presets
from playground.core.optimizers import BY_NAME as OPTIMIZERS
from playground.core.optimizers import PLAIN
from playground.core.params import BY_NAME
from playground.core.settings import (
    ARTICLE,
    BATCH_PRESET,
    PRESETS,
    RATE_GRID,
    UNITS,
    Settings,
    batch_unsafe_rate,
    nearest_stop,
    preset_rates,
    rate_grid,
    units_rates,
)
from playground.ui import cache, data, state, widgets


def controls(T, folded=False):
    """All the sidebar's controls. Returns the Settings and a slot under the rate.

    ``folded``: the presets and the data in closed expanders, drawn only when
    opened (a room participant's page)."""
    # drawn only where they apply: kept meanwhile
    widgets.keep(state.OPTIMIZER + state.SAMPLING + state.DATA)
    with st.sidebar:
        if not folded:
            presets(T)
        else:  # drawn only while open: opening or closing it reruns the page
            box = st.expander(T("presets.header"), key="sidebar_presets", on_change="rerun")
            if box.open:
                with box:
                    presets(T, folded=True)
        st.subheader(T("lr.header"))
        slider_slot, rate_slot = st.empty(), st.container()
        widgets.number(T, "lr", on_change=_rate_typed)
        grid, outside = _rate_slider(T, slider_slot)
        with rate_slot:
            strip_slot = st.container()
            full_range(T, outside)
        if not T.beginner:  # beginners keep the link's optimizer, plain descent by default
            optimizer(T)
        widgets.number(T, "iterations")
        batches(T)
        st.subheader(T("start.header"))
        widgets.number(T, "w0")
        widgets.number(T, "b0")
        st.button(
            T("random.button"),
            help=T("random.help"),
            on_click=_random_start,
            key="random_start",
            icon=":material/casino:",
        )
        if not T.beginner:  # beginners keep the link's data, the article's by default
            expanded = bool(st.session_state.get("dataset"))
            if not folded:
                with st.expander(T("data.header"), expanded=expanded):
                    data.section(T)
            else:
                box = st.expander(T("data.header"), expanded=expanded, key="sidebar_data",
                                  on_change="rerun")  # fmt: skip
                if box.open:
                    with box:
                        data.section(T)
    return Settings.from_values(st.session_state), (strip_slot, len(grid) == len(RATE_GRID))


def slider_grid():
    """The rate slider's stops: three decades around the data's critical rate, or
    all of them when asked for or when the rate lies outside those three."""
    session = st.session_state
    critical = cache.bowl_of(Settings.from_values(session).data_only()).critical_learning_rate
    grid = rate_grid(critical)
    outside = not grid[0] <= session["lr"] <= grid[-1]
    return rate_grid(critical, full=session.get(state.FULL_RANGE) or outside), outside


def _rate_slider(T, slot):
    """A logarithmic slider over the rate; it writes the exact field when dragged."""
    grid, outside = slider_grid()
    nearest = nearest_stop(st.session_state["lr"], grid)
    if st.session_state.get(state.RATE_STOP) != nearest:
        st.session_state[state.RATE_STOP] = nearest
    # The thumb shows the stop nearest the rate, marked as approximate
    # (0.00118 sits on ≈0.0012, which would diverge); the exact rate is in the
    # field below. Labels must not follow the rate: a relabelled stop reads to
    # the browser as a new slider, which then snaps to its first stop.
    slot.select_slider(
        T("lr.slider"),
        grid,
        key=state.RATE_STOP,
        on_change=_slider_moved,
        format_func=lambda stop: "≈" + T.number(stop),
        help=T("lr.slider.help", low=T.number(grid[0]), high=T.number(grid[-1])),
    )
    return grid, outside


def full_range(T, outside):
    """The switch that widens the rate slider to every rate the page takes."""
    st.toggle(
        T("lr.full.label", low=T.number(RATE_GRID[0]), high=T.number(RATE_GRID[-1])),
        key=state.FULL_RANGE,
        disabled=outside,
        help=T("lr.full.help"),
    )


def optimizer(T):
    """The optimizer, and the hyper-parameters it uses (μ, β1 and β2, α…)."""
    name = widgets.choice(T, "optimizer", format_func=lambda n: T(OPTIMIZERS[n].label))
    for hyper in OPTIMIZERS[name].hyper_parameters:
        widgets.number(T, hyper)


def batches(T):
    """The batch size (empty: the full batch) and, once one is set, the seed of its draws."""
    widgets.number(T, "batch", placeholder=T("batch.placeholder"))
    if st.session_state.get("batch") is not None:
        widgets.number(T, "batch_seed")


def _slider_moved():
    st.session_state["lr"] = st.session_state[state.RATE_STOP]


def _rate_typed():
    st.session_state[state.RATE_STOP] = nearest_stop(st.session_state["lr"], slider_grid()[0])


def presets(T, folded=False):
    """One button per preset, two a row, and what the chosen one shows; the
    optimizer presets fold away under them (beginners do without). ``folded``:
    already inside an expander named "Presets", so no heading, and the optimizer
    presets under a bold line rather than an expander within it."""
    if not folded:
        st.subheader(T("presets.header"))
    _buttons(T, PRESETS)
    st.button(T(f"preset.{BATCH_PRESET}"), key=f"preset_{BATCH_PRESET}",
              help=_help(T, BATCH_PRESET), on_click=_apply_preset, args=(BATCH_PRESET,),
              width="stretch")  # fmt: skip
    if not T.beginner:  # it ends by flipping "Standardize", in the data section
        st.button(T("preset.units"), key="preset_units", help=_help(T, "units"),
                  on_click=_apply_preset, args=("units",), width="stretch")  # fmt: skip
        if folded:  # already in an expander: not one within another
            st.markdown(f"**{T('presets.optimizers')}**")
            _optimizer_presets(T)
        else:
            with st.expander(T("presets.optimizers"), icon=":material/tune:"):
                _optimizer_presets(T)
    chosen = _current_preset()
    if chosen:
        st.caption(T("preset.chosen", name=T(f"preset.{chosen}"), help=_help(T, chosen)))
    else:
        st.caption(T("presets.caption"))


def _optimizer_presets(T):
    # small, as the presets' caption is; a caption here would come before it
    st.markdown(f":small[{T('presets.optimizers.note')}]")
    _buttons(T, optimizer_presets.NAMES)


def _buttons(T, names):
    for pair in zip(names[::2], names[1::2]):  # rows, so phones keep the order
        for column, name in zip(st.columns(2), pair):
            column.button(
                T(f"preset.{name}"),
                key=f"preset_{name}",
                help=_help(T, name),
                on_click=_apply_preset,
                args=(name,),
                width="stretch",
            )


def _help(T, name):
    """What preset ``name`` shows; an optimizer preset's numbers come from its runs."""
    if name in optimizer_presets.NAMES:
        facts = optimizer_presets.help_values(T, cache.preset_facts(name))
        return T(f"preset.{name}.help", **facts)
    if name == "units":
        rates = units_rates(cache.bowl_of)
        # critical rates, each beside the article's rate: "which of the three it survives"
        shown = {k: explain.threshold(T, v, UNITS["lr"]) for k, v in rates.items()}
        ratio = T.number(rates["celsius"] / rates["kelvin"], 2)
        return T("preset.units.help", **shown, ratio=ratio, article=T.number(UNITS["lr"]))
    return T(f"preset.{name}.help")


def _current_preset():
    """The preset last applied, if the settings still are what it made them."""
    applied = st.session_state.get(state.PRESET)
    if applied and all(st.session_state.get(k) == v for k, v in applied["values"].items()):
        return applied["name"]
    st.session_state.pop(state.PRESET, None)
    return None


def _apply_preset(name):
    session = st.session_state
    if name in optimizer_presets.NAMES:
        values = optimizer_presets.values(name)
    elif name == "units":
        values = dict(UNITS) | {"batch": None}
    else:  # plain descent: the rates are fractions of its critical rates
        values = {"optimizer": PLAIN.name, "batch": 1 if name == BATCH_PRESET else None}
        if name == "article":
            values |= {BY_NAME[k].link: v for k, v in ARTICLE.items()}
            values |= {
                BY_NAME[n].link: BY_NAME[n].default for n in GROUPS["data"] if BY_NAME[n].link
            }
        data = Settings.from_values({**session, **values}).data_only()
        full = cache.bowl_of(data).critical_learning_rate
        if name == BATCH_PRESET:
            values["lr"] = batch_unsafe_rate(full, cache.batch_critical_of(data, 1))
        else:
            values["lr"] = preset_rates(cache.bowl_of(data))[name]
    session.update(values)
    session[state.RATE_STOP] = nearest_stop(values["lr"], slider_grid()[0])
    session[state.PRESET] = {"name": name, "values": values}
    session[state.FOLD_SIDEBAR] = True


def _random_start():
    start = neuron.random_start(secrets.randbits(32))
    st.session_state["w0"] = round(start.weight, 4)
    st.session_state["b0"] = round(start.bias, 4)
