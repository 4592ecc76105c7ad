"""What every chart shares: field helpers, rules, log floors, and the Vega-Lite export."""

import threading

import altair as alt
import pandas as pd

from playground.frames import LOG_FLOOR

HEIGHT = 320


def q(field, title=None, **kwargs):
    return {"field": field, "type": "quantitative", "title": title, **kwargs}


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


def to_vega_lite(chart, *, description=None, title=None, lang="en", present=False):
    """The chart as a Vega-Lite dict whose data sits in ``datasets`` as frames.

    Altair's own ``to_dict`` writes every row out as JSON; here each frame is
    kept as it is, named by its content, for Streamlit to send as Arrow. The
    result can be cached and drawn many times with ``st.vega_lite_chart``.

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
    frames = {}

    def keep(data):
        frame = pd.DataFrame(data)
        name = "data-" + str(pd.util.hash_pandas_object(frame, index=False).sum() % 10**12)
        frames[name] = frame
        return {"name": name}

    # Data transformers are global to Altair, so one chart converts at a time.
    with _transform_lock:
        alt.data_transformers.register("playground_frames", keep)
        with alt.data_transformers.enable("playground_frames"), alt.theme.enable("none"):
            spec = chart.to_dict(validate=False)
    spec["datasets"] = frames
    big = 1.35 if present else 1.0
    config = spec.setdefault("config", {})
    config.update(
        axis={"labelFontSize": round(13 * big), "titleFontSize": round(14 * big), "aria": False},
        legend={"labelFontSize": round(13 * big), "titleFontSize": round(13 * big), "aria": False},
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
