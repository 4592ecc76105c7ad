"""The heavy-work queue: first come first served, a timeout that answers, waits recorded."""

import threading
import time

import pytest

from playground.ui import heavy


def test_tickets_are_served_in_the_order_they_were_taken():
    served, started = [], []

    def visitor(i):
        with heavy.ticket():
            served.append(i)

    with heavy.ticket():  # someone is computing
        for i in range(5):
            t = threading.Thread(target=visitor, args=(i,))
            t.start()
            started.append(t)
            time.sleep(0.05)  # each takes its ticket after the one before
    for t in started:
        t.join(10)
    assert served == [0, 1, 2, 3, 4]
    waits = heavy.waits()
    assert len(waits) == 6 and all(w >= 0 for w in waits)
    assert max(waits) >= 0.05  # those who queued waited


def test_a_visitor_whose_turn_does_not_come_is_told_so_and_the_queue_goes_on():
    released = threading.Event()

    def holder():
        with heavy.ticket():
            released.wait(10)

    t = threading.Thread(target=holder)
    t.start()
    time.sleep(0.05)
    with pytest.raises(heavy.Busy), heavy.ticket(timeout=0.1):
        pass
    released.set()
    t.join(10)
    with heavy.ticket(timeout=1):  # the one that gave up holds no place in the queue
        pass


def test_clear_all_forgets_every_wait():
    with heavy.ticket():
        pass
    assert heavy.waits()
    heavy.clear_all()
    assert heavy.waits() == []


def test_a_busy_server_answers_a_heavy_view_with_a_message_and_keeps_the_settings(
    app, monkeypatch
):
    monkeypatch.setattr(heavy, "TIMEOUT", 0.2)
    released = threading.Event()

    def holder():
        with heavy.ticket():
            released.wait(30)

    t = threading.Thread(target=holder)
    t.start()
    time.sleep(0.05)
    try:
        at = app(view="rates", lr="0.0009")
    finally:
        released.set()
        t.join(10)
    assert not at.exception
    assert any("The server is busy" in w.value for w in at.warning)
    assert at.number_input(key="lr").value == pytest.approx(0.0009)
