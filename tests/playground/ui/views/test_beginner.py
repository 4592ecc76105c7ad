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
