"""A page a room can follow, in a real browser: the chart on a 1280×720
projector's first screen, presenter and beginner modes, an animation that
plays without the server, slides to take home, and a phone.
"""

import io
import re

import pytest
from PIL import Image

from playground.core.text import THIN_SPACE, Text
from playground.core.views import BY_NAME, NAMES
from tests.browser.pages import (
    MAIN,
    SIDEBAR,
    TIMEOUT,
    expect,  # skips the module without playwright
    expect_charts,
    expect_verdict,
    settle,
    verdict,
    view_button,
)

pytestmark = pytest.mark.browser
PROJECTOR = {"width": 1280, "height": 720}
PHONE = {"width": 390, "height": 844}

# The main picture of each view: the animation, or the first chart in the main area.
PICTURE = """(name) => {
    const main = document.querySelector('[data-testid="stMain"]');
    const el = name === 'predictions' ? main.querySelector('.np-svg')
        : name === 'math' ? main.querySelector('.katex-display')
        : main.querySelector('[data-testid="stVegaLiteChart"]');
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return {top: r.top, bottom: r.bottom, width: r.width, height: r.height,
            visible: Math.max(0, Math.min(r.bottom, innerHeight) - Math.max(r.top, 0))};
}"""


@pytest.fixture
def projector(browser, app_url):
    context = browser.new_context(viewport=PROJECTOR, locale="en-US")
    context.set_default_timeout(TIMEOUT)
    yield context.new_page()
    context.close()


def open_at(page, base, query):
    page.goto(f"{base}/{query}")
    settle(page)
    expect(verdict(page)).to_be_visible()


def drawn(page, name, sidebar=1):
    if name == "predictions":
        expect(page.locator(".np-svg")).to_be_visible()
    elif name == "math":
        expect(page.locator(f"{MAIN} .katex").first).to_be_visible()
    else:
        expect_charts(page, BY_NAME[name].charts, sidebar)
    settle(page)


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("view", NAMES)
def test_the_chart_is_on_a_projectors_first_screen(projector, app_url, view, lang):
    open_at(projector, app_url, f"?view={view}&lang={lang}")
    drawn(projector, view)
    box = projector.evaluate(PICTURE, view)
    assert box is not None and box["top"] < PROJECTOR["height"], box
    if view != "math":  # the math view's picture is its first formula
        assert box["height"] >= 300, box
        assert box["visible"] >= 0.6 * box["height"], box


@pytest.mark.parametrize("view", ["predictions", "training", "rates", "landscape"])
def test_presenter_mode_shows_the_chart_whole_and_wide(projector, app_url, view):
    open_at(projector, app_url, f"?present=true&view={view}")
    if view == "predictions":
        drawn(projector, view)
    else:  # presenting, a view shows its main chart only
        expect_charts(projector, 1, sidebar=None)
        settle(projector)
    expect(projector.locator(SIDEBAR)).to_have_attribute("data-collapsed", "true")
    box = projector.evaluate(PICTURE, view)
    assert box["width"] >= 800, box
    assert box["top"] >= 0 and box["bottom"] <= PROJECTOR["height"], box  # whole
    one_line = verdict(projector).evaluate("e => e.getBoundingClientRect().height")
    assert one_line < 80  # the verdict is one line
    if view == "predictions":
        expect(projector.locator(".np-counter")).to_be_visible()


def test_presenter_mode_is_left_with_one_click(projector, app_url):
    open_at(projector, app_url, "?present=true")
    projector.get_by_role("button", name="Leave presenter mode").click()
    expect(projector.get_by_role("heading", name="Single-Neuron Playground")).to_be_visible()


def test_beginner_mode_keeps_to_plain_descent_and_plain_words(projector, app_url):
    open_at(projector, app_url, "?level=beginner&lr=0.000001")
    expect_verdict(projector, Text("en", "beginner")("verdict.slow.title"))
    expect(view_button(projector, "Math")).to_have_count(0)
    expect(projector.get_by_text(Text("en")("scaled.label"))).to_have_count(0)


def test_play_moves_the_picture_at_20_frames_a_second_and_tells_the_server_nothing(
    projector, app_url
):
    sent = []
    projector.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(1)))
    open_at(projector, app_url, "?lr=0.0009")
    drawn(projector, "predictions")
    before = len(sent)
    projector.evaluate("""() => {
        window.changes = 0;
        const counter = document.querySelector('.np-counter');
        new MutationObserver(() => window.changes++).observe(
            counter, {childList: true, characterData: true, subtree: true});
    }""")
    projector.get_by_role("button", name="▶ Play").click()
    projector.wait_for_timeout(3000)
    changes = projector.evaluate("window.changes")
    assert len(sent) == before, "the browser sent messages while playing"
    assert changes >= 3 * 20, f"{changes} frames in 3 s"
    first = projector.evaluate("document.querySelector('.np-counter').textContent")
    assert "Iteration" in first


def test_the_animation_downloads_as_a_gif_of_at_least_30_frames(projector, app_url):
    open_at(projector, app_url, "?lr=0.0009&iterations=3000")
    drawn(projector, "predictions")
    with projector.expect_download(timeout=TIMEOUT) as info:
        projector.get_by_role("button", name="Animation (GIF)").click()
    with open(info.value.path(), "rb") as f:
        data = f.read()
    assert len(data) <= 5 * 1024 * 1024
    gif = Image.open(io.BytesIO(data))
    assert gif.format == "GIF" and gif.n_frames >= 30


def test_the_share_panel_has_a_qr_code_of_this_view(projector, app_url):
    open_at(projector, app_url, "?lr=0.0009&view=training")
    projector.locator(SIDEBAR).get_by_text("Share this view").click()
    expect(projector.locator(SIDEBAR).locator("img").last).to_be_visible()
    expect(projector.locator(SIDEBAR).locator("code")).to_contain_text("lr=0.0009")


@pytest.fixture
def phone(browser, app_url):
    context = browser.new_context(viewport=PHONE, locale="en-US", is_mobile=True, has_touch=True)
    context.set_default_timeout(TIMEOUT)
    yield context.new_page()
    context.close()


def test_on_a_phone_the_sidebar_folds_after_a_preset_and_every_view_is_reachable(phone, app_url):
    open_at(phone, app_url, "")
    sidebar = phone.locator(SIDEBAR)
    if sidebar.get_attribute("data-collapsed") == "true":
        phone.get_by_role("button", name="Expand sidebar").click()
    expect(sidebar).to_have_attribute("data-collapsed", "false")
    sidebar.get_by_role("button", name="Overshoots", exact=True).click()
    expect_verdict(phone, "Overshoots, but converges")
    expect(sidebar).to_have_attribute("data-collapsed", "true")
    for name in NAMES:
        button = view_button(phone, Text("en")(f"view.{name}"))
        button.scroll_into_view_if_needed()
        box = button.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1, name
        button.click()
        heading = Text("en")(f"{name}.header", k="\0").split("\0")[0].strip()
        expect(phone.locator(MAIN).get_by_role("heading", name=heading)).to_be_visible()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_diverging_runs_counter_is_in_powers_of_ten_and_a_phone_never_scrolls_sideways(
    phone, app_url, lang
):
    """Regression: "loss 1,522,800,000,000,000,…" pushed the main area to 3,193 px at 390 px."""
    open_at(phone, app_url, f"?lr=0.005&iterations=1000&lang={lang}")
    drawn(phone, "predictions")
    counter = phone.locator(f"{MAIN} .np-counter").text_content()
    loss = counter.rsplit(" ", 1)[-1]
    decimal = "," if lang == "es" else "."
    assert re.fullmatch(rf"\d({re.escape(decimal)}\d+)?e\d+", loss), counter
    if lang == "es":  # the page's thousands space and decimal comma, not es-ES's 1.000
        assert f"1{THIN_SPACE}000" in counter and "." not in counter, counter
    wide = phone.evaluate(
        "() => [document.documentElement.scrollWidth,"
        " document.querySelector('[data-testid=\"stMain\"]').scrollWidth]"
    )
    assert max(wide) <= PHONE["width"], wide
