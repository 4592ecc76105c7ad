"""The headline's verdict, as the page shows it, held to ``tests/truth.py``."""

import re

import pytest

from playground.core.settings import Settings
from playground.core.text import text
from tests.helpers import text_of, verdict
from tests.truth import CRITICAL, check_run, kind, run, truth


@pytest.mark.parametrize("query", [f"lr={CRITICAL}", "scaled=true&lr=1"])
def test_the_critical_rate_is_on_the_edge_and_never_converges(app, query):
    at = app(**dict(kv.split("=") for kv in query.split("&")))
    assert verdict(at) == "On the edge"
    words = text_of(at)
    assert "neither converges nor diverges" in words and "bounces for ever" in words
    assert "lands closer" not in words and "Converges" not in words
    assert not re.search(r"learned.*from iteration|needs \*\*|from iteration \*\*", words)
    assert kind(truth(run(query))) == "edge"


def test_too_small_shows_no_green_converges_beside_nothing_learned(app):
    at = app()
    at.button(key="preset_too_small").click().run()
    shown = verdict(at)
    assert shown == "Converges, not learned yet" or "Both parameters are learned" in text_of(at)
    expected, _ = check_run(Settings(learning_rate=at.number_input(key="lr").value))
    assert shown == text("en")(f"verdict.{expected}.title")


def test_one_iteration_is_one_iteration_in_every_word(app):
    for lang, level in (("en", "full"), ("es", "beginner")):
        at = app(iterations="1", lang=lang, level=level, view="training")
        assert not re.search(r"(?<![\d,.\u202f])1 (iterations|steps|iteraciones|pasos)\b",
                             text_of(at))  # fmt: skip
