"""Fixtures for the real-browser tests: one server and one Chromium per session.

The server is ``streamlit run app.py`` on a free local port; the browser is the
system's Chromium (Debian's ``chromium`` package), launched headless through
``executable_path`` because Playwright's own browser download is not used. Each
test gets a fresh context and page. When a browser test fails, a screenshot of
its page is saved as ``test-artifacts/<test name>.png``.

Without a browser (or without the ``playwright`` package) the tests skip and
say why, except under ``CI=true``, where that is an error.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]  # CI containers often have a tiny /dev/shm
STARTUP_TIMEOUT = 60  # seconds for the server to answer /_stcore/health
VIEWPORT = {"width": 1400, "height": 1000}


def in_ci():
    return os.environ.get("CI") == "true"


def unavailable(reason):
    """Skip locally; fail loudly in CI, where the browser tests must run."""
    if in_ci():
        pytest.fail(
            f"{reason} (CI=true: the browser tests must run in CI; "
            ".ci/run installs Debian's chromium)",
            pytrace=False,
        )
    pytest.skip(reason)


def find_chromium():
    """The system Chromium, or None. ``CHROMIUM_PATH`` names another executable."""
    if "CHROMIUM_PATH" in os.environ:
        path = os.environ["CHROMIUM_PATH"]
        return path if os.path.isfile(path) and os.access(path, os.X_OK) else None
    if os.path.exists("/usr/bin/chromium"):
        return "/usr/bin/chromium"
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def chromium_path():
    path = find_chromium()
    if path is None:
        where = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium or on PATH"
        unavailable(
            f"no Chromium found at {where}: install Debian's chromium "
            "(apt-get install chromium) to run the browser tests"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        unavailable("the playwright package is not installed: pip install -r requirements-dev.txt")
    return path


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url):
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.read().strip() == b"ok"
    except (urllib.error.URLError, OSError):
        return False


def _stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def app_url(chromium_path):
    """``streamlit run app.py`` on a free port of 127.0.0.1; yields its base URL.

    The server binds to 127.0.0.1 only (which also keeps Streamlit from looking
    up the machine's external IP), does not watch files (others may edit the
    sources meanwhile) and sends no usage statistics. Its output goes to
    ``test-artifacts/streamlit-server.log``.
    """
    ARTIFACTS.mkdir(exist_ok=True)
    log_path = ARTIFACTS / "streamlit-server.log"
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
    ]  # the rest from .streamlit/config.toml
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
        try:
            deadline = time.monotonic() + STARTUP_TIMEOUT
            while not _healthy(url):
                if process.poll() is not None:
                    pytest.fail(
                        f"streamlit exited with code {process.returncode} before "
                        f"serving; its log:\n{log_path.read_text()}",
                        pytrace=False,
                    )
                if time.monotonic() > deadline:
                    pytest.fail(
                        f"streamlit did not answer {url}/_stcore/health within "
                        f"{STARTUP_TIMEOUT} s; its log:\n{log_path.read_text()}",
                        pytrace=False,
                    )
                time.sleep(0.25)
            yield url
        finally:
            _stop(process)


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser):
    """A fresh browser context (its own cookies and storage) for one test."""
    ctx = browser.new_context(viewport=VIEWPORT, locale="en-US")
    ctx.set_default_timeout(30_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context, app_url):
    return context.new_page()


# ---- screenshots on failure ----------------------------------------------------------


def _artifact_name(nodeid):
    name = nodeid.split("::", 1)[-1]
    return re.sub(r"[^A-Za-z0-9_.=-]+", "_", name).strip("_") or "test"


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.failed and report.when in ("setup", "call") and "browser" in item.keywords:
        try:
            from playwright.sync_api import Page
        except ImportError:
            return report
        page = next(
            (value for value in getattr(item, "funcargs", {}).values() if isinstance(value, Page)),
            None,
        )
        if page is not None:
            path = ARTIFACTS / f"{_artifact_name(item.nodeid)}.png"
            try:
                ARTIFACTS.mkdir(exist_ok=True)
                page.screenshot(path=str(path), full_page=True, timeout=15_000)
            except Exception as error:  # a dead page must not hide the real failure
                report.sections.append(("screenshot", f"could not save {path}: {error}"))
            else:
                report.sections.append(("screenshot", f"saved {path}"))
    return report
