"""Charts of one run: the loss, the gradients, each parameter."""

import altair as alt
import pandas as pd

from playground.charts import palette as P
from playground.charts.base import HEIGHT, floored, q, rules, two_lines


def loss(history, labels, *, log=True, step=None, diverged_at=None):
    """Loss over iterations, with a hover readout, zoom, and marks at ``step``
    and where the run blew up.

    Parameters
    ----------
    history : DataFrame with columns iteration, loss (finite)
    labels : dict with keys iteration, loss, step, blew_up
    """
    data = floored(history, ["loss"]) if log else history
    x = alt.X(**q("iteration", labels["iteration"]))
    y = alt.Y(
        **q("loss", two_lines(labels["loss"])), scale=alt.Scale(type="log" if log else "linear")
    )
    hover = alt.selection_point(
        fields=["iteration"], nearest=True, on="pointerover", empty=False, clear="pointerout"
    )
    line = alt.Chart(data).mark_line(color=P.ACTUAL, strokeWidth=2).encode(x=x, y=y)
    dots = (
        alt.Chart(data)
        .mark_circle(size=60, color=P.ACTUAL)
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
    layers += rules(
        {"iteration": step}, labels["step"], P.INSPECTED, "iteration", labels["iteration"]
    )
    layers += rules(
        {"iteration": diverged_at}, labels["blew_up"], P.DIVERGES, "iteration", labels["iteration"]
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
    long = floored(long, ["size"])[["iteration", "series", "gradient", "size"]]
    return (
        alt.Chart(long)
        .mark_line(strokeWidth=2)
        .encode(
            x=alt.X(**q("iteration", labels["iteration"])),
            y=alt.Y(**q("size", labels["size"]), scale=alt.Scale(type="log")),
            color=alt.Color(
                "series",
                type="nominal",
                title=None,
                scale=alt.Scale(domain=list(names.values()), range=[P.WEIGHT, P.BIAS]),
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
    colour = P.WEIGHT if column == "weight" else P.BIAS
    y = alt.Y(**q(column, labels[column]), scale=alt.Scale(zero=False))
    line = (
        alt.Chart(history[["iteration", column]])
        .mark_line(color=colour, strokeWidth=2)
        .encode(
            x=alt.X(**q("iteration", labels["iteration"])),
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
        .mark_rule(color=P.INK, strokeDash=[6, 4], strokeWidth=1.5)
        .encode(
            y=y,
            tooltip=[
                alt.Tooltip(column, type="quantitative", title=labels["optimum"], format=".6g")
            ],
        )
    )
    return alt.layer(line, rule).properties(height=HEIGHT * 2 // 3)


def sampled_loss(runs, expected, labels, *, log=True):
    """Sampled runs as thin lines, under the exact expected loss and its band.

    Parameters
    ----------
    runs : DataFrame with columns iteration, loss, series (finite)
    expected : DataFrame with columns iteration, loss, low (finite), or None
        ``low`` is the loss at the expected weight and bias: the band between
        it and E[loss] is what the batches' noise adds on average.
    labels : dict with keys iteration, loss, series, expected, low
    """
    cols = ["loss", "low"]
    floor = (lambda f, c: floored(f, c)) if log else (lambda f, c: f)
    x = alt.X(**q("iteration", labels["iteration"]))
    scale = alt.Scale(type="log" if log else "linear")
    y = alt.Y(**q("loss", two_lines(labels["loss"])), scale=scale)
    tip = [
        alt.Tooltip("iteration", type="quantitative", title=labels["iteration"], format=","),
        alt.Tooltip("loss", type="quantitative", title=labels["loss"], format=".6g"),
    ]
    thin = (
        alt.Chart(floor(runs, ["loss"]))
        .mark_line(strokeWidth=1, opacity=0.7)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "series",
                type="nominal",
                title=None,
                scale=alt.Scale(range=list(P.RATES[::3])),
                legend=alt.Legend(orient="bottom"),
            ),
            strokeDash=alt.StrokeDash(
                "series", type="nominal", scale=alt.Scale(range=list(P.DASHES[2:5])), legend=None
            ),
            tooltip=[alt.Tooltip("series", type="nominal", title=labels["series"]), *tip],
        )
        .add_params(alt.selection_interval(bind="scales", encodings=["x"]))
    )
    layers = [thin]
    if expected is not None:
        data = floor(expected, cols)
        band = (
            alt.Chart(data)
            .mark_area(color=P.ACTUAL, opacity=0.2)
            .encode(x=x, y=y, y2=alt.Y2("low"))
        )
        mean = (
            alt.Chart(data.assign(series=labels["expected"]))
            .mark_line(color=P.ACTUAL, strokeWidth=3)
            .encode(
                x=x,
                y=y,
                tooltip=[
                    alt.Tooltip("series", type="nominal", title=labels["series"]),
                    *tip,
                    alt.Tooltip("low", type="quantitative", title=labels["low"], format=".6g"),
                ],
            )
        )
        layers += [band, mean]
    return alt.layer(*layers).properties(height=HEIGHT)
