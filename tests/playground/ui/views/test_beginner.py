"""Beginner mode: every view in plain words."""

import re

import pytest

from tests.helpers import text_of
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


# the issue's list: words a beginner page still used, in both languages
TECHNICAL = re.compile(r"least squares|∂|learning-rate finder|critical rate|mínimos cuadrados|"
                       r"buscador de tasa|tasa crítica", re.I)  # fmt: skip


@pytest.mark.parametrize("view", ["predictions", "training", "rates", "landscape"])
def test_every_beginner_view_uses_plain_words_for_the_issues_list(app, view):
    for lang in ("en", "es"):
        at = app(view=view, lang=lang, level="beginner")
        assert not TECHNICAL.search(text_of(at)), (view, TECHNICAL.findall(text_of(at)))
