"""What a room's board shows: entries as tables, the charts, their text alternatives.

No Streamlit here: ``page`` and ``host`` draw what these functions return, and
tests call them directly. Names are never put in a chart (a tooltip is
markup); they appear only as cells of a table, where they are plain text.
"""

import functools
import math

import altair as alt
import numpy as np
import pandas as pd

import neuron
from playground.charts import palette as P
from playground.charts.base import q
from playground.charts.optimizers import stability_map
from playground.compute import explain, optimizer_frames
from playground.compute.analysis import optimizer_of, training_data
from playground.core.optimizers import BY_NAME as BY_OPTIMIZER
from playground.core.settings import LR_MAX, LR_MIN, Settings

# A run's verdict, its colour and its marker: the shape says it without colour.
VERDICTS = ("converges", "oscillates", "edge", "diverges")
COLOURS = (P.CONVERGES, P.OVERSHOOTS, P.EDGE, P.DIVERGES)
SHAPES = ("circle", "diamond", "triangle-up", "cross")
FASTEST = "fastest_bias"  # the task whose leaderboard counts iterations, not the rate


def language(T, task):
    """The language a task's words are read in: the page's, if the task has it."""
    return T.lang if T.lang in task.question else "en"


def explanation(T, task, answer, rates=()):
    """A task's reveal sentence in the language its words are read in, numbers in its
    signs; its thresholds with the figures that put each of ``rates`` (the submitted
    runs') on its true side."""
    lang = language(T, task)
    return task.explanation(answer, lang, rates)


def choice_labels(T, task):
    """A prediction's choices, id → label, in the language its words are read in."""
    lang = language(T, task)
    return {c.id: c.label[lang] for c in task.choices}


def verdict_of(entry):
    """What a submitted run did: one of ``VERDICTS``, from its own settings."""
    if entry.get("diverged_at") is not None:
        return "diverges"
    return _verdict(tuple(sorted(entry.get("settings", {}).items())))


@functools.lru_cache(maxsize=4096)  # every look at a board asks again for the same runs
def _verdict(settings):
    settings = Settings.from_values(dict(settings))
    found = neuron.stability(training_data(settings)[1], optimizer_of(settings)).verdict
    return found or "converges"  # Adam has no closed-form verdict; it did not blow up


def runs_frame(entries):
    """Submitted runs, one row each, in submission order.

    Returns
    -------
    DataFrame with columns name, mine, rate, verdict, blew_up, bias_learned
        ``blew_up`` is whether the loss overflowed within the run (a run just
        over the critical rate diverges, yet may not have); ``bias_learned``
        the iteration from which the bias stays learned (None if never, or
        past the run's end).
    """
    rows = []
    for e in entries:
        run = e.entry
        learned = run.get("bias_learned_at")
        if learned is not None and learned > run.get("iterations", 0):
            learned = None
        rate = run.get("settings", {}).get("lr", Settings().learning_rate)
        rows.append(
            dict(name=e.name, mine=e.mine, rate=rate, verdict=verdict_of(run),
                 blew_up=run.get("diverged_at") is not None, bias_learned=learned)
        )  # fmt: skip
    columns = ["name", "mine", "rate", "verdict", "blew_up", "bias_learned"]
    return pd.DataFrame(rows, columns=columns)


def leaderboard(task, frame):
    """The runs that count, best first: fewest iterations to learn the bias for the
    task that asks it, else the runs that did not blow up, closest to the task's
    limit first (the largest rate that survives its iterations: just over the
    critical rate a run grows, yet may not overflow)."""
    ok = frame[~frame["blew_up"]]
    if task.answer == FASTEST:
        ok = ok[ok["bias_learned"].notna()]
        return ok.sort_values(["bias_learned", "rate"], kind="stable").reset_index(drop=True)
    limit = task.reveal().values["rate"]  # the largest rate that survives the task's run
    ok = ok.assign(gap=(ok["rate"] - limit).abs())
    ranked = ok.sort_values(["gap", "rate"], kind="stable").drop(columns="gap")
    return ranked.reset_index(drop=True)


def rate_text(T, rate):
    """A submitted rate with every digit its sender typed (up to 12): a task that asks
    for the last digits ranks 0.00122107072 apart from 0.00122107."""
    return T.number(rate, 12)


def verdict_text(T, verdict, blew_up):
    """What a run did, in words: a run over the critical rate that has not yet
    overflowed diverges, slowly, and says so (beside "Runs that did not blow up")."""
    if verdict == "diverges" and not blew_up:
        return T("room.verdict.not_yet")
    return T(f"verdict.{verdict}.title")


def leaderboard_rows(T, best):
    """The leaderboard as text cells: name, rate, what it did, when the bias was learned."""
    return [
        (r.name, rate_text(T, r.rate), verdict_text(T, r.verdict, r.blew_up),
         "—" if pd.isna(r.bias_learned) else T.count(r.bias_learned))
        for r in best.itertuples()
    ]  # fmt: skip


def answers_frame(task, entries, lang, answer=None):
    """Predictions per choice, in the task's order.

    Returns
    -------
    DataFrame with columns choice, label, count, right
        ``label`` in ``lang``, marked with ✓ when it is ``answer`` (a choice id).
    """
    counts = {c.id: 0 for c in task.choices}
    for e in entries:
        if e.entry.get("choice") in counts:
            counts[e.entry["choice"]] += 1
    return pd.DataFrame(
        [
            dict(choice=c.id, label=("✓ " if c.id == answer else "") + c.label[lang],
                 count=counts[c.id], right=c.id == answer)
            for c in task.choices
        ],
        columns=["choice", "label", "count", "right"],
    )  # fmt: skip


def rates_labels(T):
    """The words of ``rates_chart`` in ``T``'s language."""
    labels = {v: T(f"verdict.{v}.title") for v in VERDICTS}
    labels.update(rate=T("room.col.rate"), verdict=T("room.col.verdict"),
                  oscillation=T("chart.oscillation"), critical=T("chart.critical"))  # fmt: skip
    return labels


def rates_chart(frame, bowl, labels):
    """Everyone's rate on a log axis, a row and a marker per verdict, against the
    rates where overshooting starts (1/λmax) and where runs blow up (2/λmax).

    ``labels`` holds the axis titles (rate, verdict), each verdict's title and
    the two rules' labels (oscillation, critical).
    """
    oscillation, critical = 1 / float(bowl.curvatures[-1]), bowl.critical_learning_rate
    names = [labels[v] for v in VERDICTS]
    data = frame.assign(label=[labels[v] for v in frame["verdict"]])[["rate", "label"]]
    lo = min([oscillation / 10, *data["rate"]])
    hi = max([critical * 2, *data["rate"]])
    x = alt.X(**q("rate", labels["rate"]),
              scale=alt.Scale(type="log", domain=[lo / 1.2, hi * 1.2], nice=False))  # fmt: skip
    y = alt.Y("label", type="nominal", title=None, sort=names, scale=alt.Scale(domain=names),
              axis=alt.Axis(labelLimit=260))  # fmt: skip
    by_verdict = dict(sort=names, scale=alt.Scale(domain=names, range=list(COLOURS)))
    points = (
        alt.Chart(data)
        .mark_point(size=140, filled=True, opacity=0.8)
        .encode(
            x=x,
            y=y,
            color=alt.Color("label", type="nominal", legend=None, **by_verdict),
            shape=alt.Shape("label", type="nominal", legend=None, sort=names,
                            scale=alt.Scale(domain=names, range=list(SHAPES))),
            tooltip=[alt.Tooltip("rate", type="quantitative", title=labels["rate"], format=".6g"),
                     alt.Tooltip("label", type="nominal", title=labels["verdict"])],
        )
    )  # fmt: skip
    marks = pd.DataFrame(
        {"rate": [oscillation, critical], "label": [labels["oscillation"], labels["critical"]]}
    )
    rules = alt.Chart(marks).encode(x=alt.X(**q("rate")))
    drawn = rules.mark_rule(strokeDash=[5, 3], strokeWidth=2, color=P.INK)
    named = rules.mark_text(align="left", dx=4, dy=-6, color=P.INK, baseline="bottom").encode(
        y=alt.value(0), text=alt.Text("label", type="nominal")
    )
    return alt.layer(points, drawn, named).properties(height=190)


def answers_chart(frame, labels):
    """Predictions per choice as horizontal bars; the right one, once known, in the
    colour of a converging run and marked ✓ in its label."""
    y = alt.Y("label", type="nominal", title=None, sort=list(frame["label"]),
              axis=alt.Axis(labelLimit=420))  # fmt: skip
    x = alt.X(**q("count", labels["count"]), axis=alt.Axis(tickMinStep=1))
    colour = alt.condition("datum.right", alt.value(P.CONVERGES), alt.value(P.DATA))
    base = alt.Chart(frame[["label", "count", "right"]]).encode(x=x, y=y)
    bars = base.mark_bar().encode(color=colour, tooltip=[
        alt.Tooltip("label", type="nominal", title=labels["choice"]),
        alt.Tooltip("count", type="quantitative", title=labels["count"]),
    ])  # fmt: skip
    counts = base.mark_text(align="left", dx=4, color=P.INK).encode(
        text=alt.Text("count", type="quantitative")
    )
    return alt.layer(bars, counts).properties(height=40 + 36 * len(frame))


# ---- text alternatives ----------------------------------------------------------------


def describe_answers(T, frame):
    """The histogram in words: every choice with its count."""
    items = "; ".join(f"{label}: {T.count(n)}" for label, n in zip(frame["label"], frame["count"]))
    return T("room.alt.answers", n=T.count(int(frame["count"].sum())), items=items)


def describe_rates(T, frame, bowl):
    """The strip in words: how many runs of each verdict, the lowest and highest rate."""
    counts = frame["verdict"].value_counts()
    items = "; ".join(f"{T(f'verdict.{v}.title')}: {T.count(counts.get(v, 0))}" for v in VERDICTS)
    rates = frame["rate"] if len(frame) else pd.Series([math.nan])
    return T(
        "room.alt.rates",
        n=T.count(len(frame)),
        items=items,
        lo=T.number(float(rates.min()), 6),
        hi=T.number(float(rates.max()), 6),
        # "overshooting starts at", "above it runs blow up": rounded up, past every rate shown
        oscillation=explain.threshold_among(T, bowl.oscillation_learning_rate, frame["rate"]),
        critical=explain.threshold_among(T, bowl.critical_learning_rate, frame["rate"]),
    )


# ---- vote, discuss, vote again ------------------------------------------------------------

ROUND_COLOURS = (P.DATA, P.ACTUAL)  # round 1 grey, round 2 blue; bars also in their order


def shift_frame(task, first, second, lang, answer=None):
    """Predictions per choice in each round, in the task's order.

    Parameters
    ----------
    first, second : sequence of Entry
        The first round's votes and the second's.

    Returns
    -------
    DataFrame with columns choice, label, round, count, right
        Two rows per choice (round 1, then 2); ``label`` as ``answers_frame``.
    """
    one, two = (answers_frame(task, e, lang, answer) for e in (first, second))
    both = pd.concat([one.assign(round=1), two.assign(round=2)], ignore_index=True)
    order = {c.id: i for i, c in enumerate(task.choices)}
    both = both.sort_values(["choice", "round"], key=lambda s: s.map(order) if s.name == "choice"
                            else s, kind="stable")  # fmt: skip
    return both[["choice", "label", "round", "count", "right"]].reset_index(drop=True)


def both_votes(first, second, labels):
    """Each name's two votes as text cells (name, first, second), "—" for a vote not
    made: everyone who voted again, then those who voted only in round 1 (they
    stay on the board, as in the record)."""
    rows = [(e.name, labels.get((e.first or {}).get("choice"), "—"),
             labels.get(e.entry.get("choice"), "—")) for e in second]  # fmt: skip
    again = {e.name for e in second}
    rows += [(e.name, labels.get(e.entry.get("choice"), "—"), "—")
             for e in first if e.name not in again]  # fmt: skip
    return rows


def moves(task, second, lang):
    """How each second vote moved from its author's first: (from, to, count) rows,
    largest first, labels in ``lang``; a second vote with no first is from "—"."""
    label = {c.id: c.label[lang] for c in task.choices}
    counts = {}
    for e in second:
        before = (e.first or {}).get("choice")
        pair = (label.get(before, "—"), label.get(e.entry.get("choice"), "—"))
        counts[pair] = counts.get(pair, 0) + 1
    return sorted(((a, b, n) for (a, b), n in counts.items()), key=lambda r: (-r[2], r[0], r[1]))


def shift_chart(frame, labels):
    """Both rounds' predictions as paired bars per choice, round 1 above round 2;
    the right choice marked ✓ in its label, each bar its count."""
    rounds = [labels["round1"], labels["round2"]]
    data = frame.assign(round_label=[rounds[r - 1] for r in frame["round"]])
    data = data[["label", "round_label", "count", "right"]]
    y = alt.Y("label", type="nominal", title=None, sort=list(dict.fromkeys(frame["label"])),
              axis=alt.Axis(labelLimit=420))  # fmt: skip
    x = alt.X(**q("count", labels["count"]), axis=alt.Axis(tickMinStep=1))
    offset = alt.YOffset("round_label", type="nominal", sort=rounds)
    colour = alt.Color("round_label", type="nominal", title=None, sort=rounds,
                       scale=alt.Scale(domain=rounds, range=list(ROUND_COLOURS)),
                       legend=alt.Legend(orient="bottom"))  # fmt: skip
    base = alt.Chart(data).encode(x=x, y=y, yOffset=offset)
    bars = base.mark_bar().encode(color=colour, tooltip=[
        alt.Tooltip("label", type="nominal", title=labels["choice"]),
        alt.Tooltip("round_label", type="nominal", title=" "),
        alt.Tooltip("count", type="quantitative", title=labels["count"]),
    ])  # fmt: skip
    counts = base.mark_text(align="left", dx=4, color=P.INK).encode(
        text=alt.Text("count", type="quantitative")
    )
    return alt.layer(bars, counts).properties(height=60 + 56 * frame["choice"].nunique())


def describe_shift(T, frame, moved):
    """The paired bars in words: each round's counts, how many were right in each,
    and how many changed their answer."""
    parts = []
    for r in (1, 2):
        rows = frame[frame["round"] == r]
        items = "; ".join(f"{a}: {T.count(n)}" for a, n in zip(rows["label"], rows["count"]))
        right = int(rows.loc[rows["right"], "count"].sum())
        total = int(rows["count"].sum())
        parts.append(T("room.alt.round", round=r, n=T.count(total), items=items,
                       right=T.count(right)))  # fmt: skip
    changed = sum(n for a, b, n in moved if a != b and a != "—")
    again = sum(n for a, b, n in moved if a != "—")
    return T("room.alt.shift", rounds=" ".join(parts), changed=T.count(changed),
             again=T.count(again))  # fmt: skip


# ---- the class on the stability map -------------------------------------------------------


def momentum_of(settings):
    """A run's μ on the stability map: its momentum, or 0 for an optimizer without."""
    optimizer = settings.get("optimizer", Settings().optimizer)
    if optimizer in BY_OPTIMIZER and BY_OPTIMIZER[optimizer].stability == "momentum":
        return float(settings.get("momentum", Settings().momentum))
    return 0.0


def class_frame(entries):
    """Every submitted run at its (rate, μ), with its verdict (see ``verdict_of``).

    Returns
    -------
    DataFrame with columns rate, momentum, verdict, mine
    """
    rows = [
        dict(rate=float(e.entry.get("settings", {}).get("lr", Settings().learning_rate)),
             momentum=momentum_of(e.entry.get("settings", {})), verdict=verdict_of(e.entry),
             mine=e.mine)
        for e in entries
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=["rate", "momentum", "verdict", "mine"])


def class_span(outcome, frame):
    """The map's rates: ``map_span`` of the task's outcome, widened to hold every run."""
    lo, hi = optimizer_frames.map_span(outcome)
    if len(frame):
        lo = max(min(lo, float(frame["rate"].min()) / 1.5), LR_MIN)
        hi = min(max(hi, float(frame["rate"].max()) * 1.5), LR_MAX)
    return lo, hi


def class_map(outcome, frame, labels, regimes, you):
    """The stability map of the task's data with the class on it: a dot per run
    at its (rate, μ), each verdict its own shape (and colour, ringed in white so
    it reads on its own shade); one's own run is the map's marker as well.

    Parameters
    ----------
    outcome : analysis.Outcome
        The task's own run: its data and optimizer make the map.
    frame : DataFrame from ``class_frame``
    labels : dict
        The map's words (rate, momentum, regime, edge, you, runs, verdict)
        and each verdict's title.
    regimes : dict of verdict → the map's name for it
    you : DataFrame with columns rate, momentum, label, or a name
        The viewer's own run (no rows for the host), or the name of a
        dataset that holds it (``you_frame``): then one chart serves everyone.

    Returns
    -------
    (LayerChart, StabilityMap)
        The chart, and the map it draws (its ``edge`` for the words).
    """
    m = optimizer_frames.stability_map(outcome, class_span(outcome, frame))
    cells = m.cells.assign(regime=m.cells["verdict"].map(regimes))
    drawn = stability_map(cells, m.edge, you, labels)
    names = [labels[v] for v in VERDICTS]
    data = frame.assign(label=[labels[v] for v in frame["verdict"]])[["rate", "momentum", "label"]]
    rates = alt.Scale(type="log", domain=[float(cells.rate.min()), float(cells.rate2.max())],
                      nice=False)  # fmt: skip
    momenta = alt.Scale(domain=[float(cells.momentum.min()), float(cells.momentum2.max())],
                        nice=False)  # fmt: skip
    by_verdict = dict(sort=names, scale=alt.Scale(domain=names, range=list(COLOURS)))
    dots = (
        alt.Chart(data, name="class_runs")
        .mark_point(size=150, filled=True, opacity=1, stroke="#FFFFFF", strokeWidth=1.5)
        .encode(
            x=alt.X("rate", type="quantitative", scale=rates),
            y=alt.Y("momentum", type="quantitative", scale=momenta),
            fill=alt.Fill("label", type="nominal", title=labels["runs"], **by_verdict,
                          legend=alt.Legend(orient="bottom")),
            shape=alt.Shape("label", type="nominal", title=labels["runs"], sort=names,
                            scale=alt.Scale(domain=names, range=list(SHAPES)),
                            legend=alt.Legend(orient="bottom")),
            tooltip=[alt.Tooltip("rate", type="quantitative", title=labels["rate"], format=".6g"),
                     alt.Tooltip("momentum", type="quantitative", title=labels["momentum"],
                                 format=".3f"),
                     alt.Tooltip("label", type="nominal", title=labels["verdict"])],
        )
    )  # fmt: skip
    return alt.layer(drawn, dots), m


def you_frame(frame, label):
    """The viewer's own runs of ``frame`` (its ``mine`` rows) as the map's marker."""
    mine = frame[frame["mine"]]
    return pd.DataFrame({"rate": mine["rate"], "momentum": mine["momentum"],
                         "label": [label] * len(mine)})  # fmt: skip


def describe_class(T, frame, edge):
    """The class on the map in words: how many runs of each verdict, and how many
    lie past the critical rate at their μ (``edge``: the map's, μ → rate)."""
    counts = frame["verdict"].value_counts()
    items = "; ".join(f"{T(f'verdict.{v}.title')}: {T.count(counts.get(v, 0))}" for v in VERDICTS)
    critical = np.interp(frame["momentum"], edge["momentum"], edge["rate"])
    past = int((frame["rate"].to_numpy() > critical).sum())
    return T("room.alt.class", n=T.count(len(frame)), items=items, past=T.count(past))
