"""What every chart shares: field helpers, rules, log floors, and the Vega-Lite export."""

import threading

import altair as alt
import pandas as pd

from playground.compute.frames import LOG_FLOOR

HEIGHT = 320


def q(field, title=None, **kwargs):
    return {"field": field, "type": "quantitative", "title": title, **kwargs}


def two_lines(title):
    """A long axis title in two lines, broken before its parenthesis: Vega fits a
    rotated title into the chart's height, so one longer than the plot squashes it."""
    head, cut, rest = title.partition(" (")
    return [head, "(" + rest] if cut else title


def rules(values, label, colour, field, title):
    """A vertical rule with a label at ``values[field]``, or nothing if it is None."""
    if values.get(field) is None:
        return []
    frame = pd.DataFrame({field: [values[field]], "label": [label]})
    base = alt.Chart(frame)
    return [
        base.mark_rule(color=colour, strokeWidth=3, strokeDash=[5, 3]).encode(
            x=alt.X(**q(field)),
            tooltip=[
                alt.Tooltip("label", type="nominal", title=" "),
                alt.Tooltip(field, type="quantitative", title=title, format=","),
            ],
        ),
        base.mark_text(align="left", dx=4, dy=8, color=colour, fontWeight="bold").encode(
            x=alt.X(**q(field)), y=alt.value(0), text=alt.Text("label", type="nominal")
        ),
    ]


def floored(frame, columns, floor=LOG_FLOOR):
    """Copy of ``frame`` with ``columns`` floored for a log axis (0 has no log)."""
    out = frame.copy()
    for c in columns:
        out[c] = out[c].clip(lower=floor)
    return out


# ---- to Vega-Lite, once ------------------------------------------------------------

_transform_lock = threading.Lock()


# d3-format locales: Spanish writes 2 260,5 where English writes 2,260.5.
LOCALES = {
    "es": {"decimal": ",", "thousands": "\u202f", "grouping": [3], "currency": ["", "\u00a0€"]},
}


class Poured:
    """A chart whose Vega-Lite is written once per shape, then filled with data.

    Altair spends 20-40 ms turning a layered chart into Vega-Lite, whatever
    its data. ``draw(*frames, *values, **fixed)`` is converted once per
    ``fixed`` and shape of ``values``, with stand-ins for ``frames`` and
    ``values``; every later chart of that shape is the same dict with its own
    frames and values poured in (``to_vega_lite``). ``values`` are numbers,
    strings or lists of strings that ``draw`` places as they are: anything
    derived from them is derived before, and passed in.
    """

    def __init__(self, draw, frames, values=(), **fixed):
        self.draw, self.frames, self.values, self.fixed = draw, tuple(frames), tuple(values), fixed

    def chart(self):
        """The Altair chart itself, drawn with the real data."""
        return self.draw(*self.frames, *self.values, **self.fixed)

    def to_dict(self, **kwargs):
        return self.chart().to_dict(**kwargs)

    def key(self):
        shape = tuple(len(v) if isinstance(v, list) else type(v).__name__ for v in self.values)
        fixed = tuple((k, tuple(v.items()) if isinstance(v, dict) else v)
                      for k, v in sorted(self.fixed.items()))  # fmt: skip
        return self.draw.__module__, self.draw.__qualname__, shape, fixed, len(self.frames)


def _stand_in(i, value):
    """A value no chart holds, for the ``i``-th of ``Poured.values``."""
    if isinstance(value, list):
        return [f"\ue000{i}.{j}" for j in range(len(value))]
    return f"\ue000{i}" if isinstance(value, str) else -7.0e-300 * (i + 1)


_templates, _TEMPLATES_MAX = {}, 128  # Poured.key() -> (spec with holes, its own frames)


def _name(frame):
    return "data-" + str(pd.util.hash_pandas_object(frame, index=False).sum() % 10**12)


def _dictify(chart, holes=None):
    """(spec, frames): ``chart.to_dict`` with each frame kept aside under a
    name; frames whose id is in ``holes`` are named as it says, and not kept."""
    frames, holes = {}, holes or {}

    def keep(data):
        if id(data) in holes:
            return {"name": holes[id(data)]}
        frame = pd.DataFrame(data)
        name = _name(frame)
        frames[name] = frame
        return {"name": name}

    # Data transformers are global to Altair, so one chart converts at a time.
    with _transform_lock:
        alt.data_transformers.register("playground_frames", keep)
        with alt.data_transformers.enable("playground_frames"), alt.theme.enable("none"):
            spec = chart.to_dict(validate=False)
    return spec, frames


def _fill(node, swap):
    if isinstance(node, dict):
        return {k: _fill(v, swap) for k, v in node.items()}
    if isinstance(node, list):
        return [_fill(v, swap) for v in node]
    return swap.get(node, node) if type(node) in (str, float) else node


def _pour(poured):
    """``_dictify(poured.chart())``, from the shape's template once there is one."""
    key = poured.key()
    template = _templates.get(key)  # read once: another session may clear the cache
    if template is None:
        holes = {id(f): f"\ue000frame{i}" for i, f in enumerate(poured.frames)}
        stand_ins = [_stand_in(i, v) for i, v in enumerate(poured.values)]
        template = _dictify(poured.draw(*poured.frames, *stand_ins, **poured.fixed), holes)
        if len(_templates) >= _TEMPLATES_MAX:
            _templates.clear()
        _templates[key] = template
    spec, constant = template
    swap, frames = {}, dict(constant)
    for i, frame in enumerate(poured.frames):
        frame = pd.DataFrame(frame)
        name = _name(frame)
        swap[f"\ue000frame{i}"] = name
        frames[name] = frame
    for i, value in enumerate(poured.values):
        stand_in = _stand_in(i, value)
        pairs = zip(stand_in, value) if isinstance(value, list) else [(stand_in, value)]
        swap.update((a, float(b) if isinstance(a, float) else b) for a, b in pairs)
    return _fill(spec, swap), frames


def to_vega_lite(chart, *, description=None, title=None, lang="en", present=False):
    """The chart as a Vega-Lite dict whose data sits in ``datasets`` as frames.

    Altair's own ``to_dict`` writes every row out as JSON; here each frame is
    kept as it is, named by its content, for Streamlit to send as Arrow. The
    result can be cached and drawn many times with ``st.vega_lite_chart``.
    ``chart`` is an Altair chart, or a ``Poured`` one.

    Parameters
    ----------
    description : str, optional
        The chart's text alternative: Vega makes it the accessible name, and
        the marks stop announcing themselves one by one.
    title : str, optional
        Drawn above the chart, so an exported PNG says what it shows.
    lang : str
        Numbers in tooltips and axes follow the language.
    present : bool
        Presenter mode: larger type, for the back of a room.
    """
    spec, frames = _pour(chart) if isinstance(chart, Poured) else _dictify(chart)
    spec["datasets"] = frames
    big = 1.35 if present else 1.0
    config = spec.setdefault("config", {})
    config.update(
        axis={"labelFontSize": round(13 * big), "titleFontSize": round(14 * big), "aria": False},
        # Vega cuts a legend label at 160 px: "Ejecución muestreada, semilla 0" lost
        # its seed, so the three sampled runs read alike in Spanish
        legend={
            "labelFontSize": round(13 * big),
            "titleFontSize": round(13 * big),
            "labelLimit": 320,
            "aria": False,
        },
        title={
            "fontSize": round(13 * big),
            "fontWeight": "normal",
            "anchor": "start",
            "aria": False,
        },
        # Marks and guides leave the accessibility tree (no label per point);
        # the chart's description names the whole picture.
        mark={"aria": False},
    )
    if lang in LOCALES:
        config["locale"] = {"number": LOCALES[lang]}
    if description:
        spec["description"] = description
    if title:
        spec["title"] = {"text": title, "aria": False}  # the description names the chart
    return spec
