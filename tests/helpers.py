"""What a test reads off a page run through AppTest: charts, text, the verdict."""

import json

import pyarrow as pa


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
    """The animation's data, as the page sent it to the browser."""
    (found,) = [d for e in at.get("bidi_component") if "frames" in (d := json.loads(e.proto.json))]
    return found


def numbers(at):
    """(weight, bias, loss) at the end of the run, as the headline's numbers line reads."""
    label = next(e.label for e in at.expander if e.label.count("**") >= 6)
    bold = label.split("**")[1::2]
    return tuple(float(v.replace(",", ".").replace("\u202f", "")) for v in bold[:3])
