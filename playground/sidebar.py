"""The sidebar: presets, the learning rate, iterations, the start and the data.

``controls`` draws them and returns the Settings they make.
"""

import secrets

import streamlit as st

import neuron
from playground import state, widgets
from playground.analysis import training_data
from playground.params import BY_NAME
from playground.settings import (
    ARTICLE,
    PRESETS,
    RATE_GRID,
    Settings,
    nearest_stop,
    preset_rates,
)


def controls(T):
    """All the sidebar's controls. Returns the Settings and a slot under the rate."""
    with st.sidebar:
        presets(T)
        st.subheader(T("lr.header"))
        slider_slot, rate_slot = st.empty(), st.container()
        widgets.number(T, "lr", on_change=_rate_typed)
        _rate_slider(T, slider_slot)
        widgets.number(T, "iterations")
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
        with st.expander(T("data.header")):
            for name in ("start", "stop", "noise"):
                widgets.number(T, name)
            widgets.toggle(T, "scaled")
    return Settings.from_values(st.session_state), rate_slot


def _rate_slider(T, slot):
    """A logarithmic slider over the rate; it writes the exact field when dragged."""
    nearest = nearest_stop(st.session_state["lr"])
    if st.session_state.get(state.RATE_STOP) != nearest:
        st.session_state[state.RATE_STOP] = nearest
    # The thumb shows the stop nearest the rate, marked as approximate
    # (0.00118 sits on ≈0.0012, which would diverge); the exact rate is in the
    # field below. Labels must not follow the rate: a relabelled stop reads to
    # the browser as a new slider, which then snaps to its first stop.
    slot.select_slider(
        T("lr.slider"),
        RATE_GRID,
        key=state.RATE_STOP,
        on_change=_slider_moved,
        format_func=lambda stop: "≈" + T.number(stop),
        help=T("lr.slider.help"),
    )


def _slider_moved():
    st.session_state["lr"] = st.session_state[state.RATE_STOP]


def _rate_typed():
    st.session_state[state.RATE_STOP] = nearest_stop(st.session_state["lr"])


def presets(T):
    """One button per preset, two a row, and what the chosen one shows."""
    st.subheader(T("presets.header"))
    for pair in zip(PRESETS[::2], PRESETS[1::2]):  # rows, so phones keep the order
        for column, name in zip(st.columns(2), pair):
            column.button(
                T(f"preset.{name}"),
                key=f"preset_{name}",
                help=T(f"preset.{name}.help"),
                on_click=_apply_preset,
                args=(name,),
                width="stretch",
            )
    chosen = _current_preset()
    if chosen:
        st.caption(T("preset.chosen", name=T(f"preset.{chosen}"), help=T(f"preset.{chosen}.help")))
    else:
        st.caption(T("presets.caption"))


def _current_preset():
    """The preset last applied, if the settings still are what it made them."""
    applied = st.session_state.get(state.PRESET)
    if applied and all(st.session_state.get(k) == v for k, v in applied["values"].items()):
        return applied["name"]
    st.session_state.pop(state.PRESET, None)
    return None


def _apply_preset(name):
    session = st.session_state
    values = {}
    if name == "article":
        values = {BY_NAME[k].link: v for k, v in ARTICLE.items()}
        values.update({n: BY_NAME[n].default for n in ("start", "stop", "noise", "scaled")})
    data = Settings.from_values({**session, **values}).data_only()
    stability = neuron.stability(training_data(data)[1], ARTICLE["learning_rate"])
    values["lr"] = preset_rates(stability)[name]
    session.update(values)
    session[state.RATE_STOP] = nearest_stop(values["lr"])
    session[state.PRESET] = {"name": name, "values": values}


def _random_start():
    start = neuron.random_start(secrets.randbits(32))
    st.session_state["w0"] = round(start.weight, 4)
    st.session_state["b0"] = round(start.bias, 4)
