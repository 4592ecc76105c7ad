"""Beginner mode: every view in plain words."""

import re

import pytest

from tests.helpers import text_of, visible_text
from tests.truth import CRITICAL

JARGON = re.compile(r"λ|κ|eigen|Hessian|hessiana|valores? propios?", re.I)


@pytest.mark.parametrize("view", ["predictions", "training", "rates", "landscape", "math"])
def test_every_beginner_view_has_no_jargon(app, view):
    for lang in ("en", "es"):
        at = app(view=view, lang=lang, level="beginner", lr=str(CRITICAL))
        assert not at.exception
        assert not JARGON.search(text_of(at)), view


def test_the_standardized_landscape_has_no_jargon_for_beginners(app):
    at = app(view="landscape", level="beginner", scaled="true")
    assert not JARGON.search(text_of(at))


# the issue's list: words a beginner page still used, in both languages, anywhere a
# visitor reads them (the sidebar's preset and switch helps, metrics, charts' words)
TECHNICAL = re.compile(
    r"least squares|∂|learning-rate finder|critical|optimum|full batch|"
    r"mínimos cuadrados|buscador de tasa|crítica|óptimo|lote",
    re.I,
)


@pytest.mark.parametrize("view", ["predictions", "training", "rates", "landscape"])
@pytest.mark.parametrize("lr", ["0.0001", "0.0012"])
def test_every_beginner_view_uses_plain_words_for_the_issues_list(app, view, lr):
    for lang in ("en", "es"):
        at = app(view=view, lang=lang, level="beginner", lr=lr)
        shown = visible_text(at)
        assert not TECHNICAL.search(shown), (view, lang, TECHNICAL.findall(shown))


@pytest.mark.parametrize(
    "query",
    [
        dict(optimizer="rmsprop", lr="0.05"),  # a jittering run, whose path rounding decides
        dict(optimizer="adam", lr="0.1"),
        dict(batch="1", lr="0.0007", iterations="3000"),  # unsafe with these batches
        dict(batch="4", lr="0.0005", iterations="3000"),
    ],
)
def test_loop_optimizers_and_batches_read_in_plain_words(app, query):
    """A review found "no closed-form verdict", "jittering around the optimum",
    "expected loss", "stays finite" and "critical rate … (full batch: …)" on these
    beginner pages. (Spanish beginners read "lotes", the everyday word for batches;
    "lote completo", the full batch, is still the technical one.)"""
    words = re.compile(TECHNICAL.pattern.replace("|lote", "|lote completo") +
                       r"|closed-form|expected loss|stays finite|forma cerrada|pérdida esperada",
                       re.I)  # fmt: skip
    for lang in ("en", "es"):
        at = app(lang=lang, level="beginner", **query)
        assert not at.exception
        shown = visible_text(at)
        assert not words.search(shown), (query, lang, words.findall(shown))
