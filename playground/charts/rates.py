"""Charts across learning rates: the comparison, the finder and the slider's strip."""

import altair as alt
import pandas as pd

from playground.charts import palette as P
from playground.charts.base import HEIGHT, Poured, floored, q, two_lines


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
    order = [str(rate) for rate in pd.unique(curves["rate"])]
    frames = (floored(lines, ["loss"]), blown.assign(loss=top))
    return Poured(_sweep, frames, (top, order), labels=labels)


def _sweep(lines, blown, top, order, *, labels):
    colour = alt.Color(
        "rate",
        type="nominal",
        title=labels["rate"],
        sort=order,
        scale=alt.Scale(domain=order, range=list(P.RATES)[: len(order)]),
        legend=alt.Legend(orient="bottom", columns=4),
    )
    x = alt.X(**q("iteration", labels["iteration"]))
    y = alt.Y(**q("loss", two_lines(labels["loss"])), scale=alt.Scale(type="log", domainMax=top))
    drawn = (
        alt.Chart(lines)
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
        alt.Chart(blown)
        .mark_point(shape="cross", size=260, filled=True, angle=45, stroke=P.INK, strokeWidth=1)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "rate",
                type="nominal",
                sort=order,
                legend=None,
                scale=alt.Scale(domain=order, range=list(P.RATES)[: len(order)]),
            ),
            tooltip=[
                alt.Tooltip("rate", type="nominal", title=labels["rate"]),
                alt.Tooltip("iteration", type="quantitative", title=labels["blew_up"], format=","),
            ],
        )
    )
    return alt.layer(drawn, marks).properties(height=HEIGHT + 100)  # the legend takes its share


def finder(frame, rates, current, labels, shown):
    """Final loss against learning rate, with the regime boundaries as rules.

    Parameters
    ----------
    frame : DataFrame with columns learning_rate, loss, diverged
    rates : dict of label → learning rate, drawn as vertical rules
    current : float, the chosen learning rate
    shown : dict of label → str, each rule's rate as its tooltip prints it (with
        ``labels["you"]``): a threshold rounded toward the side its label claims
    """
    ok, blown = frame[~frame["diverged"]], frame[frame["diverged"]]
    top = float(ok["loss"].max()) if len(ok) else 1.0
    marks = {**rates, labels["you"]: current}
    rules = pd.DataFrame(
        {
            "learning_rate": list(marks.values()),
            "label": list(marks),
            "shown": [shown[k] for k in marks],
        }
    )
    frames = (floored(ok, ["loss"]), blown.assign(loss=top)[["learning_rate", "loss"]], rules)
    return Poured(_finder, frames, labels=labels, names=tuple(marks))


def _finder(ok, blown, rules, *, labels, names):
    x = alt.X(
        **q("learning_rate", labels["rate"]),
        scale=alt.Scale(type="log"),
        axis=alt.Axis(format=".0e"),
    )
    y = alt.Y(**q("loss", two_lines(labels["final_loss"])), scale=alt.Scale(type="log"))
    curve = (
        alt.Chart(ok)
        .mark_line(color=P.ACTUAL, point=True)
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
    crosses = (
        alt.Chart(blown)
        .mark_point(shape="cross", angle=45, size=90, color=P.DIVERGES)
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
    rule = (
        alt.Chart(rules)
        .mark_rule(strokeWidth=2)
        .encode(
            x=alt.X(**q("learning_rate"), scale=alt.Scale(type="log")),
            color=alt.Color(
                "label",
                type="nominal",
                title=labels["boundary"],
                scale=alt.Scale(
                    domain=list(names), range=[P.OVERSHOOTS, P.CONVERGES, P.DIVERGES, P.INSPECTED]
                ),
                legend=alt.Legend(orient="bottom"),
            ),
            strokeDash=alt.StrokeDash(
                "label",
                type="nominal",
                legend=None,
                scale=alt.Scale(domain=list(names), range=[[5, 4], [2, 2], [8, 3], [1, 0]]),
            ),
            tooltip=[
                alt.Tooltip("label", type="nominal", title=labels["boundary"]),
                alt.Tooltip("shown", type="nominal", title=labels["rate"]),
            ],
        )
    )
    return alt.layer(curve, crosses, rule).properties(height=HEIGHT)


def rate_strip(zones, ticks, labels):
    """The regimes along the learning-rate slider: a coloured track for it.

    Parameters
    ----------
    zones : DataFrame with columns start, end, zone, from, to
        ``start``/``end`` in slider stops, so the strip lines up with the
        slider above it; ``from``/``to`` the rates where each zone begins and
        ends, which its tooltip reads out.
    ticks : dict of stop position → label (the decades)
    labels : dict with keys zone, from, to
    """
    expr = "{" + ", ".join(f"'{k:g}': '{v}'" for k, v in ticks.items()) + "}[datum.value]"
    x = alt.X(
        **q("start", None),
        scale=alt.Scale(domain=[0, float(zones.end.max())], nice=False),
        axis=alt.Axis(
            values=list(ticks), labelExpr=expr, labelFontSize=12, grid=False, domain=False,
            ticks=False,
        ),
    )  # fmt: skip
    colour = alt.Color(
        "zone",
        type="nominal",
        legend=None,
        scale=alt.Scale(domain=list(zones.zone), range=_zone_colours(len(zones))),
    )
    return (
        alt.Chart(zones)
        .mark_rect(height=14)
        .encode(
            x=x,
            x2="end",
            color=colour,
            tooltip=[
                alt.Tooltip("zone", type="nominal", title=labels["zone"]),
                alt.Tooltip("from", type="quantitative", title=labels["from"], format=".5g"),
                alt.Tooltip("to", type="quantitative", title=labels["to"], format=".5g"),
            ],
        )
        .properties(height=36)
    )


def _zone_colours(n):
    """Converges … diverges; two zones (mini-batches: settles, grows) skip the middle."""
    return [P.CONVERGES, P.DIVERGES] if n == 2 else [P.CONVERGES, P.OVERSHOOTS, P.DIVERGES]


def batch_rates(frame, rules, learning_rate, labels):
    """Final loss against rate for the full batch and for batches, with both critical rates.

    Parameters
    ----------
    frame : DataFrame with columns learning_rate, loss, series (finite)
    rules : dict of label → rate
    learning_rate : float
        The page's own, marked too.
    labels : dict with keys rate, final_loss, series, you
    """
    x = alt.X(**q("learning_rate", labels["rate"]), scale=alt.Scale(type="log"),
              axis=alt.Axis(format=".0e"))  # fmt: skip
    y = alt.Y(**q("loss", two_lines(labels["final_loss"])), scale=alt.Scale(type="log"))
    order = list(dict.fromkeys(frame["series"]))
    curves = (
        alt.Chart(floored(frame, ["loss"]))
        .mark_line(point=True)
        .encode(
            x=x,
            y=y,
            color=alt.Color("series", type="nominal", title=None,
                            scale=alt.Scale(domain=order, range=[P.ACTUAL, P.BEFORE]),
                            legend=alt.Legend(orient="bottom")),
            strokeDash=alt.StrokeDash("series", type="nominal", legend=None,
                                      scale=alt.Scale(domain=order, range=[[1, 0], [6, 3]])),
            tooltip=[
                alt.Tooltip("series", type="nominal", title=labels["series"]),
                alt.Tooltip("learning_rate", type="quantitative", title=labels["rate"],
                            format=".4g"),
                alt.Tooltip("loss", type="quantitative", title=labels["final_loss"], format=".4g"),
            ],
        )
    )  # fmt: skip
    marks = pd.DataFrame(
        {"label": [*rules, labels["you"]], "learning_rate": [*rules.values(), learning_rate]}
    )
    names = list(marks["label"])
    rule = (
        alt.Chart(marks)
        .mark_rule(strokeWidth=2)
        .encode(
            x=alt.X(**q("learning_rate"), scale=alt.Scale(type="log")),
            color=alt.Color("label", type="nominal", title=None,
                            scale=alt.Scale(domain=names,
                                            range=[P.DIVERGES, P.OVERSHOOTS, P.INSPECTED]),
                            legend=alt.Legend(orient="bottom")),
            strokeDash=alt.StrokeDash("label", type="nominal", legend=None,
                                      scale=alt.Scale(domain=names,
                                                      range=[[8, 3], [3, 3], [1, 0]])),
            tooltip=[
                alt.Tooltip("label", type="nominal", title=labels["series"]),
                alt.Tooltip("learning_rate", type="quantitative", title=labels["rate"],
                            format=".5g"),
            ],
        )
    )  # fmt: skip
    return alt.layer(curves, rule).resolve_scale(color="independent", strokeDash="independent"
                                                 ).properties(height=HEIGHT)  # fmt: skip
