"""Vote, discuss, vote again, in real browsers; then the class on the stability map.

A host and three participants, each in their own browser context, on the
room server of ``test_room_browser`` (its own SQLite file). The host opens a
second round of the first task's prediction; the board then shows how the
answers moved, and the export holds both rounds. On the next task (a run)
the reveal puts every participant's run on the stability map.
"""

import csv
import io
import re

import pytest

from playground.room import Store
from tests.browser import test_room_browser as room
from tests.browser.pages import expect, set_rate
from tests.browser.test_room_browser import BOARD_WAIT, EN, LABEL, TASK, main, predict, verdict

pytestmark = pytest.mark.browser
room_server, people = room.room_server, room.people  # its server, and four people


def vote_again(page, choice):
    """A participant's second vote: their first is already picked; change it or keep it."""
    page.get_by_test_id("stRadioGroup").get_by_text(LABEL[choice], exact=True).click()
    page.get_by_role("button", name=EN["room.submit.prediction"]).click()
    expect(page.get_by_text(EN["room.outcome.saved"])).to_be_visible()


def chart(page, start):
    """The Vega chart whose accessible name (its description) begins with ``start``."""
    return main(page).locator(f'[aria-label^="{start}"]')


def test_two_rounds_show_the_shift_and_export_both_then_the_class_on_the_map(room_server, people):
    base, database = room_server
    made = Store(database).create("Peer instruction")
    code = made.room.code
    host, *participants = people
    host.goto(f"{base}/?room={code}&host={made.token}")
    for page in participants:
        page.goto(f"{base}/?room={code}")
    first = {"Ana": "diverges", "Ben": "converges", "Cy": "oscillates"}
    for page, (name, choice) in zip(participants, first.items()):
        predict(page, name, choice)
    answered = EN["room.answered"].format(n=3, m=3)
    expect(main(host).get_by_text(answered)).to_be_visible(timeout=BOARD_WAIT)

    host.get_by_role("button", name=EN["room.revote"]).click()
    expect(host.get_by_text(EN["room.round2.host"])).to_be_visible()
    expect(main(host).get_by_text(EN["room.answered"].format(n=0, m=3))).to_be_visible()
    for page, choice in zip(participants, first.values()):  # each page follows by itself
        expect(page.get_by_text(EN["room.round2"])).to_be_visible(timeout=BOARD_WAIT)
        mine = EN["room.mine.first"].format(choice=LABEL[choice]).replace("**", "")
        expect(page.get_by_text(mine)).to_be_visible()
        expect(verdict(page)).to_have_count(0)  # no answer between the rounds
        expect(chart(page, "Bar chart")).to_have_count(0)  # nor round 1's histogram
    second = {"Ana": "oscillates", "Ben": "oscillates", "Cy": "oscillates"}
    for page, choice in zip(participants, second.values()):
        vote_again(page, choice)
    expect(main(host).get_by_text(answered)).to_be_visible(timeout=BOARD_WAIT)

    host.get_by_role("button", name=EN["room.reveal"]).click()
    right = TASK.reveal().choice
    shift = chart(host, "Bar chart of both rounds")
    expect(shift).to_have_count(1)
    for r, votes in ((1, first), (2, second)):  # counted here, from what was clicked
        n_right = sum(v == right for v in votes.values())
        said = EN["room.alt.round"].split(":")[0].format(round=r)
        expect(shift).to_have_attribute(
            "aria-label", re.compile(re.escape(f"{said}: 3 votes, {n_right} right"))
        )
    expect(shift.locator("svg.marks g.role-mark path").first).to_be_attached()
    expect(main(host).get_by_text(EN["room.shift.header"])).to_be_visible()
    ana = participants[0]  # a participant's board follows the reveal: the shift, and the run
    expect(chart(ana, "Bar chart of both rounds")).to_have_count(1, timeout=BOARD_WAIT)
    expect(verdict(ana)).to_have_count(1)

    with host.expect_download(timeout=30_000) as info:
        host.get_by_role("button", name=EN["room.export"]).click()
    with open(info.value.path(), encoding="utf-8") as f:
        record = list(csv.DictReader(io.StringIO(f.read())))
    votes = {(r["round"], r["name"]): r["answer"] for r in record if r["status"] == "counted"}
    assert {r for r, _ in votes} == {"1", "2"}
    for r, chosen in (("1", first), ("2", second)):
        for name, choice in chosen.items():
            assert votes[(r, name)] == LABEL[choice]

    # The next task is about rates: after the reveal, the room on the stability map.
    host.get_by_role("button", name=EN["room.next"]).click()
    rates = {"Ana": "0.0005", "Ben": "0.00119", "Cy": "0.0013"}
    for page, rate in zip(participants, rates.values()):
        submit = page.get_by_role("button", name=EN["room.submit.run"])
        expect(submit).to_be_visible(timeout=BOARD_WAIT)
        set_rate(page, rate)
        expect(page).to_have_url(re.compile(f"lr={re.escape(rate)}"))
        submit.click()
        expect(page.get_by_text(EN["room.outcome.saved"])).to_be_visible()
    expect(main(host).get_by_text(answered)).to_be_visible(timeout=BOARD_WAIT)
    host.get_by_role("button", name=EN["room.reveal"]).click()
    start = EN["room.alt.class"].split("{")[0]
    on_map = chart(host, start + "3 runs")
    expect(on_map).to_have_count(1)
    dots = on_map.locator("svg.marks g.class_runs_marks path")
    expect(dots).to_have_count(len(rates))  # every participant's dot, drawn
