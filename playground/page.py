"""Streamlit glue: sidebar controls that return values, cached work, and views.

Every widget has a key; the ones a link can set are bound to the URL under
the public names in ``settings``. Work is cached across sessions in bounded
caches keyed by hashable settings, and each chart is turned into Vega-Lite
once per view, so a rerun that changes nothing costs little.
"""

import secrets
import time

import altair as alt
import streamlit as st
from streamlit import dataframe_util

import neuron
from playground import charts, explain, figures
from playground import settings as cfg
from playground.experiment import (
    FINDER_RATES,
    clamp_step,
    history_csv,
    loss_curve,
    math_step,
    next_frame,
    run_experiment,
    training_data,
)
from playground.text import Text, number, percent, quote

VIEWS = ("predictions", "training", "rates", "landscape", "math")
# Altair validates every object as it is built; a server building charts for a
# room cannot afford that on every new view. tests/test_playground.py checks
# every chart against the Vega-Lite schema instead.
alt.utils.schemapi.disable_debug_mode()
URL = "query-params"


# ---- cached work ---------------------------------------------------------------------


@st.cache_resource(max_entries=16, show_spinner=False)
def experiment(settings):
    """The training run for ``settings``, shared by every session (read-only arrays)."""
    return run_experiment(settings)


@st.cache_resource(max_entries=64, show_spinner=False)
def sweep_curve(settings, rate):
    return loss_curve(settings, rate)


@st.cache_resource(max_entries=256, show_spinner=False)
def chart_spec(kind, settings, lang, *extra):
    """A chart as Vega-Lite, built once per distinct view."""
    if kind == "sweep":  # the sweep's runs come from their own cache
        extra = (figures.sweep_curves(settings, extra[0], curve=sweep_curve),)
    spec = charts.to_vega_lite(figures.BUILDERS[kind](experiment(settings), Text(lang), *extra))
    # Arrow, once: st.vega_lite_chart passes bytes through instead of converting
    # every frame again on every rerun.
    spec["datasets"] = {
        name: dataframe_util.convert_anything_to_arrow_bytes(frame)
        for name, frame in spec["datasets"].items()
    }
    return spec


def show(kind, settings, T, *extra):
    st.vega_lite_chart(spec=chart_spec(kind, settings, T.lang, *extra), width="stretch")


# ---- language and links ----------------------------------------------------------------


def language():
    """The language selector (``lang`` in the link); returns the catalogue.

    Called first: it also reads the opening link before any widget claims it.
    """
    _remember_link()
    lang = st.sidebar.segmented_control(
        Text("en")("sidebar.language"),
        cfg.LANGUAGES,
        default="en",
        required=True,
        key="lang",
        bind=URL,
        on_change=_relabel_view,
    )  # the label reads in both
    T = Text(lang or "en")
    st.session_state["lang_shown"] = T.lang
    st.set_page_config(page_title=T("page.title"))
    return T


def _relabel_view():
    """Keep the open view when the language changes (tab labels are localized)."""
    old, new = Text(st.session_state.get("lang_shown", "en")), Text(st.session_state.lang)
    labels = {old(f"view.{v}"): new(f"view.{v}") for v in VIEWS}
    if st.session_state.get("view") in labels:
        st.session_state["view"] = labels[st.session_state["view"]]
        st.session_state["relabelled"] = True


def _remember_link():
    """On a session's first run, note which of the link's values the page must ignore.

    Bound widgets drop a bad value from the URL as they are created, so this
    reads the raw link before any of them exists.
    """
    if "link_rejected" in st.session_state:
        return
    params = {name: st.query_params.get(name) for name in st.query_params}
    lang = params.get("lang") if params.get("lang") in cfg.LANGUAGES else "en"
    views = [Text(lang)(f"view.{v}") for v in VIEWS]
    st.session_state["link_rejected"] = cfg.parse_link(params, views=views)[1]


def link_notes(T):
    """Say which values of the opening link were ignored, and that the rest applies."""
    rejected = st.session_state.get("link_rejected", [])
    if rejected:
        items = ", ".join(quote(f"{name}={raw}") for name, raw in rejected)
        st.warning(T("link.ignored", items=items), icon="🔗")


# ---- sidebar ---------------------------------------------------------------------------


def controls(T):
    """All sidebar controls. Returns the Settings and a slot under the rate control."""
    sb = st.sidebar
    _presets(T)
    sb.subheader(T("lr.header"))
    slider_slot, rate_slot = sb.empty(), sb.container()
    rate = sb.number_input(
        T("lr.input"),
        min_value=cfg.LR_MIN,
        max_value=cfg.LR_MAX,
        value=cfg.ARTICLE_LR,
        step=1e-6,
        format="%g",
        key="lr",
        bind=URL,
        help=T("lr.input.help"),
    )
    _rate_slider(T, slider_slot, rate)
    iterations = sb.number_input(
        T("iterations.label"),
        min_value=1,
        max_value=cfg.ITERATIONS_MAX,
        value=cfg.ARTICLE_ITERATIONS,
        step=1000,
        key="iterations",
        bind=URL,
        help=T("iterations.help"),
    )
    sb.subheader(T("start.header"))
    w_default, b_default = cfg.default_start()
    w0 = sb.number_input(
        T("w0.label"),
        -cfg.PARAM_LIMIT,
        cfg.PARAM_LIMIT,
        w_default,
        step=0.1,
        format="%.4f",
        key="w0",
        bind=URL,
        help=T("w0.help"),
    )
    b0 = sb.number_input(
        T("b0.label"),
        -cfg.PARAM_LIMIT,
        cfg.PARAM_LIMIT,
        b_default,
        step=0.1,
        format="%.4f",
        key="b0",
        bind=URL,
        help=T("b0.help"),
    )
    sb.button(
        T("random.button"), help=T("random.help"), on_click=_random_start, key="random_start"
    )
    article = cfg.Settings()
    with sb.expander(T("data.header")):
        start = st.number_input(
            T("start.label"),
            cfg.START_MIN,
            cfg.STOP_MAX - 1,
            article.start,
            key="start",
            bind=URL,
            help=T("start.help"),
        )
        stop = st.number_input(
            T("stop.label"),
            cfg.START_MIN + 1,
            cfg.STOP_MAX,
            article.stop,
            key="stop",
            bind=URL,
            help=T("stop.help"),
        )
        noise = st.number_input(
            T("noise.label"),
            0.0,
            cfg.NOISE_MAX,
            article.noise,
            step=0.5,
            key="noise",
            bind=URL,
            help=T("noise.help"),
        )
        scaled = st.toggle(
            T("scaled.label"), article.scaled, key="scaled", bind=URL, help=T("scaled.help")
        )
    chosen = cfg.Settings(
        float(rate),
        int(iterations),
        float(w0),
        float(b0),
        int(start),
        int(stop),
        float(noise),
        bool(scaled),
    )
    return chosen, rate_slot


def _rate_slider(T, slot, rate):
    """A logarithmic slider over the rate; it writes the exact input when dragged."""
    nearest = cfg.nearest_stop(rate)
    if st.session_state.get("lr_pick") != nearest:
        st.session_state["lr_pick"] = nearest
    # The thumb shows the stop the rate is nearest to, marked as approximate
    # (0.00118 sits on ≈0.0012, which would diverge); the exact rate is in the
    # field below. The labels must not change with the rate: a relabelled stop
    # reads to the browser as a new slider, which then snaps to its first stop.
    slot.select_slider(
        T("lr.slider"),
        cfg.RATE_GRID,
        key="lr_pick",
        on_change=_slider_moved,
        format_func=_approximately,
        help=T("lr.slider.help"),
    )


def _approximately(stop):
    return "≈" + number(stop)


def _slider_moved():
    st.session_state["lr"] = st.session_state["lr_pick"]


def rate_position(T, exp, slot):
    """Under the rate control: where the critical rate lies and where the user is."""
    with slot:
        show("strip", exp.settings.data_only(), T)  # the same for every rate
        st.caption(explain.where(T, exp) + "  \n" + T("strip.legend"))


def _presets(T):
    sb = st.sidebar
    sb.subheader(T("presets.header"))
    for pair in zip(cfg.PRESETS[::2], cfg.PRESETS[1::2]):  # rows, so phones keep the order
        for column, name in zip(sb.columns(2), pair):
            column.button(
                T(f"preset.{name}"),
                key=f"preset_{name}",
                help=T(f"preset.{name}.help"),
                on_click=_apply_preset,
                args=(name,),
                width="stretch",
            )
    chosen = st.session_state.get("preset")
    if chosen:
        sb.caption(T("preset.chosen", name=T(f"preset.{chosen}"), help=T(f"preset.{chosen}.help")))
    else:
        sb.caption(T("presets.caption"))


def _apply_preset(name):
    state, article = st.session_state, cfg.Settings()
    if name == "article":
        state.update(
            iterations=cfg.ARTICLE_ITERATIONS,
            w0=cfg.ARTICLE_START[0],
            b0=cfg.ARTICLE_START[1],
            start=article.start,
            stop=article.stop,
            noise=article.noise,
            scaled=article.scaled,
        )
    data = training_data(
        cfg.Settings(
            start=state.get("start", article.start),
            stop=state.get("stop", article.stop),
            noise=state.get("noise", article.noise),
            scaled=state.get("scaled", article.scaled),
        )
    )[1]
    state["lr"] = cfg.preset_rates(neuron.stability(data, cfg.ARTICLE_LR))[name]
    state["preset"] = name


def _random_start():
    start = neuron.random_start(secrets.randbits(32))
    st.session_state["w0"] = round(start.weight, 4)
    st.session_state["b0"] = round(start.bias, 4)


# ---- headline ---------------------------------------------------------------------------


def header(T, exp):
    """The verdict, the final numbers and the reading of the run."""
    with st.expander(T("glossary.title")):
        st.markdown(T("glossary.body"))
    if exp.range_fallback:
        s = exp.settings
        st.error(T("range.error", stop=s.stop, need=s.start + 2), icon="🌡️")
    v = explain.verdict(T, exp)
    getattr(st, v.level)(f"**{v.title}** — {v.reason}")
    message = explain.divergence(T, exp)
    if message:
        st.error(message, icon="💥")
    for column, m in zip(st.columns(3), explain.metrics(T, exp)):
        column.metric(m.label, m.value, m.delta, delta_color="off")
    st.info("\n\n".join(explain.reading(T, exp)), icon="💡")


def scrubber(T, exp):
    """The iteration to inspect (``step`` in the link), with a play button.

    A new run moves it to its end; playing steps through the run in frames
    that grow geometrically, so both the fast weight and the slow bias show.
    """
    last = exp.run.last
    state = st.session_state
    if state.get("step_for") not in (None, exp.settings):
        state["step"] = last
        state["play"] = False
    state["step_for"] = exp.settings
    if last == 0:
        return 0
    if "step" in state and not 0 <= state["step"] <= last:
        state["step"] = last
    if "play_next" in state:  # a frame the animation asked for
        state["step"] = min(state.pop("play_next"), last)
    slider, button = st.columns([5, 2], vertical_alignment="bottom")
    step = slider.slider(T("step.label"), 0, last, last, key="step", bind=URL, help=T("step.help"))
    button.toggle(
        T("play.label"),
        False,
        key="play",
        help=T("play.help"),
        on_change=_rewind_if_at_end,
        args=(last,),
    )
    if state.get("play"):
        state["play_armed"] = True
        _play(step, last)
    return clamp_step(exp, step)


def _rewind_if_at_end(last):
    if st.session_state.get("play") and st.session_state.get("step", last) >= last:
        st.session_state["step"] = 0


@st.fragment(run_every=0.7)
def _play(step, last):
    """One frame of the animation: ask for the next step and redraw the page.

    A fragment also runs inline with the page; that run only arms the timer.
    """
    state = st.session_state
    if state.pop("play_armed", False) or not state.get("play"):
        return
    state["play_next"] = next_frame(step, last)
    if state["play_next"] >= last:
        state["play"] = False
    st.rerun(scope="app")


# ---- views ------------------------------------------------------------------------------


def views(T, exp, step):
    """One tab per view; only the open one runs (``view`` in the link)."""
    tabs = st.tabs([T(f"view.{v}") for v in VIEWS], key="view", bind=URL)
    state = st.session_state
    if state.pop("relabelled", False) or state.get("relabel_pending"):
        state["relabel_pending"], state["relabel_armed"] = True, True
        _relink_view()
    for view, tab in zip(VIEWS, tabs):
        if tab.open:
            with tab:
                RENDER[view](T, exp, step)


@st.fragment(run_every=1.0)
def _relink_view():
    """Run the page once more, a moment after a language switch.

    Renaming the tabs makes the browser drop the open view from the link (its
    old label is no longer a tab); on the next run Streamlit writes the new
    label back. The inline run of this fragment only arms its timer.
    """
    state = st.session_state
    if state.pop("relabel_armed", False) or not state.pop("relabel_pending", False):
        return
    st.rerun(scope="app")


def predictions_view(T, exp, step):
    show("predictions", exp.settings, T, step)
    st.caption(T("predictions.caption", n=len(exp.data)))


def training_view(T, exp, step):
    st.subheader(T("training.loss"))
    log = st.toggle(T("training.log"), True, key="log", bind=URL)
    show("loss", exp.settings, T, step, log)
    st.caption(T("training.zoom"))
    left, right = st.columns(2)
    with left:
        st.subheader(T("training.gradients"))
        show("gradients", exp.settings, T)
        st.caption(
            T("training.gradients.caption", kappa=T.count(round(exp.stability.condition_number)))
        )
    with right:
        st.subheader(T("training.parameters"))
        show("parameter", exp.settings, T, "weight")
        show("parameter", exp.settings, T, "bias")
        st.caption(T("training.parameters.caption"))
    st.download_button(
        T("download.label"),
        data=lambda: history_csv(exp.run),
        file_name="single-neuron-history.csv",
        mime="text/csv",
        key="download",
        help=T("download.help", rows=T.count(exp.run.losses.size)),
    )


def rates_view(T, exp, step):
    stability_panel(T, exp)
    st.subheader(T("sweep.header"))
    text = st.text_input(
        T("sweep.input"), "", key="sweep", bind=URL, max_chars=200, help=T("sweep.input.help")
    )
    rates, rejected = cfg.parse_rates(text)
    if rejected:
        st.warning(T("sweep.ignored", items=", ".join(quote(r) for r in rejected)))
    if not rates:
        if rejected:
            st.caption(T("sweep.none_valid"))
        rates = cfg.default_sweep(exp.settings.learning_rate, exp.stability.critical_learning_rate)
    _train_sweep(T, exp.settings, rates)
    show("sweep", exp.settings, T, rates)
    st.caption(T("sweep.caption"))
    st.subheader(T("finder.header"))
    show("finder", exp.settings, T)
    s = exp.stability
    note = T("finder.caption", n=T.count(FINDER_RATES), iterations=T.count(exp.run.iterations))
    gap = 1 - s.optimal_learning_rate / s.critical_learning_rate
    if gap < 0.02:  # the two rules draw as one
        note += " " + T(
            "finder.hidden", gap=percent(max(gap, 0.001)), kappa=T.count(round(s.condition_number))
        )
    st.caption(note)


def stability_panel(T, exp):
    s = exp.stability
    st.subheader(T("stability.header"))
    values = [
        ("stability.critical", number(s.critical_learning_rate, 5)),
        ("stability.percent", explain.share(T, s.fraction_of_critical)),
        ("stability.oscillation", number(s.oscillation_learning_rate, 5)),
        ("stability.optimal", number(s.optimal_learning_rate, 5)),
        ("stability.condition", number(s.condition_number, 4)),
        ("stability.weight_n", _iterations(T, s.weight_iterations)),
        ("stability.bias_n", _iterations(T, s.bias_iterations)),
    ]
    for i in range(0, len(values), 2):  # two a row: long numbers stay whole on a projector
        for column, (key, value) in zip(st.columns(2), values[i : i + 2]):
            column.metric(T(key), value)
    st.markdown(
        T(
            "stability.why",
            hi=number(s.curvatures[1]),
            lo=number(s.curvatures[0]),
            rw=number(s.step_factors[1], 4),
            rb=number(s.step_factors[0], 6),
        )
    )


def _iterations(T, n):
    return T("stability.never") if n is None else T("stability.iterations", n=T.count(n))


def _train_sweep(T, settings, rates):
    """Warm the sweep's cache, with a progress bar once it takes a while."""
    began, bar = time.perf_counter(), None
    for i, rate in enumerate(rates):
        if bar is None and time.perf_counter() - began > 0.25:
            bar = st.progress(0.0)
        if bar is not None:
            bar.progress(
                i / len(rates), T("sweep.progress", rate=number(rate), i=i + 1, n=len(rates))
            )
        sweep_curve(settings, rate)
    if bar is not None:
        bar.empty()


def landscape_view(T, exp, step):
    st.subheader(T("landscape.header"))
    show("landscape", exp.settings, T, step)
    kappa = exp.stability.condition_number
    if exp.scaling is not None:
        st.caption(T("landscape.scaled", kappa=number(kappa, 3)))
    else:
        st.caption(T("landscape.caption", kappa=T.count(round(kappa))))


def math_view(T, exp, step):
    st.subheader(T("math.header", k=T.count(step)))
    celsius = st.number_input(
        T("math.sample"),
        -cfg.SAMPLE_LIMIT,
        cfg.SAMPLE_LIMIT,
        42.0,
        step=1.0,
        key="sample",
        bind=URL,
        help=T("math.sample.help", n=len(exp.data)),
    )
    m = math_step(exp, step, float(celsius))
    for paragraph, formulas in explain.math_blocks(T, exp, m):
        st.markdown(paragraph)
        for formula in formulas:
            st.latex(formula)
    st.caption(T("math.source", next=T.count(step + 1)))
    if step == exp.run.iterations:
        st.caption(T("math.end"))


RENDER = {
    "predictions": predictions_view,
    "training": training_view,
    "rates": rates_view,
    "landscape": landscape_view,
    "math": math_view,
}
