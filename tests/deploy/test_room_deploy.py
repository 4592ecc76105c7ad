"""deploy/nginx.conf for real: two ``streamlit run app.py`` behind nginx, on PostgreSQL.

The ``deployment`` fixture starts both processes on free ports with the same
``ROOMS_URL``, and nginx (not as a daemon, with its own prefix, pid and logs in
a temporary folder) with the shipped config, only its ports changed, and its
TLS certificate one made for the test (``openssl req -x509``, self-signed).
nginx keeps a browser on one process by its ``playground`` cookie, and a client
without one by its address; the test's access log records which process
served each request. ``cookies[i]`` is a cookie that process i serves, so the
last test puts a participant's browser on process 0 and the host's on process
1, on the room's real pages; ``sources`` are client addresses (sockets bound
to other loopback addresses) for the cookieless fallback.

Slow (servers start): marked ``browser`` and ``deploy``, so ``-m "not
browser"`` leaves it out. Without nginx or PostgreSQL it skips and says why,
except under ``CI=true``.
"""

import asyncio
import concurrent.futures
import http.client
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from playground.core.text import CATALOGUES
from playground.room import Store, schema
from playground.ui import link
from tests.room_support import postgres_url, unavailable

pytestmark = [pytest.mark.browser, pytest.mark.deploy]

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 90  # seconds for a server to answer
SECURITY_HEADERS = {
    "Content-Security-Policy": "frame-ancestors 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
CANDIDATES = [f"127.0.0.{k}" for k in range(2, 60)]  # client addresses to try


@dataclass
class Deployment:
    """What the fixture started. ``url`` is nginx; ``upstreams`` the processes."""

    url: str
    port: int
    upstreams: list
    processes: list
    database: str
    access_log: Path
    tls_port: int = 0  # nginx over HTTPS, with the test's self-signed certificate
    certificate: Path = None
    sources: dict = field(default_factory=dict)  # client address -> process index
    cookies: list = field(default_factory=list)  # i: a playground cookie process i serves


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port, path, source="127.0.0.1", cookie=None):
    """GET ``path`` from 127.0.0.1:``port`` as client ``source``, with the ``playground``
    cookie ``cookie`` if given: (status, headers, body)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=(source, 0))
    try:
        conn.request("GET", path, headers={"Cookie": f"playground={cookie}"} if cookie else {})
        answer = conn.getresponse()
        return answer.status, dict(answer.getheaders()), answer.read()
    finally:
        conn.close()


def wait_until(ok, what, process=None, log=None, timeout=START_TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            pytest.fail(f"{what} exited ({process.returncode}):\n{read(log)}", pytrace=False)
        try:
            if ok():
                return
        except OSError:
            pass
        time.sleep(0.25)
    pytest.fail(f"{what}: nothing after {timeout} s\n{read(log)}", pytrace=False)


def read(path):
    return Path(path).read_text(errors="replace")[-4000:] if path and Path(path).exists() else ""


def site_config(ports, listen, prefix=None, tls=None):
    """deploy/nginx.conf with its upstream ports, its listen addresses, its log's
    folder and (``tls``: port, certificate, key) its TLS certificate replaced; the
    test's own log (``main_config``) is kept beside the shipped one."""
    text = (ROOT / "deploy" / "nginx.conf").read_text()
    servers = re.findall(r"^\s*server 127\.0\.0\.1:\d+;", text, flags=re.M)
    assert len(servers) == len(ports), "deploy/nginx.conf should list two upstream servers"
    for line, port in zip(servers, ports):
        text = text.replace(line, re.sub(r":\d+;", f":{port};", line), 1)
    text, n = re.subn(r"^(\s*)listen 80;", rf"\1listen 127.0.0.1:{listen};", text, flags=re.M)
    assert n == 1, "deploy/nginx.conf should listen on port 80 once"
    if tls is not None:
        port, certificate, key = tls
        for pattern, new in (
            (r"^(\s*)listen 443 ssl;", rf"\1listen 127.0.0.1:{port} ssl;"),
            (r"^(\s*)ssl_certificate \S+;", rf"\1ssl_certificate {certificate};"),
            (r"^(\s*)ssl_certificate_key \S+;", rf"\1ssl_certificate_key {key};"),
        ):
            text, n = re.subn(pattern, new, text, flags=re.M)
            assert n == 1, f"deploy/nginx.conf should have one {pattern!r}"
    if prefix is not None:
        text, n = re.subn(
            r"^(\s*)access_log /var/log/nginx/playground\.access\.log playground;",
            rf"\1access_log {prefix}/playground.log playground;\n"
            rf"\1access_log {prefix}/access.log upstream;",
            text,
            flags=re.M,
        )
        assert n == 1, "deploy/nginx.conf should have one access_log in its server"
    return text


def main_config(prefix):
    temp = "".join(
        f"    {kind}_temp_path {prefix}/temp/{kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"daemon off;\npid {prefix}/nginx.pid;\nerror_log {prefix}/error.log info;\n"
        + "worker_processes 1;\nevents { worker_connections 512; }\nhttp {\n"
        + "    log_format upstream '$remote_addr $upstream_addr $status $request_uri "
        + "$cookie_playground';\n"
        + f"    access_log {prefix}/access.log upstream;\n{temp}"
        + f"    include {prefix}/site.conf;\n}}\n"
    )


def served_by(log, ports, by="source", since=0):
    """Client address (``by="source"``, cookieless requests only) or cookie (``by="cookie"``)
    -> the upstream ports that served it, from the access log's proxied requests."""
    seen = {}
    for line in log.read_text().splitlines()[since:]:
        source, upstream, _, _, cookie = line.split()[:5]
        port = upstream.rsplit(":", 1)[-1]
        if not port.isdigit() or int(port) not in ports:
            continue
        if by == "cookie" and cookie != "-":
            seen.setdefault(cookie, set()).add(int(port))
        elif by == "source" and cookie == "-":
            seen.setdefault(source, set()).add(int(port))
    return seen


def self_signed(folder):
    """A certificate for localhost and its key, made as the README says: (certificate, key)."""
    certificate, key = folder / "playground.crt", folder / "playground.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
         "-keyout", str(key), "-out", str(certificate)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return certificate, key


def start_streamlit(port, env, log):
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true"]
    command += ["--server.port", str(port), "--server.address", "127.0.0.1"]
    with open(log, "wb") as out:
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )


def stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    """Two Streamlit processes behind nginx on one PostgreSQL; yields a Deployment."""
    nginx = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    if nginx is None:
        unavailable("no nginx found: apt-get install nginx (.ci/run does)")
    database = postgres_url()
    prefix = tmp_path_factory.mktemp("nginx")
    (prefix / "temp").mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ROOMS_")}
    env.update(ROOMS_URL=database, PYTHONPATH=str(ROOT))
    ports, port, tls_port = [free_port(), free_port()], free_port(), free_port()
    if shutil.which("openssl") is None:
        unavailable("no openssl found: apt-get install openssl")
    certificate, key = self_signed(prefix)
    processes, proxy = [], None
    try:
        for i, p in enumerate(ports):
            processes.append(start_streamlit(p, env, prefix / f"streamlit-{i}.log"))
        for i, (p, process) in enumerate(zip(ports, processes)):
            wait_until(
                lambda p=p: request(p, "/_stcore/health")[0] == 200,
                f"streamlit on port {p}",
                process,
                prefix / f"streamlit-{i}.log",
            )
        (prefix / "site.conf").write_text(
            site_config(ports, port, prefix, tls=(tls_port, certificate, key))
        )
        (prefix / "nginx.conf").write_text(main_config(prefix))
        command = [nginx, "-p", str(prefix), "-c", str(prefix / "nginx.conf")]
        command += ["-e", str(prefix / "error.log")]
        proxy = subprocess.Popen(command, stdin=subprocess.DEVNULL)  # logs: error.log
        wait_until(
            lambda: request(port, "/_stcore/health")[0] == 200,
            "nginx",
            proxy,
            prefix / "error.log",
        )
        deployment = Deployment(
            f"http://127.0.0.1:{port}",
            port,
            [f"http://127.0.0.1:{p}" for p in ports],
            processes,
            database,
            prefix / "access.log",
            tls_port,
            certificate,
        )
        pick_clients(deployment, ports)
        yield deployment
    finally:
        if proxy is not None:
            stop(proxy)
        for process in processes:
            stop(process)


def pick_clients(deployment, ports):
    """Find a client address (no cookie) and a cookie for each process."""
    for source in CANDIDATES:
        request(deployment.port, "/_stcore/health", source)
        seen = served_by(deployment.access_log, set(ports))
        if len({min(s) for s in seen.values()}) == len(ports):
            break
    deployment.sources = {a: ports.index(min(s)) for a, s in seen.items()}
    assert set(deployment.sources.values()) == {0, 1}, f"one process served all: {seen}"
    for k in range(40):
        request(deployment.port, "/_stcore/health", cookie=f"test-browser-{k}")
        seen = served_by(deployment.access_log, set(ports), by="cookie")
        if len({min(s) for s in seen.values()}) == len(ports):
            break
    by_process = {min(s): c for c, s in seen.items()}
    assert set(by_process) == set(ports), f"40 cookies, one process served all: {seen}"
    deployment.cookies = [by_process[p] for p in ports]


# ---- the tests -------------------------------------------------------------------------------


def ports_of(deployment):
    return [int(u.rsplit(":", 1)[1]) for u in deployment.upstreams]


def lines(deployment):
    """How many lines the test's access log has (nginx writes one just after answering)."""
    return len(deployment.access_log.read_text().splitlines())


def test_a_browser_gets_a_cookie_that_keeps_it_on_the_process_of_its_first_page(deployment):
    """The first answer sets the cookie; from then on every request with it, the
    WebSocket's included, goes to one process, whatever the client's address."""
    ports = ports_of(deployment)
    for _ in range(3):
        status, headers, _ = request(deployment.port, "/")
        assert status == 200
        cookie = re.fullmatch(
            r"playground=([0-9a-f]{32}); Path=/; HttpOnly; SameSite=Lax", headers["Set-Cookie"]
        )
        assert cookie, headers["Set-Cookie"]  # plain http: not Secure
        before = lines(deployment)
        moves = list(deployment.sources)[:3]  # one browser, moving between networks
        for source in moves:  # (two or three: as many as it took to reach both processes)
            for path in ("/", "/_stcore/health", "/_stcore/host-config"):
                status, headers, _ = request(deployment.port, path, source, cookie[1])
                assert status == 200 and "Set-Cookie" not in headers  # kept, not replaced
        logged = before + 3 * len(moves)
        wait_until(lambda logged=logged: lines(deployment) >= logged, "the log", timeout=10)
        seen = served_by(deployment.access_log, ports, "cookie", before)
        assert len(seen[cookie[1]]) == 1, seen  # one process for this browser


def test_many_browsers_behind_one_address_spread_over_both_processes(deployment):
    """One address (a school's NAT), many cookies: both processes serve them, and each
    cookie always the same one."""
    ports = ports_of(deployment)
    before = len(deployment.access_log.read_text().splitlines())
    cookies = [f"nat-{k}" for k in range(16)] + deployment.cookies
    for _ in range(2):
        for cookie in cookies:
            assert request(deployment.port, "/_stcore/health", cookie=cookie)[0] == 200
    wait_until(lambda: lines(deployment) >= before + 2 * len(cookies), "the log", timeout=10)
    seen = served_by(deployment.access_log, ports, "cookie", before)
    assert all(len(s) == 1 for s in seen.values()), seen
    assert {min(s) for s in seen.values()} == set(ports), seen  # 16 browsers: both used
    assert [min(seen[c]) for c in deployment.cookies] == ports  # and the fixture's picks hold


def test_a_client_without_the_cookie_sticks_by_its_address(deployment):
    ports = ports_of(deployment)
    assert set(deployment.sources.values()) == {0, 1}, deployment.sources
    before = len(deployment.access_log.read_text().splitlines())
    for source in list(deployment.sources)[:4]:
        for _ in range(3):
            assert request(deployment.port, "/", source)[0] == 200
    seen = served_by(deployment.access_log, ports, since=before)
    assert all(len(upstreams) == 1 for upstreams in seen.values()), seen


def https(deployment, path, headers=None):
    """GET ``path`` over TLS, trusting only the test's certificate: (status, headers, body)."""
    context = ssl.create_default_context(cafile=str(deployment.certificate))
    conn = http.client.HTTPSConnection(
        "localhost", deployment.tls_port, timeout=10, context=context
    )
    try:
        conn.request("GET", path, headers=headers or {})
        answer = conn.getresponse()
        return answer.status, dict(answer.getheaders()), answer.read()
    finally:
        conn.close()


def test_https_serves_the_page_with_its_headers_and_logs_no_token(deployment):
    token = "tlsT0kenThatMustNotBeLogged_" + "y" * 20
    log = Path(deployment.access_log).with_name("playground.log")
    before = len(log.read_text().splitlines())
    status, headers, body = https(deployment, f"/?room=ABCDEFGH&host={token}")
    assert status == 200 and b"<noscript>" in body  # Streamlit's page
    for name, value in SECURITY_HEADERS.items():
        assert headers.get(name) == value, headers
    assert headers["Set-Cookie"].endswith("; SameSite=Lax; Secure"), headers["Set-Cookie"]
    status, _, body = https(deployment, "/_stcore/health", {"Referer": f"https://x/?host={token}"})
    assert (status, body) == (200, b"ok")
    conn = http.client.HTTPSConnection(
        "localhost", deployment.tls_port, timeout=10, context=ssl.create_default_context()
    )
    with pytest.raises(ssl.SSLCertVerificationError):  # only with the certificate it was given
        conn.request("GET", "/")
    conn.close()
    wait_until(lambda: len(log.read_text().splitlines()) >= before + 2, "the log", timeout=10)
    new = log.read_text().splitlines()[before:]
    assert any('"GET / HTTP' in line for line in new), new
    assert token not in log.read_text() and "?" not in log.read_text()


@pytest.mark.parametrize("path", ["/", "/_stcore/health", "/_stcore/metrics", "/nope"])
def test_every_answer_carries_the_security_headers(deployment, path):
    status, headers, _ = request(deployment.port, path)
    for name, value in SECURITY_HEADERS.items():
        assert headers.get(name) == value, (path, status, headers)


def test_a_link_as_long_as_the_page_reads_passes_nginx(deployment):
    """Regression: nginx's default 8 KiB line refused a shared link's data= (up to
    12,000 characters) with 414; the page reads links up to link.MAX_QUERY."""
    status, _, _ = request(deployment.port, "/?lr=0.001&data=" + "A" * (link.MAX_QUERY - 20))
    assert status == 200


def test_the_shipped_log_keeps_no_query_string_and_no_referer(deployment):
    """A host page's first load carries the host token; nginx's own log must not."""
    token = "t0kenThatMustNotBeLogged_" + "x" * 20
    assert request(deployment.port, f"/?room=ABCDEFGH&host={token}")[0] == 200
    conn = http.client.HTTPConnection("127.0.0.1", deployment.port, timeout=10)
    conn.request("GET", "/_stcore/health", headers={"Referer": f"http://x/?host={token}"})
    assert conn.getresponse().status == 200
    conn.close()
    log = Path(deployment.access_log).with_name("playground.log")
    wait_until(lambda: "/_stcore/health" in log.read_text(), "the shipped log", timeout=10)
    text = log.read_text()
    assert token not in text and "?" not in text and "GET / HTTP" in text


def test_metrics_are_denied_from_outside(deployment):
    assert request(deployment.port, "/_stcore/metrics")[0] == 403
    assert request(deployment.port, "/_stcore/metrics?x=1")[0] == 403
    direct = int(deployment.upstreams[0].rsplit(":", 1)[1])
    assert request(direct, "/_stcore/metrics")[0] == 200  # nginx is what keeps it in


async def one_run(port, source, cookie=None):
    """A WebSocket session through nginx as client ``source`` (with the ``playground``
    cookie ``cookie``, if given): one script run."""
    async with websockets.connect(
        f"ws://127.0.0.1:{port}/_stcore/stream",
        subprotocols=["streamlit"],
        origin=f"http://127.0.0.1:{port}",
        proxy=None,
        max_size=None,
        open_timeout=30,
        local_addr=(source, 0),
        additional_headers={"Cookie": f"playground={cookie}"} if cookie else None,
    ) as ws:
        back = BackMsg()
        back.rerun_script.query_string = "lr=0.0009"
        await ws.send(back.SerializeToString())
        kinds = []
        async with asyncio.timeout(120):
            while "script_finished" not in kinds:
                msg = ForwardMsg()
                msg.ParseFromString(await ws.recv())
                kinds.append(msg.WhichOneof("type"))
                if kinds[-1] == "script_finished":
                    return kinds, msg.script_finished


def on_own_thread(function, *args):
    """``function(*args)`` on a thread of its own: the browser tests' Playwright keeps an
    event loop running on the main thread for the whole session, where neither
    asyncio.run nor a second sync Playwright may start."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(function, *args).result()


def test_the_websocket_upgrade_works_and_a_run_completes(deployment):
    for source in (a for k in (0, 1) for a, i in deployment.sources.items() if i == k):
        kinds, status = on_own_thread(asyncio.run, one_run(deployment.port, source))
        assert kinds[0] == "new_session" and status == ForwardMsg.FINISHED_SUCCESSFULLY
        assert "delta" in kinds
    ports = ports_of(deployment)
    before = len(deployment.access_log.read_text().splitlines())
    for cookie in deployment.cookies:  # and as a browser does, with its cookie
        _, status = on_own_thread(asyncio.run, one_run(deployment.port, "127.0.0.1", cookie))
        assert status == ForwardMsg.FINISHED_SUCCESSFULLY
    wait_until(
        lambda: len(served_by(deployment.access_log, ports, "cookie", before)) == 2,
        "the WebSockets' log lines",
        timeout=10,
    )
    seen = served_by(deployment.access_log, ports, "cookie", before)
    assert [seen[c] for c in deployment.cookies] == [{p} for p in ports], seen


def in_process_env(process, script, *args):
    """Run ``script`` with the environment and folder the server ``process`` has."""
    raw = Path(f"/proc/{process.pid}/environ").read_bytes().split(b"\0")
    env = dict(item.decode().split("=", 1) for item in raw if b"=" in item)
    out = subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


PARTICIPANT = """
import sys
from playground.room import open_store, new_participant_id
store = open_store()
room = store.room(sys.argv[1])
print(room.title, store.submit(room.code, room.task, participant=new_participant_id(),
      name="Ana", entry={"choice": "oscillates"}))
"""
HOST = """
import sys
from playground.room import open_store
board = open_store().board(sys.argv[1], token=sys.argv[2])
print(board.room.title, [e.name for e in board.entries])
"""


def test_a_room_made_by_the_cli_is_one_room_for_both_processes(deployment):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ROOMS_")}
    env.update(ROOMS_URL=deployment.database, PYTHONPATH=str(ROOT))
    made = subprocess.run(
        [sys.executable, "-m", "playground.room", "new", "Two servers"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert made.returncode == 0, made.stderr
    code, token = re.search(r"\?room=(\w+)&host=([\w-]+)", made.stdout).groups()
    participant, host = deployment.processes
    assert in_process_env(participant, PARTICIPANT, code) == "Two servers saved"
    assert in_process_env(host, HOST, code, token) == "Two servers ['Ana']"


# ---- the room's pages, one person on each process -------------------------------------------


def chromium_path():
    """Debian's Chromium, as tests/browser uses it; skips (fails in CI) without it."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        unavailable("the playwright package is not installed: pip install -r requirements-dev.txt")
    path = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not os.access(path, os.X_OK):
        unavailable(f"no Chromium at {path}: apt-get install chromium (.ci/run does)")
    return path


def two_people(path, ana_url, host_url, cookies):
    """Ana predicts on ``ana_url``; the host, on ``host_url``, sees her on the board
    without reloading, and her name after Reveal. ``cookies``: Ana's and the host's
    ``playground`` cookie, as nginx would have set them."""
    from playwright.sync_api import expect, sync_playwright

    en = CATALOGUES["en"]
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True, args=args)
        try:
            ana, host = (browser.new_context(viewport={"width": 1400, "height": 1000})
                         for _ in range(2))  # fmt: skip
            for context, cookie in zip((ana, host), cookies):
                context.add_cookies([{"name": "playground", "value": cookie, "url": ana_url}])
            ana, host = ana.new_page(), host.new_page()
            host.goto(host_url)
            expect(host.get_by_text(en["room.count"].format(n=0), exact=False)).to_be_visible(
                timeout=60_000
            )
            ana.goto(ana_url)
            name = ana.get_by_role("textbox", name=en["room.name.label"])
            name.fill("Ana")
            name.press("Enter")
            ana.get_by_text("It blows up", exact=True).click()
            ana.get_by_role("button", name=en["room.submit.prediction"]).click()
            expect(ana.get_by_text(en["room.outcome.saved"])).to_be_visible(timeout=30_000)
            counted = host.get_by_text(en["room.count"].format(n=1), exact=False)
            expect(counted).to_be_visible(timeout=15_000)  # no reload: the board's timer
            host.get_by_role("button", name=en["room.reveal"]).click()
            table = host.locator('[data-testid="stDataFrame"]')
            expect(table.get_by_text("Ana", exact=True)).to_be_attached(timeout=30_000)
        finally:
            browser.close()  # and with it the pages' WebSockets, which nginx then logs


def test_a_participant_on_one_process_reaches_the_host_on_the_other(deployment):
    """Through nginx and the real pages: Ana's browser (by its cookie) is served by process
    0, the host's by process 1, and the host's board shows her entry by itself."""
    chromium = chromium_path()
    made = Store(deployment.database).create("Two processes")
    schema.forget(deployment.database)
    code, token = made.room.code, made.token
    ports = [u.removeprefix("http://") for u in deployment.upstreams]
    before = len(deployment.access_log.read_text().splitlines())
    ana_url = f"{deployment.url}/?room={code}"
    host_url = f"{ana_url}&host={token}"
    on_own_thread(two_people, chromium, ana_url, host_url, deployment.cookies)
    streams = {}  # process index -> the upstreams that served these browsers' WebSockets

    def logged():
        for line in deployment.access_log.read_text().splitlines()[before:]:
            _, upstream, _, uri, cookie = line.split()[:5]
            if uri.startswith("/_stcore/stream") and cookie in deployment.cookies:
                streams.setdefault(deployment.cookies.index(cookie), set()).add(upstream)
        return 0 in streams and 1 in streams

    wait_until(logged, "nginx's log of both WebSockets", log=deployment.access_log, timeout=15)
    assert streams == {0: {ports[0]}, 1: {ports[1]}}
