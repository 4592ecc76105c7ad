"""The loss landscape: the bowl over (weight, bias) and the path across it."""

import altair as alt

from playground.charts import palette as P
from playground.charts.base import HEIGHT, q


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
    x = alt.X(**q("weight", labels["weight"]), scale=x_scale)
    y = alt.Y(**q("bias", labels["bias"]), scale=y_scale)
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
            color=P.DIVERGES, strokeWidth=1.5, point=alt.OverlayMarkDef(size=12, color=P.DIVERGES)
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
        .mark_point(size=160, filled=True, stroke=P.INK, strokeWidth=1)
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
                    range=[P.OVERSHOOTS, P.CONVERGES, "#FFFFFF", P.INSPECTED][: len(markers)],
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
