"""The live room's pages through AppTest: a participant, the host, and what goes wrong.

Each test has its own SQLite file (``ROOMS_URL``); every AppTest is its own
browser session, so two of them are two people. What a page stored is read
back through the store itself, and what it shows from the AppTest's elements.
"""

import json
import re
import time
from urllib.parse import parse_qsl

import pytest

import neuron
from playground.charts import board
from playground.charts.figures_optimizers import MARKER
from playground.compute.analysis import analyse
from playground.core import params
from playground.core.settings import Settings
from playground.core.text import CATALOGUES, Text
from playground.room import Entry, RoomsUnavailable, Store, ids, load_tasks, run_entry, schema
from playground.room import store as store_module
from playground.room.tasks import parse as parse_tasks
from playground.ui import heavy
from playground.ui.room import connection, start
from tests.helpers import chart_with, charts, english_phrases, text_of, verdict, visible_text
from tests.room_support import sqlite_url

EN, ES = CATALOGUES["en"], CATALOGUES["es"]
TASKS = load_tasks()


@pytest.fixture
def rooms(tmp_path, monkeypatch):
    """A store on this test's own SQLite file, which the page uses too."""
    url = sqlite_url(tmp_path)
    monkeypatch.setenv("ROOMS_URL", url)
    yield Store(url)
    schema.forget(url)


@pytest.fixture
def made(rooms):
    return rooms.create("Friday workshop")


def buttons(at):
    return [b.label for b in at.button]


def alerts(at, kind):
    return [e.value for e in at.get(kind)]


def cells(at):
    """Every cell of every table on the page, as text."""
    return [str(v) for frame in at.dataframe for v in frame.value.to_numpy().ravel()]


def submit(at, name="Ana", choice=None):
    at.text_input(key="room.name").input(name)
    if choice is not None:
        at.radio(key="room.choice").set_value(choice)
    return at.button(key="room_submit").click().run()


def has_player(at):
    return any("frames" in e.proto.json for e in at.get("bidi_component"))


def specs(at):
    return [spec for spec, _ in charts(at)]


def entries(rooms, made, task=None):
    return rooms.board(made.room.code, task, token=made.token).entries


# ---- a participant -------------------------------------------------------------------


def test_a_participant_sees_the_title_the_task_their_name_field_and_submit(app, made):
    at = app(room=made.room.code)
    assert not at.exception
    assert [t.value for t in at.text] == ["Friday workshop"]
    assert TASKS[0].question["en"] in text_of(at)
    assert at.text_input(key="room.name").label == "Your name"
    assert buttons(at)[0].startswith("Submit")
    assert [o for o in at.radio(key="room.choice").options] == [
        c.label["en"] for c in TASKS[0].choices
    ]
    assert not {EN["room.next"], EN["room.reveal"], EN["room.clear"]} & set(buttons(at))


def test_a_prediction_is_stored_and_the_run_stays_hidden_until_the_reveal(app, rooms, made):
    """Changed by "vote, discuss, vote again": the run stayed hidden only until the
    participant's own prediction; now until the reveal, since a second vote may follow."""
    at = app(room=made.room.code)
    assert EN["room.hidden"] in alerts(at, "info")
    assert not at.get("vega_lite_chart") and not has_player(at)
    with pytest.raises(IndexError):
        verdict(at)  # the headline would give the answer away
    submit(at, choice="diverges")
    assert not at.exception
    assert EN["room.outcome.saved"] in alerts(at, "success")
    (entry,) = entries(rooms, made)
    assert (entry.name, entry.entry) == ("Ana", {"choice": "diverges"})
    at.run()
    assert EN["room.hidden"] in alerts(at, "info") and not has_player(at)
    with pytest.raises(IndexError):
        verdict(at)  # made, but not revealed: the discussion may not be over
    rooms.reveal(made.room.code, made.token)
    at.run()
    assert verdict(at) == "Overshoots, but converges"
    assert EN["room.hidden"] not in alerts(at, "info")


def test_a_resubmission_replaces_the_entry(app, rooms, made, monkeypatch):
    monkeypatch.setattr(store_module, "MIN_INTERVAL_MS", 0)
    at = submit(app(room=made.room.code), choice="diverges")
    submit(at, name="Ana B.", choice="converges")
    assert EN["room.outcome.replaced"] in alerts(at, "success")
    (entry,) = entries(rooms, made)
    assert (entry.name, entry.entry) == ("Ana B.", {"choice": "converges"})


def test_a_second_submission_within_a_second_is_refused_with_the_stores_message(
    app, rooms, made, monkeypatch
):
    monkeypatch.setattr(store_module, "MIN_INTERVAL_MS", 60_000)  # "within a second", surely
    at = submit(app(room=made.room.code), choice="diverges")
    submit(at, choice="converges")
    assert EN["room.outcome.too_soon"] in alerts(at, "warning")
    assert [e.entry for e in entries(rooms, made)] == [{"choice": "diverges"}]


def test_a_submission_needs_a_name_and_an_answer(app, rooms, made):
    at = submit(app(room=made.room.code), name="  \u200b ", choice="diverges")
    assert EN["room.outcome.no_name"] in alerts(at, "warning")
    at = submit(app(room=made.room.code))
    assert EN["room.choose"] in alerts(at, "warning")
    assert entries(rooms, made) == ()


def test_a_run_task_submits_the_participants_own_run(app, rooms, made):
    rooms.next_task(made.room.code, made.token)  # task 2: find the largest stable rate
    at = app(room=made.room.code)
    at.number_input(key="lr").set_value(0.0012).run()
    submit(at)
    assert not at.exception and buttons(at)[0] == EN["room.submit.run"]
    (entry,) = entries(rooms, made)
    run = neuron.train(
        neuron.make_dataset(), learning_rate=0.0012, iterations=10_000,
        initial_weight=params.default("initial_weight"),
        initial_bias=params.default("initial_bias"), record=[],
    )  # fmt: skip
    got = entry.entry
    assert got["settings"]["lr"] == 0.0012 and got["iterations"] == 10_000
    assert got["diverged_at"] == run.diverged_at
    assert got["loss"] == pytest.approx(run.losses[-1], rel=1e-9)


def test_others_entries_stay_hidden_from_a_participant_until_the_reveal(app, rooms, made):
    code = made.room.code
    ana = submit(app(room=code), name="Ana", choice="diverges")
    submit(app(room=code), name="Ben", choice="oscillates")
    ana.run()
    assert "Ben" not in cells(ana) and "Ana" not in cells(ana)
    assert EN["room.waiting"].format(n=2) in alerts(ana, "caption")
    rooms.reveal(code, made.token)
    ana.run()
    assert {"Ana", "Ben"} <= set(cells(ana))
    assert EN["room.mine.prediction"].format(choice="It blows up") in text_of(ana)


# ---- the host --------------------------------------------------------------------------


def test_the_host_has_next_reveal_and_clear_and_the_reveal_shows_the_answers(app, rooms, made):
    code = made.room.code
    for name, choice in (("Ana", "diverges"), ("Ben", "oscillates"), ("Cy", "oscillates")):
        submit(app(room=code), name=name, choice=choice)
    host = app(room=code, host=made.token)
    assert not host.exception
    assert {EN["room.previous"], EN["room.next"], EN["room.reveal"]} <= set(buttons(host))
    assert "room_clear" in [b.key for b in host.button]  # inside its confirmation
    assert sorted(cells(host)) == ["Ana", "Ben", "Cy"]  # who answered, not what
    with pytest.raises(AssertionError, match="no chart"):
        chart_with(host, "label", "count")  # no histogram before the reveal
    assert EN["room.count"].format(n=3) in text_of(host)
    host.button(key="room_reveal").click().run()
    assert not host.exception and 0 in rooms.room(code).revealed
    answer = TASKS[0].reveal()  # computed by the engine: oscillates at 0.0009
    assert answer.choice == neuron.stability(neuron.make_dataset(), 0.0009).verdict
    _, counts = chart_with(host, "label", "count")
    assert dict(zip(counts["label"], counts["count"])) == {
        "It converges": 0, "✓ It overshoots, but converges": 2, "It blows up": 1,
    }  # fmt: skip
    assert EN["room.answer"].format(choice="It overshoots, but converges") in alerts(
        host, "success"
    )
    assert TASKS[0].explanation(answer, "en") in text_of(host)


def test_next_moves_everyone_on_and_opens_the_tasks_settings(app, rooms, made):
    code = made.room.code
    host = app(room=code, host=made.token)
    participant = app(room=code)
    assert host.session_state["lr"] == participant.session_state["lr"] == 0.0009
    host.button(key="room_next").click().run()
    assert not host.exception and rooms.room(code).task == 1
    participant.run()  # its board notices the new task and reruns the page
    for at in (host, participant):
        assert at.session_state["lr"] == params.default("learning_rate")
        assert EN["room.header"].format(code=code, task=2, count=len(load_tasks())) in text_of(at)
    assert "host" not in host.query_params  # exchanged for the session on the first load
    assert EN["room.previous"] in buttons(host)  # and the session is still the host's


def test_clear_deletes_the_tasks_entries(app, rooms, made):
    submit(app(room=made.room.code), choice="diverges")
    host = app(room=made.room.code, host=made.token)
    host.button(key="room_clear").click().run()
    assert EN["room.cleared"].format(n=1) in alerts(host, "info")
    assert entries(rooms, made) == ()


@pytest.mark.parametrize("token", [None, "x" * 43, "short"])
def test_a_wrong_or_missing_token_gets_the_participants_page(app, made, token):
    query = {"room": made.room.code} | ({"host": token} if token else {})
    at = app(**query)
    assert not at.exception
    assert not {EN["room.next"], EN["room.reveal"], EN["room.clear"]} & set(buttons(at))
    assert buttons(at)[0] == EN["room.submit.prediction"]
    assert (EN["room.not_host"] in alerts(at, "warning")) == (token == "x" * 43)


def test_the_host_can_show_the_participants_link_and_never_their_own(app, made):
    host = app(room=made.room.code, host=made.token)
    invite, shared = (c.value.rsplit("/", 1)[1] for c in host.code)
    assert invite == f"?room={made.room.code}"
    assert dict(parse_qsl(shared[1:])) == {"lr": "0.0009", "room": made.room.code}  # the view
    shown = text_of(host) + " ".join(c.value for c in host.code)
    assert made.token not in shown  # the host's screen may be on the projector


def test_the_host_token_leaves_the_link_and_the_session_stays_the_host(app, made):
    """Changed by "a room a facilitator can trust": the token is exchanged for the
    session on the first load, so no log, Referer or projector shows it."""
    host = app(room=made.room.code, host=made.token)
    for _ in range(2):
        host.number_input(key="lr").set_value(0.0011).run()
        assert "host" not in host.query_params
        assert host.query_params["room"] == made.room.code
    assert EN["room.next"] in buttons(host)


def test_a_run_tasks_board_shows_rates_by_verdict_and_the_leaderboard(app, rooms, made):
    code = made.room.code
    rooms.next_task(code, made.token)
    for name, rate in (("Ana", 0.0005), ("Ben", 0.00119), ("Cy", 0.0013)):
        at = app(room=code)
        at.number_input(key="lr").set_value(rate).run()
        submit(at, name=name)
    host = app(room=code, host=made.token)
    assert not host.exception
    assert not specs(host)  # before the reveal no strip tells where the rates fall
    assert sorted(cells(host)) == ["Ana", "Ben", "Cy"]
    host.button(key="room_reveal").click().run()
    strip = next(s for s in specs(host) if "shape" in json.dumps(s))
    assert "room.alt.rates" not in strip["description"] and "3" in strip["description"]
    table = host.dataframe[0].value
    assert list(table.iloc[:, 0]) == ["Ben", "Ana"]  # nearest the edge first; Cy blew up


# ---- what goes wrong -----------------------------------------------------------------


@pytest.mark.parametrize("code", ["ABCDEFGH", "abc", "ZZZZZZZZZZZZ"])
def test_an_unknown_code_is_a_message_and_the_playground_works(app, rooms, code):
    at = app(room=code)
    assert not at.exception
    shown = " ".join(alerts(at, "warning"))
    assert EN["room.unknown"].split("{")[0] in shown
    assert verdict(at)  # the solo page is all there


def test_a_closed_room_says_so_and_takes_nothing(app, rooms, made):
    rooms.close(made.room.code, made.token)
    at = app(room=made.room.code)
    assert not at.exception
    assert EN["room.closed"] in alerts(at, "info")
    assert not at.get("text_input") or all(t.key != "room.name" for t in at.text_input)
    assert verdict(at)


def test_an_unreachable_database_is_a_message_and_is_not_asked_again_at_once(app, monkeypatch):
    monkeypatch.setenv("ROOMS_URL", "postgresql://nobody@127.0.0.1:1/rooms")  # a closed port
    at = app(room="ABCDEFGH")
    assert not at.exception
    assert EN["room.unavailable"] in alerts(at, "warning")
    assert verdict(at) and has_player(at)  # the run and its views render
    assert connection.health().until > time.monotonic()

    def asked(url):
        raise AssertionError("the database was asked again")

    monkeypatch.setattr(schema, "engine", asked)
    at = app(room="ABCDEFGH")
    assert not at.exception and EN["room.unavailable"] in alerts(at, "warning")


HOSTILE = [
    "**bold** [link](https://example.invalid)",
    "<img src=x onerror=alert(1)>",
    "line\r\nbreak\u2028# Heading",
    "\u202eevil\u202c mark",
    ":red[alarm] :material/warning: $x^2$",
    "ñ" * 500,
]
MARKUP = re.compile(r"<img|\]\(|\*\*bold|:red\[|\$x|\u202e|\r|\n#")


def test_hostile_names_are_cleaned_and_shown_only_as_plain_cells(app, rooms):
    made = rooms.create(HOSTILE[0] + " " + HOSTILE[1])  # a title is anyone's choice too
    code = made.room.code
    submit(app(room=code), name=HOSTILE[0], choice="diverges")  # one through the page
    for i, name in enumerate(HOSTILE[1:]):
        rooms.submit(code, 0, participant=f"participant-{i:010d}", name=name,
                     entry={"choice": "converges"})  # fmt: skip
    rooms.reveal(code, made.token)
    cleaned = {ids.clean_name(n) for n in HOSTILE}
    for at in (app(room=code, host=made.token), app(room=code)):
        assert not at.exception
        assert cleaned <= set(cells(at))
        assert all(len(n) <= ids.MAX_NAME for n in cleaned)
        assert [t.value for t in at.text] == [made.room.title]  # plain text
        rendered = text_of(at)
        assert not MARKUP.search(rendered), MARKUP.search(rendered)
        shown = json.dumps(specs(at), ensure_ascii=False)
        assert not any(name[:6] in shown for name in cleaned)  # no name in a chart


# ---- links --------------------------------------------------------------------------


def test_a_room_link_with_a_rate_keeps_both(app, made):
    at = app(room=made.room.code, lr="0.0011")  # not the task's 0.0009: the link's own
    assert not at.exception
    assert at.session_state["lr"] == 0.0011
    me = at.query_params["me"]  # this person's id in the room, for a reload
    assert dict(at.query_params) == {"room": made.room.code, "lr": "0.0011", "me": me}
    at = app(room=made.room.code.lower(), lr="0.0009")
    assert at.session_state["lr"] == 0.0009 and at.query_params["room"] == made.room.code


def test_the_links_patterns_take_what_ids_makes():
    code, host = params.BY_LINK["room"], params.BY_LINK["host"]
    for _ in range(50):
        made = ids.new_code()
        assert code.parse(made) == made and ids.normalize_code(code.parse(made.lower()))
        token = ids.new_token()
        assert host.parse(token) == token and len(token) > 40
    for bad in ("ABCDEFG", "ABCDEFGHJ", "ABCD-EFG", "UUUUUUUU", "ABC<b>GH"):
        with pytest.raises(ValueError):
            code.parse(bad)
    for bad in ("short", "x" * 129, "a b" * 10, "<script>alert(1)</script>xxxxxxxx"):
        with pytest.raises(ValueError):
            host.parse(bad)


def test_without_a_room_the_main_area_is_the_solo_page(app):
    at = app()
    assert not at.exception
    main = text_of(at)
    assert "Live room" not in main and EN["room.hidden"] not in main
    assert EN["room.start.header"] in [e.label for e in at.expander]


def test_start_a_room_makes_one_and_shows_both_links(app, rooms):
    at = app()
    images = len(at.get("image"))  # the share panel's QR code
    at.text_input(key="room.title").input("Thursday lab")
    at.button(key="room_start").click().run()
    assert not at.exception
    ((room, _),) = rooms.rooms()
    assert room.title == "Thursday lab"
    links = [c.value for c in at.code]
    assert links[0].endswith(f"/?room={room.code}")
    assert re.fullmatch(rf".*/\?room={room.code}&host=[\w-]{{43}}", links[1])
    token = links[1].rsplit("=", 1)[1]
    assert rooms.is_host(room.code, token)
    assert EN["room.start.secret"] in alerts(at, "warning")
    assert len(at.get("image")) == images + 1  # the participants' link as a QR code


def test_start_a_room_is_offered_outside_a_room_only(app, made):
    assert "room_start" not in [b.key for b in app(room=made.room.code).button]
    assert "room_start" not in [b.key for b in app(room=made.room.code, host=made.token).button]
    assert "room_start" in [b.key for b in app().button]
    assert "room_start" in [b.key for b in app(room="ZZZZZZZZ").button]  # no such room


def test_a_room_page_never_waits_behind_heavy_work(app, made):
    """A room's pages make database calls, so they hold no heavy-work ticket (one
    held across I/O would make every heavy visitor wait for the database), and
    they never queue behind someone's costly link."""
    with heavy.ticket():  # someone's costly view is computing
        assert app(room=made.room.code).get("text_input")  # the participant's page runs
        host = app(room=made.room.code, host=made.token)
        assert not host.exception


def test_one_session_starts_one_room_per_half_minute(app, rooms, monkeypatch):
    at = app()
    at.text_input(key="room.title").input("Thursday lab")
    at.button(key="room_start").click().run()
    first = [c.value for c in at.code]
    at.button(key="room_start").click().run()  # a double click
    assert len(rooms.rooms()) == 1
    assert [c.value for c in at.code] == first  # the room it made is still shown
    waiting = EN["room.start.wait"].split("{")[0]
    assert any(a.startswith(waiting) for a in alerts(at, "info"))
    now = time.monotonic()
    monkeypatch.setattr(start.time, "monotonic", lambda: now + start.AGAIN_AFTER)
    at.button(key="room_start").click().run()
    assert len(rooms.rooms()) == 2
    assert not any(a.startswith(waiting) for a in alerts(at, "info"))


def test_a_full_server_says_so_and_makes_no_room(app, rooms, monkeypatch):
    monkeypatch.setattr(store_module, "MAX_ROOMS", 0)
    at = app()
    at.text_input(key="room.title").input("Thursday lab")
    at.button(key="room_start").click().run()
    assert not at.exception and rooms.rooms() == []
    assert EN["room.start.full"] in alerts(at, "warning")


def test_the_spanish_room_speaks_spanish(app, rooms, made):
    at = submit(app(room=made.room.code, lang="es"), name="Ana", choice="diverges")
    assert at.text_input(key="room.name").label == "Su nombre"
    assert buttons(at)[0].startswith("Enviar")
    assert TASKS[0].question["es"] in text_of(at)
    rooms.reveal(made.room.code, made.token)
    host = app(room=made.room.code, host=made.token, lang="es")
    assert buttons(host)[:3] == ["Tarea anterior", "Siguiente", "Revelar"]
    for page in (at.run(), host):
        shown = visible_text(page)
        leaks = [p for p in english_phrases() if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", shown)]
        assert not leaks, leaks


def test_a_prediction_keeps_the_open_view_while_it_hides_it(app, rooms, made):
    """Changed by "vote, discuss, vote again": the view comes back at the reveal."""
    at = app(room=made.room.code, view="training")
    assert EN["room.hidden"] in alerts(at, "info")
    submit(at, choice="converges")
    rooms.reveal(made.room.code, made.token)
    at.run()
    assert at.session_state["view"] == "training"
    assert at.query_params["view"] == "training"
    assert [h.value for h in at.header] == [EN["training.header"]]


# ---- the board's pieces, without Streamlit ------------------------------------------


def test_run_entry_reads_a_run_recorded_only_where_it_is_plotted():
    data = neuron.make_dataset()
    run = neuron.train(data, learning_rate=0.0009, iterations=10_000, initial_weight=0.5,
                       initial_bias=0.5, record=[0, 5000, 10_000])  # fmt: skip
    full = neuron.train(data, learning_rate=0.0009, iterations=10_000, initial_weight=0.5,
                        initial_bias=0.5)  # fmt: skip
    entry = run_entry(TASKS[1], {"lr": 0.0009}, run)
    assert entry["weight"] == pytest.approx(full.weights[-1], rel=1e-12)
    assert entry["loss"] == pytest.approx(full.losses[-1], rel=1e-9)


def test_verdicts_on_the_board_follow_the_engine():
    bowl = neuron.bowl(neuron.make_dataset())
    critical = bowl.critical_learning_rate
    rates = [critical / 10, 0.75 * critical, critical, 1.05 * critical]
    got = [board.verdict_of({"settings": {"lr": r}}) for r in rates]
    assert got == [neuron.stability(neuron.make_dataset(), r).verdict for r in rates]
    assert board.verdict_of({"settings": {"lr": 1e-4}, "diverged_at": 7}) == "diverges"


def test_the_strip_marks_each_verdict_by_shape_as_well_as_colour():
    bowl = neuron.bowl(neuron.make_dataset())
    frame = board.runs_frame([board_entry({"settings": {"lr": 1e-3}, "iterations": 10})])
    labels = board.rates_labels(Text("en"))
    spec = board.rates_chart(frame, bowl, labels).to_dict()
    point = spec["layer"][0]["encoding"]
    assert point["shape"]["scale"]["range"] == list(board.SHAPES)
    assert point["color"]["scale"]["range"] == list(board.COLOURS)
    assert len(set(board.SHAPES)) == len(board.VERDICTS)
    assert spec["layer"][0]["encoding"]["x"]["scale"]["type"] == "log"


def test_the_edge_leaderboard_counts_runs_that_did_not_blow_up_first_to_last():
    data = neuron.make_dataset()
    critical = neuron.bowl(data).critical_learning_rate
    runs = []
    for name, lr in (("slow", 1e-4), ("over", 1.017 * critical), ("blew", 1.1 * critical),
                     ("under", 0.99 * critical)):  # fmt: skip
        run = neuron.train(data, learning_rate=lr, iterations=10_000, initial_weight=0.637,
                           initial_bias=0.2698, record=[])  # fmt: skip
        runs.append(board_entry(run_entry(TASKS[1], {"lr": lr}, run), name))
    frame = board.runs_frame(runs).set_index("name")
    assert frame["verdict"]["over"] == "diverges" and not frame["blew_up"]["over"]
    assert frame["blew_up"]["blew"]
    best = board.leaderboard(TASKS[1], frame.reset_index())
    assert list(best["name"]) == ["over", "under", "slow"]  # as the task's answer counts
    for lang in ("en", "es"):
        T = Text(lang)
        rows = {r[0]: r for r in board.leaderboard_rows(T, best)}
        assert rows["over"][2] == T("room.verdict.not_yet")  # over the edge, not yet blown up
        assert rows["under"][2] == T("verdict.oscillates.title")
        rate = float(rows["over"][1].replace(",", "."))
        assert abs(rate / (1.017 * critical) - 1) < 1e-11  # 12 figures


def test_a_rate_on_the_board_keeps_the_digits_its_sender_typed():
    frame = board.runs_frame([board_entry({"settings": {"lr": lr}, "iterations": 10})
                              for lr in (0.00122107072, 0.0012210707, 0.0009)])  # fmt: skip
    rows = board.leaderboard_rows(Text("en"), frame)
    assert [r[1] for r in rows] == ["0.00122107072", "0.0012210707", "0.0009"]
    assert board.leaderboard_rows(Text("es"), frame)[0][1] == "0,00122107072"


def test_the_answers_frame_counts_every_choice_in_the_tasks_order():
    made = [board_entry({"choice": c}) for c in ("diverges", "diverges", "converges")]
    frame = board.answers_frame(TASKS[0], made, "es", answer="oscillates")
    assert list(frame["choice"]) == [c.id for c in TASKS[0].choices]
    assert list(frame["count"]) == [1, 0, 2] and list(frame["right"]) == [False, True, False]
    assert frame["label"][1].startswith("✓ ")
    said = board.describe_answers(Text("es"), frame)
    assert "3" in said and "Explota: 2" in said


def board_entry(entry, name="x", mine=False):
    return Entry(name, entry, None, mine)


def test_a_database_lost_between_runs_is_a_message_at_submit(app, made, monkeypatch):
    at = app(room=made.room.code)

    def down(self, *args, **kwargs):
        raise RoomsUnavailable("the rooms database cannot be used: gone")

    monkeypatch.setattr(Store, "submit", down)
    submit(at, choice="diverges")
    assert not at.exception
    assert EN["room.unavailable"] in alerts(at, "warning")


# ---- a room a facilitator can trust ----------------------------------------------------


def test_the_host_page_gives_nothing_away_before_the_reveal(app, rooms, made):
    code = made.room.code
    for present in (False, True):
        host = app(room=code, host=made.token, **({"present": "true"} if present else {}))
        assert not host.exception
        with pytest.raises(IndexError):
            verdict(host)  # no verdict
        assert not has_player(host) and not specs(host)  # no run, no strip, no histogram
        shown = text_of(host)
        assert "75.0" not in shown and "75 %" not in shown  # no share of critical (0.0009)
        assert EN["verdict.oscillates.title"] not in shown
    host.button(key="room_reveal").click().run()
    assert not host.exception and specs(host)  # the answers' histogram, after the reveal
    normal = app(room=code, host=made.token)
    assert verdict(normal) == "Overshoots, but converges"  # the run, after the reveal


def test_a_late_answer_is_refused_after_the_reveal(app, rooms, made, monkeypatch):
    monkeypatch.setattr(store_module, "MIN_INTERVAL_MS", 0)
    at = submit(app(room=made.room.code), choice="diverges")
    rooms.reveal(made.room.code, made.token)
    at.run()
    assert EN["room.locked"] in alerts(at, "info")
    assert "room_submit" not in [b.key for b in at.button]
    assert [e.entry for e in entries(rooms, made)] == [{"choice": "diverges"}]


def test_a_reload_keeps_the_participant_and_their_name(app, rooms, made, monkeypatch):
    monkeypatch.setattr(store_module, "MIN_INTERVAL_MS", 0)
    code = made.room.code
    first = submit(app(room=code), name="Sam", choice="diverges")
    me = first.query_params["me"]
    again = app(room=code, me=me)  # a reload, or a restart: a new session, the same link
    assert again.text_input(key="room.name").value == "Sam"
    assert not has_player(again) or verdict(again)  # their prediction is made: the run shows
    submit(again, name="Sam", choice="oscillates")
    assert EN["room.outcome.replaced"] in alerts(again, "success")
    assert [(e.name, e.entry["choice"]) for e in entries(rooms, made)] == [("Sam", "oscillates")]
    other = submit(app(room=code), name="Sam", choice="converges")
    assert EN["room.name.shown"].format(name="Sam (2)") in text_of(other)
    host = app(room=code, host=made.token)
    assert EN["room.answered"].format(n=2, m=2) in text_of(host)
    assert sorted(cells(host)) == ["Sam", "Sam (2)"]
    invite = next(c.value for c in host.code)
    assert "me=" not in invite and "me" not in host.query_params


def test_joined_counts_a_name_typed_and_the_host_sees_who_is_missing(app, rooms, made):
    code = made.room.code
    at = app(room=code)
    at.text_input(key="room.name").input("Lu").run()
    submit(app(room=code), name="Ana", choice="diverges")
    host = app(room=code, host=made.token)
    assert EN["room.answered"].format(n=1, m=2) in text_of(host)
    assert EN["room.missing"].format(names="Lu") in alerts(host, "caption")


def test_join_by_typing_the_code_in_any_case_with_look_alikes(app, made):
    at = app()
    typed = made.room.code.lower().replace("0", "o").replace("1", "l")
    at.text_input(key="room.code").input(typed)
    at.button(key="FormSubmitter:room_join-" + EN["room.code.button"]).click().run()
    assert not at.exception
    assert at.query_params["room"] == made.room.code
    assert TASKS[0].question["en"] in text_of(at)
    bad = app()
    bad.text_input(key="room.code").input("NOPE1234")
    bad.button(key="FormSubmitter:room_join-" + EN["room.code.button"]).click().run()
    assert any(EN["room.unknown"].split("{")[0] in a for a in alerts(bad, "warning"))


def test_the_host_exports_the_whole_record_and_has_a_countdown(app, rooms, made, monkeypatch):
    monkeypatch.setattr(store_module, "MIN_INTERVAL_MS", 0)
    host = app(room=made.room.code, host=made.token)
    assert len(host.get("download_button")) == 1  # Export CSV (its data: test_store)
    host.button(key="room_timer_start").click().run()
    assert rooms.room(made.room.code).deadline is not None
    assert re.search(r"\d+:\d\d left", text_of(host))
    host.button(key="room_previous")  # present, disabled on the first task
    host.button(key="room_next").click().run()
    host.button(key="room_previous").click().run()
    assert rooms.room(made.room.code).task == 0


# ---- vote, discuss, vote again; the class on the map ---------------------------------------


def test_discuss_and_vote_again_then_the_reveal_shows_how_the_answers_moved(
    app, rooms, made, monkeypatch
):
    monkeypatch.setattr(store_module, "MIN_INTERVAL_MS", 0)
    code, label = made.room.code, board.choice_labels(Text("en"), TASKS[0])
    first = {"Ana": "diverges", "Ben": "converges", "Cy": "oscillates"}
    people = {name: submit(app(room=code), name=name, choice=c) for name, c in first.items()}
    host = app(room=code, host=made.token)
    assert EN["room.revote"] in buttons(host)
    host.button(key="room_revote").click().run()
    assert not host.exception and rooms.room(code).round() == 2
    assert 0 not in rooms.room(code).revealed  # round 1 closed, not revealed
    assert EN["room.round2.host"] in alerts(host, "info") and not specs(host)
    assert host.button(key="room_revote").disabled  # once
    ana = people["Ana"]
    ana.run()  # the board notices the second round and reruns the page
    assert EN["room.round2"] in alerts(ana, "info")
    assert EN["room.mine.first"].format(choice=label["diverges"]) in text_of(ana)
    assert ana.radio(key="room.choice").value == "diverges"  # the first vote, to keep or change
    assert EN["room.hidden"] in alerts(ana, "info")  # still no run: no answer between rounds
    second = {"Ana": "oscillates", "Ben": "oscillates"}  # Cy does not vote again
    for name, choice in second.items():
        people[name].run()
        submit(people[name], name=name, choice=choice)
        assert EN["room.outcome.saved"] in alerts(people[name], "success")
    host.run()
    assert EN["room.answered"].format(n=2, m=3) in text_of(host)
    assert EN["room.missing"].format(names="Cy") in alerts(host, "caption")
    host.button(key="room_reveal").click().run()
    assert not host.exception
    spec, bars = chart_with(host, "label", "round_label", "count")
    right = TASKS[0].reveal().choice
    shown = {(lab.removeprefix("✓ "), r): n for lab, r, n in
             zip(bars["label"], bars["round_label"], bars["count"])}  # fmt: skip
    for r, votes in ((1, first), (2, second)):
        for choice, text in label.items():  # counted here, from what was submitted
            expected = sum(v == choice for v in votes.values())
            assert shown[(text, EN["room.round"].format(round=r))] == expected
    assert EN["room.alt.shift"].split("{")[0] in spec["description"]
    assert EN["room.answer"].format(choice=label[right]) in alerts(host, "success")
    table = [list(f.value.itertuples(index=False, name=None)) for f in host.dataframe]
    assert (label["diverges"], label["oscillates"], "1") in table[0]  # Ana moved
    assert sorted(table[1]) == [
        ("Ana", label["diverges"], label["oscillates"]),
        ("Ben", label["converges"], label["oscillates"]),
        ("Cy", label["oscillates"], "—"),  # voted once: still on the board (deliberate)
    ]


@pytest.mark.parametrize("optimizer", ["gd", "momentum"])
def test_after_the_reveal_of_a_run_task_the_map_shows_every_participants_dot(
    app, rooms, made, optimizer
):
    tasks = list(TASKS)
    if optimizer == "momentum":  # a task about rates with momentum: μ is theirs too
        table = tasks[1].as_dict()
        table["settings"] = {**table["settings"], "optimizer": "momentum"}
        table["controls"] = ["lr", "momentum"]
        tasks[1] = parse_tasks({"tasks": [table]})[0]
    made = rooms.create("Rates", tasks)
    code, host_token = made.room.code, made.token
    rooms.next_task(code, host_token)
    runs = {"Ana": (0.0005, 0.5), "Ben": (0.00119, 0.0), "Cy": (0.0013, 0.9)}
    people = {}
    for name, (rate, mu) in runs.items():
        at = app(room=code)
        at.number_input(key="lr").set_value(rate).run()
        if optimizer == "momentum":
            at.number_input(key="momentum").set_value(mu).run()
        people[name] = submit(at, name=name)
        assert not at.exception
    host = app(room=code, host=host_token)
    assert not [s for s in specs(host) if "class_runs" in json.dumps(s)]  # not before
    host.button(key="room_reveal").click().run()
    spec, dots = chart_with(host, "rate", "momentum", "label")
    got = sorted(zip(dots["rate"], dots["momentum"]))
    want = sorted((r, mu if optimizer == "momentum" else 0.0) for r, mu in runs.values())
    assert got == want  # the very rates and μ they set
    assert EN["room.alt.class"].split("{")[0] in spec["description"]
    ana = people["Ana"]
    ana.run()
    spec, _ = chart_with(ana, "rate", "momentum", "label")
    _, marker = next((s, f[MARKER]) for s, f in charts(ana) if MARKER in f)
    assert list(marker["rate"]) == [0.0005]  # their own run is marked "you"


def test_the_shift_counts_both_rounds_and_pairs_each_persons_two_votes():
    first = [board_entry({"choice": c}) for c in ("diverges", "diverges", "converges")]
    second = [
        Entry("a", {"choice": "oscillates"}, None, False, {"choice": "diverges"}),
        Entry("b", {"choice": "diverges"}, None, False, {"choice": "diverges"}),
        Entry("c", {"choice": "oscillates"}, None, False, None),  # voted only in round 2
    ]
    frame = board.shift_frame(TASKS[0], first, second, "en", answer="oscillates")
    for r, votes in ((1, first), (2, second)):
        rows = frame[frame["round"] == r]
        assert list(rows["choice"]) == [c.id for c in TASKS[0].choices]
        assert list(rows["count"]) == [
            sum(e.entry["choice"] == c.id for e in votes) for c in TASKS[0].choices
        ]
    label = board.choice_labels(Text("en"), TASKS[0])
    moved = board.moves(TASKS[0], second, "en")
    assert sorted(moved) == sorted([
        (label["diverges"], label["oscillates"], 1),
        (label["diverges"], label["diverges"], 1),
        ("—", label["oscillates"], 1),
    ])  # fmt: skip
    labels = {"count": "n", "choice": "c", "round1": "R1", "round2": "R2"}
    spec = board.shift_chart(frame, labels).to_dict()  # validated against the schema
    bars = spec["layer"][0]["encoding"]
    assert bars["yOffset"]["sort"] == ["R1", "R2"] and len(set(board.ROUND_COLOURS)) == 2
    said = board.describe_shift(Text("en"), frame, moved)
    assert "Round 1: 3 votes, 0 right" in said and "Round 2: 3 votes, 2 right" in said
    first = [Entry(n, {"choice": c}, None, False) for n, c in
             (("a", "diverges"), ("b", "diverges"), ("d", "converges"))]  # fmt: skip
    assert board.both_votes(first, second, label) == [
        ("a", label["diverges"], label["oscillates"]),
        ("b", label["diverges"], label["diverges"]),
        ("c", "—", label["oscillates"]),
        ("d", label["converges"], "—"),  # voted only in round 1: still on the board
    ]
    assert "Of 2 who voted in both rounds, 1 changed" in said


def test_the_class_map_puts_each_run_at_its_rate_and_mu_and_counts_those_past_the_edge():
    runs = [
        ({"lr": 0.0005, "optimizer": "momentum", "momentum": 0.5}, 0.5),
        ({"lr": 0.0012, "optimizer": "gd", "momentum": 0.9}, 0.0),  # μ counts only with it
        ({"lr": 0.0011, "optimizer": "nesterov", "momentum": 0.2}, 0.2),
        ({"lr": 0.001}, 0.0),
    ]
    made = [board_entry({"settings": s}, mine=i == 0) for i, (s, _) in enumerate(runs)]
    frame = board.class_frame(made)
    assert list(frame["momentum"]) == [mu for _, mu in runs]
    data = neuron.make_dataset()
    labels = board.rates_labels(Text("en"))
    labels.update(momentum="μ", regime="zone", edge="edge", you="you", runs="Runs")
    regimes = {v: v for v in board.VERDICTS}
    outcome = analyse(Settings.from_values({"optimizer": "momentum"}))
    chart, drawn = board.class_map(outcome, frame, labels, regimes, "you")
    spec = chart.to_dict()  # validated against the schema
    dots = next(layer for layer in spec["layer"] if layer.get("name") == "class_runs")
    assert len(spec["datasets"][dots["data"]["name"]]) == len(runs)
    lo, hi = drawn.cells["rate"].min(), drawn.cells["rate2"].max()
    assert lo <= frame["rate"].min() and frame["rate"].max() <= hi  # every dot on the map
    past = sum(
        s["lr"] > neuron.stability(data, neuron.Momentum(s["lr"], mu)).critical_learning_rate
        for s, mu in runs
    )  # the engine's own critical rate at each run's μ (heavy ball, as the map)
    said = board.describe_class(Text("en"), frame, drawn.edge)
    assert f"{past} of them lie past" in said and "4 runs" in said


def test_the_second_round_speaks_spanish_and_the_projector_has_the_button(app, rooms, made):
    code = made.room.code
    at = submit(app(room=code, lang="es"), name="Ana", choice="diverges")
    projector = app(room=code, host=made.token, present="true")
    assert not projector.exception and ES["room.revote"] != EN["room.revote"]
    projector.button(key="room_revote").click().run()
    assert rooms.room(code).round() == 2
    at.run()
    assert ES["room.round2"] in alerts(at, "info")
    time.sleep(1)  # the one-a-second limit
    submit(at, name="Ana", choice="oscillates")
    rooms.reveal(code, made.token)
    host = app(room=code, host=made.token, lang="es")
    for page in (at.run(), host):
        shown = visible_text(page)
        leaks = [p for p in english_phrases() if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", shown)]
        assert not leaks, leaks
    spec, _ = chart_with(host, "label", "round_label", "count")
    assert spec["description"].startswith(ES["room.alt.shift"].split("{")[0])


def test_every_spanish_room_page_writes_numbers_with_decimal_commas(app, rooms, made):
    """Each task's question, the participant's page and the host's board after the
    reveal (explanation, histogram or strip, leaderboard): no decimal point in prose."""
    code, point = made.room.code, re.compile(r"\d\.\d")
    for i, task in enumerate(TASKS):
        if i:
            rooms.next_task(code, made.token)
        at = app(room=code, lang="es")
        if task.kind == "prediction":
            submit(at, name=f"Ana{i}", choice=task.choices[0].id)
        else:
            submit(at, name=f"Ana{i}")
        rooms.reveal(code, made.token)
        host = app(room=code, host=made.token, lang="es")
        for page in (at.run(), host):
            assert not page.exception
            shown = re.sub(r"`[^`]*`", " ", visible_text(page))  # code is typed, with a point
            prose = shown + "\n".join(cells(page))
            assert not point.findall(prose), (
                task.answer,
                [ln for ln in prose.splitlines() if point.search(ln)],
            )
            for spec in specs(page):
                assert not point.search(spec.get("description", "")), spec["description"]


# ---- a participant's page draws less (many rerun it at once when the room moves on) ----


def sidebar_keys(at):
    return {getattr(e, "key", None) for e in at.sidebar.get("button")} | {
        getattr(e, "key", None) for e in at.sidebar.get("selectbox")
    }


def test_a_participant_s_presets_and_data_fold_away_and_open_when_asked(app, made):
    at = app(room=made.room.code)
    labels = [e.label for e in at.sidebar.get("expander")]
    assert EN["presets.header"] in labels and EN["data.header"] in labels
    assert not {"preset_diverges", "dataset"} & sidebar_keys(at)  # folded: not drawn at all
    assert at.number_input(key="lr").value is not None  # the task's own settings stay
    at.session_state["sidebar_presets"] = True  # as opening it in the browser does
    at.run()
    assert "preset_diverges" in sidebar_keys(at) and "dataset" not in sidebar_keys(at)
    at.button(key="preset_diverges").click().run()
    assert not at.exception
    bowl = neuron.bowl(neuron.make_dataset())
    assert at.number_input(key="lr").value > bowl.critical_learning_rate
    at.session_state["sidebar_data"] = True
    at.run()
    assert at.selectbox(key="dataset").value is None  # the article's data, as before


def test_the_host_and_the_solo_page_keep_the_presets_and_the_data_drawn(app, made):
    for at in (app(room=made.room.code, host=made.token), app()):
        assert {"preset_diverges", "dataset"} <= sidebar_keys(at)


def test_in_a_room_the_reading_says_what_the_run_did_not_what_to_try(app, rooms, made):
    """Task 3 asks for the rate that learns the bias soonest: the solo page's advice
    ("Try the rate 0.00118…: both learned by iteration 1,9…") would be its answer,
    and task 2's slower runs (10,000 iterations) would show it
    after task 2's reveal, before task 3 begins."""
    code, token = made.room.code, made.token
    faster = EN["reading.faster"].split("{")[0]  # "Try the rate "
    needed = EN["reading.needed"].split("{")[0]
    solo = app(iterations="10000")  # the same run outside a room gives the advice
    assert faster in text_of(solo)
    rooms.next_task(code, token)
    at = app(room=code, lr="0.0002")  # task 2: a slow run, whose bias lags
    rooms.reveal(code, token)
    at.run()
    assert not at.exception and needed in text_of(at) and faster not in text_of(at)
    rooms.next_task(code, token)
    assert TASKS[2].answer == "fastest_bias"
    at = app(room=code, iterations="10000")
    assert not at.exception and at.session_state["iterations"] == 10_000
    said = text_of(at)
    assert needed in said and faster not in said  # when, but not how to do better
    rooms.reveal(code, token)
    at.run()
    assert faster not in text_of(at)
