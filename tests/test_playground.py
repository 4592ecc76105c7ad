"""Page helpers without Streamlit: links, downsampling, frames, chart builders, text."""

import json
import math

import altair as alt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import neuron
from neuron.parameters import MAX_RATES
from playground import figures
from playground.analysis import analyse
from playground.charts import to_vega_lite
from playground.frames import MAX_POINTS, downsample, history_frame
from playground.settings import LR_MAX, LR_MIN, Settings, default_sweep, preset_rates
from playground.text import Text, number, percent

T = Text("en")


# ---- downsampling --------------------------------------------------------------------


def bucket_extremes(values, max_points):
    """The reference: a literal loop over the same buckets."""
    n = len(values)
    width = math.ceil((n - 2) / ((max_points - 2) // 2))
    keep = {0, n - 1}
    for start in range(1, n - 1, width):
        chunk = list(values[start : min(start + width, n - 1)])
        keep.add(start + chunk.index(min(chunk)))
        keep.add(start + chunk.index(max(chunk)))
    return sorted(keep)


@given(n=st.integers(1, 5000), max_points=st.integers(4, 600), seed=st.integers(0, 99))
def test_downsample_keeps_each_buckets_extremes_and_the_ends(n, max_points, seed):
    values = np.random.default_rng(seed).normal(size=n).cumsum()
    picked = downsample(values, max_points)
    assert len(picked) <= max_points
    assert picked[0] == 0 and picked[-1] == n - 1
    if n > max_points:
        assert picked.tolist() == bucket_extremes(values, max_points)
    else:
        assert picked.tolist() == list(range(n))


def test_downsample_keeps_a_zig_zag_visible():
    zig = np.cos(np.pi * np.arange(1_000_001)) * np.exp(-np.arange(1_000_001) / 3e5)
    picked = downsample(zig, 2000)
    kept = zig[picked]
    assert len(picked) <= 2000
    assert kept.max() == zig.max() and kept.min() == zig.min()
    assert np.count_nonzero(kept > 0) > 900 and np.count_nonzero(kept < 0) > 900


# ---- frames and charts ------------------------------------------------------------------

BIG = Settings(learning_rate=1e-4, iterations=1_000_000)
BLOWN = Settings(learning_rate=0.0015, iterations=1_000_000)


@pytest.mark.parametrize("settings", [BIG, BLOWN], ids=["1M iterations", "diverging"])
def test_history_frame_is_small_finite_and_keeps_first_and_last(settings):
    exp = analyse(settings)
    frame = history_frame(exp)
    assert len(frame) <= MAX_POINTS
    assert np.all(np.isfinite(frame.to_numpy(dtype=float)))
    assert frame.iteration.iloc[0] == 0 and frame.iteration.iloc[-1] == exp.run.last


def chart_frames(chart):
    spec = to_vega_lite(chart)
    json.dumps({k: v for k, v in spec.items() if k != "datasets"})  # the rest is JSON
    return list(spec["datasets"].values())


def series_sizes(frame):
    return frame.groupby("series").size() if "series" in frame else pd.Series([len(frame)])


@pytest.mark.parametrize("settings", [BIG, BLOWN], ids=["1M iterations", "diverging"])
@pytest.mark.parametrize("kind", sorted(figures.BUILDERS))
def test_every_chart_has_at_most_2000_points_a_series_and_no_infinity(settings, kind):
    exp = analyse(settings)
    extra = {
        "predictions": (5,),
        "loss": (5, True),
        "landscape": (5,),
        "parameter": ("bias",),
        "sweep": (figures.sweep_curves(settings, (1e-5, 1e-4, 0.0015)),),
    }
    frames = chart_frames(figures.BUILDERS[kind](exp, T, *extra.get(kind, ())))
    assert frames
    for frame in frames:
        numbers = frame.select_dtypes(include=["number"]).to_numpy(dtype=float)
        assert np.all(np.isfinite(numbers)), kind
        if kind == "landscape" and "level" in frame:
            assert len(frame) <= 60 * 60
        elif "rate" in frame:
            assert frame.groupby("rate").size().max() <= MAX_POINTS
        else:
            assert series_sizes(frame).max() <= MAX_POINTS, kind


def test_the_animation_is_json_with_finite_frames_in_celsius_terms():
    outcome = analyse(Settings(iterations=100_000, scaled=True, learning_rate=0.3))
    data = figures.player_data(outcome, T)
    json.dumps(data, allow_nan=False)  # strict JSON: no NaN or infinity reaches the browser
    steps = np.array(data["frames"]["iteration"])
    assert len(steps) <= 240 and steps[-1] == 100_000 and np.all(np.diff(steps) > 0)
    line = outcome.scaling.to_celsius(outcome.run.weights[steps], outcome.run.biases[steps])
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
    s = neuron.stability(data, 1e-4)
    rates = preset_rates(s)
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


def test_percent():
    assert percent(0.0833) == "8.3 %" and percent(1.25) == "125 %"
    assert percent(0.001) == "0.10 %"


@pytest.mark.parametrize("kind", sorted(figures.BUILDERS))
def test_every_chart_is_valid_vega_lite(kind):
    # The page skips Altair's schema validation to save time on every new view;
    # this is where it is done instead.
    settings = Settings(learning_rate=0.0015, iterations=2000)
    exp = analyse(settings)
    extra = {
        "predictions": (5,),
        "loss": (5, False),
        "landscape": (5,),
        "parameter": ("weight",),
        "sweep": (figures.sweep_curves(settings, (1e-4, 0.0015)),),
    }
    chart = figures.BUILDERS[kind](exp, T, *extra.get(kind, ()))
    with alt.data_transformers.disable_max_rows():
        chart.to_dict(validate=True)
