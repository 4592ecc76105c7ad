"""The GIF to take home: its words drawn in the shipped font, whole, in the page's language."""

import io
import re

import pytest
from PIL import Image, ImageDraw, ImageFont

from playground.charts import described, figures, slides
from playground.compute.analysis import analyse
from playground.core.settings import Settings
from playground.core.text import THIN_SPACE, text

DIVERGES = {"lr": 0.005, "iterations": 1000}


def drawn(lang, values=None, title=None):
    """Every string the GIF draws for ``values`` in ``lang``, and the GIF's bytes."""
    T = text(lang)
    outcome = analyse(Settings.from_values(values or {}))
    data = figures.player_data(outcome, T)
    title = title or f"{T('page.title')} · {described.title(T, outcome)}"
    words = []
    original = ImageDraw.ImageDraw.text

    def record(self, xy, text, *args, **kwargs):
        words.append(text)
        return original(self, xy, text, *args, **kwargs)

    ImageDraw.ImageDraw.text = record
    try:
        gif = slides.animation_gif(data, title)
    finally:
        ImageDraw.ImageDraw.text = original
    return words, gif, data, title


def missing(face, chars):
    """The characters ``face`` draws as its empty-glyph box (.notdef), as a private-use
    character is drawn."""

    def shape(ch):
        image = Image.new("L", (64, 64))
        ImageDraw.Draw(image).text((8, 8), ch, font=face, fill=255)
        return image.tobytes()

    box = shape("\ue000")
    return {ch for ch in chars if not ch.isspace() and shape(ch) == box}


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_shipped_font_has_every_character_the_gif_draws(lang):
    words, *_ = drawn(lang, DIVERGES)
    chars = set("".join(words))
    assert {"ó", "é", THIN_SPACE, "·", "°"} <= chars or lang == "en"
    assert missing(slides.font(15), chars) == set()


def test_the_check_finds_the_boxes_the_default_font_drew():
    """Pillow's built-in font lacks ó and the thin space: the check above would catch it."""
    words, *_ = drawn("es", DIVERGES)
    assert "ó" in missing(ImageFont.load_default(size=15), set("".join(words)))


def test_the_whole_title_is_drawn_even_when_long():
    title = "Single-Neuron Playground · " + " · ".join(f"setting {k} 0.125" for k in range(12))
    words, *_ = drawn("en", title=title)
    lines = [w for w in words if w.startswith("Single-Neuron") or w.startswith("setting")]
    assert " ".join(lines) == title
    assert all(slides.font(13).getlength(line) <= slides.SIZE[0] - 24 for line in lines)


def test_numbered_axes_and_all_three_lines_in_the_legend():
    words, _, data, _ = drawn("en")
    for role in ("actual", "before", "now"):
        assert data["text"][role] in words
    numbers = [w for w in words if re.fullmatch(r"-?\d+", w)]
    assert len(numbers) >= 6
    assert {data["text"]["celsius"], data["text"]["fahrenheit"]} <= set(words)


def test_spanish_numbers_have_decimal_commas_and_thin_spaces():
    words, gif, data, title = drawn("es", {"lr": 0.0009})
    counters = [w for w in words if w.startswith(data["text"]["iteration"])]
    assert counters and not any(re.search(r"\d\.\d", w) for w in counters)
    assert f"10{THIN_SPACE}000" in counters[-1]
    assert "0,0009" in title and "0.0009" not in "".join(words)
    assert Image.open(io.BytesIO(gif)).n_frames == slides.FRAMES


def test_a_blown_up_loss_is_written_in_powers_of_ten():
    words, _, data, _ = drawn("es", DIVERGES)
    losses = [w.rsplit(" ", 1)[-1] for w in words if w.startswith(data["text"]["iteration"])]
    assert any(re.fullmatch(r"\d,\d+e\d+", loss) for loss in losses)
    assert all(len(loss) <= 12 for loss in losses)


def test_ticks_are_round_numbers_spanning_the_range():
    assert slides.ticks(-50, 50, 10) == [-50, -40, -30, -20, -10, 0, 10, 20, 30, 40, 50]
    assert slides.ticks(-50, 50, 8) == [-40, -20, 0, 20, 40]
    assert slides.ticks(-63.2, 130.5, 6) == [-50, 0, 50, 100]
