"""The optimizers' charts: an outcome, a text catalogue and compared runs in,
``alt.Chart`` out. No Streamlit, like ``figures``, which registers them."""

import pandas as pd

from playground.charts import optimizers as charts
from playground.charts import palette as P
from playground.compute import explain
from playground.compute.optimizer_frames import stability_map, step_factors
from playground.core.optimizers import BY_NAME


def styles(T, names):
    """Each optimizer's label → (colour, dash), in the order given."""
    return {T(BY_NAME[n].label): (P.OPTIMIZERS[n], P.OPTIMIZER_DASHES[n]) for n in names}


def compare_chart(outcome, T, step, log, runs):
    """The loss of each compared run (``optimizer_frames.Compared``) on one chart."""
    frames = []
    for r in runs:
        frame = r.history[["iteration", "loss"]].assign(
            series=T(f"optimizer.{r.name}"), blew_up=False
        )
        if r.diverged_at is not None and len(frame):
            frame = pd.concat([frame, frame.tail(1).assign(blew_up=True)])
        frames.append(frame)
    calm = [float(r.history["loss"].max()) for r in runs if r.diverged_at is None]
    top = max(calm, default=0.0) * (10 if log else 1.05)
    return charts.compare_loss(
        pd.concat(frames, ignore_index=True),
        styles(T, [r.name for r in runs]),
        {
            "iteration": T("chart.iteration"),
            "loss": T("chart.loss"),
            "series": T("compare.col.optimizer"),
            "step": T("chart.step"),
            "blew_up": T("chart.blew_up"),
        },
        log=log,
        step=None if step == outcome.run.last else step,
        top=top if top > 0 else None,
    )


def landscape_runs(T, runs):
    """What the landscape draws of compared runs: (paths, ends, styles)."""
    shown = [r.shown for r in runs]
    names = [T(f"optimizer.{r.name}") for r in runs]
    path = pd.concat(
        [h[["iteration", "weight", "bias"]].assign(series=n) for h, n in zip(shown, names)],
        ignore_index=True,
    )
    ends = pd.concat(
        [h[["weight", "bias"]].tail(1).assign(series=n) for h, n in zip(shown, names)],
        ignore_index=True,
    )
    return path, ends, styles(T, [r.name for r in runs])


def regimes(T):
    """The engine's verdicts as the map names them."""
    return {
        "converges": T("verdict.converges"),
        "oscillates": T("verdict.oscillates"),
        "edge": T("map.edge"),
        "diverges": T("verdict.diverges"),
    }


MARKER = "you"  # the dataset the map's marker reads (``map_marker``)


def map_chart(outcome, T, span=None):
    """The stability map of momentum (Nesterov when that runs) over ``span``; its
    marker reads the dataset named ``MARKER``, which ``map_marker`` makes."""
    m = stability_map(outcome, span)
    cells = m.cells.assign(regime=m.cells["verdict"].map(regimes(T)))
    return charts.stability_map(
        cells,
        m.edge,
        MARKER,
        {
            "rate": T("chart.rate"),
            "momentum": T("map.momentum"),
            "regime": T("strip.zone"),
            "edge": T("map.critical"),
        },
    )


def map_marker(outcome, T):
    """The page's setting on the map: its rate and μ (0 for plain descent)."""
    s = outcome.settings
    mu = s.momentum if BY_NAME[s.optimizer].stability == "momentum" else 0.0
    return pd.DataFrame({"rate": [s.learning_rate], "momentum": [mu], "label": [T("map.you")]})


def direction(T, bowl, i):
    """Curvature direction ``i`` (0: flat, 1: steep) as a bar's label: what it moves.
    (``explain.direction`` words it for sentences; the catalogue keys stay literal.)"""
    carried = bowl.carries(i)
    if carried:
        return T(f"factors.{carried}")
    w, b = bowl.directions[:, i]
    return T(f"factors.{'steep' if i else 'flat'}", w=T.number(abs(w), 2), b=T.number(abs(b), 2))


def factor_bars(outcome, T):
    """``step_factors`` labelled: each direction, its factor and what it does.

    Raises ValueError for Adam, which has no step factors.
    """
    frame = step_factors(outcome)
    if frame is None:
        raise ValueError(f"{outcome.settings.optimizer} has no closed-form step factors")
    status = [T(f"factors.{state}") for state in frame["state"]]
    # never rounded onto 1 beside "grows" or "shrinks" (1.0000000002 is not 1)
    shown = [explain.factor(T, r, 6, edge=state == "edge")
             for r, state in zip(frame["radius"], frame["state"])]  # fmt: skip
    return frame.assign(
        direction=[direction(T, outcome.bowl, i) for i in frame["direction"]],
        status=status,
        shown=shown,
        text=[f"{r} · {s}" for r, s in zip(shown, status)],
    )


def factors_chart(outcome, T):
    return charts.step_factors(
        factor_bars(outcome, T),
        {
            "radius": T("factors.radius"),
            "status": T("factors.status"),
            "one": T("factors.one"),
            "factor": T("factors.factor"),
        },
    )


BUILDERS = {"compare": compare_chart, "stability_map": map_chart, "step_factors": factors_chart}
