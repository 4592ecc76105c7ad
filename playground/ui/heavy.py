"""Heavy work, one step at a time, first come first served.

This module owns the one process-wide queue for it. A page step that costs many
times a default page's (the rates view, compared optimizers, a run of an
optimizer with no closed form) takes a ticket and waits its turn; everything
else, a live room's pages included, never waits here. A thread that holds the
ticket passes through (a heavy view inside a heavy run), so waiting cannot
deadlock. A visitor who has waited ``TIMEOUT`` seconds gets ``Busy``, which the
page shows as a message, never a hang. Hold no ticket across I/O: a database
call inside one would make every heavy visitor wait for the database too.

Python runs one thread at a time anyway, so a burst of heavy links is no slower
in total for queueing, and every other session keeps its share of the
interpreter (bench/load.py --costly).
"""

import collections
import contextlib
import itertools
import threading
import time

TIMEOUT = 60.0  # seconds a visitor waits for a turn before being told the server is busy


class Busy(RuntimeError):
    """No turn came within the timeout."""


class _Queue:
    def __init__(self):
        self.turns = threading.Condition()
        self.waiting = collections.deque()  # tickets, in the order they were taken
        self.serving = None
        self.numbers = itertools.count()
        self.waits = collections.deque(maxlen=10_000)  # seconds each holder waited
        self.held = threading.local()


_QUEUE = _Queue()


@contextlib.contextmanager
def ticket(needed=True, timeout=None):
    """Hold the heavy-work turn while the block runs, if ``needed`` and not held.

    Raises
    ------
    Busy
        When the turn did not come within ``timeout`` seconds (``TIMEOUT``).
    """
    q = _QUEUE
    if not needed or getattr(q.held, "on", False):
        yield
        return
    started = time.monotonic()
    with q.turns:
        mine = next(q.numbers)
        q.waiting.append(mine)
        served = q.turns.wait_for(
            lambda: q.serving is None and q.waiting[0] == mine,
            TIMEOUT if timeout is None else timeout,
        )
        q.waiting.remove(mine)
        if not served:
            q.turns.notify_all()  # the next in line may be first now
            raise Busy(f"no turn for heavy work within {timeout or TIMEOUT:g} s")
        q.serving = mine
    q.waits.append(time.monotonic() - started)
    q.held.on = True
    try:
        yield
    finally:
        q.held.on = False
        with q.turns:
            q.serving = None
            q.turns.notify_all()


def waits():
    """Seconds each ticket so far waited for its turn, oldest first (the last 10,000)."""
    return list(_QUEUE.waits)


def clear_all():
    """Forget every ticket and wait: for tests, with no page running."""
    global _QUEUE
    _QUEUE = _Queue()
