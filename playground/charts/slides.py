"""Slides to take home: the run as an animated GIF, and a QR code of the link.

Both are built on the server, offline: Pillow draws the GIF from the same
frames the in-browser animation plays, and segno writes the QR code as SVG.
No Streamlit here.
"""

import functools
import io

import segno
from PIL import Image, ImageDraw, ImageFont

SIZE = (800, 450)
PLOT = (70, 70, 780, 390)  # left, top, right, bottom
FRAMES = 60  # at least 30, at most 5 MB: 60 frames of 800 × 450 are about 0.5 MB
HOLD = 2000  # ms the last frame stays, so a loop ends on the result
PALETTE = {
    "paper": "#FFFFFF",
    "grid": "#DDDDDD",
    "ink": "#111111",
    "data": "#8C8C8C",
}


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
        Drawn at the top of every frame (the settings, for a slide).
    """
    index, palette = _colours(data)
    font, small = ImageFont.load_default(size=20), ImageFont.load_default(size=15)
    base = _background(data, index, palette, font, small, title)
    images = []
    for i in _frames(data):
        image = base.copy()
        draw = ImageDraw.Draw(image)
        w, b = data["frames"]["weight"][i], data["frames"]["bias"][i]
        _line(draw, data, w, b, index["now"], dash=(6, 5))
        t = data["text"]
        counter = (
            f"{t['iteration']} {data['frames']['iteration'][i]:,} / {data['iterations']:,}"
            f" · {t['loss']} {data['frames']['loss'][i]:.5g}"
        )
        draw.text((PLOT[0], 40), counter, font=small, fill=index["ink"])
        images.append(image)
    out = io.BytesIO()
    durations = [80] * (len(images) - 1) + [HOLD]
    images[0].save(
        out, format="GIF", save_all=True, append_images=images[1:], duration=durations, loop=0
    )
    return out.getvalue()


def _background(data, index, palette, font, small, title):
    """Everything that does not move: paper, grid, points, the fixed lines, words."""
    image = Image.new("P", SIZE, index["paper"])
    image.putpalette(palette)
    draw = ImageDraw.Draw(image)
    draw.text((PLOT[0], 10), title, font=font, fill=index["ink"])
    draw.rectangle(PLOT, outline=index["grid"])
    for c, f in zip(data["points"]["celsius"], data["points"]["fahrenheit"]):
        x, y = _xy(data, c, f)
        if PLOT[1] <= y <= PLOT[3]:
            draw.ellipse((x - 2, y - 2, x + 2, y + 2), fill=index["data"])
    _line(draw, data, *data["actual"], index["actual"])
    _line(draw, data, *data["before"], index["before"], dash=(12, 6))
    t = data["text"]
    draw.text((PLOT[0], PLOT[3] + 12), f"{t['celsius']}", font=small, fill=index["ink"])
    draw.text((PLOT[2] - 260, PLOT[3] + 12), t["before"], font=small, fill=index["before"])
    draw.text((PLOT[2] - 480, PLOT[3] + 12), t["actual"], font=small, fill=index["actual"])
    return image


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
