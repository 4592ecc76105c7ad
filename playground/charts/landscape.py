"""The loss landscape: the bowl over (weight, bias) and the path across it."""

import altair as alt

from playground.charts import palette as P
from playground.charts.base import HEIGHT, q
from playground.charts.optimizers import paths

SHAPES = ["circle", "square", "diamond", "triangle-up"]  # start, end, optimum, inspected


def landscape(cells, path, markers, labels, *, square=False, runs=None):
    """Filled contours of the loss over (weight, bias) with the descent path.

    The contours are ten bands of log loss on viridis, a perceptual scale
    that stays ordered in greyscale and for colour-blind eyes (dark is low).
    The path is white on a dark halo, so it reads on every band, with a dot
    per recorded step so an overshoot's back-and-forth shows as dots on both
    sides instead of a line drawn over itself.

    Parameters
    ----------
    cells : DataFrame with columns weight, weight2, bias, bias2, loss, level
    path : DataFrame with columns iteration, weight, bias
    markers : DataFrame with columns weight, bias, label
        Start, end, optimum and the inspected iteration.
    square : bool
        Draw one unit the same length on both axes (standardized inputs).
    runs : (path, ends, styles) or None
        Optimizers compared (see ``optimizers.paths``), each path in its own
        colour and dash; ``labels`` then also has ``series``.
    """
    x = alt.X(
        **q("weight", labels["weight"]),
        scale=alt.Scale(domain=[float(cells.weight.min()), float(cells.weight2.max())],
                        nice=False, zero=False),
    )  # fmt: skip
    y = alt.Y(
        **q("bias", labels["bias"]),
        scale=alt.Scale(domain=[float(cells.bias.min()), float(cells.bias2.max())],
                        nice=False, zero=False),
    )  # fmt: skip
    bands = (
        alt.Chart(cells)
        .mark_rect()
        .encode(
            x=x,
            x2="weight2",
            y=y,
            y2="bias2",
            color=alt.Color(
                "level",
                type="quantitative",
                title=labels["level"],
                scale=alt.Scale(type="quantize", scheme=alt.SchemeParams("viridis", count=10)),
                legend=alt.Legend(orient="right", format=".1f"),
            ),
            tooltip=[alt.Tooltip("loss", type="quantitative", title=labels["loss"], format=".4g")],
        )
    )
    order = alt.Order("iteration", type="quantitative")
    halo = alt.Chart(path).mark_line(color=P.INK, strokeWidth=4).encode(x=x, y=y, order=order)
    trail = (
        alt.Chart(path)
        .mark_line(color="#FFFFFF", strokeWidth=1.5, point=alt.OverlayMarkDef(
            size=18, color="#FFFFFF", stroke=P.INK, strokeWidth=0.8))
        .encode(
            x=x,
            y=y,
            order=order,
            tooltip=[
                alt.Tooltip("iteration", type="quantitative", title=labels["iteration"],
                            format=","),
                alt.Tooltip("weight", type="quantitative", title=labels["weight"], format=".5g"),
                alt.Tooltip("bias", type="quantitative", title=labels["bias"], format=".5g"),
            ],
        )
    )  # fmt: skip
    colours = [P.BEFORE, P.AFTER, "#FFFFFF", P.INSPECTED][: len(markers)]
    pins = (
        alt.Chart(markers)
        .mark_point(size=190, filled=True, stroke=P.INK, strokeWidth=1.5, opacity=1)
        .encode(
            x=x,
            y=y,
            shape=alt.Shape("label", type="nominal", title=None,
                            scale=alt.Scale(domain=list(markers.label),
                                            range=SHAPES[: len(markers)]),
                            legend=alt.Legend(orient="right")),
            color=alt.Color("label", type="nominal", legend=None,
                            scale=alt.Scale(domain=list(markers.label), range=colours)),
            tooltip=[
                alt.Tooltip("label", type="nominal", title=" "),
                alt.Tooltip("weight", type="quantitative", title=labels["weight"], format=".5g"),
                alt.Tooltip("bias", type="quantitative", title=labels["bias"], format=".5g"),
            ],
        )
    )  # fmt: skip
    size = {"width": HEIGHT + 100, "height": HEIGHT + 100} if square else {"height": HEIGHT + 100}
    compared = paths(*runs, labels, x, y) if runs is not None else []
    return (
        alt.layer(bands, halo, trail, *compared, pins)
        .resolve_scale(color="independent", strokeDash="independent")
        .properties(**size)
    )
