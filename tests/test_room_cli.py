"""python -m playground.room, run as a host would: in a subprocess, in a fresh folder."""

import csv
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from playground.room import Store, config, ids, new_participant_id, schema

ROOT = Path(__file__).resolve().parents[1]
LINKS = re.compile(
    r"Participants: (?P<base>\S+)\?room=(?P<code>\w+)\n"
    r"Host \(keep this link to yourself\): (?P=base)\?room=(?P=code)&host=(?P<token>[\w-]+)\n"
)


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """A working folder of its own: the default SQLite file goes under it."""
    monkeypatch.chdir(tmp_path)
    yield tmp_path
    schema.forget(config.settings(environ={}, cwd=tmp_path, home=tmp_path).url)


def cli(folder, *args, **env):
    environ = {k: v for k, v in os.environ.items() if not k.startswith("ROOMS_")}
    environ.update(PYTHONPATH=str(ROOT), HOME=str(folder), **env)
    return subprocess.run(
        [sys.executable, "-m", "playground.room", *args],
        cwd=folder,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )


def new_room(folder, *args, **env):
    out = cli(folder, "new", "Friday workshop", *args, **env)
    assert out.returncode == 0, out.stderr
    found = LINKS.search(out.stdout)
    assert found, out.stdout
    return found


def local_store(folder):
    return Store(config.settings(environ={}, cwd=folder, home=folder).url)


def test_new_prints_both_links_and_makes_the_sqlite_file(folder):
    links = new_room(folder)
    assert links["base"] == "http://localhost:8501/"
    assert len(links["code"]) == 8 and set(links["code"]) <= set(ids.ALPHABET)
    assert len(links["token"]) >= 43  # 256 bits
    assert (folder / ".rooms" / "rooms.sqlite3").is_file()
    store = local_store(folder)
    assert store.is_host(links["code"], links["token"])
    assert store.room(links["code"]).title == "Friday workshop"


def test_base_url_and_tasks_file_are_used(folder):
    tasks = (Path(__file__).parents[1] / "playground/room/tasks.toml").read_text()
    (folder / "two.toml").write_text(
        tasks.split('[[tasks]]\nkind = "prediction"\nminutes = 10')[0]
    )
    links = new_room(folder, "--tasks", "two.toml", "--base-url", "https://example.org/nn")
    assert links["base"] == "https://example.org/nn"
    assert len(local_store(folder).room(links["code"]).tasks) == 3


def test_list_close_and_export(folder):
    code, other = new_room(folder)["code"], new_room(folder)["code"]
    store = local_store(folder)
    for name in ("Ana", "Bo"):
        store.submit(code, 0, participant=new_participant_id(), name=name, entry={"choice": "x"})
    store.submit(other, 0, participant=new_participant_id(), name="Cy", entry={})
    listed = cli(folder, "list")
    assert listed.returncode == 0
    assert re.search(rf"{code}\s+1/4\s+2\s+open\s+\S+ \S+\s+Friday workshop", listed.stdout)
    closed = cli(folder, "close", code.lower())
    assert closed.returncode == 0 and "closed" in closed.stdout
    again = cli(folder, "close", code)
    assert again.returncode == 1 and f"room {code} is closed" in again.stderr
    exported = cli(folder, "export", code)
    assert exported.returncode == 0, exported.stderr
    rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    assert [r["name"] for r in rows] == ["Ana", "Bo"] and {r["room"] for r in rows} == {code}
    assert re.search(rf"{code}\s+1/4\s+2\s+closed", cli(folder, "list").stdout)


@pytest.mark.parametrize(
    ("args", "names"),
    [
        ((), "COMMAND"),
        (("new",), "TITLE"),
        (("new", " \u200b\n"), "argument TITLE: must have a visible character"),
        (("new", "x" * 81), "argument TITLE: must be at most 80"),
        (("new", "T", "--base-url", "localhost:8501"), "argument --base-url"),
        (("new", "T", "--base-url", "http://h/?a=1"), "argument --base-url"),
        (("new", "T", "--tasks", "missing.toml"), "argument --tasks: missing.toml: cannot read"),
        (("new", "T", "--tasks", "bad.toml"), "argument --tasks: bad.toml: task 1, field 'kind'"),
        (("export", "abc-u"), "argument CODE: must be a room code"),
        (("export", "ZZZZZZZZ"), "argument CODE: no room 'ZZZZZZZZ'"),
        (("close", "ZZZZZZZZ"), "argument CODE: no room"),
        (("frobnicate",), "invalid choice"),
    ],
)
def test_a_bad_argument_exits_2_naming_it(folder, args, names):
    (folder / "bad.toml").write_text(
        '[[tasks]]\nkind = "quiz"\nanswer = "verdict"\n'
        'question = {en = "a", es = "b"}\n'
        'explain = {en = "a", es = "b"}\n'
    )
    out = cli(folder, *args)
    assert out.returncode == 2 and names in out.stderr, out.stderr
    assert "Traceback" not in out.stderr and out.stdout == ""


def test_an_unreachable_database_exits_1_with_a_sentence(folder):
    url = "postgresql://host:secret@127.0.0.1:1/rooms"
    for args in (("new", "T"), ("list",), ("export", "ABCDEFGH")):
        out = cli(folder, *args, ROOMS_URL=url)
        assert out.returncode == 1, out.stderr
        assert "cannot be used" in out.stderr and "127.0.0.1:1" in out.stderr
        assert "secret" not in out.stderr and "Traceback" not in out.stderr


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ROOMS_DAYS": "0"}, "ROOMS_DAYS: days must be between 1 and 365"),
        ({"ROOMS_DAYS": "7.5"}, "ROOMS_DAYS: days must be a whole number"),
        ({"ROOMS_URL": "mysql://x@h/d"}, "ROOMS_URL names a mysql database"),
        ({"ROOMS_URL": "not a url"}, "ROOMS_URL is not a database URL"),
        ({"ROOMS_URL": "postgresql+psycopg2://h/d"}, "use postgresql://"),
        ({"ROOMS_URL": "sqlite://"}, "rooms need a SQLite file"),
    ],
)
def test_a_bad_configuration_exits_1_naming_it(folder, env, message):
    out = cli(folder, "list", **env)
    assert out.returncode == 1 and message in out.stderr, out.stderr


def test_the_secrets_file_names_the_database_and_the_days(folder):
    elsewhere = folder / "elsewhere.sqlite3"
    (folder / ".streamlit").mkdir()
    (folder / ".streamlit" / "secrets.toml").write_text(
        f'[connections.rooms]\nurl = "sqlite:///{elsewhere}"\ndays = 2\n'
    )
    code = new_room(folder)["code"]
    assert elsewhere.is_file() and not (folder / ".rooms").exists()
    room = Store(f"sqlite:///{elsewhere}").room(code)
    assert (room.expires - room.created).days == 2
    schema.forget(f"sqlite:///{elsewhere}")


def test_rooms_url_wins_over_the_secrets_file_and_postgresql_means_psycopg(tmp_path):
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text(
        '[connections.rooms]\nurl = "sqlite:///from-secrets.sqlite3"\ndays = 3\n'
    )
    env = {"ROOMS_URL": "postgresql://u:p@db/rooms"}
    got = config.settings(environ=env, cwd=tmp_path, home=tmp_path / "nohome")
    assert got.url == "postgresql+psycopg://u:p@db/rooms" and got.days == 3
    assert got.source == "ROOMS_URL"
    default = config.settings(environ={}, cwd=tmp_path / "x", home=tmp_path / "nohome")
    assert default.url == f"sqlite:///{tmp_path / 'x' / '.rooms' / 'rooms.sqlite3'}"
    assert default.days == 7


def test_the_store_and_the_command_line_import_no_streamlit():
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, playground.room, playground.room.cli; "
            "print([m for m in sys.modules if m.split('.')[0] == 'streamlit'])",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0 and out.stdout.strip() == "[]", out.stderr
