"""What a facilitator trusts, in real Chromium: a host, a projector board and six people.

One module server (``streamlit run app.py`` with ``ROOMS_URL`` on a temporary
SQLite file), restarted mid-task on the same port with the same file, as a
laptop's server might be. One browser, a context (its own cookies and
session) per person. The room runs the default tasks' first one, a
prediction: one participant joins by typing the code, two type the same
name, one reloads, then the server restarts. The test checks what each
screen shows (no answer before Reveal, "N of M answered", the countdown),
that a Submit after Reveal is refused, and the host's CSV export: every
submission once, one participant id per person, cells a spreadsheet would run
as formulas escaped. Waits are on what the pages show, never fixed sleeps.
"""

import csv
import os
import re
import subprocess
import sys
import time

import pytest

from playground.core.text import CATALOGUES
from playground.room import Store, load_tasks, schema
from tests.browser.conftest import ARTIFACTS, ROOT, STARTUP_TIMEOUT, VIEWPORT
from tests.browser.conftest import _free_port as free_port
from tests.browser.conftest import _healthy as healthy
from tests.browser.conftest import _stop as stop
from tests.browser.pages import expect, settle  # skips the module without playwright

pytestmark = pytest.mark.browser

EN = CATALOGUES["en"]
PROJECTOR = {"width": 1280, "height": 720}  # a laptop on a projector
TASK = load_tasks()[0]  # the default sequence opens on a prediction
LABEL = {c.id: c.label["en"] for c in TASK.choices}
RIGHT = TASK.reveal().choice  # computed by the engine, not written here
WRONG = [c.id for c in TASK.choices if c.id != RIGHT]
BOARD_WAIT = 20_000  # ms: a few of the boards' 2-4 s looks, on a busy machine
RESTART_WAIT = 60_000  # ms: a page notices the new server and runs again
# Six people: the first joins by typing the code; two are called Sam; the last
# one's name starts like a spreadsheet formula.
NAMES = ["Ana", "Sam", "Sam", "Dee", "Eli", "=1+2 Flo"]


class Server:
    """``streamlit run app.py`` on one port with one rooms file, which can restart."""

    def __init__(self, database):
        self.port, self.database = free_port(), database
        self.url, self.process = f"http://127.0.0.1:{self.port}", None
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("ROOMS_")}
        self.env["ROOMS_URL"] = database
        self.log = ARTIFACTS / "streamlit-facilitator-server.log"

    def start(self):
        command = [sys.executable, "-m", "streamlit", "run", "app.py"]
        command += ["--server.headless", "true", "--server.port", str(self.port)]
        command += ["--server.address", "127.0.0.1"]
        ARTIFACTS.mkdir(exist_ok=True)
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )  # fmt: skip
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not healthy(self.url):
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the room's server did not start:\n{self.log.read_text()}")
            time.sleep(0.2)

    def stop(self):
        if self.process is not None:
            stop(self.process)


@pytest.fixture(scope="module")
def server(chromium_path, tmp_path_factory):
    database = f"sqlite:///{tmp_path_factory.mktemp('rooms') / 'rooms.sqlite3'}"
    found = Server(database)
    try:
        found.start()
        yield found
    finally:
        found.stop()
        schema.forget(database)


@pytest.fixture
def pages(browser):
    """Eight fresh contexts, one page each: host, projector, six participants."""
    contexts = [browser.new_context(viewport=VIEWPORT, locale="en-US") for _ in range(8)]
    for c in contexts:
        c.set_default_timeout(30_000)
    yield [c.new_page() for c in contexts]
    for c in contexts:
        c.close()


def main(page):
    return page.locator('[data-testid="stMain"]')


def no_spoiler(page):
    """Nothing on ``page`` tells the answer: no verdict of the run, no answer line,
    no histogram of the predictions."""
    expect(main(page).locator(".st-key-verdict")).to_have_count(0)
    expect(page.get_by_text(re.compile("^The answer"))).to_have_count(0)
    expect(main(page).locator('[aria-label^="Bar chart of"]')).to_have_count(0)


def on_first_screen(board, right):
    """The projector board after Reveal fits a 1280×720 first screen: no sidebar, and
    the question, the code's QR, the count, the histogram and the answer all above 720."""
    board.set_viewport_size(PROJECTOR)
    settle(board)
    board.screenshot(path=str(ARTIFACTS / "projector-board.png"))
    expect(board.locator('[data-testid="stSidebar"]')).to_have_attribute("data-collapsed", "true")
    boxes = {
        "question": main(board).get_by_text(TASK.question["en"]),
        "qr": main(board).locator("img").first,
        "count": main(board).get_by_text(re.compile(re.escape("5 of 6") + ".*")),
        "histogram": main(board).locator('[data-testid="stVegaLiteChart"]').first,
        "answer": main(board).get_by_text(right),
    }
    for name, located in boxes.items():
        box = located.bounding_box()
        assert box is not None and box["y"] >= 0, name
        assert box["y"] + box["height"] <= PROJECTOR["height"], (name, box)


def answered(page, n, m):
    """ "N of M answered" on ``page``'s board, with the countdown beside it."""
    words = re.escape(EN["room.answered"].format(n=n, m=m))
    running = re.compile(f"^{words} · \\d+:\\d\\d left$")
    expect(main(page).get_by_text(running)).to_be_visible(timeout=BOARD_WAIT)


def type_name(page, name):
    field = page.get_by_role("textbox", name=EN["room.name.label"])
    field.fill(name)
    field.press("Enter")


def submit(page, choice, outcome="saved"):
    page.get_by_text(LABEL[choice], exact=True).click()
    page.get_by_role("button", name=EN["room.submit.prediction"]).click()
    expect(page.get_by_text(EN[f"room.outcome.{outcome}"])).to_be_visible()


def own_prediction(page, choice):
    text = EN["room.mine.prediction"].format(choice=LABEL[choice]).replace("**", "")
    expect(main(page).get_by_text(text)).to_be_visible(timeout=BOARD_WAIT)


def look_alike(code):
    """The code as someone might type it: lower case, 0 as O, 1 as I, in two halves."""
    typed = code.lower().replace("0", "o").replace("1", "i")
    return f"{typed[:4]} {typed[4:]}"


def test_a_facilitator_runs_the_room_through_a_reload_and_a_restart(server, pages):
    made = Store(server.database).create("Trust workshop")
    schema.forget(server.database)
    code, token = made.room.code, made.token
    host, board, *people = pages
    room = f"{server.url}/?room={code}"
    host.goto(f"{room}&host={token}")
    board.goto(f"{room}&host={token}&present=true")
    for page in people[1:]:
        page.goto(room)
    joins = people[0]  # types the code, as read from the projector
    joins.goto(server.url)
    joins.get_by_text(EN["room.code.header"]).click()
    joins.get_by_role("textbox", name=EN["room.code.label"]).fill(look_alike(code))
    joins.get_by_role("button", name=EN["room.code.button"]).click()
    expect(joins.get_by_text(EN["room.hidden"])).to_be_visible()
    assert f"room={code}" in joins.url

    # The host token has left both host pages' address bars; nobody sees an answer.
    expect(main(board).get_by_text(code, exact=True)).to_be_visible()  # large, to type
    expect(board.get_by_role("button", name=EN["room.reveal"])).to_be_visible()
    expect(host.get_by_role("button", name=EN["room.reveal"])).to_be_visible()
    for page in (host, board):
        assert "host=" not in page.url
        no_spoiler(page)
    for page, name in zip(people, NAMES):
        expect(page.get_by_text(EN["room.hidden"])).to_be_visible()
        no_spoiler(page)
        type_name(page, name)
    second_sam = EN["room.name.shown"].format(name="Sam (2)").replace("**", "")
    expect(people[2].get_by_text(second_sam)).to_be_visible()
    expect(people[1].get_by_text(re.compile("^The room shows you as"))).to_have_count(0)
    for page in people:  # each has an id of their own in their link, once they are in
        expect(page).to_have_url(re.compile(r"[?&]me="))
    ids = [re.search(r"[?&]me=([^&]+)", page.url)[1] for page in people]
    assert len(set(ids)) == 6, ids

    host.get_by_role("button", name=EN["room.timer.start"].format(minutes=TASK.minutes)).click()
    answered(board, 0, 6)

    # Four predict; the run stays hidden for everyone until Reveal, voters included
    # (it would settle the question before a second vote).
    picks = [RIGHT, WRONG[0], RIGHT, WRONG[1]]
    for page, choice in zip(people[:4], picks):
        submit(page, choice)
        expect(main(page).locator(".st-key-verdict")).to_have_count(0)
    for page in (host, board, people[4], people[5]):
        no_spoiler(page)
    answered(board, 4, 6)

    # Dee reloads: the same person, with her name and her prediction.
    dee = people[3]
    dee.reload()
    expect(dee.get_by_role("textbox", name=EN["room.name.label"])).to_have_value("Dee")
    own_prediction(dee, picks[3])
    assert re.search(r"[?&]me=([^&]+)", dee.url)[1] == ids[3]

    # The host reloads too: their tab, not the address bar, keeps them the host.
    host.reload()
    settle(host)
    expect(host.get_by_role("button", name=EN["room.reveal"])).to_be_visible()
    expect(host).not_to_have_url(re.compile("host=|me="))
    answered(host, 4, 6)

    # The server restarts mid-task; every page notices, and finds its way back by itself.
    server.stop()
    for page in pages:
        expect(page.get_by_test_id("stConnectionStatus")).to_be_visible()
    server.start()
    for page in pages:
        expect(page.get_by_test_id("stConnectionStatus")).to_have_count(0, timeout=RESTART_WAIT)
        settle(page)
    for page, choice in zip(people[:4], picks):
        own_prediction(page, choice)
    expect(host.get_by_role("button", name=EN["room.reveal"])).to_be_visible(timeout=RESTART_WAIT)
    answered(board, 4, 6)
    for page in (host, board, people[4], people[5]):
        no_spoiler(page)

    # The first Sam changes his mind: the same id, so it replaces his entry.
    submit(people[1], RIGHT, outcome="replaced")
    submit(people[4], WRONG[0])
    answered(board, 5, 6)
    answered(host, 5, 6)

    # Flo's page has the form up when the host reveals: her Submit comes too late.
    flo = people[5]
    flo.get_by_text(LABEL[RIGHT], exact=True).click()
    settle(flo)  # the pick's own rerun is over before the timers stop
    flo.evaluate("() => { const top = setInterval(() => {}, 1e6); "
                 "for (let i = 0; i <= top; i++) clearInterval(i); }")  # fmt: skip
    host.get_by_role("button", name=EN["room.reveal"]).click()
    right = EN["room.answer"].format(choice=LABEL[RIGHT]).replace("**", "")
    expect(host.get_by_text(right)).to_be_visible()
    flo.get_by_role("button", name=EN["room.submit.prediction"]).click()
    expect(flo.get_by_text(EN["room.outcome.locked"])).to_be_visible()
    expect(board.get_by_text(right)).to_be_visible(timeout=BOARD_WAIT)
    answered(board, 5, 6)
    on_first_screen(board, right)

    # The export, from the host's page: every submission once, as a spreadsheet reads it.
    with host.expect_download() as download:
        host.get_by_role("button", name=EN["room.export"]).click()
    assert download.value.suggested_filename == f"room-{code}.csv"
    with open(download.value.path(), encoding="utf-8", newline="") as exported:
        rows = list(csv.DictReader(exported))
    assert [r["task"] for r in rows] == ["1"] * 7  # 4 + a reload (nothing) + Sam again + Eli + Flo
    by_person = {}
    for r in rows:
        by_person.setdefault(r["participant"], set()).add(r["name"])
    assert sorted(by_person) == sorted(ids)  # one id per person, across reload and restart
    assert {p: n for p, n in zip(ids, ("Ana", "Sam", "Sam (2)", "Dee", "Eli", "'=1+2 Flo"))} == {
        p: next(iter(n)) for p, n in by_person.items()
    }
    status = {(r["participant"], r["answer"]): r["status"] for r in rows}
    assert status[(ids[1], LABEL[picks[1]])] == "replaced"
    assert status[(ids[1], LABEL[RIGHT])] == "counted"
    assert status[(ids[5], LABEL[RIGHT])] == "late"
    assert sum(r["status"] == "counted" for r in rows) == 5
    scored = {(r["status"], r["verdict"]) for r in rows if r["answer"] == LABEL[RIGHT]}
    assert scored == {("counted", "right"), ("late", "")}  # a late one is kept, never scored
    assert not any(cell[:1] in "=+-@" for r in rows for cell in r.values() if cell), rows
