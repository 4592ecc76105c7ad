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
