"""The page in a real browser: it loads, draws every chart, and answers the sidebar.

Each test opens the page in a fresh browser context against the session's
``streamlit run app.py`` (see conftest.py). Waits are on what the page shows
(text, the URL, drawn charts) followed by Streamlit being idle, never on fixed
sleeps. A chart counts as drawn when Vega has put marks into its SVG, or
non-uniform pixels into its canvas, at a visible, non-zero size.
"""

import os
import re
from urllib.parse import parse_qs, urlsplit

import pytest

try:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import expect
except ImportError:
    if os.environ.get("CI") == "true":
        raise
    pytest.skip(
        "the playwright package is not installed: pip install -r requirements-dev.txt",
        allow_module_level=True,
    )

import neuron
from playground import settings as cfg
from playground.analysis import training_data
from playground.text import Text
from playground.views import VIEWS as REGISTRY

pytestmark = pytest.mark.browser

TIMEOUT = 30_000  # ms; the machine running the suite may be slow and shared
expect.set_options(timeout=TIMEOUT)

MAIN = '[data-testid="stMain"]'
SIDEBAR = '[data-testid="stSidebar"]'

# Streamlit sets data-test-script-state on the app root; elements from the previous
# run that the current run has not replaced yet carry data-stale="true".
IDLE = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return !!app && app.dataset.testScriptState === 'notRunning'
        && !document.querySelector('[data-stale="true"]');
}"""

# Charts per region: how many are visible and how many of those Vega has drawn.
CHART_COUNTS = """() => {
    function drawn(chart) {
        const svg = chart.querySelector('svg.marks');
        const canvas = chart.querySelector('canvas');
        const surface = svg || canvas;
        if (!surface) return false;
        const box = surface.getBoundingClientRect();
        if (box.width < 20 || box.height < 20) return false;
        if (svg) {
            return !!svg.querySelector(
                'g.role-mark path[d]:not([d=""]), g.role-mark text, g.role-mark line');
        }
        const ctx = canvas.getContext('2d');
        if (!ctx || !canvas.width || !canvas.height) return false;
        const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 4; i < px.length; i += 4 * 97) {
            if (px[i] !== px[0] || px[i + 1] !== px[1] || px[i + 2] !== px[2]
                || px[i + 3] !== px[3]) return true;
        }
        return false;
    }
    function count(selector) {
        const root = document.querySelector(selector);
        const charts = root ? [...root.querySelectorAll('[data-testid="stVegaLiteChart"]')]
            .filter(c => !c.closest('[data-stale="true"]') && c.checkVisibility()) : [];
        return {visible: charts.length, drawn: charts.filter(drawn).length};
    }
    return {main: count('[data-testid="stMain"]'),
            sidebar: count('[data-testid="stSidebar"]')};
}"""

EN = Text("en")


def heading(name):
    """The start of the heading only the view ``name`` shows."""
    return EN(f"{name}.header", k="\0").split("\0")[0].strip()


# (name, its label, the start of its heading, Vega charts it draws in the main area)
VIEWS = [(v.name, EN(f"view.{v.name}"), heading(v.name), v.charts) for v in REGISTRY]


# ---- helpers ----------------------------------------------------------------------------


def settle(page):
    """Wait until Streamlit has finished its run and dropped every stale element."""
    page.wait_for_function(IDLE, timeout=60_000)


def open_app(page, base, query=""):
    page.goto(f"{base}/{query}")
    settle(page)
    expect(verdict(page)).to_be_visible()


def verdict(page):
    """The headline alert: '<title> — Your rate …'."""
    return page.locator(f'{MAIN} [data-testid="stAlert"]').filter(
        has_text=re.compile(r" — (Your rate|Su tasa) ")
    )


def expect_verdict(page, title):
    expect(verdict(page)).to_have_count(1)
    expect(verdict(page).locator("strong").first).to_have_text(title)


def expect_charts(page, main, sidebar=1):
    """Exactly ``main`` charts in the page and ``sidebar`` in the sidebar, all drawn."""
    want = {
        "main": {"visible": main, "drawn": main},
        "sidebar": {"visible": sidebar, "drawn": sidebar},
    }
    try:
        page.wait_for_function(
            f"want => JSON.stringify(({CHART_COUNTS})()) === JSON.stringify(want)",
            arg=want,
            timeout=TIMEOUT,
        )
    except PlaywrightError:
        found = page.evaluate(CHART_COUNTS)
        raise AssertionError(f"charts: expected {want}, found {found}") from None


def expect_no_exception(page):
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


def expect_formulas(page):
    """The Math view's formulas, typeset by KaTeX without a parse error."""
    formulas = page.locator(f"{MAIN} .katex")
    expect(formulas.first).to_be_visible()
    assert formulas.count() >= 4, "one formula or more per step: forward, loss, backward, update"
    for box in formulas.evaluate_all("els => els.map(e => e.getBoundingClientRect().width)"):
        assert box > 0, "a formula was not drawn"
    expect(page.locator(f"{MAIN} .katex-error")).to_have_count(0)


def query(page):
    return {name: values[-1] for name, values in parse_qs(urlsplit(page.url).query).items()}


def expect_query(page, **expected):
    """The URL's query parameters include ``expected`` (None: the parameter is absent)."""

    def matches(url):
        params = {k: v[-1] for k, v in parse_qs(urlsplit(url).query).items()}
        return all(params.get(name) == value for name, value in expected.items())

    try:
        page.wait_for_url(matches, timeout=TIMEOUT)
    except PlaywrightError:
        raise AssertionError(f"URL {page.url} lacks {expected}") from None


def rate_input(page, label="Exact learning rate"):
    return page.get_by_role("spinbutton", name=label, exact=True)


def set_rate(page, value):
    box = rate_input(page)
    box.fill(value)
    box.press("Enter")


def view_button(page, label, group="View"):
    return page.get_by_role("radiogroup", name=group).get_by_role("radio", name=label, exact=True)


def open_view(page, label, heading, charts):
    button = view_button(page, label)
    button.click()
    expect(button).to_be_checked()
    expect(page.locator(MAIN).get_by_role("heading", name=heading)).to_be_visible()
    expect_charts(page, charts)
    settle(page)
    expect_charts(page, charts)
    expect_no_exception(page)


def visit_every_view(page):
    for name, label, heading, charts in VIEWS[1:] + VIEWS[:1]:
        open_view(page, label, heading, charts)
        if name == "math":
            expect_formulas(page)


def chart_snapshot(page, index):
    """The drawn marks of the ``index``-th chart in the page, to tell a redraw."""
    chart = page.locator(f'{MAIN} [data-testid="stVegaLiteChart"]').nth(index)
    return chart.evaluate("c => c.querySelector('svg.marks')?.innerHTML ?? ''")


def expect_chart_changed(page, index, before):
    try:
        page.wait_for_function(
            """([index, before]) => {
                const charts = document.querySelectorAll(
                    '[data-testid="stMain"] [data-testid="stVegaLiteChart"]');
                const svg = charts[index] && charts[index].querySelector('svg.marks');
                return !!svg && svg.innerHTML !== before;
            }""",
            arg=[index, before],
            timeout=TIMEOUT,
        )
    except PlaywrightError:
        raise AssertionError(f"chart {index} was not redrawn") from None


# ---- the tests --------------------------------------------------------------------------


def test_page_loads_and_every_chart_draws(page, app_url):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    open_app(page, app_url)
    expect(page).to_have_title("Single-Neuron Playground")
    expect(page.get_by_role("heading", name="Single-Neuron Playground")).to_be_visible()
    expect_verdict(page, "Converges")
    expect(view_button(page, "Predictions")).to_be_checked()
    expect_charts(page, 1)
    expect_no_exception(page)
    visit_every_view(page)
    expect_query(page, view=None)  # back on the default view
    assert not errors, f"JavaScript errors: {errors}"


def test_exact_rate_updates_the_verdict_and_the_charts(page, app_url):
    open_app(page, app_url, "?view=training")
    expect_verdict(page, "Converges")
    expect_charts(page, 4)
    loss = chart_snapshot(page, 0)
    set_rate(page, "0.0009")
    expect_verdict(page, "Overshoots, but converges")
    expect_query(page, lr="0.0009", view="training")
    expect(page.locator(SIDEBAR).get_by_text("overshoots, converges")).to_be_visible()
    expect_chart_changed(page, 0, loss)
    settle(page)
    expect_charts(page, 4)
    expect(page.get_by_role("slider", name="Learning rate (logarithmic)")).to_have_attribute(
        "aria-valuetext", "≈0.0009"
    )
    expect_no_exception(page)


def test_rate_slider_sets_the_rate(page, app_url):
    open_app(page, app_url, "?lr=0.0005")
    expect_verdict(page, "Converges")
    slider = page.get_by_role("slider", name="Learning rate (logarithmic)")
    expect(slider).to_have_attribute("aria-valuetext", "≈0.0005")
    prediction = chart_snapshot(page, 0)
    slider.focus()
    slider.press("ArrowRight")  # 0.0006
    slider.press("ArrowRight")  # 0.0007
    expect(rate_input(page)).to_have_value("0.0007")
    expect_verdict(page, "Overshoots, but converges")
    expect_query(page, lr="0.0007")
    expect_chart_changed(page, 0, prediction)
    settle(page)
    expect(slider).to_have_attribute("aria-valuetext", "≈0.0007")
    expect_charts(page, 1)
    expect_no_exception(page)


def test_diverging_rate_shows_its_message(page, app_url):
    open_app(page, app_url, "?view=training")
    set_rate(page, "0.0015")
    expect_verdict(page, "Diverges")
    blew_up = page.locator(f'{MAIN} [data-testid="stAlert"]').filter(
        has_text="The loss blew up at iteration"
    )
    expect(blew_up).to_have_count(1)
    expect(page.get_by_text("Nothing is learned: the run blew up.")).to_be_visible()
    expect_query(page, lr="0.0015")
    settle(page)
    expect_charts(page, 4)
    loss_chart = page.locator(f'{MAIN} [data-testid="stVegaLiteChart"]').first
    expect(loss_chart.locator("svg.marks text", has_text="blew up")).not_to_have_count(0)
    expect_no_exception(page)


def test_link_restores_its_settings(page, app_url):
    open_app(page, app_url, "?lr=0.0009&iterations=500&w0=1.5&b0=-2&view=Training")
    expect(rate_input(page)).to_have_value("0.0009")
    expect(rate_input(page, "Iterations")).to_have_value("500")
    expect(rate_input(page, "Initial weight")).to_have_value("1.5000")
    expect(rate_input(page, "Initial bias")).to_have_value("-2.0000")
    expect(page.get_by_role("slider", name="Learning rate (logarithmic)")).to_have_attribute(
        "aria-valuetext", "≈0.0009"
    )
    expect(view_button(page, "Training")).to_be_checked()
    expect_verdict(page, "Overshoots, but converges")
    expect(page.get_by_text("This link had values the page cannot use")).to_have_count(0)
    expect_charts(page, 4)
    expect_no_exception(page)
    expect_query(page, lr="0.0009", iterations="500", w0="1.5", b0="-2", view="training")


def test_malformed_link_is_named_and_ignored(page, app_url):
    open_app(page, app_url, "?lr=abc&iterations=-5&w0=nan")
    warning = page.locator(f'{MAIN} [data-testid="stAlert"]').filter(
        has_text="This link had values the page cannot use"
    )
    expect(warning).to_have_count(1)
    for item in ("lr=abc", "iterations=-5", "w0=nan"):
        expect(warning).to_contain_text(item)
    expect(rate_input(page)).to_have_value("0.0001")
    expect(rate_input(page, "Iterations")).to_have_value("10000")
    expect_verdict(page, "Converges")
    expect_charts(page, 1)
    expect_no_exception(page)


def language(page, name):
    return view_button(page, name, group="Language · Idioma")


def test_language_switch_keeps_the_view_and_its_stable_name(page, app_url):
    open_app(page, app_url, "?view=training")
    language(page, "Español").click()
    expect(rate_input(page, "Tasa de aprendizaje exacta")).to_be_visible()
    for name, *_ in VIEWS:  # every view, relabelled
        expect(view_button(page, Text("es")(f"view.{name}"), group="Vista")).to_be_visible()
    expect(view_button(page, "Entrenamiento", group="Vista")).to_be_checked()
    header = Text("es")("training.header")
    expect(page.locator(MAIN).get_by_role("heading", name=header)).to_be_visible()
    expect_verdict(page, "Converge")
    expect_query(page, lang="es", view="training")
    settle(page)
    expect_charts(page, 4)
    expect_no_exception(page)

    language(page, "English").click()
    expect(rate_input(page)).to_be_visible()
    expect(view_button(page, "Training")).to_be_checked()
    expect_verdict(page, "Converges")
    expect_query(page, lang=None, view="training")
    settle(page)
    expect_charts(page, 4)
    expect_no_exception(page)


@pytest.mark.parametrize("view", ["landscape", "Paisaje"], ids=["stable", "old label"])
def test_spanish_link_to_the_landscape(page, app_url, view):
    open_app(page, app_url, f"?lang=es&view={view}")
    expect(language(page, "Español")).to_be_checked()
    expect(rate_input(page, "Tasa de aprendizaje exacta")).to_have_value("0.0001")
    expect(view_button(page, "Paisaje", group="Vista")).to_be_checked()
    expect(page.get_by_role("heading", name="El paisaje de la pérdida")).to_be_visible()
    expect_verdict(page, "Converge")
    expect(page.get_by_text(Text("es")("link.ignored", items="")[:30])).to_have_count(0)
    expect_query(page, lang="es", view="landscape")  # an old label is rewritten
    expect_charts(page, 1)
    expect_no_exception(page)


PRESET_RATES = cfg.preset_rates(neuron.bowl(training_data(cfg.Settings())[1]))
PRESETS = [  # (key, button, verdict)
    ("article", "Article", "Converges"),
    ("too_small", "Too small", "Converges"),
    ("good", "Good", "Converges"),
    ("overshoots", "Overshoots", "Overshoots, but converges"),
    ("edge", "On the edge", "Overshoots, but converges"),
    ("diverges", "Diverges", "Diverges"),
]


@pytest.mark.parametrize(("key", "button", "title"), PRESETS, ids=[p[0] for p in PRESETS])
def test_preset(page, app_url, key, button, title):
    start = "0.0002" if key == "overshoots" else "0.0009"  # a rate the preset changes
    open_app(page, app_url, f"?lr={start}")
    page.locator(SIDEBAR).get_by_role("button", name=button, exact=True).click()
    rate = PRESET_RATES[key]
    expect(page.locator(SIDEBAR).get_by_text(f"{button} —")).to_be_visible()
    expect_verdict(page, title)
    if rate == cfg.ARTICLE["learning_rate"]:  # the default rate is left out of the link
        expect_query(page, lr=None, w0="0.5", b0="0.5")
    else:
        page.wait_for_url(lambda url: _lr(url) == pytest.approx(rate), timeout=TIMEOUT)
    assert float(rate_input(page).input_value()) == pytest.approx(rate)
    blew_up = page.get_by_text("The loss blew up at iteration")
    expect(blew_up).to_have_count(1 if key == "diverges" else 0)
    settle(page)
    expect_charts(page, 1)
    expect_no_exception(page)


def test_a_rate_on_the_same_slider_stop_survives_the_next_rerun(page, app_url):
    # Regression: "On the edge" (0.00118) and "Diverges" (0.00126) sit on the
    # same slider stop; the slider's labels used to follow the exact rate, the
    # browser took the relabelled slider for a new one and, on the next rerun,
    # snapped it to its first stop, setting the rate to 1e-8.
    open_app(page, app_url)
    for button in ("On the edge", "Diverges"):
        page.locator(SIDEBAR).get_by_role("button", name=button, exact=True).click()
        settle(page)
    page.wait_for_url(
        lambda url: _lr(url) == pytest.approx(PRESET_RATES["diverges"]), timeout=TIMEOUT
    )
    view_button(page, "Training").click()
    expect(view_button(page, "Training")).to_be_checked()
    settle(page)
    assert float(rate_input(page).input_value()) == pytest.approx(PRESET_RATES["diverges"])
    assert _lr(page.url) == pytest.approx(PRESET_RATES["diverges"])
    expect_verdict(page, "Diverges")


def _lr(url):
    values = parse_qs(urlsplit(url).query).get("lr")
    return float(values[-1]) if values else None


# ---- offline ------------------------------------------------------------------------------

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def _local(url):
    return urlsplit(url).hostname in LOCAL_HOSTS


@pytest.fixture
def offline(context):
    """Block, and record, every request of this test's pages that leaves the machine.

    Returns the blocked URLs and the local requests that failed; ``page`` (made in
    the same context) is covered too, since routes apply to the whole context.
    """
    outside, failed = [], []

    def route(route):
        if _local(route.request.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort("internetdisconnected")

    def socket(ws):
        outside.append(ws.url)
        ws.close()

    context.route("**/*", route)
    context.route_web_socket(lambda url: not _local(url), socket)
    context.on(
        "requestfailed",
        lambda request: (
            failed.append(f"{request.url}: {request.failure}") if _local(request.url) else None
        ),
    )
    return outside, failed


def test_works_offline(offline, page, app_url):
    outside, failed = offline
    open_app(page, app_url)
    expect_verdict(page, "Converges")
    expect_charts(page, 1)
    visit_every_view(page)
    page.evaluate("document.fonts.ready")
    assert page.evaluate("() => [...document.fonts].every(f => f.status !== 'error')"), (
        "a font failed to load"
    )
    assert outside == [], f"the page tried to reach outside: {outside}"
    assert failed == [], f"local requests failed: {failed}"
