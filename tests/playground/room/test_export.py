"""The room's CSV record keeps what a run task scores, read back exactly.

A real run of the default sequence's third task (the bias learned soonest:
the participant picks the rate and the iterations) goes through the store on
SQLite; the export must give back the run's own floats digit for digit, the
iterations chosen, and the learned-from dates the engine computes on its own.
"""

import csv
import io

import pytest

import neuron
from playground.room import OPERATOR, Outcome, Store, new_participant_id, records, schema
from playground.room.records import run_entry
from tests.room_support import Clock, sqlite_url

LR, ITERATIONS = 0.0011, 40_000


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store(tmp_path, clock):
    url = sqlite_url(tmp_path)
    yield Store(url, clock=clock)
    schema.forget(url)


def _record(store, code):
    return list(csv.DictReader(io.StringIO(store.export_csv(code, OPERATOR))))


def test_a_run_row_keeps_its_settings_its_end_and_its_learned_dates(store):
    made = store.create("Workshop")
    code, token, task = made.room.code, made.token, made.room.tasks[2]
    assert task.controls == ("lr", "iterations")  # the third task opens both
    store.next_task(code, token)
    store.next_task(code, token)
    data = neuron.make_dataset()
    run = neuron.train(data, learning_rate=LR, iterations=ITERATIONS,
                       initial_weight=0.637, initial_bias=0.2698)  # fmt: skip
    learned = neuron.iterations_to_learn(data, learning_rate=LR,
                                         initial_weight=0.637, initial_bias=0.2698)  # fmt: skip
    entry = run_entry(task, {"lr": LR, "iterations": ITERATIONS}, run, learned)
    assert store.submit(code, 2, participant=new_participant_id(), name="Ana",
                        entry=entry) == Outcome.SAVED  # fmt: skip
    [row] = _record(store, code)
    assert list(row) == [*records.COLUMNS, *records.RUN_COLUMNS, *records.SETTING_COLUMNS]
    end = run.at(run.last)
    assert float(row["weight"]) == float(end.weight)  # every digit: repr round-trips
    assert float(row["bias"]) == float(end.bias)
    assert float(row["final_loss"]) == float(end.loss)
    assert float(row["learning_rate"]) == LR and float(row["lr"]) == LR
    assert int(row["iterations"]) == ITERATIONS  # the participant's choice, kept
    assert int(row["bias_learned_at"]) == learned.bias  # what the task's leaderboard ranks
    assert int(row["weight_learned_at"]) == learned.weight
    assert learned.bias < ITERATIONS and row["diverged_at"] == ""
    assert row["verdict"] == "oscillates"  # 0.0011 is between 1/λmax and 2/λmax
    assert row["momentum"] == "" and row["optimizer"] == ""  # the task left them alone


def test_a_blown_up_run_says_where_and_a_prediction_is_scored_only_where_it_counts(store, clock):
    made = store.create("Workshop")
    code, token = made.room.code, made.token
    ana, ben = new_participant_id(), new_participant_id()
    store.submit(code, 0, participant=ana, name="Ana", entry={"choice": "converges"})
    clock.advance(1)  # one Submit a second
    store.submit(code, 0, participant=ana, name="Ana", entry={"choice": "oscillates"})
    store.reveal(code, token)
    store.submit(code, 0, participant=ben, name="Ben", entry={"choice": "oscillates"})
    store.next_task(code, token)
    task = made.room.tasks[1]
    run = neuron.train(neuron.make_dataset(), learning_rate=0.0015, iterations=10_000,
                       initial_weight=0.637, initial_bias=0.2698)  # fmt: skip
    assert run.diverged_at is not None
    entry = run_entry(task, {"lr": 0.0015, "iterations": 10_000}, run)
    clock.advance(1)
    assert store.submit(code, 1, participant=ben, name="Ben", entry=entry) == Outcome.SAVED
    rows = _record(store, code)
    got = [(r["name"], r["status"], r["verdict"]) for r in rows]
    assert got == [
        ("Ana", "replaced", ""),  # not her answer any more
        ("Ana", "counted", "right"),
        ("Ben", "late", ""),  # after the reveal: kept, never scored
        ("Ben", "counted", f"blew up at iteration {run.diverged_at}"),
    ]
    blown = rows[-1]
    assert int(blown["diverged_at"]) == run.diverged_at
    last = run.at(run.last)  # the last finite step before the overflow
    assert float(blown["weight"]) == float(last.weight) and last.weight is not None
    assert float(blown["final_loss"]) == float(last.loss) > 1e100
    assert rows[0]["diverged_at"] == rows[0]["iterations"] == ""  # a prediction has no run


def test_the_record_mark_moves_whenever_the_export_would_change(store, clock):
    """The host's page rebuilds its export only when the mark moves: a Submit, a
    replacement, a late answer or a Clear must each move it; a look must not."""
    made = store.create("Workshop")
    code, token = made.room.code, made.token
    ana = new_participant_id()
    marks, exports = [store.record_mark(code)], [store.export_csv(code, token)]

    def step(action):
        action()
        clock.advance(1)
        marks.append(store.record_mark(code))
        exports.append(store.export_csv(code, token))

    step(lambda: store.submit(code, 0, participant=ana, name="Ana", entry={"choice": "converges"}))
    step(lambda: store.submit(code, 0, participant=ana, name="Ana", entry={"choice": "diverges"}))
    step(lambda: store.reveal(code, token))  # the record itself does not change
    step(lambda: store.submit(code, 0, participant=new_participant_id(), name="Ben",
                              entry={"choice": "diverges"}))  # fmt: skip
    step(lambda: store.clear(code, token))
    step(lambda: store.board(code, token=token))  # a look changes nothing
    assert marks[0] == (0, 0, 0)
    for before, after, was, now in zip(marks, marks[1:], exports, exports[1:]):
        assert (before != after) == (was != now), (before, after)
    assert marks[-1][0] == 3 and marks[-1][2] == 0  # three rows, none counted after Clear
