"""A live room in real browsers: a host and three participants, each in their own context.

The module starts its own ``streamlit run app.py`` with ``ROOMS_URL`` on a
temporary SQLite file (the session's server has none). Nobody reloads a page:
the host's board and the participants' pages change by themselves, through
the board's timer. Waits are on what the pages show, never fixed sleeps.
"""

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
from tests.browser.pages import expect  # skips the module without playwright

pytestmark = pytest.mark.browser

EN = CATALOGUES["en"]
TASK = load_tasks()[0]  # a prediction: what does gradient descent do at 0.0009?
LABEL = {c.id: c.label["en"] for c in TASK.choices}
BOARD_WAIT = 15_000  # ms: a few of the board's 2 s looks, on a busy machine
expect.set_options(timeout=30_000)


@pytest.fixture(scope="module")
def room_server(chromium_path, tmp_path_factory):
    """``streamlit run app.py`` with its own rooms database; yields (base URL, database URL)."""
    folder = tmp_path_factory.mktemp("rooms")
    database = f"sqlite:///{folder / 'rooms.sqlite3'}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ROOMS_")}
    env["ROOMS_URL"] = database
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
               "--server.port", str(port), "--server.address", "127.0.0.1"]  # fmt: skip
    ARTIFACTS.mkdir(exist_ok=True)
    log = ARTIFACTS / "streamlit-room-server.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)  # fmt: skip
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not healthy(url):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the room's server did not start:\n{log.read_text()}")
            time.sleep(0.25)
        yield url, database
    finally:
        stop(process)
        schema.forget(database)


@pytest.fixture
def people(browser):
    """Four fresh browser contexts (their own cookies and sessions): host, then three."""
    contexts = [browser.new_context(viewport=VIEWPORT, locale="en-US") for _ in range(4)]
    yield [c.new_page() for c in contexts]
    for c in contexts:
        c.close()


def main(page):
    return page.locator('[data-testid="stMain"]')


def verdict(page):
    """The headline's verdict for the task's rate, 0.0009: it overshoots."""
    title = re.compile(f"^{re.escape(EN['verdict.oscillates.title'])}$")
    return main(page).locator('[data-testid="stAlert"] strong', has_text=title)


def predict(page, name, choice):
    field = page.get_by_role("textbox", name=EN["room.name.label"])
    field.fill(name)
    field.press("Enter")
    page.get_by_text(LABEL[choice], exact=True).click()
    page.get_by_role("button", name=EN["room.submit.prediction"]).click()
    expect(page.get_by_text(EN["room.outcome.saved"])).to_be_visible()


def test_a_host_and_three_participants_share_a_room(room_server, people):
    base, database = room_server
    made = Store(database).create("Browser workshop")
    code = made.room.code
    host, *participants = people
    host.goto(f"{base}/?room={code}&host={made.token}")
    expect(main(host).get_by_text(EN["room.count"].format(n=0), exact=False)).to_be_visible()
    for page in participants:
        page.goto(f"{base}/?room={code}")
        expect(page.get_by_text(EN["room.hidden"])).to_be_visible()
        expect(verdict(page)).to_have_count(0)  # it would give the answer away

    answers = {"Ana": "diverges", "Ben": "oscillates", "Cy": "oscillates"}
    for page, (name, choice) in zip(participants, answers.items()):
        predict(page, name, choice)
        expect(verdict(page)).to_have_count(0)  # made, but a second vote may follow

    # The host's board counts them by itself, and shows no answer before the reveal.
    count = EN["room.count"].format(n=3)
    expect(main(host).get_by_text(count, exact=False)).to_be_visible(timeout=BOARD_WAIT)
    expect(host.get_by_text(re.compile("^The answer"))).to_have_count(0)

    host.get_by_role("button", name=EN["room.reveal"]).click()
    right = LABEL[TASK.reveal().choice]
    expect(
        host.get_by_text(EN["room.answer"].format(choice=right).replace("**", ""))
    ).to_be_visible()
    histogram = main(host).locator('[aria-label^="Bar chart of 3 predictions"]')
    expect(histogram).to_have_count(1)  # Vega names a chart by its description
    expect(histogram.locator("svg.marks g.role-mark path").first).to_be_attached()

    # A participant's page follows the reveal by itself: everyone's names and the answer.
    ana = participants[0]
    table = main(ana).locator('[data-testid="stDataFrame"]')
    for name in answers:
        expect(table.get_by_text(name, exact=True)).to_be_attached(timeout=BOARD_WAIT)
    expect(ana.get_by_text(re.compile(f"^The answer: {re.escape(right)}"))).to_be_visible()
    expect(verdict(ana)).to_have_count(1)  # the run, now the answer is out

    # Next task: every page moves on by itself and opens the task's own settings.
    host.get_by_role("button", name=EN["room.next"]).click()
    moved = EN["room.header"].format(code=code, task=2, count=len(load_tasks()))
    for page in (host, *participants):
        expect(page.get_by_text(moved)).to_be_visible(timeout=BOARD_WAIT)
        expect(page.get_by_role("spinbutton", name="Exact learning rate")).to_have_value("0.0001")
        assert "lr=" not in page.url  # task 2 opens at the default rate
    expect(participants[1].get_by_role("button", name=EN["room.submit.run"])).to_be_visible()
