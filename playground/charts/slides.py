"""Slides to take home: the run as an animated GIF, and a QR code of the link.

Both are built on the server, offline: Pillow draws the GIF from the same
frames the in-browser animation plays, and segno writes the QR code as SVG.
The GIF's words are drawn in the font shipped beside this module (a subset of
Noto Sans, SIL Open Font License, ``assets/OFL.txt``), so accents and the
thousands space read the same on every server. No Streamlit here.
"""

import functools
import io
import math
from pathlib import Path

import segno
from PIL import Image, ImageDraw, ImageFont

from playground.core.text import text

FONT = Path(__file__).with_name("assets") / "NotoSans-Regular.ttf"
SIZE = (800, 480)
PLOT = (96, 124, 780, 430)  # left, top, right, bottom
FRAMES = 60  # at least 30, at most 5 MB: 60 frames of 800 × 480 are about 0.5 MB
HOLD = 2000  # ms the last frame stays, so a loop ends on the result
PALETTE = {
    "paper": "#FFFFFF",
    "grid": "#DDDDDD",
    "ink": "#111111",
    "data": "#8C8C8C",
}
DASH = {"actual": None, "before": (12, 6), "now": (6, 5)}


@functools.cache
def font(size):
    """The shipped font at ``size`` pixels."""
    return ImageFont.truetype(str(FONT), size)


def _colours(data):
    """Palette index of each role: the animation's own colours plus paper and ink."""
    names = [*PALETTE, "actual", "before", "now"]
    hexes = [*PALETTE.values(), *(data["style"][r]["color"] for r in ("actual", "before", "now"))]
    flat = []
    for h in hexes:
        flat += [int(h[i : i + 2], 16) for i in (1, 3, 5)]
    return {name: i for i, name in enumerate(names)}, flat + [0] * (768 - len(flat))


def _frames(data, count=FRAMES):
    """Which of the animation's frames the GIF keeps: evenly spread, the last included."""
    n = len(data["frames"]["iteration"])
    if n <= count:
        return list(range(n))
    return sorted({round(i * (n - 1) / (count - 1)) for i in range(count)})


def animation_gif(data, title):
    """The animation as GIF bytes: the lines moving, with the title and a counter.

    Parameters
    ----------
    data : dict
        What the in-browser animation gets (``figures.player_data``).
    title : str
        Drawn at the top of every frame (the settings, for a slide), wrapped
        to the frame's width.
    """
    index, palette = _colours(data)
    base = _background(data, index, palette, title)
    images = []
    for i in _frames(data):
        image = base.copy()
        draw = ImageDraw.Draw(image)
        w, b = data["frames"]["weight"][i], data["frames"]["bias"][i]
        _line(draw, data, w, b, index["now"], dash=DASH["now"])
        draw.text((PLOT[0], 66), counter(data, i), font=font(17), fill=index["ink"])
        images.append(image)
    out = io.BytesIO()
    durations = [80] * (len(images) - 1) + [HOLD]
    images[0].save(
        out, format="GIF", save_all=True, append_images=images[1:], duration=durations, loop=0
    )
    return out.getvalue()


def counter(data, i):
    """Frame ``i``'s counter in the page's language: "Iteración 10 / 100 · pérdida 2,5e18"."""
    T, t, frames = text(data["lang"]), data["text"], data["frames"]
    return (
        f"{t['iteration']} {T.count(frames['iteration'][i])} / {T.count(data['iterations'])}"
        f" · {t['loss']} {T.number(frames['loss'][i], 5)}"
    )


def wrap(words, size, width):
    """``words`` broken into lines no wider than ``width`` pixels at ``size``."""
    lines = [""]
    for word in words.split(" "):
        joined = f"{lines[-1]} {word}".strip()
        if lines[-1] and font(size).getlength(joined) > width:
            lines.append(word)
        else:
            lines[-1] = joined
    return lines


def _background(data, index, palette, title):
    """Everything that does not move: paper, grid and its numbers, points, the
    fixed lines, the title and the legend."""
    image = Image.new("P", SIZE, index["paper"])
    image.putpalette(palette)
    draw = ImageDraw.Draw(image)
    size = 18 if len(wrap(title, 18, SIZE[0] - 24)) <= 2 else 13  # the whole title, in two lines
    for row, line in enumerate(wrap(title, size, SIZE[0] - 24)):
        draw.text((12, 8 + (size + 6) * row), line, font=font(size), fill=index["ink"])
    _axes(draw, data, index)
    for c, f in zip(data["points"]["celsius"], data["points"]["fahrenheit"]):
        x, y = _xy(data, c, f)
        if PLOT[1] <= y <= PLOT[3]:
            draw.ellipse((x - 2, y - 2, x + 2, y + 2), fill=index["data"])
    _line(draw, data, *data["actual"], index["actual"])
    _line(draw, data, *data["before"], index["before"], dash=DASH["before"])
    _legend(draw, data, index)
    return image


def _axes(draw, data, index):
    """The frame, grid lines with their numbers, and the axes' names."""
    T, t, small = text(data["lang"]), data["text"], font(14)
    draw.rectangle(PLOT, outline=index["grid"])
    for v in ticks(*data["x"], 8):
        x, _ = _xy(data, v, data["y"][0])
        draw.line((x, PLOT[1], x, PLOT[3]), fill=index["grid"])
        draw.text((x, PLOT[3] + 4), _tick(T, v), font=small, fill=index["ink"], anchor="mt")
    for v in ticks(*data["y"], 6):
        _, y = _xy(data, data["x"][0], v)
        draw.line((PLOT[0], y, PLOT[2], y), fill=index["grid"])
        draw.text((PLOT[0] - 6, y), _tick(T, v), font=small, fill=index["ink"], anchor="rm")
    draw.text(((PLOT[0] + PLOT[2]) / 2, SIZE[1] - 4), t["celsius"], font=small,
              fill=index["ink"], anchor="md")  # fmt: skip
    _upright(draw, t["fahrenheit"], small, (4, (PLOT[1] + PLOT[3]) / 2), index["ink"])


def _upright(draw, words, face, left_middle, colour):
    """``words`` turned a quarter to read bottom to top, their middle at ``left_middle``."""
    box = face.getbbox(words)
    mask = Image.new("L", (box[2] + 2, box[3] + 2))
    ImageDraw.Draw(mask).text((1, 1), words, font=face, fill=255)
    mask = mask.rotate(90, expand=True).point(lambda v: 255 if v > 64 else 0)  # no half-tones in P
    x, y = left_middle
    draw.bitmap((round(x), round(y - mask.height / 2)), mask, fill=colour)


def _tick(T, v):
    return T.count(v) if float(v).is_integer() else T.number(v)


def ticks(lo, hi, count):
    """Round numbers from ``lo`` to ``hi``, about ``count`` of them (1, 2 or 5 × 10^k apart)."""
    raw = (hi - lo) / max(count, 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw)
    first = math.ceil(lo / step)
    return [k * step for k in range(first, math.floor(hi / step) + 1)]


def _legend(draw, data, index):
    """All three lines, each with a sample of its stroke, in one row above the plot."""
    t, small = data["text"], font(15)
    x, y = PLOT[0], 106
    for role in ("actual", "before", "now"):
        sample = (x, y, x + 34, y)
        _dashed(draw, sample, index[role], DASH[role])
        draw.text((x + 40, y), t[role], font=small, fill=index["ink"], anchor="lm")
        x += 40 + small.getlength(t[role]) + 24


def _dashed(draw, segment, colour, dash):
    x0, y, x1, _ = segment
    on, off = dash or (x1 - x0, 0)
    x = x0
    while x < x1:
        draw.line((x, y, min(x + on, x1), y), fill=colour, width=4)
        x += on + off


def _xy(data, celsius, fahrenheit):
    (x0, x1), (y0, y1) = data["x"], data["y"]
    x = PLOT[0] + (celsius - x0) / (x1 - x0) * (PLOT[2] - PLOT[0])
    y = PLOT[3] - (fahrenheit - y0) / (y1 - y0) * (PLOT[3] - PLOT[1])
    return x, y


def _line(draw, data, w, b, colour, dash=None):
    """The line F = w·C + b across the plot, clipped to it, solid or dashed."""
    (x0, x1), (y0, y1) = data["x"], data["y"]
    steps = 200
    points = []
    for k in range(steps + 1):
        c = x0 + (x1 - x0) * k / steps
        f = w * c + b
        if y0 <= f <= y1:
            points.append(_xy(data, c, f))
        else:
            points.append(None)
    on, off = dash or (1, 0)
    for k in range(steps):
        if points[k] and points[k + 1] and (not dash or k % (on + off) < on):
            draw.line((points[k], points[k + 1]), fill=colour, width=4)


@functools.lru_cache(maxsize=256)  # the share panel draws it on every run: ~4 ms each
def qr_svg(url):
    """A QR code of ``url`` as an SVG string (dark modules on white)."""
    return segno.make(url, error="m").svg_inline(scale=5, dark="#111111", light="#FFFFFF")
