"""The Spanish page writes numbers the Spanish way: decimal commas and the
thousands space, in every view, full and beginner, in its prose, metrics,
tables, charts' words and the animation's data."""

import re

import pytest

from playground.core.views import NAMES
from tests.helpers import player, visible_text

# A decimal point between digits, or an English thousands comma. The page writes
# numbers to 4 significant figures (number()), so "12,345" or "1,000,000" cannot be
# a Spanish decimal: two digits before a comma leave at most two after it.
ENGLISH = re.compile(r"\d\.\d|\d{2},\d{3}(?!\d)|\d,\d{3},\d{3}")
CODE = re.compile(r"`[^`]*`")  # a link or a parameter as typed (lr=0.0009) is code


def english_numbers(text):
    return sorted({m.group() for m in ENGLISH.finditer(CODE.sub(" ", text))})


PAGES = [(view, "full") for view in NAMES] + [
    (view, "beginner") for view in NAMES if view != "math"
]


@pytest.mark.parametrize(("view", "level"), PAGES)
def test_the_spanish_page_writes_no_number_the_english_way(app, view, level):
    at = app(lang="es", view=view, level=level, lr="0.0009")
    assert not at.exception
    text = visible_text(at)
    assert re.search(r"\d,\d", text)  # the page did write decimals, the Spanish way
    assert english_numbers(text) == [], english_numbers(text)
    # Tables keep 6 significant figures (989,652 is a decimal), so only the point is checked.
    cells = [str(v) for t in at.table for v in t.value.to_numpy().ravel()]
    assert not [c for c in cells if re.search(r"\d\.\d", c)]
    if view == "predictions":
        data = player(at)
        assert (data["decimal"], data["group"]) == (",", "\u202f")


def test_the_check_finds_english_numbers():
    assert english_numbers("tasa 0.0009, 10,000 pasos, 1,000,000") == [
        "0.0", "1,000,000", "10,000",
    ]  # fmt: skip
    assert english_numbers("tasa 0,0009; 10\u202f000 pasos; inicio (0,637; 0,2698) `lr=0.5`") == []
