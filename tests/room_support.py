"""Shared by the live room's tests: databases to run them on, and a movable clock.

SQLite is always there. PostgreSQL is the one ``ROOMS_TEST_POSTGRES_URL``
names (``.ci/run`` starts a cluster and sets it); without it the PostgreSQL
tests skip and say why, except under ``CI=true``, where that is an error, as
for the browser tests.
"""

import os
import time

import pytest
from sqlalchemy import create_engine, text

from playground.room import schema

POSTGRES_ENV = "ROOMS_TEST_POSTGRES_URL"


def in_ci():
    return os.environ.get("CI") == "true"


def unavailable(reason):
    """Skip locally; fail loudly in CI, where these tests must run."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true: .ci/run starts PostgreSQL and nginx)", pytrace=False)
    pytest.skip(reason)


def postgres_url():
    """The test PostgreSQL's URL, emptied of rooms; skips (or fails in CI) without one."""
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        unavailable(
            f"{POSTGRES_ENV} is not set: start PostgreSQL and point it at an empty "
            "database, as .ci/run does"
        )
    url = own_schema(url)
    schema.forget(url)
    probe = create_engine(url, connect_args={"connect_timeout": 5})
    try:
        with probe.begin() as conn:
            for table in (
                "room_log",
                "room_members",
                "room_participants",
                "room_entries",
                "rooms",
                "rooms_schema",
            ):
                conn.execute(text(f"DROP TABLE IF EXISTS {table} CASCADE"))
    except Exception as error:  # any failure to reach it is the same message
        unavailable(f"PostgreSQL at {POSTGRES_ENV} cannot be used: {error}".splitlines()[0])
    finally:
        probe.dispose()
    return url


def own_schema(url):
    """``url`` in a schema of this test worker's own, under pytest-xdist: two workers
    share the database, and each test empties the tables of its schema."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    name = f"tests_{worker}"
    probe = create_engine(url, connect_args={"connect_timeout": 5})
    try:
        with probe.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA IF NOT EXISTS {name}"))
    except Exception as error:
        unavailable(f"PostgreSQL at {POSTGRES_ENV} cannot be used: {error}".splitlines()[0])
    finally:
        probe.dispose()
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{name}"


def sqlite_url(folder):
    return f"sqlite:///{folder / 'rooms.sqlite3'}"


class Clock:
    """Seconds since the epoch that a test moves on by hand."""

    def __init__(self, now=None):
        self.now = time.time() if now is None else now

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds
