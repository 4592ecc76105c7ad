"""Chart builders: data frames in, ``alt.Chart`` out. No Streamlit here.

Colours are the Okabe–Ito palette, readable with every common colour-vision
deficiency, and each line also has its own dash so the three prediction lines
stay apart in greyscale or on a washed-out projector. They keep the article's
hues: actual blue, before red(dish), after green(ish).
"""

import threading

import altair as alt
import pandas as pd

from playground.experiment import LOG_FLOOR

BLUE, VERMILLION, GREEN, PURPLE = "#0072B2", "#D55E00", "#009E73", "#CC79A7"
ORANGE, SKY, GREY, BLACK = "#E69F00", "#56B4E9", "#8C8C8C", "#222222"
CATEGORICAL = [BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY, BLACK, "#F0E442"]
PREDICTION_STYLE = {  # role: (colour, dash)
    "actual": (BLUE, [1, 0]),
    "before": (VERMILLION, [10, 5]),
    "after": (GREEN, [4, 3]),
    "at_step": (PURPLE, [1, 3]),
}
HEIGHT = 320


def _q(field, title=None, **kwargs):
    return {"field": field, "type": "quantitative", "title": title, **kwargs}


def predictions(lines, points, names, labels):
    """The article's picture: actual, before and after lines, and the data.

    Parameters
    ----------
    lines : DataFrame with columns celsius, fahrenheit, series
    points : DataFrame with columns celsius, fahrenheit
    names : dict of role → series name (the legend's entries)
    labels : dict with keys celsius, fahrenheit, data, series
    """
    roles = [r for r in PREDICTION_STYLE if names[r] in set(lines["series"])]
    domain = [names[r] for r in roles]
    colour = alt.Color(
        "series",
        type="nominal",
        title=labels["series"],
        scale=alt.Scale(domain=domain, range=[PREDICTION_STYLE[r][0] for r in roles]),
        legend=alt.Legend(orient="bottom", symbolStrokeWidth=3),
    )
    dash = alt.StrokeDash(
        "series",
        type="nominal",
        legend=None,
        scale=alt.Scale(domain=domain, range=[PREDICTION_STYLE[r][1] for r in roles]),
    )
    x = alt.X(**_q("celsius", labels["celsius"]))
    # Frame the data and the untrained line; a line that ran off (a diverged
    # run's) leaves the chart instead of flattening everything else.
    near = pd.concat(
        [
            points["fahrenheit"],
            lines.loc[lines.series.isin([names["actual"], names["before"]]), "fahrenheit"],
        ]
    )
    pad = 0.08 * float(near.max() - near.min()) + 1.0
    y = alt.Y(
        **_q("fahrenheit", labels["fahrenheit"]),
        scale=alt.Scale(domain=[float(near.min()) - pad, float(near.max()) + pad], nice=False),
    )
    dots = (
        alt.Chart(points)
        .mark_circle(size=22, color=GREY, opacity=0.6)
        .encode(
            x=x,
            y=y,
            tooltip=[
                alt.Tooltip("celsius", type="quantitative", title=labels["celsius"]),
                alt.Tooltip("fahrenheit", type="quantitative", title=labels["data"], format=".2f"),
            ],
        )
    )
    drawn = (
        alt.Chart(lines)
        .mark_line(strokeWidth=3, clip=True)
        .encode(
            x=x,
            y=y,
            color=colour,
            strokeDash=dash,
            tooltip=[
                alt.Tooltip("series", type="nominal", title=labels["series"]),
                alt.Tooltip("celsius", type="quantitative", title=labels["celsius"]),
                alt.Tooltip(
                    "fahrenheit", type="quantitative", title=labels["fahrenheit"], format=".2f"
                ),
            ],
        )
    )
    return (dots + drawn).properties(height=HEIGHT + 60)


def loss(history, labels, *, log=True, step=None, diverged_at=None):
    """Loss over iterations, with a hover readout, zoom, and marks at ``step``
    and where the run blew up.

    Parameters
    ----------
    history : DataFrame with columns iteration, loss (finite)
    labels : dict with keys iteration, loss, step, blew_up
    """
    data = _floored(history, ["loss"]) if log else history
    x = alt.X(**_q("iteration", labels["iteration"]))
    y = alt.Y(**_q("loss", labels["loss"]), scale=alt.Scale(type="log" if log else "linear"))
    hover = alt.selection_point(
        fields=["iteration"], nearest=True, on="pointerover", empty=False, clear="pointerout"
    )
    line = alt.Chart(data).mark_line(color=BLUE, strokeWidth=2).encode(x=x, y=y)
    dots = (
        alt.Chart(data)
        .mark_circle(size=60, color=BLUE)
        .encode(
            x=x,
            y=y,
            opacity=alt.condition(hover, alt.value(1), alt.value(0)),
            tooltip=[
                alt.Tooltip(
                    "iteration", type="quantitative", title=labels["iteration"], format=","
                ),
                alt.Tooltip("loss", type="quantitative", title=labels["loss"], format=".6g"),
            ],
        )
        .add_params(hover)
    )
    layers = [line.add_params(alt.selection_interval(bind="scales", encodings=["x"])), dots]
    layers += _rules({"iteration": step}, labels["step"], PURPLE, "iteration", labels["iteration"])
    layers += _rules(
        {"iteration": diverged_at}, labels["blew_up"], VERMILLION, "iteration", labels["iteration"]
    )
    return alt.layer(*layers).properties(height=HEIGHT)


def gradients(history, labels):
    """|∂loss/∂weight| and |∂loss/∂bias| on one logarithmic axis.

    They differ by orders of magnitude, so a log axis of their size keeps both
    readable; the tooltip gives the signed value.
    """
    names = {
        "weight_gradient": labels["weight_gradient"],
        "bias_gradient": labels["bias_gradient"],
    }
    long = history.melt(
        id_vars="iteration", value_vars=list(names), var_name="which", value_name="gradient"
    )
    long["series"] = long["which"].map(names)
    long["size"] = long["gradient"].abs()
    long = _floored(long, ["size"])[["iteration", "series", "gradient", "size"]]
    return (
        alt.Chart(long)
        .mark_line(strokeWidth=2)
        .encode(
            x=alt.X(**_q("iteration", labels["iteration"])),
            y=alt.Y(**_q("size", labels["size"]), scale=alt.Scale(type="log")),
            color=alt.Color(
                "series",
                type="nominal",
                title=None,
                scale=alt.Scale(domain=list(names.values()), range=[ORANGE, SKY]),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("series", type="nominal", title=labels["series"]),
                alt.Tooltip(
                    "iteration", type="quantitative", title=labels["iteration"], format=","
                ),
                alt.Tooltip("gradient", type="quantitative", title=labels["value"], format=".6g"),
            ],
        )
        .add_params(alt.selection_interval(bind="scales", encodings=["x"]))
        .properties(height=HEIGHT)
    )


def parameter(history, column, optimum, labels):
    """One parameter over iterations, beside its exact optimum (a dashed rule).

    Parameters
    ----------
    history : DataFrame with columns iteration and ``column``
    column : {"weight", "bias"}
    optimum : float
    labels : dict with keys iteration, ``column``, optimum
    """
    colour = GREEN if column == "weight" else BLUE
    y = alt.Y(**_q(column, labels[column]), scale=alt.Scale(zero=False))
    line = (
        alt.Chart(history[["iteration", column]])
        .mark_line(color=colour, strokeWidth=2)
        .encode(
            x=alt.X(**_q("iteration", labels["iteration"])),
            y=y,
            tooltip=[
                alt.Tooltip(
                    "iteration", type="quantitative", title=labels["iteration"], format=","
                ),
                alt.Tooltip(column, type="quantitative", title=labels[column], format=".6g"),
            ],
        )
        .add_params(alt.selection_interval(bind="scales", encodings=["x"]))
    )
    rule = (
        alt.Chart(pd.DataFrame({column: [optimum]}))
        .mark_rule(color=BLACK, strokeDash=[6, 4], strokeWidth=1.5)
        .encode(
            y=y,
            tooltip=[
                alt.Tooltip(column, type="quantitative", title=labels["optimum"], format=".6g")
            ],
        )
    )
    return alt.layer(line, rule).properties(height=HEIGHT * 2 // 3)


def sweep(curves, labels, *, top=None):
    """Loss curves at several learning rates on one logarithmic axis.

    Parameters
    ----------
    curves : DataFrame with columns iteration, loss, rate, blew_up
        ``rate`` is the legend's label; rows with ``blew_up`` set mark where a
        run's loss overflowed, drawn as crosses.
    top : float or None
        Upper end of the loss axis. Diverging curves leave through it instead
        of squashing every other curve flat; their crosses sit on it.
    """
    lines, blown = curves[~curves["blew_up"]], curves[curves["blew_up"]]
    top = float(lines["loss"].max()) if top is None else top
    order = list(dict.fromkeys(curves["rate"]))
    colour = alt.Color(
        "rate",
        type="nominal",
        title=labels["rate"],
        sort=order,
        scale=alt.Scale(domain=order, range=CATEGORICAL[: len(order)]),
        legend=alt.Legend(orient="bottom", columns=4),
    )
    x = alt.X(**_q("iteration", labels["iteration"]))
    y = alt.Y(**_q("loss", labels["loss"]), scale=alt.Scale(type="log", domainMax=top))
    drawn = (
        alt.Chart(_floored(lines, ["loss"]))
        .mark_line(strokeWidth=2.5, clip=True)
        .encode(
            x=x,
            y=y,
            color=colour,
            tooltip=[
                alt.Tooltip("rate", type="nominal", title=labels["rate"]),
                alt.Tooltip(
                    "iteration", type="quantitative", title=labels["iteration"], format=","
                ),
                alt.Tooltip("loss", type="quantitative", title=labels["loss"], format=".4g"),
            ],
        )
        .add_params(alt.selection_interval(bind="scales", encodings=["x"]))
    )
    marks = (
        alt.Chart(blown.assign(loss=top))
        .mark_point(shape="cross", size=260, filled=True, angle=45, stroke=BLACK, strokeWidth=1)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "rate",
                type="nominal",
                sort=order,
                legend=None,
                scale=alt.Scale(domain=order, range=CATEGORICAL[: len(order)]),
            ),
            tooltip=[
                alt.Tooltip("rate", type="nominal", title=labels["rate"]),
                alt.Tooltip("iteration", type="quantitative", title=labels["blew_up"], format=","),
            ],
        )
    )
    return alt.layer(drawn, marks).properties(height=HEIGHT)


def finder(frame, rates, current, labels):
    """Final loss against learning rate, with the regime boundaries as rules.

    Parameters
    ----------
    frame : DataFrame with columns learning_rate, loss, diverged
    rates : dict of label → learning rate, drawn as vertical rules
    current : float, the chosen learning rate
    """
    ok, blown = frame[~frame["diverged"]], frame[frame["diverged"]]
    top = float(ok["loss"].max()) if len(ok) else 1.0
    x = alt.X(
        **_q("learning_rate", labels["rate"]),
        scale=alt.Scale(type="log"),
        axis=alt.Axis(format=".0e"),
    )
    y = alt.Y(**_q("loss", labels["final_loss"]), scale=alt.Scale(type="log"))
    curve = (
        alt.Chart(_floored(ok, ["loss"]))
        .mark_line(color=BLUE, point=True)
        .encode(
            x=x,
            y=y,
            tooltip=[
                alt.Tooltip(
                    "learning_rate", type="quantitative", title=labels["rate"], format=".4g"
                ),
                alt.Tooltip("loss", type="quantitative", title=labels["final_loss"], format=".4g"),
            ],
        )
    )
    blown = blown.assign(loss=top)
    crosses = (
        alt.Chart(blown[["learning_rate", "loss"]])
        .mark_point(shape="cross", angle=45, size=90, color=VERMILLION)
        .encode(
            x=x,
            y=y,
            tooltip=[
                alt.Tooltip(
                    "learning_rate", type="quantitative", title=labels["diverged"], format=".4g"
                )
            ],
        )
    )
    marks = {**rates, labels["you"]: current}
    rules = pd.DataFrame({"learning_rate": list(marks.values()), "label": list(marks)})
    rule = (
        alt.Chart(rules)
        .mark_rule(strokeWidth=2)
        .encode(
            x=alt.X(**_q("learning_rate"), scale=alt.Scale(type="log")),
            color=alt.Color(
                "label",
                type="nominal",
                title=labels["boundary"],
                scale=alt.Scale(domain=list(marks), range=[ORANGE, GREEN, VERMILLION, PURPLE]),
                legend=alt.Legend(orient="bottom"),
            ),
            strokeDash=alt.StrokeDash(
                "label",
                type="nominal",
                legend=None,
                scale=alt.Scale(domain=list(marks), range=[[5, 4], [2, 2], [8, 3], [1, 0]]),
            ),
            tooltip=[
                alt.Tooltip("label", type="nominal", title=labels["boundary"]),
                alt.Tooltip(
                    "learning_rate", type="quantitative", title=labels["rate"], format=".5g"
                ),
            ],
        )
    )
    return alt.layer(curve, crosses, rule).properties(height=HEIGHT)


def landscape(cells, path, markers, labels):
    """Filled contours of the loss over (weight, bias) with the descent path.

    Parameters
    ----------
    cells : DataFrame with columns weight, weight2, bias, bias2, loss, level
    path : DataFrame with columns iteration, weight, bias
    markers : DataFrame with columns weight, bias, label
        Start, end, optimum and the inspected iteration.
    """
    x_scale = alt.Scale(
        domain=[float(cells.weight.min()), float(cells.weight2.max())], nice=False, zero=False
    )
    y_scale = alt.Scale(
        domain=[float(cells.bias.min()), float(cells.bias2.max())], nice=False, zero=False
    )
    x = alt.X(**_q("weight", labels["weight"]), scale=x_scale)
    y = alt.Y(**_q("bias", labels["bias"]), scale=y_scale)
    bands = (
        alt.Chart(cells)
        .mark_rect(opacity=0.9)
        .encode(
            x=x,
            x2="weight2",
            y=y,
            y2="bias2",
            color=alt.Color(
                "level",
                type="quantitative",
                title=labels["level"],
                scale=alt.Scale(
                    type="quantize", reverse=True, scheme=alt.SchemeParams("blues", count=10)
                ),
            ),
            tooltip=[alt.Tooltip("loss", type="quantitative", title=labels["loss"], format=".4g")],
        )
    )
    trail = (
        alt.Chart(path)
        .mark_line(
            color=VERMILLION, strokeWidth=1.5, point=alt.OverlayMarkDef(size=12, color=VERMILLION)
        )
        .encode(
            x=x,
            y=y,
            order=alt.Order("iteration", type="quantitative"),
            tooltip=[
                alt.Tooltip(
                    "iteration", type="quantitative", title=labels["iteration"], format=","
                ),
                alt.Tooltip("weight", type="quantitative", title=labels["weight"], format=".5g"),
                alt.Tooltip("bias", type="quantitative", title=labels["bias"], format=".5g"),
            ],
        )
    )
    shapes = ["circle", "square", "diamond", "triangle-up"]
    pins = (
        alt.Chart(markers)
        .mark_point(size=160, filled=True, stroke=BLACK, strokeWidth=1)
        .encode(
            x=x,
            y=y,
            shape=alt.Shape(
                "label",
                type="nominal",
                title=None,
                scale=alt.Scale(domain=list(markers.label), range=shapes[: len(markers)]),
                legend=alt.Legend(orient="bottom"),
            ),
            color=alt.Color(
                "label",
                type="nominal",
                legend=None,
                scale=alt.Scale(
                    domain=list(markers.label),
                    range=[ORANGE, GREEN, "#FFFFFF", PURPLE][: len(markers)],
                ),
            ),
            tooltip=[
                alt.Tooltip("label", type="nominal", title=" "),
                alt.Tooltip("weight", type="quantitative", title=labels["weight"], format=".5g"),
                alt.Tooltip("bias", type="quantitative", title=labels["bias"], format=".5g"),
            ],
        )
    )
    return (
        alt.layer(bands, trail, pins)
        .resolve_scale(color="independent")
        .properties(height=HEIGHT + 100)
    )


def rate_strip(zones, ticks, labels):
    """The regimes along the learning-rate slider: a coloured track for it.

    Parameters
    ----------
    zones : DataFrame with columns start, end, zone
        In slider stops, so the strip lines up with the slider above it and the
        slider's own thumb marks the chosen rate.
    ticks : dict of stop position → label (the decades)
    labels : dict (unused keys allowed)
    """
    expr = "{" + ", ".join(f"'{k:g}': '{v}'" for k, v in ticks.items()) + "}[datum.value]"
    return (
        alt.Chart(zones)
        .mark_rect(height=14)
        .encode(
            x=alt.X(
                **_q("start", None),
                scale=alt.Scale(domain=[0, max(ticks)], nice=False),
                axis=alt.Axis(
                    values=list(ticks),
                    labelExpr=expr,
                    labelFontSize=12,
                    grid=False,
                    domain=False,
                    ticks=False,
                ),
            ),
            x2="end",
            color=alt.Color(
                "zone",
                type="nominal",
                legend=None,
                scale=alt.Scale(domain=list(zones.zone), range=[GREEN, ORANGE, VERMILLION]),
            ),
            tooltip=[alt.Tooltip("zone", type="nominal", title=" ")],
        )
        .properties(height=36)
    )


def _rules(values, label, colour, field, title):
    """A vertical rule with a label at ``values[field]``, or nothing if it is None."""
    if values.get(field) is None:
        return []
    frame = pd.DataFrame({field: [values[field]], "label": [label]})
    base = alt.Chart(frame)
    return [
        base.mark_rule(color=colour, strokeWidth=3, strokeDash=[5, 3]).encode(
            x=alt.X(**_q(field)),
            tooltip=[
                alt.Tooltip("label", type="nominal", title=" "),
                alt.Tooltip(field, type="quantitative", title=title, format=","),
            ],
        ),
        base.mark_text(align="left", dx=4, dy=8, color=colour, fontWeight="bold").encode(
            x=alt.X(**_q(field)), y=alt.value(0), text=alt.Text("label", type="nominal")
        ),
    ]


def _floored(frame, columns, floor=LOG_FLOOR):
    """Copy of ``frame`` with ``columns`` floored for a log axis (0 has no log)."""
    out = frame.copy()
    for c in columns:
        out[c] = out[c].clip(lower=floor)
    return out


# ---- to Vega-Lite, once ------------------------------------------------------------

_transform_lock = threading.Lock()


def to_vega_lite(chart):
    """The chart as a Vega-Lite dict whose data sits in ``datasets`` as frames.

    Altair's own ``to_dict`` writes every row out as JSON; here each frame is
    kept as it is, named by its content, for Streamlit to send as Arrow. The
    result can be cached and drawn many times with ``st.vega_lite_chart``.
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
    # Type a notch larger than Vega's default, for the back of a room.
    spec.setdefault("config", {}).update(
        axis={"labelFontSize": 13, "titleFontSize": 14},
        legend={"labelFontSize": 13, "titleFontSize": 13},
    )
    return spec
