"""What a test reads off a page run through AppTest: charts, text, the verdict, and
what would be English on a Spanish page."""

import json
import re

import pyarrow as pa

from playground.core.text import CATALOGUES


def charts(at):
    """Every Vega-Lite chart on the page as (spec, {dataset name: DataFrame})."""
    out = []
    for element in at.get("vega_lite_chart"):
        proto = element.proto
        frames = {
            d.name: pa.ipc.open_stream(d.data.data).read_all().to_pandas() for d in proto.datasets
        }
        out.append((json.loads(proto.spec), frames))
    return out


def text_of(at):
    """All the text a visitor reads in the main area and the sidebar."""
    parts = []
    for kind in (
        "title",
        "markdown",
        "caption",
        "subheader",
        "success",
        "info",
        "warning",
        "error",
        "latex",
    ):
        parts += [str(e.value) for e in at.get(kind)]
    parts += [f"{m.label} {m.value} {m.proto.body}" for m in at.metric]
    parts += [e.label for e in at.expander]
    return "\n".join(parts)


def verdict(at):
    """The headline's title: "Converges", "Diverges", …"""
    boxes = [
        e.value
        for kind in ("success", "info", "warning", "error")
        for e in at.get(kind)
        if "**" in e.value and " — " in e.value
    ]
    return boxes[0].split("**")[1]


def chart_with(at, *columns):
    """The first chart one of whose datasets has all of ``columns``."""
    for spec, frames in charts(at):
        for frame in frames.values():
            if set(columns) <= set(frame.columns):
                return spec, frame
    raise AssertionError(f"no chart has {columns}")


def metric(at, label):
    return next(m for m in at.metric if m.label == label)


def player(at):
    """The animation's data, as the page sent it to the browser (JSON text, parsed)."""
    sent = [json.loads(e.proto.json) for e in at.get("bidi_component")]
    (found,) = [json.loads(d) for d in sent if isinstance(d, str) and '"frames"' in d]
    return found


def numbers(at):
    """(weight, bias, loss) at the end of the run, as the headline's numbers line reads."""
    label = next(e.label for e in at.expander if e.label.count("**") >= 6)
    bold = label.split("**")[1::2]
    return tuple(_read(v) for v in bold[:3])


def _read(shown):
    """A number as printed; "≈ 0 (the limit of 64-bit floating point)" reads 0."""
    if shown.startswith("≈ 0"):
        return 0.0
    return float(shown.replace(",", ".").replace("\u202f", ""))


# ---- what a page shows, for the language tests -----------------------------------

BILINGUAL = {"sidebar.language", "language.name"}  # each language is named in its own
EN, ES = CATALOGUES["en"], CATALOGUES["es"]


def english_phrases():
    """Text that is English only: entries that differ in Spanish, as fragments
    between placeholders and markup, long enough to mean something."""
    out = set()
    for key, english in EN.items():
        if key in BILINGUAL or english == ES[key]:
            continue
        for fragment in re.split(r"\{[^}]*\}|\*\*|[`()—:.,;]", english):
            fragment = fragment.strip()
            if len(fragment) >= 6 and fragment not in ES[key] and " " in fragment:
                out.add(fragment)
            elif re.fullmatch(r"[A-Z][a-z]{4,}", fragment) and fragment not in ES[key]:
                out.add(fragment)  # single English words used as labels
    return out


def under(spec, wanted):
    """Every value stored under the key ``wanted`` anywhere in a Vega-Lite spec."""
    if isinstance(spec, dict):
        for key, value in spec.items():
            yield from [value] if key == wanted else under(value, wanted)
    elif isinstance(spec, list):
        for item in spec:
            yield from under(item, wanted)


def titles(spec):
    """The strings a chart shows: axis, legend and tooltip titles."""
    return [t for t in under(spec, "title") if isinstance(t, str)]


def tooltips(spec):
    for tip in under(spec, "tooltip"):
        yield from tip if isinstance(tip, list) else [tip]


def visible_text(at):
    labels = [
        w.label
        for kind in (
            "number_input",
            "slider",
            "select_slider",
            "toggle",
            "text_input",
            "button",
            "button_group",
        )
        for w in at.get(kind)
    ]
    helps = [
        w.help or ""
        for kind in ("number_input", "slider", "select_slider", "toggle", "text_input", "button")
        for w in at.get(kind)
    ]
    views = [" ".join(w.options) for w in at.get("button_group")]
    specs = [title for spec, _ in charts(at) for title in titles(spec)]
    series = [
        " ".join(map(str, f[c].unique()))
        for _, frames in charts(at)
        for f in frames.values()
        for c in f.columns
        if f[c].dtype == object
    ]
    return "\n".join([text_of(at), *labels, *helps, *views, *specs, *series])
