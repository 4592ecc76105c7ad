"""Charts of the optimizers: runs compared, the stability map, the step factors."""

import altair as alt
import pandas as pd

from playground.charts import palette as P
from playground.charts.base import HEIGHT, Poured, floored, q, rules, two_lines

REGIMES = ("converges", "oscillates", "edge", "diverges")
REGIME_COLOURS = {"converges": P.CONVERGES, "oscillates": P.OVERSHOOTS, "edge": P.EDGE,
                  "diverges": P.DIVERGES}  # fmt: skip
# A glyph per regime, sprinkled over the map so no meaning rests on colour alone.
GLYPHS = {"converges": "✓", "oscillates": "∿", "edge": "=", "diverges": "✕"}
STATE_COLOURS = {"steady": P.CONVERGES, "overshoots": P.OVERSHOOTS, "edge": P.EDGE,
                 "grows": P.DIVERGES}  # fmt: skip


def _series(styles, title, legend=True):
    """Colour and dash encodings of the ``series`` field, from ``styles``
    (label → (colour, dash)), in its order."""
    domain = list(styles)
    shown = alt.Legend(orient="bottom", symbolStrokeWidth=2.5) if legend else None
    colour = alt.Color(
        "series",
        type="nominal",
        title=title,
        sort=domain,
        legend=shown,
        scale=alt.Scale(domain=domain, range=[c for c, _ in styles.values()]),
    )
    dash = alt.StrokeDash(
        "series",
        type="nominal",
        title=title,
        sort=domain,
        legend=shown,
        scale=alt.Scale(domain=domain, range=[d for _, d in styles.values()]),
    )
    return colour, dash  # fmt: skip


def compare_loss(curves, styles, labels, *, log=True, step=None, top=None):
    """The loss of several optimizers over iterations, one line each.

    Parameters
    ----------
    curves : DataFrame with columns iteration, loss, series, blew_up
        ``series`` names the optimizer; rows with ``blew_up`` set mark where
        its run overflowed, drawn as crosses on the top of the axis.
    styles : dict of series → (colour, dash), in the legend's order
    labels : dict with keys iteration, loss, series, step, blew_up
    top : float or None
        Upper end of the loss axis: runs that blow up leave through it.
    """
    lines, blown = curves[~curves["blew_up"]], curves[curves["blew_up"]]
    lines = floored(lines, ["loss"]) if log else lines
    top = float(lines["loss"].max()) if top is None else top
    colour, dash = _series(styles, labels["series"])
    x = alt.X(**q("iteration", labels["iteration"]))
    y = alt.Y(**q("loss", two_lines(labels["loss"])),
              scale=alt.Scale(type="log" if log else "linear", domainMax=top))  # fmt: skip
    drawn = (
        alt.Chart(lines)
        .mark_line(strokeWidth=2.5, clip=True)
        .encode(
            x=x,
            y=y,
            color=colour,
            strokeDash=dash,
            tooltip=[
                alt.Tooltip("series", type="nominal", title=labels["series"]),
                alt.Tooltip(
                    "iteration", type="quantitative", title=labels["iteration"], format=","
                ),
                alt.Tooltip("loss", type="quantitative", title=labels["loss"], format=".6g"),
            ],
        )
        .add_params(alt.selection_interval(bind="scales", encodings=["x"]))
    )
    crosses = (
        alt.Chart(blown.assign(loss=top))
        .mark_point(shape="cross", size=260, filled=True, angle=45, stroke=P.INK, strokeWidth=1)
        .encode(
            x=x,
            y=y,
            color=_series(styles, labels["series"], legend=False)[0],
            tooltip=[
                alt.Tooltip("series", type="nominal", title=labels["series"]),
                alt.Tooltip("iteration", type="quantitative", title=labels["blew_up"], format=","),
            ],
        )
    )
    layers = [drawn, crosses] if len(blown) else [drawn]
    layers += rules(
        {"iteration": step}, labels["step"], P.INSPECTED, "iteration", labels["iteration"]
    )
    return alt.layer(*layers).properties(height=HEIGHT + 80)  # the legend takes its share


def paths(path, ends, styles, labels, x, y):
    """Layers for the landscape: each optimizer's path, and a dot where it ends.

    Parameters
    ----------
    path : DataFrame with columns iteration, weight, bias, series
    ends : DataFrame with columns weight, bias, series
    styles : dict of series → (colour, dash)
    x, y : the landscape's own position encodings
    """
    colour, dash = _series(styles, labels["series"])
    order = alt.Order("iteration", type="quantitative")
    detail = alt.Detail("series", type="nominal")
    halo = (
        alt.Chart(path)
        .mark_line(color="#FFFFFF", strokeWidth=5, opacity=0.9)
        .encode(x=x, y=y, order=order, detail=detail)
    )
    line = (
        alt.Chart(path)
        .mark_line(strokeWidth=2.2)
        .encode(
            x=x,
            y=y,
            order=order,
            color=colour,
            strokeDash=dash,
            tooltip=[
                alt.Tooltip("series", type="nominal", title=labels["series"]),
                alt.Tooltip(
                    "iteration", type="quantitative", title=labels["iteration"], format=","
                ),
                alt.Tooltip("weight", type="quantitative", title=labels["weight"], format=".5g"),
                alt.Tooltip("bias", type="quantitative", title=labels["bias"], format=".5g"),
            ],
        )
    )
    dots = (
        alt.Chart(ends)
        .mark_circle(size=120, stroke="#FFFFFF", strokeWidth=1.5, opacity=1)
        .encode(
            x=x,
            y=y,
            color=_series(styles, labels["series"], legend=False)[0],
            tooltip=[
                alt.Tooltip("series", type="nominal", title=labels["series"]),
                alt.Tooltip("weight", type="quantitative", title=labels["weight"], format=".5g"),
                alt.Tooltip("bias", type="quantitative", title=labels["bias"], format=".5g"),
            ],
        )
    )
    # One layer of their own, so colour and dash share one legend.
    return [alt.layer(halo, line, dots)]


def stability_map(cells, edge, you, labels):
    """The verdict over (learning rate, momentum μ), the critical rate, and you.

    Parameters
    ----------
    cells : DataFrame with columns rate, rate2, momentum, momentum2, at_rate,
        at_momentum, column, row, verdict, regime
        ``verdict`` is the engine's ("converges", …), ``regime`` its label.
    edge : DataFrame with columns momentum, rate (the critical rate at each μ)
    you : DataFrame with columns rate, momentum, label (one row), or a name
        The name of a dataset with those columns, filled in later: then one
        map serves every rate it spans the same.
    labels : dict with keys rate, momentum, regime, edge
    """
    present = [v for v in REGIMES if v in set(cells["verdict"])]
    names = dict(zip(cells["verdict"], cells["regime"]))
    domain = [names[v] for v in present]
    rates = alt.Scale(type="log", domain=[float(cells.rate.min()), float(cells.rate2.max())],
                      nice=False)  # fmt: skip
    momenta = alt.Scale(domain=[float(cells.momentum.min()), float(cells.momentum2.max())],
                        nice=False)  # fmt: skip

    def x(field):
        return alt.X(**q(field, labels["rate"]), scale=rates, axis=alt.Axis(format=".0e"))

    def y(field):
        return alt.Y(**q(field, labels["momentum"]), scale=momenta)

    tips = [
        alt.Tooltip("regime", type="nominal", title=labels["regime"]),
        alt.Tooltip("at_rate", type="quantitative", title=labels["rate"], format=".4g"),
        alt.Tooltip("at_momentum", type="quantitative", title=labels["momentum"], format=".3f"),
    ]
    shade = alt.Scale(domain=domain, range=[REGIME_COLOURS[v] for v in present])
    shading = (
        alt.Chart(cells)
        .mark_rect(strokeWidth=0.8)  # a stroke of its own colour: no seams between cells
        .encode(
            x=x("rate"),
            x2="rate2",
            y=y("momentum"),
            y2="momentum2",
            color=alt.Color("regime", type="nominal", title=labels["regime"], sort=domain,
                            scale=shade, legend=alt.Legend(orient="bottom")),
            stroke=alt.Stroke("regime", type="nominal", scale=shade, legend=None),
            tooltip=tips,
        )
    )  # fmt: skip
    sprinkled = cells[(cells["column"] % 4 == 2) & (cells["row"] % 4 == 1)]
    glyphs = (
        alt.Chart(sprinkled.assign(glyph=sprinkled["verdict"].map(GLYPHS)))
        .mark_text(color="#FFFFFF", fontSize=15, fontWeight="bold")
        .encode(x=x("at_rate"), y=y("at_momentum"), text="glyph:N", tooltip=tips)
    )
    critical = (
        alt.Chart(edge)
        .mark_line(color=P.INK, strokeWidth=2.5, strokeDash=[6, 3])
        .encode(
            x=x("rate"),
            y=y("momentum"),
            tooltip=[
                alt.Tooltip("rate", type="quantitative", title=labels["edge"], format=".5g"),
                alt.Tooltip("momentum", type="quantitative", title=labels["momentum"],
                            format=".3f"),
            ],
        )
    )  # fmt: skip
    marker = alt.Chart(alt.NamedData(name=you) if isinstance(you, str) else you).encode(
        x=x("rate"), y=y("momentum")
    )
    pin = marker.mark_point(shape="diamond", size=260, filled=True, color="#FFFFFF",
                            stroke=P.INK, strokeWidth=2, opacity=1).encode(
        tooltip=[alt.Tooltip("label", type="nominal", title=" "),
                 alt.Tooltip("rate", type="quantitative", title=labels["rate"], format=".5g"),
                 alt.Tooltip("momentum", type="quantitative", title=labels["momentum"],
                             format=".3f")])  # fmt: skip
    # The label twice: a white outline first, so it reads on every shade.
    outline, name = (
        marker.mark_text(align="left", dx=10, dy=-10, fontWeight="bold", fontSize=13, **style)
        .encode(text="label:N")
        for style in ({"color": "#FFFFFF", "stroke": "#FFFFFF", "strokeWidth": 4},
                      {"color": P.INK})
    )  # fmt: skip
    # The height holds the axes and the legend too: the map itself gets about HEIGHT.
    return alt.layer(shading, glyphs, critical, pin, outline, name).properties(height=HEIGHT + 120)


def step_factors(bars, labels):
    """One bar per direction: how much one step scales its error, beside a rule at 1.

    Parameters
    ----------
    bars : DataFrame with columns direction, radius, state, status, text
        ``direction`` and ``status`` are labels, ``state`` the engine's
        ("steady", "overshoots", "edge", "grows"), ``text`` what the bar's
        end reads; an optional ``factor`` (plain descent's 1 − ηλ) joins the
        tooltip.
    labels : dict with keys direction, radius, status, one, factor
    """
    states = tuple(s for s in STATE_COLOURS if s in set(bars["state"]))
    names = dict(zip(bars["state"], bars["status"]))
    top = max(1.25, float(bars["radius"].max()) * 1.3)
    return Poured(_step_factors, (bars,), (top, [str(d) for d in bars["direction"]]),
                  labels=labels, states=states, domain=tuple(names[s] for s in states),
                  factor="factor" in bars)  # fmt: skip


def _step_factors(bars, top, directions, *, labels, states, domain, factor):
    x = alt.X(**q("radius", labels["radius"]), scale=alt.Scale(domain=[0, top], nice=False))
    y = alt.Y("direction", type="nominal", title=None, sort=directions)
    tips = [
        alt.Tooltip("direction", type="nominal", title=" "),
        alt.Tooltip("radius", type="quantitative", title=labels["radius"], format=".6g"),
        alt.Tooltip("status", type="nominal", title=labels["status"]),
    ]
    if factor:
        tips.append(alt.Tooltip("factor", type="quantitative", title=labels["factor"],
                                format=".6g"))  # fmt: skip
    base = alt.Chart(bars).encode(x=x, y=y, tooltip=tips)
    bar = base.mark_bar(height=alt.RelativeBandSize(0.7)).encode(
        color=alt.Color("status", type="nominal", title=labels["status"], sort=list(domain),
                        scale=alt.Scale(domain=list(domain),
                                        range=[STATE_COLOURS[s] for s in states]),
                        legend=None)
    )  # fmt: skip
    text = base.mark_text(align="left", dx=6, color=P.INK).encode(text="text:N")
    one = pd.DataFrame({"radius": [1.0], "label": [labels["one"]]})
    rule = (
        alt.Chart(one)
        .mark_rule(color=P.INK, strokeDash=[5, 3], strokeWidth=2)
        .encode(x=alt.X("radius:Q"), tooltip=[alt.Tooltip("label", type="nominal", title=" ")])
    )
    return alt.layer(bar, text, rule).properties(height=200)  # axes included: two thick bars
