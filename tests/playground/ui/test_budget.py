"""Work past the budget waits for a button; within it, the page runs as it always did."""

import pytest

import neuron
from playground.compute import work
from playground.core.settings import Settings
from playground.ui import cache
from tests.helpers import chart_with, verdict

OFFER = "more than a page computes unasked"


def offered(at):
    return [i.value for i in at.info if OFFER in i.value]


def test_the_costliest_link_offers_its_work_and_computes_it_only_when_asked(app):
    sweep = "1e-6,1e-5,1e-4,3e-4,6e-4,9e-4,0.00119,0.0013"
    at = app(optimizer="adam", iterations="1000000", view="rates", sweep=sweep)
    assert not at.exception
    # the run and its reading: 1,000,000 updates, 5,000,000 more to ask whether rounding
    # decides its path (depends_on_rounding's four runs and the band's walk)
    assert offered(at) and "6,000,000 updates" in offered(at)[0]
    assert not at.get("vega_lite_chart")  # nothing computed yet
    at.button[[b.label for b in at.button].index("Compute it")].click().run()
    assert not at.exception
    assert verdict(at) == "Adam"  # the run, computed
    assert any("8,000,000 updates" in text for text in offered(at))  # the sweep: its own offer


def test_the_pressed_offer_is_kept_for_the_session(app):
    at = app(optimizer="rmsprop", iterations="300000")
    at.button[[b.label for b in at.button].index("Compute it")].click().run()
    at.run()  # a later rerun (a widget elsewhere) does not ask again
    assert not offered(at) and verdict(at) == "RMSProp"
    run = neuron.train(
        neuron.make_dataset(), optimizer=neuron.RMSProp(1e-4), iterations=300_000,
        initial_weight=0.637, initial_bias=0.2698, record=[300_000],
    )  # fmt: skip
    # RMSProp ends in a jitter whose phase rounding decides: the headline reads "≈ 1.8",
    # the figures its band leaves standing
    label = next(e.label for e in at.expander if e.label.count("**") >= 6)
    weight = label.split("**")[1]
    assert weight.startswith("≈ ") and float(weight[2:]) == pytest.approx(
        run.weights[-1], rel=1e-3
    )


def test_within_the_budget_nothing_is_offered(app):
    # 25,000 Adam updates and its reading's 125,000, and 25,000 of RMSProp's: 175,000
    at = app(optimizer="adam", iterations="25000", view="training", compare="rmsprop")
    assert not at.exception and not offered(at)
    _, curves = chart_with(at, "iteration", "loss", "series", "blew_up")
    assert {"Adam", "RMSProp"} <= set(curves["series"])


def test_a_comparison_past_the_budget_draws_the_pages_own_run_meanwhile(app):
    at = app(view="training", compare="adam,rmsprop", iterations="150000")
    assert offered(at) and "300,000 updates" in offered(at)[0]
    with pytest.raises(AssertionError):  # the page's own loss alone, no compared series
        chart_with(at, "iteration", "loss", "series", "blew_up")
    at.button[[b.label for b in at.button].index("Compute it")].click().run()
    _, curves = chart_with(at, "iteration", "loss", "series", "blew_up")
    assert {"Adam", "RMSProp"} <= set(curves["series"])


def test_the_math_view_far_into_a_loop_run_asks_first(app):
    at = app(view="math", optimizer="adam", iterations="150000", step="149999")
    assert offered(at) and not at.latex


def test_a_loop_runs_reading_counts_against_the_budget(app):
    """depends_on_rounding walks a loop run four more times and its band once more:
    past BUDGET / 6 Adam's own page asks first, where it used to run 200,000 unasked."""
    assert work.outcome_updates(Settings(optimizer="adam", iterations=40_000)) == 240_000
    assert work.outcome_updates(Settings(iterations=1_000_000)) == 0  # closed form
    at = app(optimizer="adam", iterations="40000")
    assert offered(at) and "240,000 updates" in offered(at)[0]
    assert not offered(app(optimizer="adam", iterations="33000"))


def test_closed_forms_cost_nothing_whatever_their_length():
    s = Settings(iterations=1_000_000)
    assert work.loop_updates(s, 8) == 0
    assert work.compared_updates(s, ["gd", "momentum", "nesterov"]) == 0
    assert work.compared_updates(s, ["gd", "adam"]) == 1_000_000
    assert work.replay_updates(Settings(optimizer="adam"), 5_000) == 10_000


def test_the_history_csv_is_made_once_a_run():
    s = Settings(iterations=2_000)
    first = cache.history_csv(s, 2_000, "en", "full")
    assert cache.history_csv(s, 2_000, "en", "full") is first
    assert first.count("\n") == 2_002  # a header and iterations 0 … 2,000


def test_a_huge_rates_list_is_cut_before_it_is_parsed(app):
    at = app(view="rates", sweep=",".join(["1e-4"] * 50_000) + ",abc")
    # a link this long (250,000 characters) is now refused whole, before any value is read
    warning = next(w.value for w in at.warning if "characters long" in w.value)
    assert at.session_state["sweep"] == ""  # the default: nothing of the link was applied
    at = app(view="rates", sweep=",".join(["1e-4"] * 2_500) + ",abc")  # 12,504: read, cut
    warning = next(w.value for w in at.warning if "This link had values" in w.value)
    assert "…" in warning and "abc" not in warning  # the tail was never read
