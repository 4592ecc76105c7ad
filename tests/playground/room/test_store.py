"""The live room's store on a real SQLite file and a real PostgreSQL.

Every test runs on both databases (PostgreSQL where ``ROOMS_TEST_POSTGRES_URL``
names one). Time is a clock the test moves, so the one-a-second limit and the
expiry are checked exactly.
"""

import contextlib
import csv
import io
import multiprocessing
import sys
import threading
import types

import pytest
from sqlalchemy import create_engine, func, select, text, update

from playground.room import (
    OPERATOR,
    NotHost,
    Outcome,
    RoomClosed,
    RoomsFull,
    RoomsTooSoon,
    RoomsUnavailable,
    Store,
    UnknownRoom,
    ids,
    load_tasks,
    new_participant_id,
    records,
    schema,
)
from tests.room_support import Clock, postgres_url, sqlite_url

PARTICIPANTS = 60


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    made = sqlite_url(tmp_path) if request.param == "sqlite" else postgres_url()
    yield made
    schema.forget(made)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store(url, clock):
    return Store(url, clock=clock)


@pytest.fixture
def room(store):
    return store.create("Workshop")


RUN = {"settings": {"lr": 0.001, "iterations": 10000}, "diverged_at": None, "loss": 0.5}


def submit(store, code, who, name="Ana", task=0, choice="oscillates"):
    return store.submit(code, task, participant=who, name=name, entry={"choice": choice})


@contextlib.contextmanager
def direct(url):
    """A transaction on the database itself, past the store."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            yield conn
    finally:
        engine.dispose()


def rows(url, table):
    with direct(url) as conn:
        return conn.execute(select(func.count()).select_from(text(table))).scalar_one()


# ---- rooms and hosts -----------------------------------------------------------------


def test_a_new_room_has_a_readable_code_the_default_tasks_and_a_week(store, room, clock):
    code = room.room.code
    assert len(code) == 8 and set(code) <= set(ids.ALPHABET)
    got = store.room(code)
    assert got.title == "Workshop" and got.tasks == load_tasks() and got.task == 0
    assert got.revealed == frozenset() and got.closed is None
    assert (got.expires - got.created).total_seconds() == 7 * 86400
    assert store.room(code.lower().replace("0", "o")) == got  # as a person may type it


def test_only_the_right_token_is_the_host(store, room):
    other = store.create("Other")
    code, token = room.room.code, room.token
    assert len(token) >= 22 and store.is_host(code, token)
    for wrong in (None, "", token[:-1] + ("A" if token[-1] != "A" else "B"), other.token, 42):
        assert not store.is_host(code, wrong)
        with pytest.raises(NotHost):
            store.next_task(code, wrong)
        assert not store.board(code, token=wrong).shown


def test_the_token_is_kept_only_as_a_hash(url, room):
    with direct(url) as conn:
        kept = conn.execute(text("SELECT * FROM rooms")).all()
    assert room.token not in repr(kept)
    assert kept[0].token_hash == ids.token_hash(room.token)


def test_unknown_and_malformed_codes_are_unknown_rooms(store, room):
    for code in ("ZZZZZZZZ", "abc", "", None, "ÅÅÅÅÅÅÅÅ", "1" * 500):
        with pytest.raises(UnknownRoom):
            store.room(code)
        with pytest.raises(UnknownRoom):
            submit(store, code, new_participant_id())


# ---- entries ---------------------------------------------------------------------------


def test_submit_replace_and_too_soon(store, room, clock):
    code, me = room.room.code, new_participant_id()
    assert submit(store, code, me, choice="converges") == Outcome.SAVED
    clock.advance(0.999)
    assert submit(store, code, me, choice="diverges") == Outcome.TOO_SOON
    clock.advance(0.001)
    assert submit(store, code, me, name="Ana B", choice="oscillates") == Outcome.REPLACED
    (entry,) = store.board(code, viewer=me).entries
    assert entry.mine and entry.name == "Ana B" and entry.entry == {"choice": "oscillates"}


def test_names_are_cut_and_stripped_of_invisible_characters(store, room):
    code = room.room.code
    sneaky = "\u202eAna\u200b\x00\n\tLópez\u2028 " + "x" * 60
    assert submit(store, code, new_participant_id(), name=sneaky) == Outcome.SAVED
    assert submit(store, code, new_participant_id(), name="\u200b\n\x7f ") == Outcome.NO_NAME
    (entry,) = store.board(code, token=room.token).entries
    assert entry.name == ("AnaLópez " + "x" * 60)[:40]
    assert ids.clean_name("  Zoë   👩🏽  Ng ") == "Zoë 👩🏽 Ng"


def test_a_participant_sees_others_only_after_the_reveal(store, room, clock):
    code, me, you = room.room.code, new_participant_id(), new_participant_id()
    submit(store, code, me, name="Me")
    submit(store, code, you, name="You")
    mine = store.board(code, viewer=me)
    assert [e.name for e in mine.entries] == ["Me"] and mine.hidden == 1 and not mine.shown
    stranger = store.board(code)  # no id yet: sees nothing, knows how many
    assert stranger.entries == () and stranger.hidden == 2
    host = store.board(code, token=room.token)
    assert host.shown and {e.name for e in host.entries} == {"Me", "You"}
    assert store.reveal(code, room.token).revealed == {0}
    after = store.board(code, viewer=me)
    assert after.shown and after.hidden == 0 and [e.mine for e in after.entries] == [True, False]
    assert store.reveal(code, room.token, shown=False).revealed == frozenset()
    assert store.board(code, viewer=me).hidden == 1


def test_next_task_moves_everyone_and_late_entries_are_refused(store, room, clock):
    code, me = room.room.code, new_participant_id()
    submit(store, code, me)
    assert store.next_task(code, room.token).task == 1
    clock.advance(1)
    assert submit(store, code, me, task=0) == Outcome.NOT_CURRENT
    run = {"settings": {"lr": 0.0012}, "diverged_at": None}
    ok = store.submit(code, 1, participant=me, name="Ana", entry=run)
    assert ok == Outcome.SAVED
    assert [e.entry for e in store.board(code, 1, viewer=me).entries] == [run]
    assert len(store.board(code, 0, viewer=me).entries) == 1  # the first task keeps its own
    for _ in range(5):
        last = store.next_task(code, room.token)
    assert last.task == len(last.tasks) - 1  # stays on the last


def test_clear_empties_only_the_current_task_and_hides_it(store, room, clock):
    code, token = room.room.code, room.token
    submit(store, code, new_participant_id())
    store.next_task(code, token)
    for _ in range(3):
        store.submit(code, 1, participant=new_participant_id(), name="B", entry=RUN)
    store.reveal(code, token)
    assert store.clear(code, token) == 3
    assert store.board(code, 1, token=token).entries == ()
    assert len(store.board(code, 0, token=token).entries) == 1
    assert store.room(code).revealed == frozenset()
    record = list(csv.DictReader(io.StringIO(store.export_csv(code, token))))
    assert [r["status"] for r in record] == ["counted"] + ["cleared"] * 3  # nothing lost


def test_a_closed_room_takes_nothing_but_can_be_read_and_exported(store, room):
    code, token, me = room.room.code, room.token, new_participant_id()
    submit(store, code, me)
    assert store.close(code, token).closed is not None
    assert submit(store, code, new_participant_id()) == Outcome.CLOSED
    for action in (store.next_task, store.reveal, store.clear, store.close):
        with pytest.raises(RoomClosed):
            action(code, token)
    assert len(store.board(code, viewer=me).entries) == 1
    assert "Ana" in store.export_csv(code, token)


def test_export_holds_that_room_only(store, room, clock):
    code, other = room.room.code, store.create("Other").room.code
    names = ["=HYPERLINK(1)", "Bo", "Cy"]
    for name in names:
        submit(store, code, new_participant_id(), name=name)
    submit(store, other, new_participant_id(), name="Elsewhere")
    with pytest.raises(NotHost):
        store.export_csv(code, "nope")
    got = list(csv.DictReader(io.StringIO(store.export_csv(code, OPERATOR))))
    assert [r["name"] for r in got] == ["'=HYPERLINK(1)", "Bo", "Cy"]  # no formula
    assert {r["room"] for r in got} == {code} and {r["task"] for r in got} == {"1"}
    assert got[0]["answer"] == "It overshoots, but converges" and got[0]["verdict"] == "right"
    assert got[0]["learning_rate"] == "0.0009" and got[0]["round"] == "1"
    assert got[0]["submitted_at"].endswith("+00:00")


def test_entries_no_page_makes_are_refused(store, room):
    code = room.room.code
    for bad in ({"x": float("nan")}, {"x": object()}, {"x": "y" * 5000}, ["list"]):
        with pytest.raises(ValueError, match="entry"):
            store.submit(code, 0, participant=new_participant_id(), name="A", entry=bad)
    for who in ("short", "has space in it here", None, "x" * 65):
        with pytest.raises(ValueError, match="participant"):
            submit(store, code, who)
    with pytest.raises(ValueError, match="task"):
        store.board(code, 99)  # past the last task


# ---- time, versions, restarts ----------------------------------------------------------


def test_rooms_expire_after_the_days_and_are_purged(url, clock):
    store = Store(url, days=2, clock=clock)
    code = store.create("Short").room.code
    submit(store, code, new_participant_id())
    clock.advance(10)
    keep = store.create("Later").room.code
    clock.advance(2 * 86400 - 11)
    assert [r.code for r, _ in store.rooms()] == [keep, code]  # newest first
    clock.advance(1)
    with pytest.raises(UnknownRoom):
        store.room(code)
    assert [r.code for r, _ in store.rooms()] == [keep]
    assert rows(url, "rooms") == 1 and rows(url, "room_entries") == 0


def test_a_full_store_refuses_new_rooms_until_old_ones_expire(url, clock):
    store = Store(url, days=1, clock=clock, max_rooms=2)
    first = store.create("One").room.code
    clock.advance(10)
    store.create("Two")
    with pytest.raises(RoomsFull, match="2 open rooms"):
        store.create("Three")
    assert len(store.rooms()) == 2
    store.close(
        first, OPERATOR
    )  # a closed room frees its slot (issue: a room a facilitator can trust)
    assert store.create("Three").room.title == "Three"
    with pytest.raises(RoomsFull):
        store.create("Four")
    clock.advance(86400)  # all expire
    assert store.create("Four").room.title == "Four"


def test_list_counts_entries(store, room):
    submit(store, room.room.code, new_participant_id())
    [(listed, count)] = store.rooms()
    assert listed.code == room.room.code and count == 1


def test_a_restart_loses_nothing(url, clock):
    store = Store(url, clock=clock)
    made = store.create("Persistent")
    me = new_participant_id()
    submit(store, made.room.code, me)
    store.reveal(made.room.code, made.token)
    schema.forget(url)  # the process's engine is gone, as after a restart
    again = Store(url, clock=clock)
    assert again.room(made.room.code).revealed == {0}
    assert [e.mine for e in again.board(made.room.code, viewer=me).entries] == [True]
    assert again.is_host(made.room.code, made.token)


def test_a_newer_schema_is_refused_with_a_clear_message(url, room):
    with direct(url) as conn:
        conn.execute(update(schema.schema).values(version=schema.VERSION + 1))
    schema.forget(url)
    with pytest.raises(RoomsUnavailable, match=f"schema version {schema.VERSION + 1}, newer"):
        Store(url).room(room.room.code)


# ---- many at once --------------------------------------------------------------------------


def burst(url, people, clock=None, task=0):
    """Each participant submits once, all released together from threads."""
    store, gate = Store(url, clock=clock or Clock()), threading.Barrier(len(people))
    code, outcomes = people[0][0], {}

    def one(code, who, name):
        gate.wait()
        outcomes[who] = store.submit(code, task, participant=who, name=name, entry={"n": name})

    threads = [threading.Thread(target=one, args=p) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(outcomes) == len(people), f"lost submissions for {code}"
    return outcomes


def test_sixty_at_once_from_threads_lose_and_double_nothing(url, room, clock):
    code = room.room.code
    people = [(code, new_participant_id(), f"P{i}") for i in range(PARTICIPANTS)]
    assert set(burst(url, people, clock).values()) == {Outcome.SAVED}
    clock.advance(1)
    assert set(burst(url, people, clock).values()) == {Outcome.REPLACED}
    board = Store(url).board(code, token=room.token)
    assert sorted(e.name for e in board.entries) == sorted(p[2] for p in people)
    assert rows(url, "room_entries") == PARTICIPANTS


def test_one_participant_racing_itself_is_limited_once(url, room, clock):
    code, me, results = room.room.code, new_participant_id(), []
    store, gate = Store(url, clock=clock), threading.Barrier(8)

    def one():
        gate.wait()
        results.append(submit(store, code, me))

    threads = [threading.Thread(target=one) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(results) == sorted([Outcome.SAVED] + [Outcome.TOO_SOON] * 7)
    assert len(store.board(code, viewer=me).entries) == 1


def _process_burst(url, people, queue):
    try:
        outcomes = burst(url, people)
        queue.put(sorted(str(o) for o in outcomes.values()))
    except BaseException as error:  # the parent reports it
        queue.put(repr(error))


def test_sixty_at_once_from_two_processes_lose_and_double_nothing(url, room, monkeypatch):
    # Streamlit's script runner (AppTest, earlier in this process) leaves the app
    # as sys.modules["__main__"]; a spawned child would run it again on start.
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))
    code = room.room.code
    people = [(code, new_participant_id(), f"P{i}") for i in range(PARTICIPANTS)]
    spawn = multiprocessing.get_context("spawn")
    queue = spawn.Queue()
    halves = (people[::2], people[1::2])
    procs = [spawn.Process(target=_process_burst, args=(url, h, queue)) for h in halves]
    for p in procs:
        p.start()
    got = [queue.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(30)
    assert got == [["saved"] * (PARTICIPANTS // 2)] * 2
    board = Store(url).board(code, token=room.token)
    assert sorted(e.name for e in board.entries) == sorted(p[2] for p in people)


# ---- a database that cannot be used --------------------------------------------------------


@pytest.mark.parametrize("kind", ["postgresql", "sqlite"])
def test_an_unreachable_database_raises_rooms_unavailable(kind, tmp_path):
    (tmp_path / "a-file").write_text("")
    where = {
        "postgresql": "postgresql+psycopg://nobody:secret@127.0.0.1:1/rooms",
        "sqlite": f"sqlite:///{tmp_path}/a-file/not-a-folder/rooms.sqlite3",
    }[kind]
    store = Store(where)
    for call in (lambda: store.room("ABCDEFGH"), lambda: store.create("T"), store.rooms):
        with pytest.raises(RoomsUnavailable) as caught:
            call()
        assert "secret" not in str(caught.value)


# ---- a room a facilitator can trust ----------------------------------------------------


def test_after_the_reveal_a_submission_is_refused_and_kept_as_late(store, room, clock):
    code, me, you = room.room.code, new_participant_id(), new_participant_id()
    assert submit(store, code, me, choice="diverges") == Outcome.SAVED
    store.reveal(code, room.token)
    clock.advance(5)
    assert submit(store, code, me, choice="oscillates") == Outcome.LOCKED
    assert submit(store, code, you, name="Bo") == Outcome.LOCKED
    board = store.board(code, token=room.token)
    assert [(e.name, e.entry["choice"]) for e in board.entries] == [("Ana", "diverges")]
    record = list(csv.DictReader(io.StringIO(store.export_csv(code, room.token))))
    assert [(r["name"], r["status"]) for r in record] == [
        ("Ana", "counted"), ("Ana", "late"), ("Bo", "late"),
    ]  # fmt: skip


def test_one_identity_per_person_and_duplicate_names_told_apart(store, room, clock):
    code, sam, other, sneaky = (room.room.code, *(new_participant_id() for _ in range(3)))
    assert store.join(code, sam, "Sam") == "Sam"
    assert store.join(code, other, "ｓａｍ") == "ｓａｍ (2)"  # NFKC: a look-alike collides
    assert store.join(code, sam, "Sam") == "Sam"  # again (a reload): the same name
    assert store.join(code, sneaky, "a\u200bd\u200dm\u2060in") == "admin"
    assert store.join(code, new_participant_id(), "ADMIN") == "ADMIN (2)"
    for blank in ("\u3164", "\u2800\u2800", "\u0301" * 39, " \u200b "):
        assert store.join(code, new_participant_id(), blank) == ""
        assert submit(store, code, new_participant_id(), name=blank) == Outcome.NO_NAME
    assert submit(store, code, sam, name="Sam") == Outcome.SAVED
    clock.advance(1)
    assert submit(store, code, sam, name="Sam", choice="diverges") == Outcome.REPLACED
    assert submit(store, code, other, name="ｓａｍ") == Outcome.SAVED
    board = store.board(code, token=room.token)
    assert sorted(e.name for e in board.entries) == ["Sam", "ｓａｍ (2)"]
    assert (board.answered, board.joined) == (2, 4)
    assert set(board.waiting) == {"admin", "ADMIN (2)"}  # who has not answered yet
    assert store.member(code, sam) == "Sam" and store.member(code, new_participant_id()) is None
    assert store.board(code, viewer=sam).waiting == ()  # only the host sees who is missing


def test_previous_next_and_the_countdown(store, room, clock):
    code, token = room.room.code, room.token
    assert store.previous_task(code, token).task == 0  # stays on the first
    assert store.next_task(code, token).task == 1
    started = store.countdown(code, token, "start")
    assert (started.deadline - store.now()).total_seconds() == 60 * started.current.minutes
    clock.advance(30)
    extended = store.countdown(code, token, "extend")
    assert (extended.deadline - started.deadline).total_seconds() == 60
    assert store.countdown(code, token, "skip").deadline is None
    store.countdown(code, token, "start")
    assert store.previous_task(code, token).deadline is None  # a move stops it
    with pytest.raises(ValueError, match="action"):
        store.countdown(code, token, "pause")


def test_a_run_must_use_the_tasks_settings_but_its_controls(store, room, clock):
    code, me = room.room.code, new_participant_id()
    store.next_task(code, room.token)  # the largest rate that survives 10,000 iterations
    forged = dict(RUN, settings={"lr": 10.0, "iterations": 1})
    assert store.submit(code, 1, participant=me, name="Eve", entry=forged) == Outcome.OFF_TASK
    moved = dict(RUN, settings={"lr": 0.001, "iterations": 10000, "w0": 1.8})
    assert store.submit(code, 1, participant=me, name="Eve", entry=moved) == Outcome.OFF_TASK
    assert store.submit(code, 1, participant=me, name="Eve", entry=RUN) == Outcome.SAVED


def test_one_address_makes_one_room_a_half_minute_and_delete_frees_it(store, clock):
    made = store.create("One", creator="203.0.113.7")
    with pytest.raises(RoomsTooSoon, match="30 s"):
        store.create("Two", creator="203.0.113.7")
    assert store.create("Elsewhere", creator="198.51.100.1")  # another address
    clock.advance(30)
    assert store.create("Two", creator="203.0.113.7")
    with pytest.raises(NotHost):
        store.delete(made.room.code, "nope")
    assert store.delete(made.room.code, made.token).title == "One"
    with pytest.raises(UnknownRoom):
        store.room(made.room.code)


def test_a_version_1_database_is_migrated_and_keeps_its_entries(url, clock):
    store = Store(url, clock=clock)
    made = store.create("Old")
    me = new_participant_id()
    submit(store, made.room.code, me)
    with direct(url) as conn:  # back to version 1: no record, no new columns
        for table in ("room_log", "room_members"):
            conn.execute(text(f"DROP TABLE {table}"))
        conn.execute(text("ALTER TABLE rooms DROP COLUMN deadline_ms"))
        conn.execute(text("DROP INDEX ix_rooms_creator"))
        conn.execute(text("ALTER TABLE rooms DROP COLUMN creator"))
        conn.execute(text("ALTER TABLE room_entries DROP COLUMN round"))
        conn.execute(text("ALTER TABLE rooms DROP COLUMN revoted"))  # version 3's
        conn.execute(update(schema.schema).values(version=1))
    schema.forget(url)
    again = Store(url, clock=clock)
    record = list(csv.DictReader(io.StringIO(again.export_csv(made.room.code, made.token))))
    assert [(r["name"], r["status"], r["round"]) for r in record] == [("Ana", "counted", "1")]
    with direct(url) as conn:
        assert conn.execute(select(schema.schema.c.version)).scalar_one() == schema.VERSION


def test_every_formula_cell_is_escaped_and_numbers_stay_numbers(store, room):
    code = room.room.code
    for name in ("=1+1", "+A1", "-cmd", "@SUM(A1)", "-2.5"):
        submit(store, code, new_participant_id(), name=name)
    got = list(csv.reader(io.StringIO(store.export_csv(code, OPERATOR))))[1:]
    names = [r[records.COLUMNS.index("name")] for r in got]
    assert names == ["'=1+1", "'+A1", "'-cmd", "'@SUM(A1)", "-2.5"]
    assert [records.cell(c) for c in ("\tx", "\rx", -2.5)] == ["'\tx", "'\rx", -2.5]
    assert all(not c.startswith(records.FORMULA) or c == "-2.5" for r in got for c in r)


# ---- vote, discuss, vote again ------------------------------------------------------------


def test_a_second_round_keeps_both_votes_hides_the_first_and_exports_both(store, room, clock):
    code, token = room.room.code, room.token
    ana, ben, cy = (new_participant_id() for _ in range(3))
    submit(store, code, ana, "Ana", choice="diverges")
    submit(store, code, ben, "Ben", choice="converges")
    submit(store, code, cy, "Cy", choice="oscillates")
    assert store.room(code).round() == 1
    assert store.revote(code, token).round() == 2
    assert store.room(code).revealed == frozenset()  # the first round closes unrevealed
    host = store.board(code, token=token)
    assert host.round == 2 and host.entries == () and host.answered == 0
    assert [e.name for e in host.first] == ["Ana", "Ben", "Cy"]
    assert set(host.waiting) == {"Ana", "Ben", "Cy"}  # nobody has voted again yet
    clock.advance(1)
    assert submit(store, code, ana, "Ana", choice="oscillates") == Outcome.SAVED  # a new vote
    assert submit(store, code, ben, "Ben", choice="oscillates") == Outcome.SAVED
    clock.advance(1)
    assert submit(store, code, ben, "Ben", choice="diverges") == Outcome.REPLACED
    mine = store.board(code, viewer=ana)  # before the reveal: only their own, both rounds
    assert [(e.entry, e.first) for e in mine.entries] == [
        ({"choice": "oscillates"}, {"choice": "diverges"})
    ]
    assert [e.entry for e in mine.first] == [{"choice": "diverges"}] and mine.hidden == 1
    store.reveal(code, token)
    after = store.board(code, viewer=cy)
    moved = {e.name: (e.first["choice"], e.entry["choice"]) for e in after.entries}
    assert moved == {"Ana": ("diverges", "oscillates"), "Ben": ("converges", "diverges")}
    assert {e.name: e.entry["choice"] for e in after.first} == {
        "Ana": "diverges", "Ben": "converges", "Cy": "oscillates"
    }  # fmt: skip
    clock.advance(1)
    assert submit(store, code, cy, "Cy", choice="diverges") == Outcome.LOCKED
    record = list(csv.DictReader(io.StringIO(store.export_csv(code, token))))
    got = [(r["round"], r["name"], r["answer"], r["status"]) for r in record]
    label = {c.id: c.label["en"] for c in room.room.tasks[0].choices}
    assert got == [
        ("1", "Ana", label["diverges"], "counted"),
        ("1", "Ben", label["converges"], "counted"),
        ("1", "Cy", label["oscillates"], "counted"),
        ("2", "Ana", label["oscillates"], "counted"),
        ("2", "Ben", label["oscillates"], "replaced"),
        ("2", "Ben", label["diverges"], "counted"),
        ("2", "Cy", label["diverges"], "late"),
    ]


def test_a_second_round_is_for_predictions_once_and_clear_starts_over(store, room, clock):
    code, token, me = room.room.code, room.token, new_participant_id()
    submit(store, code, me, choice="diverges")
    store.revote(code, token)
    assert store.revote(code, token).round() == 2  # twice is once
    clock.advance(1)
    submit(store, code, me, choice="converges")
    assert store.clear(code, token) == 1
    after = store.room(code)
    assert after.round() == 1 and after.revealed == frozenset()
    assert store.board(code, token=token).entries == ()
    statuses = [r["status"] for r in csv.DictReader(io.StringIO(store.export_csv(code, token)))]
    assert statuses == ["cleared", "cleared"]
    store.reveal(code, token)
    assert store.revote(code, token).round() == 1  # revealed: too late to vote again
    store.next_task(code, token)
    with pytest.raises(ValueError, match="task 2 is a run"):
        store.revote(code, token)
    with pytest.raises(NotHost):
        store.revote(code, "wrong")


def test_a_version_2_database_gets_rounds_and_keeps_its_rooms(url, clock):
    store = Store(url, clock=clock)
    made = store.create("Two")
    submit(store, made.room.code, new_participant_id())
    with direct(url) as conn:
        conn.execute(text("ALTER TABLE rooms DROP COLUMN revoted"))
        conn.execute(update(schema.schema).values(version=2))
    schema.forget(url)
    again = Store(url, clock=clock)
    assert again.room(made.room.code).round() == 1
    assert again.revote(made.room.code, made.token).round() == 2
    with direct(url) as conn:
        assert conn.execute(select(schema.schema.c.version)).scalar_one() == schema.VERSION
