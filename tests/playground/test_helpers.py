"""Page helpers without Streamlit: links, downsampling, frames, chart builders, text."""

import dataclasses
import io
import json
import re

import altair as alt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import neuron
from neuron.parameters import MAX_RATES
from playground.charts import described, figures, to_vega_lite
from playground.charts.base import Poured
from playground.compute.analysis import analyse, chart_steps, sampled_runs
from playground.compute.frames import (
    MAX_CSV_ROWS,
    csv_steps,
    full_batch_path,
    history_csv,
    history_frame,
)
from playground.compute.optimizer_frames import compare_run
from playground.core.settings import LR_MAX, LR_MIN, Settings, default_sweep, preset_rates
from playground.core.text import Text, number, percent
from tests.reference import literal_loop

T = Text("en")


# ---- what a run records --------------------------------------------------------------


@given(last=st.integers(0, 10**6))
def test_chart_steps_are_at_most_2000_with_every_early_step_and_the_end(last):
    steps = chart_steps(last)
    assert len(steps) <= 2000 and steps[0] == 0 and steps[-1] == last
    assert np.all(np.diff(steps) > 0)
    assert steps[: min(last + 1, 200)].tolist() == list(range(min(last + 1, 200)))


def test_pairs_keep_a_zig_zag_visible_however_long_the_run():
    """An error that flips sign every step is drawn on both sides of zero."""
    steps = chart_steps(1_000_000)
    zig = np.cos(np.pi * steps) * np.exp(-steps / 3e5)
    assert np.count_nonzero(zig > 0) > 900 and np.count_nonzero(zig < 0) > 900


def test_a_million_iterations_cost_about_what_ten_thousand_do():
    """The recorded run is a few thousand rows and about 100 kB, whatever its length."""
    small, big = analyse(Settings(iterations=10_000)), analyse(Settings(iterations=1_000_000))
    assert len(big.run.steps) <= 2000 + 240
    held = sum(a.nbytes for a in (big.weights, big.biases, big.run.steps,
                                  *(getattr(big.run, f) for f in big.run.FIELDS)))  # fmt: skip
    assert held <= 1_000_000
    assert len(big.run.steps) <= len(small.run.steps) + 240


# ---- frames and charts ------------------------------------------------------------------

BIG = Settings(learning_rate=1e-4, iterations=1_000_000)
BLOWN = Settings(learning_rate=0.0015, iterations=1_000_000)


@pytest.mark.parametrize("settings", [BIG, BLOWN], ids=["1M iterations", "diverging"])
def test_history_frame_is_small_finite_and_keeps_first_and_last(settings):
    exp = analyse(settings)
    frame = history_frame(exp)
    assert len(frame) <= 2000
    assert np.all(np.isfinite(frame.to_numpy(dtype=float)))
    assert frame.iteration.iloc[0] == 0 and frame.iteration.iloc[-1] == exp.run.last


def chart_frames(chart):
    spec = to_vega_lite(chart)
    json.dumps({k: v for k, v in spec.items() if k != "datasets"})  # the rest is JSON
    return list(spec["datasets"].values())


BATCHED = {"sampled", "sampled_landscape", "batch_rates"}  # charts of mini-batch runs


def for_kind(kind, settings):
    """``settings`` as the page has them when it draws ``kind``: on batches of 4 for
    the mini-batch charts."""
    return dataclasses.replace(settings, batch_size=4) if kind in BATCHED else settings


def extra_for(kind, settings):
    """The arguments past (outcome, T) that the page gives each chart."""
    runs = lambda: tuple(compare_run(settings, n) for n in ("gd", "momentum", "adam"))  # noqa: E731
    batched = for_kind(kind, settings)
    if kind == "sampled":
        return (True, sampled_runs(batched))
    if kind == "sampled_landscape":
        return (5, full_batch_path(batched))
    return {
        "loss": (5, True),
        "landscape": (5,),
        "parameter": ("bias",),
        "strip": (False,),
        "sweep": (figures.sweep_curves(settings, (1e-5, 1e-4, 0.0015)),),
        "compare": (5, True, runs()) if kind == "compare" else (),
        "paths": (5, runs()) if kind == "paths" else (),
    }.get(kind, ())


def series_sizes(frame):
    return frame.groupby("series").size() if "series" in frame else pd.Series([len(frame)])


@pytest.mark.parametrize("settings", [BIG, BLOWN], ids=["1M iterations", "diverging"])
@pytest.mark.parametrize("kind", sorted(figures.BUILDERS))
def test_every_chart_has_at_most_2000_points_a_series_and_no_infinity(settings, kind):
    exp = analyse(for_kind(kind, settings))
    frames = chart_frames(figures.BUILDERS[kind](exp, T, *extra_for(kind, settings)))
    assert frames
    for frame in frames:
        numbers = frame.select_dtypes(include=["number"]).to_numpy(dtype=float)
        assert np.all(np.isfinite(numbers)), kind
        if kind in ("landscape", "paths", "sampled_landscape") and "level" in frame:
            assert len(frame) <= 60 * 60
        elif "rate" in frame:
            assert frame.groupby("rate").size().max() <= 2000
        else:
            assert series_sizes(frame).max() <= 2000, kind


def test_the_animation_is_json_with_finite_frames_in_celsius_terms():
    outcome = analyse(Settings(iterations=100_000, scaled=True, learning_rate=0.3))
    data = figures.player_data(outcome, T)
    json.dumps(data, allow_nan=False)  # strict JSON: no NaN or infinity reaches the browser
    steps = np.array(data["frames"]["iteration"])
    assert len(steps) <= 240 and steps[-1] == 100_000 and np.all(np.diff(steps) > 0)
    rows = outcome.rows(steps)
    line = outcome.scaling.to_celsius(outcome.run.weights[rows], outcome.run.biases[rows])
    np.testing.assert_allclose(data["frames"]["weight"], line.weight)
    assert data["frames"]["bias"][-1] == pytest.approx(32, abs=1e-6)


def test_a_diverged_animation_stops_at_the_last_finite_iteration():
    outcome = analyse(Settings(learning_rate=0.0015, iterations=5000))
    data = figures.player_data(outcome, T)
    json.dumps(data, allow_nan=False)
    assert data["frames"]["iteration"][-1] == outcome.run.diverged_at - 1


def test_gradient_chart_names_both_gradients_and_keeps_their_signs():
    exp = analyse(Settings(learning_rate=0.0009, iterations=300))
    frame = next(f for f in chart_frames(figures.gradient_chart(exp, T)) if "series" in f)
    assert set(frame.series) == {"∂loss/∂weight", "∂loss/∂bias"}
    weight = frame[frame.series == "∂loss/∂weight"].sort_values("iteration")
    np.testing.assert_allclose(weight.gradient, exp.run.weight_gradients[weight.iteration])
    assert (weight.gradient > 0).any() and (weight.gradient < 0).any()  # overshooting


def test_parameter_chart_draws_the_least_squares_optimum():
    exp = analyse(Settings(noise=4.0))
    slope, intercept = np.polyfit(exp.data.celsius, exp.data.fahrenheit, 1)
    for which, target in (("weight", slope), ("bias", intercept)):
        frames = chart_frames(figures.parameter_chart(exp, T, which))
        rule = next(f for f in frames if len(f) == 1)
        assert rule[which].iloc[0] == pytest.approx(target)


# ---- presets ------------------------------------------------------------------


datasets = st.builds(
    lambda a, w, noise: neuron.make_dataset(a, a + w, noise=noise, seed=0),
    st.integers(-200, 150),
    st.integers(2, 200),
    st.floats(0, 20),
)


@given(data=datasets)
def test_presets_land_in_their_regimes_for_any_data(data):
    rates = preset_rates(neuron.bowl(data))
    verdicts = {
        name: neuron.stability(data, rate).verdict
        for name, rate in rates.items()
        if name != "article"
    }
    assert verdicts == {
        "too_small": "converges",
        "good": "converges",
        "overshoots": "oscillates",
        "edge": "oscillates",
        "diverges": "diverges",
    }
    assert rates["edge"] > rates["overshoots"] > rates["good"] > rates["too_small"]


@given(rate=st.floats(LR_MIN, LR_MAX), critical=st.floats(1e-7, 5.0))
def test_the_default_sweep_holds_the_chosen_rate_and_one_above_critical(rate, critical):
    rates = default_sweep(rate, critical)
    assert rate in rates and len(rates) <= MAX_RATES
    assert all(LR_MIN <= r <= LR_MAX for r in rates)
    if critical * 1.05 <= LR_MAX:
        assert sum(r >= critical for r in rates) >= 1


# ---- text --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0.0001, "0.0001"),
        (0.00119, "0.00119"),
        (1.79744, "1.797"),
        (1.2e-6, "1.2e-6"),
        (0.0, "0"),
        (float("nan"), "—"),
        (-0.5003, "-0.5003"),
        (23031, "2.303e4"),
    ],
)
def test_numbers_are_never_shown_as_0_00(value, shown):
    assert number(value) == shown


def test_percent_and_spanish_numbers():
    assert percent(0.0833) == "8.3 %" and percent(1.25) == "125 %"
    assert percent(0.001) == "0.10 %"
    es = Text("es")
    assert (es.percent(0.0833), es.number(0.0001), es.count(23031)) == (
        "8,3 %",
        "0,0001",
        "23\u202f031",
    )


@pytest.mark.parametrize("kind", sorted(figures.BUILDERS))
def test_every_chart_is_valid_vega_lite(kind):
    # The page skips Altair's schema validation to save time on every new view;
    # this is where it is done instead.
    settings = Settings(learning_rate=0.0015, iterations=2000)
    chart = figures.BUILDERS[kind](analyse(for_kind(kind, settings)), T,
                                   *extra_for(kind, settings))  # fmt: skip
    with alt.data_transformers.disable_max_rows():
        chart.to_dict(validate=True)


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("kind", sorted(figures.BUILDERS))
def test_every_chart_says_what_it_shows_and_stops_its_marks_announcing(kind, lang):
    settings = Settings(learning_rate=0.0009, iterations=3000)
    outcome = analyse(for_kind(kind, settings))
    spec = described.spec(kind, outcome, Text(lang), *extra_for(kind, settings))
    assert len(spec["description"]) > 40 and "{" not in spec["description"]
    assert spec["config"]["mark"]["aria"] is False
    if lang == "es":  # tooltips and axes write 2 260,5, as the text does
        assert spec["config"]["locale"]["number"]["decimal"] == ","


def test_the_loss_chart_describes_the_runs_ends_in_numbers():
    outcome = analyse(Settings(learning_rate=1e-4, iterations=10_000))
    text = described.spec("loss", outcome, T, None, True)["description"]
    first, last = outcome.run.at(0).loss, outcome.run.at(10_000).loss
    assert f"from {first:.4g} at the start to {last:.4g} at iteration 10,000" in text


# ---- the history as CSV ------------------------------------------------------------------


def test_the_csv_holds_the_literal_loops_rows_in_the_pages_language():
    settings = Settings(learning_rate=0.0009, iterations=120)
    name, text = history_csv(settings, 120, Text("es"))
    assert name == "historial-una-neurona.csv"
    rows = pd.read_csv(io.StringIO(text))
    assert list(rows.columns) == ["iteración", "peso", "sesgo", "pérdida", "gradiente_peso",
                                  "gradiente_sesgo"]  # fmt: skip
    history, _ = literal_loop(
        neuron.make_dataset(), learning_rate=0.0009, iterations=120,
        initial_weight=settings.initial_weight, initial_bias=settings.initial_bias,
    )  # fmt: skip
    assert rows["iteración"].tolist() == list(range(121))
    np.testing.assert_allclose(rows["pérdida"], history["losses"], rtol=1e-9)
    np.testing.assert_allclose(rows["gradiente_peso"], history["weight_gradients"], rtol=1e-6,
                               atol=1e-9)  # fmt: skip


def test_a_long_run_downloads_thinned_evenly_with_its_first_and_last_rows():
    steps = csv_steps(1_000_000)
    assert len(steps) == MAX_CSV_ROWS and steps[0] == 0 and steps[-1] == 1_000_000
    gaps = np.diff(steps)
    assert gaps.min() >= 9 and gaps.max() <= 11
    name, text = history_csv(Settings(iterations=1_000_000), 1_000_000, T)
    assert name == "single-neuron-history-100000-of-1000001-iterations.csv"
    assert text.count("\n") == MAX_CSV_ROWS + 1


def test_a_diverged_run_downloads_up_to_its_last_finite_row():
    outcome = analyse(Settings(learning_rate=0.0015, iterations=5000))
    _, text = history_csv(outcome.settings, outcome.run.last, T)
    rows = pd.read_csv(io.StringIO(text))
    assert rows["iteration"].iloc[-1] == outcome.run.diverged_at - 1
    assert np.all(np.isfinite(rows.to_numpy(dtype=float)))


POURED = ["finder", "step_factors", "sweep"]  # converted once a shape, then filled


def comparable(spec):
    """A spec as JSON text, its frames as records (NaN compares as text), and the
    names Altair makes up for views and parameters numbered as they first appear."""
    frames = {k: v.to_dict("records") for k, v in spec["datasets"].items()}
    text = json.dumps({**spec, "datasets": frames}, sort_keys=True, default=str)
    made_up = dict.fromkeys(re.findall(r'"((?:view|param)_[0-9a-f_]+)"', text))
    for i, name in enumerate(made_up):
        text = text.replace(f'"{name}"', f'"made-up-{i}"')
    return text


@pytest.mark.parametrize("kind", POURED)
def test_a_poured_chart_is_exactly_the_chart_altair_writes_for_its_data(kind):
    # The first case of each shape writes its template; the others are poured into it.
    cases = [
        Settings(learning_rate=rate, iterations=n, initial_weight=w, initial_bias=b, **opt)
        for rate in (1e-4, 0.0009, 0.00119, 0.0015)
        for n, w, b in ((10_000, 0.637, 0.2698), (1_000_000, 3.0, -40.0))
        for opt in ({}, {"optimizer": "momentum", "momentum": 0.9})
    ]
    keys = []
    for lang in ("en", "es"):
        for settings in cases:
            chart = figures.BUILDERS[kind](
                analyse(settings), Text(lang), *extra_for(kind, settings)
            )
            assert isinstance(chart, Poured)
            keys.append(chart.key())
            poured = to_vega_lite(chart, lang=lang, description="d")
            assert comparable(poured) == comparable(to_vega_lite(chart.chart(), lang=lang,
                                                                 description="d"))  # fmt: skip
            assert "\ue000" not in comparable(poured)  # no stand-in left behind
    assert len(set(keys)) < len(keys) / 2  # most were poured into a template


@pytest.mark.parametrize("kind", ["loss", "sweep"])
def test_a_long_loss_title_reads_in_two_lines_so_the_plot_keeps_its_height(kind):
    # Vega fits a rotated axis title into the chart's height: one line longer than
    # the plot squashed the comparison to a strip, most of all in presenter mode.
    settings = Settings(learning_rate=0.0009, iterations=3000)
    for lang in ("en", "es"):
        spec = described.spec(kind, analyse(settings), Text(lang), *extra_for(kind, settings))
        titles = [layer["encoding"]["y"].get("title") for layer in spec.get("layer", [spec])
                  if "y" in layer.get("encoding", {})]  # fmt: skip
        titles = [t for t in titles if t is not None]
        assert titles and all(isinstance(t, list) and len(t) == 2 for t in titles), titles
        assert titles[0][1].startswith("(") and len(titles[0][0]) < 30
