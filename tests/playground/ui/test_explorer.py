"""The learning-rate explorer: stability panel, presets, sweep, finder,
landscape, scrubber, the math with live numbers, scaling and data controls."""

import numpy as np
import pytest

import neuron
from neuron.parameters import DEFAULT_START
from playground.compute.worked import tex_number
from playground.core.settings import PRESETS, grid_position, rate_grid
from playground.core.text import text
from tests.helpers import chart_with, charts, metric, numbers, verdict
from tests.reference import literal_loop

W0, B0 = DEFAULT_START
ARTICLE = neuron.make_dataset()
SHOWN = {
    "converges": {"Converges", "Converges, not learned yet"},
    "oscillates": {"Overshoots, but converges"},
    "diverges": {"Diverges"},
}


def behaviour(dataset, rate, iterations, w0, b0):
    """What training actually does, judged from runs alone (no stability()).

    Diverges: the loss ends higher than it started (or overflows). Otherwise,
    from a start off the optimum in the weight only, does the weight jump past
    its optimum at every one of the first 12 steps (oscillates) or at none?
    """
    run = neuron.train(
        dataset, learning_rate=rate, iterations=iterations, initial_weight=w0, initial_bias=b0
    )
    if run.diverged_at is not None or run.losses[-1] > run.losses[0]:
        return "diverges"
    best = neuron.least_squares(dataset)
    probe = neuron.train(
        dataset,
        learning_rate=rate,
        iterations=12,
        initial_weight=best.weight + 1,
        initial_bias=best.bias,
    )
    side = np.sign(probe.weights - best.weight)
    flips = np.count_nonzero(side[1:] != side[:-1])
    assert flips in (0, 12), f"neither steady nor oscillating: {flips} flips"
    return "oscillates" if flips == 12 else "converges"


@pytest.mark.parametrize("preset", PRESETS)
def test_each_preset_shows_the_verdict_training_bears_out(app, preset):
    at = app()
    at.button(key=f"preset_{preset}").click().run()
    assert not at.exception
    rate = at.number_input(key="lr").value
    w0, b0 = at.number_input(key="w0").value, at.number_input(key="b0").value
    n = at.number_input(key="iterations").value
    assert verdict(at) in SHOWN[behaviour(ARTICLE, rate, n, w0, b0)]
    assert f"**{at.button(key=f'preset_{preset}').label}** —" in at.sidebar.caption[0].value


def test_the_article_preset_restores_the_articles_experiment(app):
    at = app(lr="0.0009", iterations="50", w0="7", start="0", stop="10", noise="3", scaled="true")
    at.button(key="preset_article").click().run()
    values = {
        k: at.number_input(key=k).value
        for k in ("lr", "iterations", "w0", "b0", "start", "stop", "noise")
    }
    assert values == {
        "lr": 1e-4,
        "iterations": 10_000,
        "w0": 0.5,
        "b0": 0.5,
        "start": -50,
        "stop": 50,
        "noise": 0.0,
    }
    assert at.toggle(key="scaled").value is False
    assert numbers(at)[1] == 27.7351


def test_presets_follow_the_data(app):
    at = app(start="-150", stop="151")
    at.button(key="preset_diverges").click().run()
    wide = neuron.make_dataset(-150, 151)
    critical = neuron.bowl(wide).critical_learning_rate
    assert critical < at.number_input(key="lr").value < 1.1 * critical
    assert verdict(at) == "Diverges"


def test_the_stability_panel_shows_the_rates_and_where_yours_stands(app):
    at = app(view="rates", lr="0.0009", w0="0.5", b0="0.5")
    shape = neuron.bowl(ARTICLE)
    assert metric(at, "Critical rate 2/λmax").value == f"{shape.critical_learning_rate:.5g}"
    assert metric(at, "Overshooting starts (1/λmax)").value == (
        f"{shape.oscillation_learning_rate:.5g}"
    )
    assert metric(at, "Optimal 2/(λmin+λmax)").value == f"{shape.optimal_learning_rate:.5g}"
    assert metric(at, "Condition number κ").value == "833.8"
    assert metric(at, "Your rate is").value == "75.0 % of critical"
    learned = neuron.iterations_to_learn(
        ARTICLE, learning_rate=0.0009, initial_weight=0.5, initial_bias=0.5
    )
    assert metric(at, "Weight learned for good from").value == f"iteration {learned.weight:,}"
    assert metric(at, "Bias learned for good from").value == f"iteration {learned.bias:,}"
    why = next(m.value for m in at.markdown if m.value.startswith("**Why:**"))
    assert "**-0.5003** and" in why and "along the weight" in why


def test_the_rate_control_shows_where_critical_lies(app):
    at = app(lr="0.0006")
    caption = at.sidebar.caption[-1].value
    assert caption.startswith(
        "Critical rate **0.0011998**: yours is **50.0 % of** it — Overshoots, but converges."
    )
    _, zones = chart_with(at, "start", "end", "zone")
    shape = neuron.bowl(ARTICLE)
    grid = rate_grid(shape.critical_learning_rate)
    # in the slider's own stops, so the strip lines up under it
    assert zones["end"].tolist() == pytest.approx(
        [
            grid_position(shape.oscillation_learning_rate, grid),
            grid_position(shape.critical_learning_rate, grid),
            len(grid) - 1,
        ]
    )
    assert zones["to"].tolist()[:2] == pytest.approx(
        [shape.oscillation_learning_rate, shape.critical_learning_rate]
    )
    at = app(lr="0.005")
    assert "yours is **4.17 times** it — Diverges" in at.sidebar.caption[-1].value
    _, same = chart_with(at, "start", "end", "zone")
    assert same.equals(zones)  # the strip depends on the data, not on the rate


def test_the_overshoot_band_is_wide_enough_to_aim_at():
    """At least 20 px of a 250 px slider track: a tenth of it, at the default range."""
    shape = neuron.bowl(ARTICLE)
    grid = rate_grid(shape.critical_learning_rate)
    band = grid_position(shape.critical_learning_rate, grid) - grid_position(
        shape.oscillation_learning_rate, grid
    )
    assert band / (len(grid) - 1) * 250 >= 20


def test_the_default_sweep_includes_a_rate_above_critical_and_marks_its_blowup(app):
    at = app(view="rates")
    _, curves = chart_with(at, "iteration", "loss", "rate", "blew_up")
    rates = [float(r) for r in dict.fromkeys(curves["rate"])]
    critical = neuron.bowl(ARTICLE).critical_learning_rate
    assert 4 <= len(rates) <= 8 and 1e-4 in rates
    above = [r for r in rates if r > critical]
    assert len(above) == 1
    blown = next(
        f
        for _, frames in charts(at)
        for f in frames.values()
        if "blew_up" in f and f.blew_up.any()
    )
    run = neuron.train(
        ARTICLE, learning_rate=above[0], iterations=10_000, initial_weight=W0, initial_bias=B0
    )
    assert blown["iteration"].tolist() == [run.diverged_at - 1]
    assert curves.groupby("rate").size().max() <= 2000


def test_a_sweep_typed_by_the_user_is_drawn_and_bad_entries_are_named(app):
    at = app(view="rates")
    at.text_input(key="sweep").input("0.0001, 0.0009, oops, 0.002").run()
    assert not at.exception
    _, curves = chart_with(at, "iteration", "loss", "rate", "blew_up")
    assert list(dict.fromkeys(curves["rate"])) == ["0.0001", "0.0009", "0.002"]
    assert any("`oops`" in w.value for w in at.warning)


def test_a_sweep_is_capped_at_eight_rates(app):
    rates = ",".join(f"{r:.1e}" for r in np.geomspace(1e-6, 1e-3, 10))
    at = app(view="rates", sweep=rates)
    _, curves = chart_with(at, "iteration", "loss", "rate", "blew_up")
    assert curves["rate"].nunique() == 8


def test_the_finder_marks_the_three_rates_and_yours(app):
    at = app(view="rates", lr="0.0003")
    _spec, rules = chart_with(at, "learning_rate", "label")
    s = neuron.bowl(ARTICLE)
    assert rules["learning_rate"].tolist() == pytest.approx(
        [s.oscillation_learning_rate, s.optimal_learning_rate, s.critical_learning_rate, 0.0003]
    )
    _, finder = chart_with(at, "learning_rate", "loss")
    finals = neuron.losses_after(
        ARTICLE, finder["learning_rate"], iterations=10_000, initial_weight=W0, initial_bias=B0
    )
    ok = ~np.isnan(finals)
    np.testing.assert_allclose(finder["loss"][ok], np.maximum(finals[ok], 1e-30), rtol=1e-9)


def test_the_landscape_frames_the_path_and_marks_start_end_optimum_and_step(app):
    at = app(view="landscape", lr="0.0009", iterations="300", step="4")
    _, cells = chart_with(at, "weight2", "bias2", "level")
    _, path = chart_with(at, "iteration", "weight", "bias")
    _, marks = chart_with(at, "label", "weight", "bias")
    assert len(cells) <= 60 * 60
    assert marks["label"].tolist() == ["start", "end", "optimum", "iteration 4"]
    history, _ = literal_loop(
        ARTICLE, learning_rate=0.0009, iterations=300, initial_weight=W0, initial_bias=B0
    )
    assert marks.iloc[3].weight == pytest.approx(history["weights"][4], rel=1e-12)
    for w, b in zip(marks.weight, marks.bias):
        assert cells.weight.min() <= w <= cells.weight2.max()
        assert cells.bias.min() <= b <= cells.bias2.max()
    # the path is the loop's, step by step: its zig-zag is drawn point by point
    ordered = path.sort_values("iteration")
    np.testing.assert_allclose(
        ordered.weight, history["weights"][ordered.iteration.to_numpy()], rtol=1e-9
    )


def test_the_math_panel_numbers_are_the_engines_at_that_iteration(app):
    at = app(view="math", iterations="50", step="7")
    history, _ = literal_loop(
        ARTICLE, learning_rate=1e-4, iterations=8, initial_weight=W0, initial_bias=B0
    )
    w, b = history["weights"][7], history["biases"][7]
    x, y = 42.0, 42.0 * 9 / 5 + 32
    out = 42 * w + b
    xs, ys = ARTICLE.celsius, ARTICLE.fahrenheit
    residuals = [c * w + b - f for c, f in zip(xs, ys)]
    d_weight = sum(2 * r / 100 * c for r, c in zip(residuals, xs))
    d_bias = sum(2 * r / 100 for r in residuals)
    expected = {
        "output": out,
        "sample loss": (out - y) ** 2,
        "batch loss": sum(r * r for r in residuals) / 100,
        "d output": 2 * (out - y),
        "d weight (sample)": 2 * (out - y) * x,
        "d weight": d_weight,
        "d bias": d_bias,
        "next weight": history["weights"][8],
        "next bias": history["biases"][8],
    }
    latex = "\n".join(e.value for e in at.latex)
    assert [h.value for h in at.header] == ["The article's math at iteration 7"]
    for name, value in expected.items():
        assert tex_number(text("en"), value) in latex, name


def test_the_math_sample_can_be_changed(app):
    at = app(view="math", step="0", w0="1", b0="2")
    at.number_input(key="sample").set_value(-10.0).run()
    assert r"= (-10) \times 1 + 2 = -8" in at.latex[0].value


def test_scaled_inputs_make_kappa_one_and_still_give_a_celsius_line(app):
    at = app(view="rates", scaled="true", lr="0.5", iterations="200")
    assert metric(at, "Condition number κ").value == "1"
    scaled, _ = neuron.standardize(ARTICLE)
    critical = neuron.bowl(scaled).critical_learning_rate
    assert metric(at, "Critical rate 2/λmax").value == f"{critical:.5g}"
    assert numbers(at)[:2] == (1.8, 32)
    # not 4.2e-29: rounding of an exact 0 (found by label: "Join a live room" comes first)
    assert any("(minimum 0)" in e.label for e in at.expander)
    assert any("inputs are standardized" in m.value for m in at.markdown)


def test_bad_sweep_step_and_noise_in_a_link_are_noted_and_ignored(app):
    at = app(sweep="1e-4,abc", step="-3", noise="lots", view="rates")
    warning = next(w.value for w in at.warning if "This link had values" in w.value)
    for item in ("sweep=abc", "step=-3", "noise=lots"):
        assert f"`{item}`" in warning
    assert at.number_input(key="noise").value == 0.0
    assert "step" not in at.query_params  # the run's end, the default
    _, curves = chart_with(at, "iteration", "loss", "rate", "blew_up")
    assert list(dict.fromkeys(curves["rate"])) == ["0.0001"]


def test_every_view_renders_without_error_in_both_languages(app):
    for lang in ("en", "es"):
        for view in ("predictions", "training", "rates", "landscape", "math"):
            at = app(lang=lang, view=view, lr="0.0015")
            assert not at.exception, (lang, view)
            for _, frames in charts(at):
                for frame in frames.values():
                    values = frame.select_dtypes("number").to_numpy(dtype=float)
                    assert np.all(np.isfinite(values)), (lang, view)
