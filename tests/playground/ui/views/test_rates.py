"""The rates view's numbers, held to ``tests/truth.py``'s loop and bowl."""

import pytest

from neuron.parameters import DEFAULT_START
from playground.core.text import text
from tests.helpers import metric
from tests.truth import CRITICAL, check_share, learned, near, num, parse, run, truth


def test_the_rates_view_says_the_weight_is_learned_from_286(app):
    assert pytest.approx((0.637, 0.2698), abs=1e-3) == DEFAULT_START
    at, tr, T = app(view="rates"), truth(run("")), text("en")
    assert learned(tr, 0) == 286
    assert metric(at, "Weight learned for good from").value == "iteration 286"
    assert metric(at, "Bias learned for good from").value == f"iteration {learned(tr, 1):,}"
    lo, hi = tr.curvatures
    for label, value in (
        ("Critical rate 2/λmax", 2 / hi),
        ("Overshooting starts (1/λmax)", 1 / hi),
        ("Optimal 2/(λmin+λmax)", 2 / (lo + hi)),
        ("Condition number κ", hi / lo),
    ):
        assert near(T, metric(at, label).value, value), label
    _, shown = parse(T, ["stability.share"], metric(at, "Your rate is").value)
    check_share(T, tr, shown["share"])


def test_at_the_edge_the_rates_view_does_not_say_the_bias_is_never_learned(app):
    """At the critical rate the bias bounces 0.0007 °F around 32, well within 1 %."""
    at = app(view="rates", lr=str(CRITICAL))
    assert metric(at, "Bias learned for good from").value != "never"


def test_the_largest_rate_that_works_works_and_overshooting_starts_where_it_does(app):
    """The issue's case: at 0.0011998 the beginner page said "Largest rate that works =
    0.0011998", a rate that diverges."""
    T, tr = text("en", "beginner"), truth(run("lr=0.0011998"))
    at = app(view="rates", level="beginner", lr="0.0011998")
    works = num(T, metric(at, "Largest rate that works").value)
    assert works < tr.critical() and abs(works / tr.critical() - 1) < 1e-4
    starts = num(T, metric(at, "Overshooting starts at").value)
    assert starts >= 1 / tr.curvatures[1] and abs(starts * tr.curvatures[1] - 1) < 1e-4
