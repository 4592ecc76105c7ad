"""python -m playground.room, as a host uses it: ``main(argv)`` in a fresh folder, and
a few runs of the real command (a subprocess)."""

import csv
import io
import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from playground.room import Store, config, ids, load_tasks, new_participant_id, schema
from playground.room.cli import main

DEFAULT_TASKS = load_tasks()

ROOT = Path(__file__).resolve().parents[3]
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


@pytest.fixture
def cli(folder, monkeypatch, capsys):
    """``cli(*args, **env)``: run the command line in ``folder`` with only ``env``'s
    ROOMS_ variables; returns its returncode, stdout and stderr."""

    def run(*args, **env):
        with monkeypatch.context() as m:
            for name in [k for k in os.environ if k.startswith("ROOMS_")]:
                m.delenv(name)
            m.setenv("HOME", str(folder))
            for name, value in env.items():
                m.setenv(name, value)
            try:
                code = main(list(args))
            except SystemExit as stop:
                code = stop.code
        out = capsys.readouterr()
        return SimpleNamespace(returncode=code, stdout=out.out, stderr=out.err)

    return run


def python_m_room(folder, *args, stdout=subprocess.PIPE):
    environ = {k: v for k, v in os.environ.items() if not k.startswith("ROOMS_")}
    environ.update(PYTHONPATH=str(ROOT), HOME=str(folder))
    return subprocess.run(
        [sys.executable, "-m", "playground.room", *args],
        cwd=folder,
        env=environ,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
    )


def new_room(cli, *args, **env):
    out = cli("new", "Friday workshop", *args, **env)
    assert out.returncode == 0, out.stderr
    found = LINKS.search(out.stdout)
    assert found, out.stdout
    return found


def local_store(folder):
    return Store(config.settings(environ={}, cwd=folder, home=folder).url)


def test_python_m_room_new_prints_both_links_and_makes_the_sqlite_file(folder):
    out = python_m_room(folder, "new", "Friday workshop")
    assert out.returncode == 0, out.stderr
    links = LINKS.search(out.stdout)
    assert links, out.stdout
    assert links["base"] == "http://localhost:8501/"
    assert len(links["code"]) == 8 and set(links["code"]) <= set(ids.ALPHABET)
    assert len(links["token"]) >= 43  # 256 bits
    assert (folder / ".rooms" / "rooms.sqlite3").is_file()
    store = local_store(folder)
    assert store.is_host(links["code"], links["token"])
    assert store.room(links["code"]).title == "Friday workshop"


def test_base_url_and_tasks_file_are_used(folder, cli):
    tasks = (Path(__file__).parents[3] / "playground/room/tasks.toml").read_text()
    (folder / "two.toml").write_text(
        tasks.split('[[tasks]]\nkind = "prediction"\nminutes = 10')[0]
    )
    links = new_room(cli, "--tasks", "two.toml", "--base-url", "https://example.org/nn")
    assert links["base"] == "https://example.org/nn"
    assert len(local_store(folder).room(links["code"]).tasks) == 3


def test_list_close_and_export(folder, cli):
    code, other = new_room(cli)["code"], new_room(cli)["code"]
    store = local_store(folder)
    for name in ("Ana", "Bo"):
        store.submit(code, 0, participant=new_participant_id(), name=name, entry={"choice": "x"})
    store.submit(other, 0, participant=new_participant_id(), name="Cy", entry={})
    listed = cli("list")
    assert listed.returncode == 0
    assert re.search(
        rf"{code}\s+1/{len(DEFAULT_TASKS)}\s+2\s+open\s+\S+ \S+\s+Friday workshop", listed.stdout
    )
    closed = cli("close", code.lower())
    assert closed.returncode == 0 and "closed" in closed.stdout
    again = cli("close", code)
    assert again.returncode == 1 and f"room {code} is closed" in again.stderr
    exported = cli("export", code)
    assert exported.returncode == 0, exported.stderr
    rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    assert [r["name"] for r in rows] == ["Ana", "Bo"] and {r["room"] for r in rows} == {code}
    assert re.search(rf"{code}\s+1/{len(DEFAULT_TASKS)}\s+2\s+closed", cli("list").stdout)


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
def test_a_bad_argument_exits_2_naming_it(folder, cli, args, names):
    (folder / "bad.toml").write_text(
        '[[tasks]]\nkind = "quiz"\nanswer = "verdict"\n'
        'question = {en = "a", es = "b"}\n'
        'explain = {en = "a", es = "b"}\n'
    )
    out = cli(*args)
    assert out.returncode == 2 and names in out.stderr, out.stderr
    assert "Traceback" not in out.stderr and out.stdout == ""


def test_an_unreachable_database_exits_1_with_a_sentence(cli):
    url = "postgresql://host:secret@127.0.0.1:1/rooms"
    for args in (("new", "T"), ("list",), ("export", "ABCDEFGH")):
        out = cli(*args, ROOMS_URL=url)
        assert out.returncode == 1, out.stderr
        assert "cannot be used" in out.stderr and "127.0.0.1:1" in out.stderr
        assert "secret" not in out.stderr and "Traceback" not in out.stderr
    schema.forget(config.settings(environ={"ROOMS_URL": url}).url)


def test_an_endless_tasks_file_is_refused_after_a_megabyte(cli):
    out = cli("new", "T", "--tasks", "/dev/zero")
    assert out.returncode == 2 and out.stdout == ""
    assert "argument --tasks: /dev/zero: larger than 1,000,000 bytes" in out.stderr


def test_a_full_disk_ends_in_one_line_not_a_traceback(folder):
    with open("/dev/full", "w") as full:
        out = python_m_room(folder, "list", stdout=full)
    assert out.returncode == 1
    assert out.stderr == (
        "python -m playground.room: error: cannot write standard output: No space left on device\n"
    )


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
def test_a_bad_configuration_exits_1_naming_it(cli, env, message):
    out = cli("list", **env)
    assert out.returncode == 1 and message in out.stderr, out.stderr


def test_the_secrets_file_names_the_database_and_the_days(folder, cli):
    elsewhere = folder / "elsewhere.sqlite3"
    (folder / ".streamlit").mkdir()
    (folder / ".streamlit" / "secrets.toml").write_text(
        f'[connections.rooms]\nurl = "sqlite:///{elsewhere}"\ndays = 2\n'
    )
    code = new_room(cli)["code"]
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


def test_new_warns_that_localhost_links_do_not_reach_phones_and_base_url_fixes_it(cli):
    local = cli("new", "Lab")
    assert local.returncode == 0 and "only this computer can open" in local.stderr
    shown = cli("new", "Lab", "--base-url", "http://192.168.1.20:8501")
    assert shown.returncode == 0 and shown.stderr == ""
    assert LINKS.search(shown.stdout)["base"] == "http://192.168.1.20:8501/"
    env = cli("new", "Lab", ROOMS_BASE_URL="http://10.0.0.5:8501/")
    assert LINKS.search(env.stdout)["base"] == "http://10.0.0.5:8501/" and env.stderr == ""


def test_delete_removes_a_room_and_a_full_server_is_a_message(cli, folder, monkeypatch):
    code = LINKS.search(cli("new", "Lab").stdout)["code"]
    gone = cli("delete", code)
    assert gone.returncode == 0 and code in gone.stdout
    assert cli("export", code).returncode == 2  # no such room any more
    from playground.room import store as store_module

    monkeypatch.setattr(store_module, "MAX_ROOMS", 0)
    full = cli("new", "Lab")
    assert full.returncode == 1 and "Traceback" not in full.stderr
    assert "open rooms" in full.stderr
