"""What the browser tests read off a page: waits, charts, views, the link.

Waits are on what the page shows (text, the URL, drawn charts) followed by
Streamlit being idle, never on fixed sleeps. A chart counts as drawn when Vega
has put marks into its SVG, or non-uniform pixels into its canvas, at a
visible, non-zero size.
"""

import os
from urllib.parse import parse_qs, urlsplit

import pytest

try:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import expect
except ImportError:  # every browser test module imports this one: they skip together
    if os.environ.get("CI") == "true":
        raise
    pytest.skip("the playwright package is not installed: pip install -r requirements-dev.txt",
                allow_module_level=True)  # fmt: skip

from playground.core.text import Text
from playground.core.views import VIEWS as REGISTRY

TIMEOUT = 30_000  # ms; the machine running the suite may be slow and shared
expect.set_options(timeout=TIMEOUT)

MAIN = '[data-testid="stMain"]'
SIDEBAR = '[data-testid="stSidebar"]'

# Streamlit sets data-test-script-state on the app root; elements from the previous
# run that the current run has not replaced yet carry data-stale="true".
IDLE = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return !!app && app.dataset.testScriptState === 'notRunning'
        && !document.querySelector('[data-stale="true"]')
        && !!document.getElementById('playground-style');  // the page's style is in
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
    """The headline's one-line verdict: '<title> — …'."""
    return page.locator(f'{MAIN} .st-key-verdict [data-testid="stAlert"]')


def expect_verdict(page, title):
    expect(verdict(page)).to_have_count(1)
    expect(verdict(page).locator("strong").first).to_have_text(title)


MATCHES = """want => { const found = (CHARTS)();
    return Object.keys(want).every(k => JSON.stringify(found[k]) === JSON.stringify(want[k])); }"""


def expect_charts(page, main, sidebar=1):
    """Exactly ``main`` charts in the page and ``sidebar`` in the sidebar, all drawn."""
    want = {"main": {"visible": main, "drawn": main}}
    if sidebar is not None:  # None: the sidebar is folded away (presenter mode)
        want["sidebar"] = {"visible": sidebar, "drawn": sidebar}
    try:
        page.wait_for_function(
            MATCHES.replace("CHARTS", CHART_COUNTS),
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


def language(page, name):
    return view_button(page, name, group="Language · Idioma")


def upload(page, name, text):
    """Put a file named ``name`` holding ``text`` in the sidebar's file uploader, as a
    person choosing it in the file dialog would."""
    chooser = page.locator(f'{SIDEBAR} [data-testid="stFileUploader"] input[type="file"]')
    chooser.set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": text.encode("utf-8")}]
    )
    settle(page)
