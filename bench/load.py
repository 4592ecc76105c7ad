"""Many participants at once: a load bench over Streamlit's own websocket protocol.

    python bench/load.py [--sessions 30] [--browsers 3] [--port N]
                         [--reruns 10] [--browsers-during-burst]

Starts ``streamlit run app.py`` on a free local port (stopped again at the end, also
on error), then:

1. primes the server with the default page (the first run pays for the imports);
2. a burst: ``--sessions`` websocket sessions, each a different link, all asking at
   once. Two are the most expensive views: the learning-rate view with a full 8-rate
   sweep, and the landscape, both at 1,000,000 iterations. Each session must finish
   without an exception and show its own settings: its rate in the verdict ("Your
   rate 1e-5"), its language, its open view, its inputs; anything else is an error;
3. warm runs: for a few representative links, one session runs the link once (cold),
   then reruns it ``--reruns`` times; the server's CPU time (utime + stime from /proc)
   per rerun is the server time of one warm run;
4. ``--browsers`` Chromium pages (Playwright, /usr/bin/chromium), each another link,
   timed from navigation to the verdict and to the open view on screen; then one
   more presses Play and counts, for 3 s, the messages it sends to the server
   (target 0: the animation runs in the browser) and the frames it shows.

It prints errors, p50/p95 time per run, the warm-run server time and the server's
memory (RSS, and the kernel's peak VmHWM), then a summary against the targets: a burst
of 30 sessions with 0 errors and p95 <= 8 s; one warm run of the full page <= 0.25 s
of server time. It exits 0 when the bench ran, even if a target is missed, and
non-zero only when the bench itself fails.

Protocol (Streamlit 1.67, starlette server): open ``ws://HOST/_stcore/stream`` with
the subprotocol ``streamlit``. No cookie, XSRF token or session handshake is needed:
with ``server.enableXsrfProtection`` the token (second subprotocol entry) only guards
the auth cookie, and a same-origin (or absent) Origin header is allowed. A run is a
``BackMsg.rerun_script`` whose ``query_string`` is the link's query; the server
answers with ForwardMsgs (new_session, deltas, ...) ending in ``script_finished``.
Another ``rerun_script`` on the same socket reruns the same session (a warm run).
"""

import argparse
import asyncio
import contextlib
import math
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import scenarios

from playground.core.text import Text
from playground.core.views import NAMES as VIEW_NAMES

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
TARGET_SESSIONS, TARGET_P95, TARGET_WARM_CPU = 30, 8.0, 0.25  # the targets
START_TIMEOUT, RUN_TIMEOUT, PAGE_TIMEOUT = 90.0, 120.0, 120.0  # seconds
DEFAULT_LR = 1e-4
FULL_SWEEP = "1e-6,1e-5,1e-4,3e-4,6e-4,9e-4,0.00119,0.0013"

# What the page says, per language, taken from its own catalogue so the bench
# follows the wording. Markers are one per view, in the registry's order: the
# view's heading, which only the open view shows.
VIEW_KEYS = VIEW_NAMES


def _page_text(lang):
    T = Text(lang)

    def before_placeholder(key):
        return T(
            key,
            **dict.fromkeys(
                (
                    "rate",
                    "critical",
                    "share",
                    "n",
                    "k",
                    "w",
                    "b",
                    "loss",
                    "w_opt",
                    "b_opt",
                    "minimum",
                ),
                "\0",
            ),
        ).split("\0")[0]

    return dict(
        views=tuple(T(f"view.{v}") for v in VIEW_KEYS),
        rate=before_placeholder("verdict.converges.line") + "{} ",
        weight=before_placeholder("numbers.line").replace("*", "").strip(),
        ignored=T("link.ignored").split(".")[0],
        markers=tuple(before_placeholder(f"{v}.header").strip() for v in VIEW_KEYS),
    )


TEXT = {lang: _page_text(lang) for lang in ("en", "es")}
NUMBER_INPUTS = ("lr", "iterations", "w0", "b0", "start", "stop", "noise", "sample")


# ---- links -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    """One shared link: a name for the report and its query parameters, in order."""

    name: str
    params: tuple = ()

    def get(self, key, default=None):
        return dict(self.params).get(key, default)

    @property
    def query(self):
        return urlencode([(k, str(v)) for k, v in self.params], quote_via=quote)

    @property
    def lang(self):
        return self.get("lang", "en")

    @property
    def lr(self):
        return float(self.get("lr", DEFAULT_LR))

    @property
    def view(self):
        return VIEW_KEYS.index(self.get("view", VIEW_KEYS[0]))


def view_label(lang, index):
    return TEXT[lang]["views"][index]


def view_name(index):
    return VIEW_KEYS[index]


HEAVY = (
    Link(
        "rates, sweep x8, 1M it.",
        (
            ("lr", 0.00031),
            ("iterations", 1_000_000),
            ("view", "rates"),
            ("sweep", FULL_SWEEP),
        ),
    ),
    Link(
        "landscape, 1M it.",
        (("lr", 0.00029), ("iterations", 1_000_000), ("lang", "es"), ("view", "landscape")),
    ),
)


def varied(i):
    """The ``i``-th ordinary link: its own rate (log-spread, some above critical),
    language, view, length, start and data."""
    lr = float(f"{10 ** (-6 + 0.37 * i % 3.2):.3g}")
    lang, view = ("en", "es")[i % 2], (i // 2) % 5
    iterations = (1_000, 5_000, 20_000, 100_000, 300_000)[i % 5]
    params = [
        ("lr", lr),
        ("iterations", iterations),
        ("w0", round(-2 + 0.37 * i, 2)),
        ("lang", lang),
        ("view", view_name(view)),
    ]
    if i % 3 == 1:
        params.append(("scaled", "true"))
    if i % 4 == 2:
        params += [("noise", 2.5), ("start", -20), ("stop", 60)]
    if i % 7 == 3:
        params.append(("step", iterations // 2))
    if view == 1 and i % 2:
        params.append(("log", "false"))
    if view == 4:
        params.append(("sample", 10 + i))
    return Link(f"#{i} {view_label('en', view).lower()}, {iterations:,} it.", tuple(params))


def make_links(count, first=0):
    """``count`` distinct links; from ``first`` == 0 on, the heavy two come first."""
    links = list(HEAVY[:count]) if first == 0 else []
    i = first
    while len(links) < count:
        links.append(varied(i))
        i += 1
    assert len({link.lr for link in links}) == len(links), "links must differ in rate"
    return links


def shown(value, lang="en"):
    """A learning rate as the page's verdict writes it (0,00029 in Spanish)."""
    return Text(lang).number(value, 6)


# ---- what a session sees -----------------------------------------------------------------


@dataclass
class Page:
    """What one run sent: the texts and the link-bound inputs."""

    texts: list = field(default_factory=list)
    inputs: dict = field(default_factory=dict)  # param -> (value or None, default)
    exceptions: list = field(default_factory=list)
    status: int | None = None
    messages: int = 0
    size: int = 0
    seconds: float = 0.0

    def read(self, msg):
        kind = msg.WhichOneof("type")
        if kind == "script_finished":
            self.status = msg.script_finished
        if kind != "delta":
            return
        if msg.delta.WhichOneof("type") == "add_block":
            block = msg.delta.add_block
            if block.WhichOneof("type") == "expandable":  # the reading's title holds the numbers
                self.texts.append(block.expandable.label)
            return
        element = msg.delta.new_element
        name = element.WhichOneof("type")
        if name in ("alert", "markdown", "heading"):
            self.texts.append(getattr(element, name).body)
        elif name == "metric":
            self.texts.append(element.metric.label)
        elif name == "number_input":
            box = element.number_input
            value = box.value if box.set_value else None
            self.inputs[box.id.rsplit("-", 1)[-1]] = (value, box.default)
        elif name == "exception":
            self.exceptions.append(f"{element.exception.type}: {element.exception.message}")


def problems(link, page, *, cold):
    """Why ``page`` is not ``link``'s own page (empty when it is)."""
    text, seen = TEXT[link.lang], "\n".join(page.texts)
    out = [f"exception {e}" for e in page.exceptions]
    if page.status != ForwardMsg.FINISHED_SUCCESSFULLY:
        out.append(f"script_finished status {page.status}")
    wanted = (
        text["rate"].format(shown(link.lr, link.lang)),
        text["weight"],
        text["markers"][link.view],
    )
    out += [f"missing {w.strip()!r}" for w in wanted if w not in seen]
    if text["ignored"] in seen:
        out.append("the page ignored part of the link")
    for key in NUMBER_INPUTS:
        if link.get(key) is None or key not in page.inputs:
            continue
        value, default = page.inputs[key]
        if value is None and cold:
            value = default  # a link value equal to the default is not sent back
        if value is not None and not math.isclose(value, float(link.get(key)), rel_tol=1e-9):
            out.append(f"input {key}={value:g}, link asked for {link.get(key)}")
    return out


async def connect(url, origin):
    return await websockets.connect(
        url, subprotocols=["streamlit"], origin=origin, max_size=None, proxy=None, open_timeout=30
    )


async def run(ws, query, timeout=RUN_TIMEOUT):
    """One script run of ``query`` on session ``ws``: a Page, timed to script_finished."""
    back = BackMsg()
    back.rerun_script.query_string = query
    page, began = Page(), time.perf_counter()
    await ws.send(back.SerializeToString())
    async with asyncio.timeout(timeout):
        while page.status is None:
            data = await ws.recv()
            msg = ForwardMsg()
            msg.ParseFromString(data)
            page.read(msg)
            page.messages, page.size = page.messages + 1, page.size + len(data)
    page.seconds = time.perf_counter() - began
    return page


# ---- the server ------------------------------------------------------------------------


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid):
    """User + system CPU time of process ``pid`` so far, all threads."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory_mb(pid):
    """(RSS, peak RSS) of process ``pid`` in MB, from /proc/PID/status."""
    status = dict(
        line.split(":", 1)
        for line in Path(f"/proc/{pid}/status").read_text().splitlines()
        if ":" in line
    )
    return tuple(
        int(status[key].split()[0]) / 1024 if key in status else math.nan
        for key in ("VmRSS", "VmHWM")
    )  # not there once the server has died


def get(url, timeout=2.0):
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # local only
    with opener.open(url, timeout=timeout) as response:
        return response.read().decode()


@contextlib.contextmanager
def server(port, env=None, options=()):
    """``streamlit run app.py [options]`` on ``port``, in ``env`` (default: this
    process's): yields (process, log file); always stopped."""
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
        *options,
    ]
    with tempfile.TemporaryFile(mode="a+b") as log:  # appends, wherever we read
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        try:
            wait_healthy(process, port, log)
            yield process, log
        finally:
            stop(process)


def stop(process):
    """End ``process``: asked to, then made to after 15 s."""
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=15)


def wait_healthy(process, port, log):
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited ({process.returncode}):\n{tail(log)}")
        with contextlib.suppress(OSError):
            if get(f"http://127.0.0.1:{port}/_stcore/health").strip() == "ok":
                return
        time.sleep(0.25)
    raise RuntimeError(f"the server did not answer in {START_TIMEOUT:.0f} s:\n{tail(log)}")


def tail(log, lines=20):
    log.seek(0)
    return "\n".join(log.read().decode(errors="replace").splitlines()[-lines:])


def log_problems(log):
    """Lines of the server's log that look like errors (and HTTP answers >= 400)."""
    log.seek(0)
    out, words = [], ("Traceback", "Error", "Exception", "WARNING", "Rejecting")
    for line in log.read().decode(errors="replace").splitlines():
        if " HTTP/" in line:  # an access-log line: a problem only if it failed
            if line.rsplit(" ", 1)[-1][:1] in ("4", "5"):
                out.append(line)
        elif any(w in line for w in words):
            out.append(line)
    return out


# ---- phases ----------------------------------------------------------------------------


@dataclass
class Result:
    link: Link
    seconds: float | None = None  # None when the run did not finish
    errors: list = field(default_factory=list)  # the run failed
    mismatches: list = field(default_factory=list)  # it finished, showing another page


async def visit(url, origin, link, ready, go):
    """One participant: connect, wait for the start signal, run the link once."""
    result, connected = Result(link), False
    try:
        async with await connect(url, origin) as ws:
            ready.release()
            connected = True
            await go.wait()
            page = await run(ws, link.query)
        result.seconds = page.seconds
        result.mismatches = problems(link, page, cold=True)
    except (OSError, TimeoutError, websockets.WebSocketException) as exc:
        result.errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        if not connected:
            ready.release()
    return result


async def burst(url, origin, links):
    """All ``links`` at once, one session each. Returns (results, wall seconds)."""
    ready, go = asyncio.Semaphore(0), asyncio.Event()
    tasks = [asyncio.create_task(visit(url, origin, link, ready, go)) for link in links]
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(60):
            for _ in links:  # every session connected (or failed to)
                await ready.acquire()
    began = time.perf_counter()
    go.set()
    results = await asyncio.gather(*tasks)
    return results, time.perf_counter() - began


@dataclass
class Warm:
    link: Link
    cold: float = 0.0
    cpu: list = field(default_factory=list)  # server CPU seconds per warm rerun
    wall: list = field(default_factory=list)
    errors: list = field(default_factory=list)


async def warm_runs(url, origin, pid, link, reruns):
    """One session: ``link`` once cold, then ``reruns`` warm reruns, each measured."""
    warm = Warm(link)
    try:
        async with await connect(url, origin) as ws:
            page = await run(ws, link.query)
            warm.cold = page.seconds
            warm.errors += problems(link, page, cold=True)
            for _ in range(reruns):
                before = cpu_seconds(pid)
                page = await run(ws, link.query)
                await asyncio.sleep(0.05)  # let the run's last work land on the clock
                warm.cpu.append(cpu_seconds(pid) - before)
                warm.wall.append(page.seconds)
                warm.errors += problems(link, page, cold=False)
    except (OSError, TimeoutError, websockets.WebSocketException) as exc:
        warm.errors.append(f"{type(exc).__name__}: {exc}")
    return warm


WARM_LINKS = (
    Link("default page"),
    Link("training, 1M it.", (("iterations", 1_000_000), ("view", "training"))),
    HEAVY[0],
    HEAVY[1],
    Link("math", (("view", "math"),)),
)


async def browse(base, links):
    """Real Chromium pages, one per link, at once: (link, verdict s, view s, error)."""
    try:
        from playwright.async_api import async_playwright
    except ImportError:
        return None, "the playwright package is not installed"
    if not Path(CHROMIUM).exists():
        return None, f"{CHROMIUM} is missing"
    async with async_playwright() as p:
        browser = await p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--headless", "--no-sandbox", "--disable-gpu"],
        )
        try:
            results = await asyncio.gather(*(open_page(browser, base, link) for link in links))
            results.append(await play(browser, base))
        finally:
            await browser.close()
    return results, None


PLAY_SECONDS, TARGET_FPS = 3.0, 20


async def play(browser, base):
    """Press Play on a 1280x720 page and watch for PLAY_SECONDS: ("play", messages
    the browser sent to the server, frames the counter showed, error)."""
    context = await browser.new_context(viewport={"width": 1280, "height": 720})
    sent = []
    try:
        page = await context.new_page()
        page.on("websocket", lambda ws: ws.on("framesent", lambda _: sent.append(1)))
        await page.goto(f"{base}/?lr=0.0009", timeout=PAGE_TIMEOUT * 1000)
        button = page.get_by_role("button", name="\u25b6 Play")
        await button.wait_for(state="visible", timeout=PAGE_TIMEOUT * 1000)
        await page.wait_for_timeout(1000)  # the page settled: its own messages are done
        await page.evaluate("""() => { window.changes = 0;
            new MutationObserver(() => window.changes++).observe(
                document.querySelector('.np-counter'),
                {childList: true, characterData: true, subtree: true}); }""")
        await button.click()
        before = len(sent)
        await page.wait_for_timeout(PLAY_SECONDS * 1000)
        return "play", len(sent) - before, await page.evaluate("window.changes"), None
    except Exception as exc:
        return "play", None, None, f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
    finally:
        await context.close()


async def open_page(browser, base, link):
    """Time from navigation to the verdict (with this link's rate), then to the view."""
    text = TEXT[link.lang]
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = await context.new_page()
        began = time.perf_counter()
        await page.goto(f"{base}/?{link.query}", timeout=PAGE_TIMEOUT * 1000)
        verdict = page.locator(
            '[data-testid="stAlert"]',
            has_text=text["rate"].format(shown(link.lr, link.lang)).strip(),
        )
        await verdict.first.wait_for(state="visible", timeout=PAGE_TIMEOUT * 1000)
        at_verdict = time.perf_counter() - began
        marker = page.get_by_text(text["markers"][link.view]).first
        await marker.wait_for(state="visible", timeout=PAGE_TIMEOUT * 1000)
        at_view = time.perf_counter() - began
        if await page.locator('[data-testid="stException"]').count():
            return link, at_verdict, at_view, "the page shows an exception"
        return link, at_verdict, at_view, None
    except Exception as exc:  # a page that fails is a result, not a crash
        return link, None, None, f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
    finally:
        await context.close()


# ---- report ----------------------------------------------------------------------------


def percentile(values, q):
    """Nearest-rank percentile: the smallest value with at least q % at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)] if ordered else math.nan


def report_burst(results, wall, cpu):
    print(f"\n== Burst: {len(results)} sessions at once, each a different link ==")
    for r in results:
        took = f"{r.seconds:6.2f} s" if r.seconds is not None else "   --   "
        state = "; ".join(r.errors + r.mismatches) or "ok"
        print(f"  {took}  {r.link.name:<32} {state}")
        print(f"            ?{r.link.query}")
    times = [r.seconds for r in results if r.seconds is not None]
    print(
        f"  finished {len(times)}/{len(results)}, wall {wall:.2f} s, server CPU {cpu:.1f} s "
        f"({cpu / wall:.2f} cores); per run p50 {percentile(times, 50):.2f} s, "
        f"p95 {percentile(times, 95):.2f} s, max {max(times, default=math.nan):.2f} s"
    )


def report_warm(warms, reruns):
    print(f"\n== Warm runs: one session per link, 1 cold run then {reruns} reruns ==")
    print(f"  {'link':<32} {'cold s':>7} {'warm wall p50':>14} {'server CPU p50':>15} {'max':>6}")
    for w in warms:
        if not w.cpu:
            print(f"  {w.link.name:<32} failed: {'; '.join(w.errors)}")
            continue
        print(
            f"  {w.link.name:<32} {w.cold:7.2f} {statistics.median(w.wall):14.3f} "
            f"{statistics.median(w.cpu):15.3f} {max(w.cpu):6.3f}"
        )
        for error in w.errors[:3]:
            print(f"      ! {error}")


def report_browsers(results, skipped):
    print("\n== Browser pages (Chromium, at once) ==")
    if skipped:
        print(f"  skipped: {skipped}")
        return
    for link, at_verdict, at_view, error in results[:-1]:  # the last one played
        if error:
            print(f"  {'--':>6}  {link.name:<32} {error}")
        else:
            print(
                f"  {at_verdict:6.2f} s to the verdict, {at_view:6.2f} s to the view  {link.name}"
            )


def verdict(met):
    return "MET" if met else "MISSED"


def summary(results, wall, cpu, warms, browsed, memory, log_lines):
    times = [r.seconds for r in results if r.seconds is not None]
    failed = sum(bool(r.errors) for r in results)
    mismatched = sum(bool(r.mismatches) and not r.errors for r in results)
    p95 = percentile(times, 95)
    measured = [w for w in warms if w.cpu]
    worst = max(measured, key=lambda w: statistics.median(w.cpu), default=None)
    warm_cpu = statistics.median(worst.cpu) if worst else math.nan
    heavy = [
        f"{r.link.name} {r.seconds:.2f} s"
        for r in results
        if r.link in HEAVY and r.seconds is not None
    ]
    print("\n== Summary ==")
    if len(results) < TARGET_SESSIONS:
        print(f"  note: {len(results)} sessions; the targets are for {TARGET_SESSIONS}")
    print(
        f"  burst of {len(results)} sessions: {failed} failed, {mismatched} showed "
        f"another page -> {failed + mismatched} errors (target 0): "
        f"{verdict(failed + mismatched == 0)}"
    )
    print(
        f"  time per run: p50 {percentile(times, 50):.2f} s, p95 {p95:.2f} s "
        f"(target <= {TARGET_P95:g} s): {verdict(p95 <= TARGET_P95 and not failed)}; "
        f"burst wall {wall:.2f} s"
    )
    print(
        f"  burst server CPU {cpu:.1f} s: {cpu / len(results):.2f} s per cold run, "
        f"{cpu / wall:.2f} cores busy"
    )
    print(
        f"  own settings: {len(results) - failed - mismatched}/{len(results)} sessions "
        f"showed their own link: {verdict(mismatched == 0 and not failed)}"
    )
    if heavy:
        print(f"  most expensive views in the burst: {', '.join(heavy)}")
    if worst:
        print(
            f"  server time of one warm run of the full page: {warm_cpu:.3f} s "
            f"(max over views, median of reruns; {worst.link.name}) "
            f"(target <= {TARGET_WARM_CPU} s): {verdict(warm_cpu <= TARGET_WARM_CPU)}"
        )
    warm_errors = sum(len(w.errors) for w in warms)
    if warm_errors:
        print(f"  warm runs: {warm_errors} errors")
    print("  server memory: " + ", ".join(f"{k} {v:.0f} MB" for k, v in memory.items()))
    results, skipped = browsed
    if skipped:
        print(f"  browsers: skipped ({skipped})")
    else:
        pages, played = results[:-1], results[-1]
        ok = [r for r in pages if r[3] is None]
        slowest = max((r[2] for r in ok), default=math.nan)
        print(
            f"  browsers: {len(ok)}/{len(pages)} pages showed their verdict; slowest "
            f"view on screen after {slowest:.2f} s"
        )
        _, messages, frames, error = played
        if error:
            print(f"  Play: failed ({error})")
        else:
            fps = frames / PLAY_SECONDS
            print(
                f"  Play: {messages} messages to the server in {PLAY_SECONDS:g} s after the "
                f"click (target 0), {fps:.0f} frames a second (target >= {TARGET_FPS}): "
                f"{verdict(messages == 0 and fps >= TARGET_FPS)}"
            )
    print(f"  server log: {len(log_lines)} warning/error lines")
    for line in log_lines[:10]:
        print(f"    {line}")


# ---- main ------------------------------------------------------------------------------


async def bench(args, process, log):
    pid, host = process.pid, f"127.0.0.1:{args.port}"
    base, url = f"http://{host}", f"ws://{host}/_stcore/stream"
    memory = {"at start": memory_mb(pid)[0]}
    async with await connect(url, base) as ws:  # the browser's Origin: the page's own
        first = await run(ws, "")
    print(
        f"first run after start (imports, default page): {first.seconds:.2f} s, "
        f"{first.messages} messages, {first.size / 1e3:.0f} kB"
    )
    memory["before the burst"] = memory_mb(pid)[0]

    links, extra = make_links(args.sessions), make_links(args.browsers, first=args.sessions)
    print(
        f"machine: {os.cpu_count()} cores; 1-min load average before the burst "
        f"{os.getloadavg()[0]:.2f} (other work on the machine slows every number here)"
    )
    cpu, own = cpu_seconds(pid), time.process_time()
    if args.browsers_during_burst and args.browsers:
        (results, wall), browsed = await asyncio.gather(
            burst(url, base, links), browse(base, extra)
        )
    else:
        results, wall = await burst(url, base, links)
        browsed = None
    cpu, own = cpu_seconds(pid) - cpu, time.process_time() - own
    print(
        f"1-min load average after the burst {os.getloadavg()[0]:.2f}; "
        f"this client's own CPU during it {own:.1f} s"
    )
    memory["after the burst"] = memory_mb(pid)[0]
    report_burst(results, wall, cpu)

    warms = [await warm_runs(url, base, pid, link, args.reruns) for link in WARM_LINKS]
    report_warm(warms, args.reruns)

    if browsed is None:
        browsed = await browse(base, extra) if args.browsers else (None, "--browsers 0")
    report_browsers(*browsed)
    memory["at the end"], memory["peak"] = memory_mb(pid)
    summary(results, wall, cpu, warms, browsed, memory, log_problems(log))


async def room_scenarios(args, process):
    """The --room and --costly scenarios (bench/scenarios.py), each on its own."""
    pid, host = process.pid, f"127.0.0.1:{args.port}"
    base, url = f"http://{host}", f"ws://{host}/_stcore/stream"
    async with await connect(url, base) as ws:  # imports paid before any timing
        await run(ws, "")
    if args.costly:
        print("\n== Each costly link against a default page, cold, idle server (median of 9)")
        for kind, link in scenarios.COSTLY_KINDS.items():
            heavy, plain = await scenarios.cost_ratio(connect, url, base, link=link)
            ratio = heavy / plain
            print(f"  {kind}: {heavy * 1e3:.0f} ms, default {plain * 1e3:.0f} ms: {ratio:.2f}x "
                  f"(target <= {scenarios.COSTLY_TARGET_RATIO:g}x): "
                  f"{verdict(ratio <= scenarios.COSTLY_TARGET_RATIO)}")  # fmt: skip
        cpu = cpu_seconds(pid)
        bystander, costly, wall = await scenarios.costly(connect, url, base, args.costly)
        cpu = cpu_seconds(pid) - cpu
        p95 = percentile(bystander.latencies, 95)
        print(f"\n== {args.costly} costliest distinct links at once, and a bystander ==")
        print(f"  costly runs: {len(costly.latencies)} finished, {len(costly.errors)} failed; "
              f"p50 {percentile(costly.latencies, 50):.2f} s, p95 "
              f"{percentile(costly.latencies, 95):.2f} s; wall {wall:.1f} s; server CPU "
              f"{cpu:.1f} s")  # fmt: skip
        print(
              f"  bystander's default rerun: {len(bystander.latencies)} runs, p50 "
              f"{percentile(bystander.latencies, 50):.2f} s, p95 {p95:.2f} s (target <= "
              f"{scenarios.BYSTANDER_TARGET_P95:g} s): "
              f"{verdict(p95 <= scenarios.BYSTANDER_TARGET_P95 and not bystander.errors)}"
        )  # fmt: skip
        for error in (costly.errors + bystander.errors)[:5]:
            print(f"    ! {error}")
    if args.room:
        cpu = cpu_seconds(pid)
        traffic = await scenarios.room(connect, url, base, args.room, args.room_seconds)
        cpu = cpu_seconds(pid) - cpu
        p95 = percentile(traffic.latencies, 95)
        print(f"\n== A room: {args.room} participants, a new rate every 5 s each, "
              f"for {args.room_seconds:.0f} s ==")  # fmt: skip
        print(f"  {len(traffic.latencies)} reruns, {len(traffic.errors)} errors; server response "
              f"p50 {percentile(traffic.latencies, 50):.2f} s, p95 {p95:.2f} s, max "
              f"{max(traffic.latencies, default=math.nan):.2f} s (target p95 <= "
              f"{scenarios.ROOM_TARGET_P95:g} s): "
              f"{verdict(p95 <= scenarios.ROOM_TARGET_P95 and not traffic.errors)}")  # fmt: skip
        print(f"  server CPU {cpu:.1f} s ({cpu / args.room_seconds:.2f} cores); memory "
              f"{memory_mb(pid)[0]:.0f} MB, peak {memory_mb(pid)[1]:.0f} MB")  # fmt: skip
        for error in traffic.errors[:5]:
            print(f"    ! {error}")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sessions",
        type=int,
        default=TARGET_SESSIONS,
        help="websocket sessions in the burst, each a different link",
    )
    parser.add_argument("--browsers", type=int, default=3, help="Chromium pages (0: none)")
    parser.add_argument(
        "--browsers-during-burst",
        action="store_true",
        help="open the browser pages during the burst, not after it",
    )
    parser.add_argument("--reruns", type=int, default=10, help="warm reruns per link")
    parser.add_argument("--port", type=int, default=None, help="default: a free one")
    parser.add_argument(
        "--room",
        type=int,
        default=0,
        metavar="N",
        help="instead: a room of N participants changing the rate every 5 s",
    )
    parser.add_argument("--room-seconds", type=float, default=60.0)
    parser.add_argument("--costly", type=int, default=0, metavar="N",
                        help="instead: N costliest links at once, and a bystander")  # fmt: skip
    args = parser.parse_args()
    if args.sessions < 1 or args.browsers < 0 or args.reruns < 1:
        parser.error("--sessions and --reruns must be >= 1, --browsers >= 0")
    args.port = args.port or free_port()
    return args


def main():
    args = parse_args()
    print(f"server: streamlit run app.py on 127.0.0.1:{args.port} ({ROOT})")
    began = time.perf_counter()
    with server(args.port) as (process, log):
        print(f"server up after {time.perf_counter() - began:.1f} s (pid {process.pid})")
        if args.room or args.costly:
            asyncio.run(room_scenarios(args, process))
        else:
            asyncio.run(bench(args, process, log))
    print(f"\ndone in {time.perf_counter() - began:.0f} s; server stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
