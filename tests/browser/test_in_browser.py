"""The page in a real browser: it loads, draws every view, answers the sidebar,
keeps its link, downloads its history, and needs nothing from the internet.

Each test opens the page in a fresh browser context against the session's
``streamlit run app.py`` (see conftest.py).
"""

import csv
import re

import numpy as np
import pytest

import neuron
from neuron.parameters import DEFAULT_START
from playground.compute.analysis import training_data
from playground.core import settings as cfg
from playground.core.text import Text
from tests.browser.pages import (
    MAIN,
    SIDEBAR,
    TIMEOUT,
    VIEWS,
    chart_snapshot,
    expect,  # skips the module without playwright
    expect_chart_changed,
    expect_charts,
    expect_no_exception,
    expect_query,
    expect_verdict,
    language,
    open_app,
    open_view,
    query,
    rate_input,
    set_rate,
    settle,
    upload,
    verdict,
    view_button,
    visit_every_view,
)
from tests.reference import literal_loop

pytestmark = pytest.mark.browser
ARTICLE = neuron.make_dataset()


def test_page_loads_and_every_view_draws(page, app_url):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    open_app(page, app_url)
    expect(page).to_have_title("Single-Neuron Playground")
    expect(page.get_by_role("heading", name="Single-Neuron Playground")).to_be_visible()
    expect_verdict(page, "Converges, not learned yet")
    expect(view_button(page, "Predictions")).to_be_checked()
    expect(page.locator(".np-svg")).to_be_visible()  # the animation's picture
    expect_charts(page, 0)
    expect_no_exception(page)
    visit_every_view(page)
    expect_query(page, view=None)  # back on the default view
    assert not errors, f"JavaScript errors: {errors}"


def test_exact_rate_updates_the_verdict_and_the_charts(page, app_url):
    open_app(page, app_url, "?view=training")
    expect_charts(page, 4)
    loss = chart_snapshot(page, 0)
    set_rate(page, "0.0009")
    expect_verdict(page, "Overshoots, but converges")
    expect_query(page, lr="0.0009", view="training")
    expect_chart_changed(page, 0, loss)
    settle(page)
    expect_charts(page, 4)
    expect(page.get_by_role("slider", name="Learning rate (logarithmic)")).to_have_attribute(
        "aria-valuetext", "≈0.0009"
    )
    expect_no_exception(page)


def test_rate_slider_sets_the_rate(page, app_url):
    open_app(page, app_url, "?lr=0.0005&view=training")
    slider = page.get_by_role("slider", name="Learning rate (logarithmic)")
    expect(slider).to_have_attribute("aria-valuetext", "≈0.0005")
    loss = chart_snapshot(page, 0)
    slider.focus()
    slider.press("ArrowRight")  # 0.0006
    slider.press("ArrowRight")  # 0.0007
    expect(rate_input(page)).to_have_value("0.0007")
    expect_verdict(page, "Overshoots, but converges")
    expect_query(page, lr="0.0007")
    expect_chart_changed(page, 0, loss)
    expect_no_exception(page)


def test_diverging_rate_says_where_it_blew_up(page, app_url):
    open_app(page, app_url, "?view=training")
    set_rate(page, "0.0015")
    expect_verdict(page, "Diverges")
    w0, b0 = DEFAULT_START
    _, blew = literal_loop(ARTICLE, learning_rate=0.0015, iterations=10_000,
                           initial_weight=w0, initial_bias=b0)  # fmt: skip
    expect(verdict(page)).to_contain_text(f"the loss blew up at iteration {blew:,}")
    settle(page)
    expect_charts(page, 4)
    loss_chart = page.locator(f'{MAIN} [data-testid="stVegaLiteChart"]').first
    expect(loss_chart.locator("svg.marks text", has_text="blew up")).not_to_have_count(0)
    expect_no_exception(page)


def test_link_restores_its_settings(page, app_url):
    open_app(page, app_url, "?lr=0.0009&iterations=500&w0=1.5&b0=-2&view=training")
    expect(rate_input(page)).to_have_value("0.0009")
    expect(rate_input(page, "Iterations")).to_have_value("500")
    expect(rate_input(page, "Initial weight")).to_have_value("1.5000")
    expect(rate_input(page, "Initial bias")).to_have_value("-2.0000")
    expect(view_button(page, "Training")).to_be_checked()
    expect_verdict(page, "Overshoots, but converges")
    expect(page.get_by_text("This link had values the page cannot use")).to_have_count(0)
    expect_charts(page, 4)
    expect_query(page, lr="0.0009", iterations="500", w0="1.5", b0="-2", view="training")
    expect_no_exception(page)


def test_a_hostile_link_is_named_once_as_code_and_leaves_the_address_bar(page, app_url):
    open_app(
        page, app_url, "?lr=%0D%0D[Log%20in%20here](https://example.invalid/x)&iterations=inf"
    )
    warning = page.locator(f'{MAIN} [data-testid="stAlert"]').filter(
        has_text="This link had values the page cannot use"
    )
    expect(warning).to_have_count(1)
    expect(warning.get_by_role("link")).to_have_count(0)  # no clickable phishing link
    expect(warning.locator("code")).to_have_count(2)
    expect(rate_input(page)).to_have_value("0.0001")
    expect(rate_input(page, "Iterations")).to_have_value("10000")
    expect_query(page, lr=None, iterations=None)  # a reload will not bring them back
    expect_no_exception(page)


def test_language_switch_keeps_the_view_and_its_stable_name(page, app_url):
    open_app(page, app_url, "?view=training")
    language(page, "Español").click()
    expect(rate_input(page, "Tasa de aprendizaje exacta")).to_be_visible()
    for name, *_ in VIEWS:  # every view, relabelled
        expect(view_button(page, Text("es")(f"view.{name}"), group="Vista")).to_be_visible()
    expect(view_button(page, "Entrenamiento", group="Vista")).to_be_checked()
    expect(page.locator(MAIN).get_by_role("heading", name="Pérdida por iteración")).to_be_visible()
    expect_verdict(page, "Converge, aún sin aprender")
    expect_query(page, lang="es", view="training")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    settle(page)
    expect_charts(page, 4)
    language(page, "English").click()
    expect(view_button(page, "Training")).to_be_checked()
    expect_query(page, lang=None, view="training")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect_no_exception(page)


@pytest.mark.parametrize("view", ["landscape", "Paisaje"], ids=["stable", "old label"])
def test_spanish_link_to_the_landscape(page, app_url, view):
    open_app(page, app_url, f"?lang=es&view={view}")
    expect(language(page, "Español")).to_be_checked()
    expect(view_button(page, "Paisaje", group="Vista")).to_be_checked()
    expect(page.get_by_role("heading", name="El paisaje de la pérdida")).to_be_visible()
    expect(page.get_by_text("Este enlace traía valores")).to_have_count(0)
    expect_query(page, lang="es", view="landscape")  # an old label is rewritten
    expect_charts(page, 1)
    expect_no_exception(page)


PRESET_RATES = cfg.preset_rates(neuron.bowl(training_data(cfg.Settings())[1]))
PRESETS = [  # (key, button, verdict)
    ("article", "Article", "Converges, not learned yet"),
    ("good", "Good", "Converges"),
    ("overshoots", "Overshoots", "Overshoots, but converges"),
    ("diverges", "Diverges", "Diverges"),
]


@pytest.mark.parametrize(("key", "button", "title"), PRESETS, ids=[p[0] for p in PRESETS])
def test_preset(page, app_url, key, button, title):
    open_app(page, app_url, "?lr=0.0002" if key == "overshoots" else "?lr=0.0009")
    page.locator(SIDEBAR).get_by_role("button", name=button, exact=True).click()
    expect(page.locator(SIDEBAR).get_by_text(f"{button} —")).to_be_visible()
    expect_verdict(page, title)
    rate = PRESET_RATES[key]
    expect(rate_input(page)).to_have_value(f"{rate:g}")
    settle(page)
    expect_no_exception(page)


def test_a_rate_on_the_same_slider_stop_survives_the_next_rerun(page, app_url):
    # Regression: "On the edge" and "Diverges" sit on the same slider stop; a
    # relabelled stop used to snap the slider, and the rate, to its first stop.
    open_app(page, app_url)
    for button in ("On the edge", "Diverges"):
        page.locator(SIDEBAR).get_by_role("button", name=button, exact=True).click()
        expect(page.locator(SIDEBAR).get_by_text(f"{button} —")).to_be_visible()  # applied
        settle(page)
    open_view(page, "Training", "Loss over iterations", 4)
    assert float(rate_input(page).input_value()) == pytest.approx(PRESET_RATES["diverges"])
    expect_verdict(page, "Diverges")


def test_the_history_downloads_with_the_literal_loops_numbers(page, app_url):
    open_app(page, app_url, "?view=training&iterations=300&lr=0.0009")
    with page.expect_download(timeout=TIMEOUT) as info:
        page.get_by_role("button", name="Download the history (CSV)").click()
    download = info.value
    assert download.suggested_filename == "single-neuron-history.csv"
    with open(download.path()) as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 301
    w0, b0 = DEFAULT_START
    history, _ = literal_loop(ARTICLE, learning_rate=0.0009, iterations=300,
                              initial_weight=w0, initial_bias=b0)  # fmt: skip
    assert [float(r["loss"]) for r in rows] == pytest.approx(list(history["losses"]), rel=1e-9)
    assert [float(r["bias"]) for r in rows] == pytest.approx(list(history["biases"]), rel=1e-9)


def test_an_uploaded_file_is_learned_with_its_own_critical_rate_and_link(page, app_url):
    x = [15.0, 16.0, 17.5, 19.0, 20.0, 21.5]
    y = [71.6, 75.2, 80.1, 84.3, 88.6, 93.3]
    text = "chirps;temperature\n" + "".join(f"{a};{b}\n" for a, b in zip(x, y))
    open_app(page, app_url, "?dataset=own")
    upload(page, "crickets.csv", text)
    expect(page.locator(SIDEBAR).get_by_text("6 rows: learning")).to_be_visible()
    m, mx2 = np.mean(x), np.mean(np.square(x))  # the Hessian 2·[[mean x², mean x], [mean x, 1]]
    critical = 2 / np.linalg.eigvalsh(2 * np.array([[mx2, m], [m, 1.0]]))[-1]
    # The strip of the data that was there before may still be on screen while the
    # upload's rerun runs: wait for one that starts with this data's own digits.
    digits = re.escape(re.match(r"0\.0*[1-9]\d\d", f"{critical:.12f}")[0])  # truncated
    strip = page.locator(SIDEBAR).get_by_text(re.compile(rf"^Critical rate {digits}[0-9]*: yours"))
    expect(strip).to_be_visible()
    settle(page)
    shown = float(re.match(r"Critical rate ([0-9.e-]+):", strip.inner_text())[1])
    assert shown == pytest.approx(critical, rel=1e-4)
    expect_verdict(page, "Converges, not learned yet")  # 0.0001 is 3 % of this data's limit
    expect_query(page, dataset="own")
    assert query(page)["data"].startswith("z")  # small data travels in the link
    expect_no_exception(page)


def test_a_file_over_five_megabytes_gets_the_pages_own_message(page, app_url):
    # The server and the shipped nginx let it through (6 MB, 7 MB), so the page can
    # name the problem instead of the uploader's bare size error; the data stays.
    row = "20.0;68.0\n"
    text = "x;y\n" + row * (5_200_000 // len(row))
    open_app(page, app_url, "?dataset=own")
    upload(page, "big.csv", text)
    problem = f"the table is {len(text) / 1e6:.1f} MB; at most 5 MB"
    expect(page.locator(SIDEBAR).get_by_text(problem, exact=False)).to_be_visible()
    expect_no_exception(page)


# ---- offline ------------------------------------------------------------------------------

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def _local(url):
    from urllib.parse import urlsplit

    return urlsplit(url).hostname in LOCAL_HOSTS


@pytest.fixture
def offline(context):
    """Block, and record, every request of this test's pages that leaves the machine."""
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
    context.on("requestfailed", lambda request: failed.append(
        f"{request.url}: {request.failure}") if _local(request.url) else None)  # fmt: skip
    return outside, failed


def test_works_offline(offline, page, app_url):
    outside, failed = offline
    open_app(page, app_url)
    visit_every_view(page)
    page.evaluate("document.fonts.ready")
    assert page.evaluate("() => [...document.fonts].every(f => f.status !== 'error')"), (
        "a font failed to load"
    )
    assert outside == [], f"the page tried to reach outside: {outside}"
    assert failed == [], f"local requests failed: {failed}"
