"""Chart data for the optimizers: runs compared from one start, the stability
map over (learning rate, momentum), and each direction's step factor.

No Streamlit here, like ``frames``: every table is small and finite. A
compared run is recorded only at its chart points (``analysis.chart_steps``).
"""

import dataclasses
import functools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

import neuron
from playground.compute.analysis import chart_steps, run_at, training_data
from playground.compute.frames import visible_end
from playground.core.optimizers import BY_NAME as BY_OPTIMIZER
from playground.core.params import BY_NAME
from playground.core.settings import LR_MAX, LR_MIN

MAP_RATES, MAP_MOMENTA = 48, 37  # the stability map's cells: under 2,000
EDGE_POINTS = 60  # points along the critical rate's curve
MU_MAX = BY_NAME["momentum"].high


@dataclass(frozen=True, eq=False)
class Compared:
    """One optimizer's run from the page's start, rate and data.

    Attributes
    ----------
    name : str
        The optimizer's name in ``playground.core.optimizers``.
    history : DataFrame with columns iteration, loss, weight, bias
        At the chart points up to the last finite iteration, in the neuron's
        own parameters (standardized ones when scaled).
    diverged_at : int or None
    last : int
        The last finite iteration (-1 if even the start overflowed).
    end : int
        The last iteration worth framing on the landscape (``frames.visible_end``).
    line : (float, float) or None
        The °C → °F line at ``last``; None if even the start overflowed.
    loss : float
        The loss at ``last`` (NaN if even the start overflowed).
    """

    name: str
    history: pd.DataFrame
    diverged_at: int | None
    last: int
    end: int
    line: tuple | None
    loss: float

    @property
    def shown(self):
        """``history`` up to ``end``: what the landscape draws of the run."""
        return self.history[self.history["iteration"] <= self.end]


def lineup(current, compared):
    """The optimizers a comparison draws: the page's own first, then the others asked for."""
    return (current, *(name for name in dict.fromkeys(compared or ()) if name != current))


def compare_run(settings, name):
    """The run ``settings`` make with the optimizer ``name`` instead (their rate,
    start, data and hyper-parameters), recorded at its chart points."""
    s = dataclasses.replace(settings, optimizer=name)
    _, trained_on, scaling = training_data(s)
    run = run_at(s, chart_steps, trained_on)
    finite = run.steps <= run.last
    history = pd.DataFrame(
        {
            "iteration": run.steps[finite],
            "loss": run.losses[finite],
            "weight": run.weights[finite],
            "bias": run.biases[finite],
        }
    )
    line, loss = None, math.nan
    if run.last >= 0:
        row = run.at(run.last)
        w, b = row.weight, row.bias
        if scaling is not None:
            celsius = scaling.to_celsius(w, b)
            w, b = float(celsius.weight), float(celsius.bias)
        line, loss = (w, b), row.loss
    return Compared(name, history, run.diverged_at, run.last, visible_end(run), line, loss)


def final_table(T, runs, label):
    """The compared runs' final numbers side by side, as text in ``T``'s language.

    ``label`` names each optimizer. One row per run: its line and its loss
    after the run, or the iteration where it blew up.
    """
    rows = []
    for r in runs:
        if r.line is None or r.diverged_at is not None:  # where it blew up says more
            weight = bias = "—"
        else:
            weight, bias = T.number(r.line[0], 6), T.number(r.line[1], 6)
        if r.diverged_at is not None:
            loss = T("compare.blew_up", at=T.count(r.diverged_at))
        else:
            loss = T.number(r.loss, 6)
        rows.append((label(r.name), weight, bias, loss))
    columns = [T("compare.col.optimizer"), T("chart.weight"), T("chart.bias"), T("chart.loss")]
    return pd.DataFrame(rows, columns=columns).set_index(columns[0])


# ---- the stability map ------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class StabilityMap:
    """What momentum does over a grid of learning rates and momenta, exactly.

    Attributes
    ----------
    cells : DataFrame with columns rate, rate2, momentum, momentum2, at_rate,
        at_momentum, column, row, verdict
        One rectangle per grid point (``at_rate``, ``at_momentum``), from
        midway to its neighbours; ``verdict`` is ``neuron.stability_grid``'s
        there. ``column`` and ``row`` index the grid.
    edge : DataFrame with columns momentum, rate
        The critical rate at each μ, where the steep direction neither
        shrinks nor grows.
    nesterov : bool
    """

    cells: pd.DataFrame
    edge: pd.DataFrame
    nesterov: bool


def map_span(outcome):
    """(lowest, highest) rate of the outcome's stability map: from a thousandth of
    plain descent's critical rate to three times it (above every heavy-ball
    critical rate), widened to hold the page's own rate."""
    crit, rate = outcome.bowl.critical_learning_rate, outcome.settings.learning_rate
    return max(min(crit * 1e-3, rate / 2), LR_MIN), min(max(crit * 3, rate * 2), LR_MAX)


@functools.lru_cache(maxsize=8)  # by outcome (its identity): the chart and its text
def stability_map(outcome, span=None, rates=MAP_RATES, momenta=MAP_MOMENTA):
    """The map for the outcome's data: heavy ball, or Nesterov when that runs.

    Rates are log-spaced over ``span`` (default ``map_span(outcome)``);
    momenta run from 0 (plain descent) to the highest the page takes.
    """
    s = outcome.settings
    nesterov = BY_OPTIMIZER[s.optimizer].nesterov
    rate = s.learning_rate  # any: the critical rate at each μ does not depend on it
    lo, hi = span or map_span(outcome)
    at_rate, at_mu = np.geomspace(lo, hi, rates), np.linspace(0.0, MU_MAX, momenta)
    verdicts = neuron.stability_grid(outcome.trained_on, at_rate, at_mu, nesterov=nesterov)
    rate_edges = np.exp(_edges(np.log(at_rate)))
    mu_edges = _edges(at_mu)
    col, row = (a.ravel() for a in np.meshgrid(np.arange(rates), np.arange(momenta)))
    cells = pd.DataFrame(
        {
            "rate": rate_edges[col],
            "rate2": rate_edges[col + 1],
            "momentum": mu_edges[row],
            "momentum2": mu_edges[row + 1],
            "at_rate": at_rate[col],
            "at_momentum": at_mu[row],
            "column": col,
            "row": row,
            "verdict": verdicts.ravel(),
        }
    )
    line = np.linspace(0.0, MU_MAX, EDGE_POINTS)
    critical = [
        neuron.stability(
            outcome.trained_on, neuron.Momentum(rate, m, nesterov=nesterov)
        ).critical_learning_rate
        for m in line
    ]
    edge = pd.DataFrame({"momentum": line, "rate": critical})
    return StabilityMap(cells, edge, nesterov)


def _edges(centres):
    """Cell edges: midway between neighbouring centres, the end centres at the ends."""
    return np.concatenate([centres[:1], (centres[1:] + centres[:-1]) / 2, centres[-1:]])


# ---- the regimes along the rate -------------------------------------------------


@functools.lru_cache(maxsize=8)  # by outcome: the strip and its words ask for both
def regime_rates(outcome, steps=64):
    """(first rate that overshoots, critical rate) of the outcome's optimizer.

    Plain descent's are 1/λmax and 2/λmax. With momentum a direction starts
    to ring at a smaller rate; it is found by bisection on the engine's
    verdict (``steps`` halvings: to float precision), which turns from
    "converges" to "oscillates" once, as the rate grows.
    """
    s, shape = outcome.settings, outcome.bowl
    if BY_OPTIMIZER[s.optimizer].stability != "momentum":
        return shape.oscillation_learning_rate, shape.critical_learning_rate
    critical = outcome.stability.critical_learning_rate

    def converges(rate):
        opt = neuron.Momentum(rate, s.momentum, nesterov=BY_OPTIMIZER[s.optimizer].nesterov)
        return neuron.stability(outcome.trained_on, opt).verdict == "converges"

    lo, hi = LR_MIN, critical
    if not converges(lo):
        return lo, critical
    for _ in range(steps):
        mid = math.sqrt(lo * hi)
        lo, hi = (mid, hi) if converges(mid) else (lo, mid)
    return hi, critical


# ---- step factors -------------------------------------------------------------------


def step_factors(outcome):
    """Per curvature direction, flat first: how much one step scales its error.

    Returns
    -------
    DataFrame with columns direction, radius, state, and factor for plain descent
        ``radius`` is ``stability.radii`` (|1 − ηλ| for plain descent, the
        spectral radius with momentum); ``state`` is "grows" above 1, "edge"
        for the steep direction at the critical rate, "overshoots" where
        ``stability.overshoots`` says the error jumps past the optimum, else
        "steady"; ``factor`` is plain descent's signed 1 − ηλ. None for Adam.
    """
    s = outcome.stability
    if s.verdict is None:
        return None
    states = []
    for i in (0, 1):
        if s.verdict == "edge" and i == 1:
            states.append("edge")
        elif s.radii[i] > 1:
            states.append("grows")
        else:
            states.append("overshoots" if s.overshoots[i] else "steady")
    frame = pd.DataFrame({"direction": [0, 1], "radius": s.radii, "state": states})
    if s.optimizer.stability_model == "quadratic":
        frame["factor"] = s.step_factors
    return frame
