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
