"""The live room's store on a real SQLite file and a real PostgreSQL.

Every test runs on both databases (PostgreSQL where ``ROOMS_TEST_POSTGRES_URL``
names one). Time is a clock the test moves, so the one-a-second limit and the
expiry are checked exactly.
"""

import contextlib
import csv
import io
import json
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
    RoomsUnavailable,
    Store,
    UnknownRoom,
    ids,
    load_tasks,
    new_participant_id,
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
        store.submit(code, 1, participant=new_participant_id(), name="B", entry={"r": 1})
    store.reveal(code, token)
    assert store.clear(code, token) == 3
    assert store.board(code, 1, token=token).entries == ()
    assert len(store.board(code, 0, token=token).entries) == 1
    assert store.room(code).revealed == frozenset()


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
    assert json.loads(got[0]["entry"]) == {"choice": "oscillates"}
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
        store.board(code, len(load_tasks()))  # one past the last task


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
    with pytest.raises(RoomsFull, match="2 rooms"):
        store.create("Three")
    assert len(store.rooms()) == 2
    store.close(first, OPERATOR)  # a closed room still holds its entries: it still counts
    with pytest.raises(RoomsFull):
        store.create("Three")
    clock.advance(86400 - 10)  # the first expires
    assert store.create("Three").room.title == "Three"


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
