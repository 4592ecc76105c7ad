"""The page, driven through Streamlit's AppTest: one test per interaction.

Numbers on the page are checked against the engine run independently here,
or against a literal loop, never against the page's own helpers.
"""

import threading

import numpy as np
import pytest

import neuron
from neuron.parameters import DEFAULT_START
from playground.ui import heavy
from tests.helpers import chart_with, charts, numbers, player, text_of, verdict
from tests.reference import literal_loop

W0, B0 = DEFAULT_START
ARTICLE = neuron.make_dataset()


def final(at):
    """(weight, bias, loss) as the numbers line shows them."""
    return numbers(at)


def test_smoke_the_page_opens_with_the_article_picture(app):
    at = app()
    assert not at.exception
    assert at.title[0].value == "Single-Neuron Playground"
    history, _ = literal_loop(
        ARTICLE, learning_rate=1e-4, iterations=10_000, initial_weight=W0, initial_bias=B0
    )
    assert final(at) == pytest.approx(
        (history["weights"][-1], history["biases"][-1], history["losses"][-1]), rel=1e-5
    )
    # the loop's bias ends over 1 % short of 32, so the page must not say "learned"
    assert abs(history["biases"][-1] - 32) > 0.32
    assert verdict(at) == "Converges, not learned yet"
    assert len(charts(at)) == 1  # the rate strip; the picture is the player
    frames = player(at)["frames"]
    assert frames["iteration"][-1] == 10_000
    assert frames["weight"][-1] == pytest.approx(history["weights"][-1], rel=1e-9)


def test_the_articles_settings_read_the_bias_is_short_because_it_is_flatter(app):
    at = app(w0="0.5", b0="0.5")
    reading = text_of(at)
    assert "the bias is still 4.26 °F short of 32 after 10,000 iterations" in reading
    assert "~834 times flatter along the bias" in reading
    learned = neuron.iterations_to_learn(
        ARTICLE, learning_rate=1e-4, initial_weight=0.5, initial_bias=0.5
    )
    assert f"learned for good from iteration **{learned.bias:,}**" in reading


def test_typing_a_learning_rate_changes_the_verdict_and_the_numbers(app):
    at = app()
    at.number_input(key="lr").set_value(0.0009).run()
    assert not at.exception
    assert verdict(at) == "Overshoots, but converges"
    run = neuron.train(
        ARTICLE, learning_rate=0.0009, iterations=10_000, initial_weight=W0, initial_bias=B0
    )
    assert final(at)[1] == pytest.approx(run.biases[-1], rel=1e-5)
    assert at.select_slider(key="lr.stop").value == pytest.approx(0.0009)


def test_dragging_the_logarithmic_slider_sets_the_exact_rate(app):
    at = app()
    at.select_slider(key="lr.stop").set_value(0.002).run()
    assert at.number_input(key="lr").value == pytest.approx(0.002)
    assert verdict(at) == "Diverges"


def test_the_slider_spans_three_decades_around_critical_with_every_rate_one_click_away(app):
    at = app()
    stops = at.select_slider(key="lr.stop").options
    assert (stops[0], stops[-1]) == ("≈1e-5", "≈0.01")
    at.toggle(key="lr.full").set_value(True).run()
    stops = at.select_slider(key="lr.stop").options
    assert (stops[0], stops[-1]) == ("≈1e-8", "≈10")
    assert at.number_input(key="lr").value == 1e-4  # widening moves nothing


def test_a_rate_outside_the_three_decades_widens_the_slider_by_itself(app):
    at = app(lr="1e-7")
    assert at.select_slider(key="lr.stop").value == pytest.approx(1e-7)
    assert at.toggle(key="lr.full").disabled


def test_iterations_change_the_run(app):
    at = app(view="training")
    at.number_input(key="iterations").set_value(500).run()
    run = neuron.train(
        ARTICLE, learning_rate=1e-4, iterations=500, initial_weight=W0, initial_bias=B0
    )
    assert final(at)[0] == pytest.approx(run.weights[-1], rel=1e-5)
    assert at.slider(key="step").value == 500


def test_initial_weight_and_bias_change_the_start(app):
    at = app()
    at.number_input(key="w0").set_value(3.0)
    at.number_input(key="b0").set_value(-10.0).run()
    run = neuron.train(
        ARTICLE, learning_rate=1e-4, iterations=10_000, initial_weight=3.0, initial_bias=-10.0
    )
    assert final(at)[1] == pytest.approx(run.biases[-1], rel=1e-5)


def test_new_random_start_draws_from_the_unit_interval(app):
    at = app()
    at.button(key="random_start").click().run()
    w0, b0 = at.number_input(key="w0").value, at.number_input(key="b0").value
    assert 0 <= w0 < 1 and 0 <= b0 < 1
    assert (w0, b0) != (W0, B0)


def test_the_data_range_and_noise_move_the_critical_rate(app):
    at = app()
    at.number_input(key="start").set_value(-100)
    at.number_input(key="stop").set_value(101).run()
    x = np.arange(-100, 101, dtype=float)
    hessian = 2 * np.array([[np.mean(x * x), np.mean(x)], [np.mean(x), 1]])
    critical = 2 / np.linalg.eigvalsh(hessian).max()  # independent of the engine
    assert f"Critical rate **{critical:.5g}**" in text_of(at)
    at.number_input(key="noise").set_value(5.0).run()
    noisy = neuron.make_dataset(-100, 101, noise=5.0, seed=0)
    run = neuron.train(
        noisy, learning_rate=1e-4, iterations=10_000, initial_weight=W0, initial_bias=B0
    )
    assert final(at)[1] == pytest.approx(run.biases[-1], rel=1e-5)


def test_an_empty_range_is_explained_and_the_page_keeps_working(app):
    at = app()
    at.number_input(key="start").set_value(10)
    at.number_input(key="stop").set_value(11).run()
    assert not at.exception
    assert any("must be at least **First Celsius value** + 2 (12)" in e.value for e in at.error)
    assert at.number_input(key="stop").value == 11  # what the user typed is kept
    assert verdict(at) == "Converges, not learned yet"


def test_a_link_restores_its_settings_and_view(app):
    at = app(lr="0.0009", iterations="500", w0="1.5", b0="-2", start="-20", stop="40",
             noise="1.5", step="7", view="training", log="false")  # fmt: skip
    assert not at.exception
    assert at.number_input(key="lr").value == 0.0009
    assert at.number_input(key="iterations").value == 500
    assert (at.number_input(key="w0").value, at.number_input(key="b0").value) == (1.5, -2)
    assert at.number_input(key="start").value == -20
    assert at.number_input(key="noise").value == 1.5
    assert at.slider(key="step").value == 7
    assert at.toggle(key="log").value is False
    data = neuron.make_dataset(-20, 40, noise=1.5, seed=0)
    run = neuron.train(
        data, learning_rate=0.0009, iterations=500, initial_weight=1.5, initial_bias=-2
    )
    assert final(at)[0] == pytest.approx(run.weights[-1], rel=1e-5)
    assert len(charts(at)) == 5  # strip + loss, gradients, weight, bias


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"lr": "abc", "iterations": "-5", "w0": "nan", "b0": "2"},
         ["lr=abc", "iterations=-5", "w0=nan"]),
        ({"lr": "1e9", "noise": "-3", "step": "999999", "b0": "2"},
         ["lr=1e9", "noise=-3", "step=999999"]),
        ({"sweep": "0.001,zzz,1e99", "view": "Nowhere", "lang": "fr", "b0": "2"},
         ["sweep=zzz", "sweep=1e99", "view=Nowhere", "lang=fr"]),
        ({"iterations": "1e6", "b0": "2"}, ["iterations=1e6"]),
    ],
)  # fmt: skip
def test_a_malformed_link_is_noted_and_the_rest_still_applies(app, params, named):
    at = app(**params)
    assert not at.exception
    warning = next(w.value for w in at.warning if "This link had values" in w.value)
    for item in named:
        assert f"`{item}`" in warning
    assert at.number_input(key="b0").value == 2.0  # the good part of the link applies
    assert at.number_input(key="lr").value == 1e-4
    assert at.number_input(key="iterations").value == 10_000  # 1e6 is noted, not run


def test_a_link_cannot_inject_markup_into_the_note(app):
    at = app(lr="\r\r[Log in here](https://example.invalid/x)")
    warning = next(w.value for w in at.warning if "This link had values" in w.value)
    assert "`lr=  [Log in here](https://example.inva…`" in warning
    assert warning.count("`") == 2  # one code span: nothing in it is markup


def test_a_diverging_rate_says_where_it_blew_up_and_raises_nothing(app):
    at = app(lr="0.0015")
    assert not at.exception
    _, blew = literal_loop(
        ARTICLE, learning_rate=0.0015, iterations=10_000, initial_weight=W0, initial_bias=B0
    )
    assert verdict(at) == "Diverges"
    assert f"the loss blew up at iteration {blew:,}" in text_of(at)
    assert "1.25 times the critical rate 0.0011998" in text_of(at)
    for _, frames in charts(at):
        for frame in frames.values():
            assert np.all(np.isfinite(frame.select_dtypes("number").to_numpy(dtype=float)))


def test_a_million_iterations_render_at_most_2000_points_a_series(app):
    at = app(iterations="1000000", view="training")
    assert not at.exception
    assert at.slider(key="step").value == 1_000_000
    for _spec, frames in charts(at):
        for frame in frames.values():
            if "series" in frame:
                assert frame.groupby("series").size().max() <= 2000
            else:
                assert len(frame) <= 2000


def test_the_loss_axis_switches_to_linear(app):
    at = app(view="training")
    at.toggle(key="log").set_value(False).run()
    spec, _ = chart_with(at, "iteration", "loss")
    scales = [layer["encoding"]["y"].get("scale", {}).get("type")
              for layer in spec["layer"] if "y" in layer.get("encoding", {})]  # fmt: skip
    assert "log" not in scales and "linear" in scales
    at.toggle(key="log").set_value(True).run()
    spec, _ = chart_with(at, "iteration", "loss")
    assert "log" in [layer["encoding"]["y"].get("scale", {}).get("type")
                     for layer in spec["layer"] if "y" in layer.get("encoding", {})]  # fmt: skip


def test_the_animation_plays_the_literal_loop_with_every_early_iteration(app):
    at = app(iterations="3000", lr="0.0009")
    data = player(at)
    frames = data["frames"]
    assert frames["iteration"][:21] == list(range(21))  # each early step is a frame
    assert frames["iteration"][-1] == 3000 and len(frames["iteration"]) <= 240
    history, _ = literal_loop(
        ARTICLE, learning_rate=0.0009, iterations=3000, initial_weight=W0, initial_bias=B0
    )
    picked = frames["iteration"]
    np.testing.assert_allclose(frames["weight"], history["weights"][picked], rtol=1e-9)
    np.testing.assert_allclose(frames["loss"], history["losses"][picked], rtol=1e-9)
    assert data["before"] == [W0, B0] and data["iterations"] == 3000


def test_changing_the_run_moves_the_scrubber_to_its_end(app):
    at = app(iterations="200", view="training")
    at.slider(key="step").set_value(3).run()
    at.number_input(key="iterations").set_value(300).run()
    assert at.slider(key="step").value == 300


def test_a_preset_caption_clears_once_the_settings_move_away(app):
    at = app()
    at.button(key="preset_article").click().run()
    assert at.sidebar.caption[0].value.startswith("**Article** —")
    at.number_input(key="lr").set_value(0.005).run()
    assert not at.sidebar.caption[0].value.startswith("**Article**")
    assert verdict(at) == "Diverges"


def test_the_download_button_says_how_many_rows_it_holds(app):
    at = app(view="training", iterations="1000000")
    button = at.get("download_button")[0]
    assert "Download the history" in button.label
    assert button.help.endswith(": 100,000 rows.")  # thinned from 1,000,001


# ---- one heavy page step at a time ------------------------------------------------


def test_the_rates_view_waits_for_the_heavy_slot_and_the_default_view_does_not(app):
    """A burst of costly links queues for one slot (cache.heavy); the rest of the
    room, on the default view, never waits for it."""
    finished = threading.Event()

    def open_rates():
        app(view="rates", iterations="20000")
        finished.set()

    with heavy.ticket():  # someone's costly view is computing
        assert app().get("bidi_component")  # the default view runs all the same
        waiting = threading.Thread(target=open_rates)
        waiting.start()
        assert not finished.wait(2.0)  # the rates view queues
    assert finished.wait(120)  # and runs once the slot is free
    waiting.join()


def test_the_heavy_slot_lets_its_holder_through_and_no_one_else():
    """A room's page holds the slot and may open a heavy view inside it."""
    inside, other = threading.Event(), threading.Event()

    def elsewhere():
        with heavy.ticket():
            other.set()

    with heavy.ticket(), heavy.ticket():  # nested in one thread: no deadlock
        inside.set()
        waiting = threading.Thread(target=elsewhere)
        waiting.start()
        assert not other.wait(0.5)
    assert inside.is_set() and other.wait(10)
    waiting.join()
