"""WCAG 2.1 A/AA in a real browser: axe-core over every view in both languages,
text alternatives for the charts, the page's language, and the keyboard.

axe-core comes from the npm registry (tests/browser/package.json, installed by
.ci/run); without it these tests skip locally and fail in CI.
"""

from pathlib import Path

import pytest

from playground.core.text import Text
from playground.core.views import BY_NAME, NAMES
from tests.browser.conftest import unavailable
from tests.browser.pages import (
    MAIN,
    SIDEBAR,
    expect,  # skips the module without playwright
    expect_charts,
    expect_verdict,
    open_app,
    settle,
    verdict,
    view_button,
)

pytestmark = pytest.mark.browser
AXE = Path(__file__).with_name("node_modules") / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
JARGON = ("λ", "κ", "eigen", "Hessian", "hessiana", "valores propios")


@pytest.fixture(scope="module")
def axe_source():
    if not AXE.exists():
        unavailable(f"axe-core is not installed at {AXE}: npm ci --prefix tests/browser")
    return AXE


def violations(page, axe_source):
    """axe-core's WCAG 2.1 A/AA violations on the page as it stands."""
    page.add_script_tag(path=str(axe_source))
    found = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return r.violations.map(v => `${v.id} (${v.impact}): ` +
                v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
        }""",
        WCAG,
    )
    return found


def wait_for_view(page, name):
    charts = BY_NAME[name].charts
    if name == "predictions":
        expect(page.locator(".np-svg")).to_be_visible()
    if name == "math":
        expect(page.locator(f"{MAIN} .katex").first).to_be_visible()
    expect_charts(page, charts)
    settle(page)


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("view", NAMES)
def test_no_wcag_violation_on_any_view(page, app_url, axe_source, view, lang):
    open_app(page, app_url, f"?view={view}&lang={lang}")
    wait_for_view(page, view)
    assert violations(page, axe_source) == []


MODES = ["?present=true&view=training", "?level=beginner&view=rates", "?level=beginner&lang=es",
         "?lr=0.0015&view=landscape"]  # fmt: skip


@pytest.mark.parametrize("query", MODES)
def test_no_wcag_violation_in_presenter_and_beginner_modes(page, app_url, axe_source, query):
    open_app(page, app_url, query)
    settle(page)
    assert violations(page, axe_source) == []


def accessible_names(page, role="graphics-document"):
    """The names a screen reader hears for nodes of ``role`` (Chromium's tree)."""
    tree = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")
    return [
        n.get("name", {}).get("value", "")
        for n in tree["nodes"]
        if n.get("role", {}).get("value") == role
    ]


def test_every_chart_is_named_by_what_it_shows(page, app_url):
    open_app(page, app_url, "?view=training")
    wait_for_view(page, "training")
    names = accessible_names(page)
    assert len(names) == 5  # the rate strip and the four training charts
    assert any(
        n.startswith("Line chart of the loss over 10,000 iterations: from 2097") for n in names
    )
    assert all(len(n) > 40 for n in names), names
    # no mark speaks for itself: no point is announced one by one
    assert accessible_names(page, "graphics-symbol") == []


def test_the_animation_is_named_and_its_controls_are_labelled(page, app_url):
    open_app(page, app_url)
    expect(
        page.get_by_role("img", name="The neuron's line moving from before training")
    ).to_be_visible()
    expect(page.get_by_role("button", name="▶ Play")).to_be_visible()
    expect(page.get_by_role("combobox", name="Speed")).to_be_visible()
    expect(page.get_by_role("slider", name="Iteration")).to_be_visible()


def test_the_spanish_page_declares_spanish(page, app_url):
    open_app(page, app_url, "?lang=es")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.get_by_role("radio", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


# The element with focus, inside a component's shadow root too.
FOCUSED = """() => { let e = document.activeElement;
    while (e && e.shadowRoot && e.shadowRoot.activeElement) e = e.shadowRoot.activeElement;
    return e; }"""


def tab_to(page, predicate, limit=120):
    """Press Tab until the focused element satisfies ``predicate`` (a JS function)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => ({predicate})(({FOCUSED})())"):
            return True
    return False


VISIBLE_FOCUS = """(e) => {
    const s = getComputedStyle(e);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
    return outline || (s.boxShadow && s.boxShadow !== 'none');
}"""


def focus_is_visible(page):
    """The focused element draws an outline or a ring a person can see."""
    return page.evaluate(f"() => ({VISIBLE_FOCUS})(({FOCUSED})())")


def test_the_keyboard_reaches_and_operates_presets_rate_iterations_play_and_views(page, app_url):
    open_app(page, app_url)
    # a preset, with Enter
    assert tab_to(page, "e => e.innerText && e.innerText.trim() === 'Overshoots'")
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    expect_verdict(page, "Overshoots, but converges")
    settle(page)
    # the exact rate, typed
    assert tab_to(page, "e => e.getAttribute('aria-label') === 'Exact learning rate'")
    page.keyboard.press("Control+A")
    page.keyboard.type("0.0001")
    page.keyboard.press("Enter")
    expect(verdict(page)).to_contain_text("Converges")
    settle(page)
    # the iterations
    assert tab_to(page, "e => e.getAttribute('aria-label') === 'Iterations'")
    page.keyboard.press("Control+A")
    page.keyboard.type("300")
    page.keyboard.press("Enter")
    expect(page.locator(f"{MAIN} .np-counter")).to_contain_text("300 / 300")
    settle(page)
    # Play, with Space, in the page's own animation
    assert tab_to(page, "e => e.classList && e.classList.contains('np-play')")
    assert focus_is_visible(page)
    page.keyboard.press("Space")
    expect(page.locator(".np-play")).to_have_attribute("aria-pressed", "true")
    # the views: a radio group, arrows move and select
    page.locator(".np-play").press("Space")  # pause
    assert tab_to(
        page, "e => e.getAttribute('role') === 'radio' && e.innerText.includes('Predictions')"
    )
    assert focus_is_visible(page)
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Space")
    expect(view_button(page, "Training")).to_be_checked()
    expect(page.locator(MAIN).get_by_role("heading", name="Loss over iterations")).to_be_visible()


def test_beginner_mode_speaks_plainly_everywhere(page, app_url):
    for view in ("predictions", "training", "rates", "landscape"):
        open_app(page, app_url, f"?level=beginner&view={view}")
        settle(page)
        for summary in page.locator(f"{MAIN} [data-testid='stExpander'] summary").all():
            summary.click()  # the folded reading too
        settle(page)
        shown = page.locator(MAIN).inner_text() + page.locator(SIDEBAR).inner_text()
        assert not [w for w in JARGON if w.lower() in shown.lower()], view
    expect(view_button(page, "Math")).to_have_count(0)
    expect(page.get_by_text(Text("en")("data.header"), exact=True)).to_have_count(0)


# WCAG 2.1 contrast of an element's text against what is behind it, colours
# blended through their alpha down to the page's white (axe-core leaves text on
# translucent colours "to review", so it is computed here).
CONTRAST = """(el) => {
    const rgba = (c) => {
        const v = c.match(/[\\d.]+/g).map(Number);
        return [v[0], v[1], v[2], v.length > 3 ? v[3] : 1];
    };
    const over = (top, under) =>
        top.slice(0, 3).map((v, i) => v * top[3] + under[i] * (1 - top[3]));
    let chain = [], opacity = 1;
    for (let n = el; n; n = n.parentElement) {
        chain.push(rgba(getComputedStyle(n).backgroundColor));
        opacity *= Number(getComputedStyle(n).opacity);  // a faded group (a caption) fades all
    }
    let back = [255, 255, 255];
    for (const c of chain.reverse()) back = over(c, back);
    let fore = over(rgba(getComputedStyle(el).color), back);
    [fore, back] = [fore, back].map((c) => over([...c, opacity], [255, 255, 255]));
    const lum = (c) => {
        const [r, g, b] = c.map((v) => {
            v /= 255;
            return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const [a, b] = [lum(fore), lum(back)].sort((x, y) => y - x);
    return (a + 0.05) / (b + 0.05);
}"""


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_math_views_inline_code_has_enough_contrast(page, app_url, lang):
    """Regression: `forward`/`backward` in the Math view's caption were 3.37:1 (4.5:1 needed)."""
    open_app(page, app_url, f"?view=math&lang={lang}")
    wait_for_view(page, "math")
    codes = page.locator(f"{MAIN} code:not(.katex *)")
    assert codes.count() >= 2
    ratios = [codes.nth(i).evaluate(CONTRAST) for i in range(codes.count())]
    assert min(ratios) >= 4.5, ratios
