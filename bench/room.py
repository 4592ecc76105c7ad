"""The live room under a burst: 60 participants submit at once, to the store and the pages.

    python bench/room.py [--participants 60] [--rounds 5] [--refresh 1.0]
                         [--postgres URL] [--no-pages] [--server-option NAME=VALUE]
                         [--processes N]

For SQLite (a temporary file) and PostgreSQL (``--postgres``, default the
``ROOMS_TEST_POSTGRES_URL`` that .ci/run sets; skipped with a message if there is
none or it cannot be reached), in one run, side by side:

1. a burst: ``--participants`` threads, released together, each submit once
   (``--rounds`` times, each round a new entry); a host thread polls
   ``board(code, token=...)`` every ``--refresh`` seconds, as the page's timer
   does, its first poll at another point of its period each round. Reported:
   the submit call itself, and submit -> visible on the host's board (from the
   start of the submit call to the end of the first poll that shows it), p50
   and p95;
2. the cost of one host board refresh with every entry on it: the CPU time of
   ``board()`` in this process (the Streamlit server's share) and, for
   PostgreSQL, of the database's processes, per refresh and per second at the
   refresh rate.

3. the same through the pages (``--no-pages`` leaves it out): ``streamlit run app.py``
   on that database, a host and ``--participants`` sessions over Streamlit's own
   websocket protocol (as bench/load.py speaks it), each page's board looking again
   on the timer the page asks for, as a browser keeps it. Everyone fills in a name
   and a prediction and clicks Submit at once (a fragment run: the run stays
   hidden until the reveal, so the page does not rerun). Reported: Submit's run,
   submit -> the name on the host's board (which lists who has answered), the
   server's CPU per board look, and "Next task" -> every participant's page on
   the new task (each page notices it on its own timer, then reruns with the
   task's settings).

With ``--processes N`` (N >= 2) only part 3 runs, on PostgreSQL only, as a
server would: N ``streamlit run app.py`` processes behind nginx with the shipped
``deploy/nginx.conf`` (its upstream ports and listen address changed, its HTTPS
listener left out, nothing else; nginx runs in the foreground from a temporary
folder and is stopped at the end). nginx keeps each client address on one process, so each session
connects from its own loopback address (127.0.0.2, 127.0.0.3, ...: still this
machine, and still to 127.0.0.1). It adds: how many sessions each process
served, every submission stored exactly once (read back from the room's
record), the servers' CPU per board look, and their memory per participant.

Targets: submit -> visible p95 <= 3 s (store and pages); Next task -> every page
on it p95 <= 5 s. Exits 0 when the bench ran, even if a target is missed.
"""

import argparse
import asyncio
import contextlib
import csv
import io
import math
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pyarrow as pa
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from playground.core.text import CATALOGUES
from playground.room import RoomsUnavailable, Store, new_participant_id
from playground.room.schema import forget

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import cpu_seconds, free_port, get, memory_mb, percentile, server, stop

TARGET_P95 = 3.0  # seconds, submit -> visible on the host's board
TARGET_MOVE = 5.0  # seconds, Next task -> every page on the new task, p95
COST_CALLS = 200  # board() calls timed for the refresh cost
ROOT = Path(__file__).resolve().parents[1]
EN = CATALOGUES["en"]
DONE = {  # a run's last word; FINISHED_EARLY_FOR_RERUN is followed by another run
    ForwardMsg.FINISHED_SUCCESSFULLY,
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
}
QUIET = 8.0  # seconds of board looks only, to time their CPU


def postgres_cpu():
    """CPU seconds used so far by every process named postgres (readable as their owner),
    with those of its connections that have ended (their parent's waited-for time)."""
    total, tick = 0.0, os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name, rest = text.split("(", 1)[1].rsplit(")", 1)
        if name == "postgres":
            fields = rest.split()
            total += sum(int(f) for f in fields[11:15]) / tick  # utime stime cutime cstime
    return total


def burst(store, code, token, people, round_, refresh, phase):
    """One round: everyone submits at once, the host's first poll ``phase`` seconds
    later. Returns the submit times, the submit -> visible times, and how many
    entries the host never saw."""
    gate, started, took, seen = threading.Barrier(len(people) + 1), {}, [], {}
    lock = threading.Lock()

    def participant(who):
        gate.wait()
        began = time.perf_counter()
        outcome = store.submit(
            code, 0, participant=who, name=who[:6], entry={"round": round_, "lr": 0.001}
        )
        done = time.perf_counter()
        with lock:
            started[who[:6]] = began
            took.append(done - began)
        assert outcome in ("saved", "replaced"), outcome

    def host():
        gate.wait()
        next_poll = time.perf_counter() + phase
        deadline = next_poll + 30
        time.sleep(phase)
        while len(seen) < len(people) and time.perf_counter() < deadline:
            board = store.board(code, token=token)
            now = time.perf_counter()
            for entry in board.entries:
                if entry.entry.get("round") == round_:
                    seen.setdefault(entry.name, now)
            next_poll += refresh
            time.sleep(max(0.0, next_poll - time.perf_counter()))

    threads = [threading.Thread(target=participant, args=(p,)) for p in people]
    threads.append(threading.Thread(target=host))
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    visible = [seen[name] - started[name] for name in started if name in seen]
    missing = len(people) - len(visible)
    return took, visible, missing


def refresh_cost(store, code, token):
    """CPU seconds of one host board() refresh: (this process, the database's)."""
    database = postgres_cpu() if store.url.startswith("postgresql") else None
    own = []
    for _ in range(COST_CALLS):
        began = time.thread_time()
        board = store.board(code, token=token)
        own.append(time.thread_time() - began)
    db = (postgres_cpu() - database) / COST_CALLS if database is not None else 0.0
    return statistics.median(own), db, len(board.entries)


def bench(name, url, args):
    forget(url)
    store = Store(url)
    made = store.create(f"bench {name}")
    code, token = made.room.code, made.token
    people = [new_participant_id() for _ in range(args.participants)]
    submits, visible, missing = [], [], 0
    for round_ in range(args.rounds):
        # The page's timer runs on its own: spread where in its period the burst lands.
        phase = (round_ + 0.5) / args.rounds * args.refresh
        took, seen, lost = burst(store, code, token, people, round_, args.refresh, phase)
        submits += took
        visible += seen
        missing += lost
        time.sleep(1.05)  # the one-a-second limit, before everyone submits again
    own, db, shown = refresh_cost(store, code, token)
    store.close(code, token)
    forget(url)
    return dict(
        submit50=statistics.median(submits),
        submit95=percentile(submits, 95),
        visible50=statistics.median(visible) if visible else math.nan,
        visible95=percentile(visible, 95),
        missing=missing,
        own=own,
        db=db,
        shown=shown,
    )


# ---- through the pages -------------------------------------------------------------


class Session:
    """One browser tab over Streamlit's websocket. A reader takes every message as it
    comes, since a page also runs when nobody asked (st.rerun), and keeps what a
    browser keeps: the query the page wrote, its widgets' ids by label, and its
    board's fragment and period. ``on_text`` and ``on_names`` see what it shows."""

    def __init__(self, ws, query, on_text=None, on_names=None):
        self.ws, self.query, self.lock = ws, query, asyncio.Lock()
        self.widgets, self.fragment, self.period, self.looks = {}, None, None, 0
        self.within = {}  # widget id -> the fragment it is drawn in ("" if none)
        self.on_text, self.on_names = on_text, on_names
        self.texts, self.finished = [], asyncio.Condition()
        self.runs = 0  # runs finished so far
        self.reader = asyncio.create_task(self.read())

    async def read(self):
        with contextlib.suppress(websockets.ConnectionClosed):
            while True:
                msg = ForwardMsg()
                msg.ParseFromString(await self.ws.recv())
                kind = msg.WhichOneof("type")
                if kind == "page_info_changed":  # the page wrote its link
                    self.query = msg.page_info_changed.query_string
                elif kind == "auto_rerun":  # the board's run_every
                    self.fragment = msg.auto_rerun.fragment_id
                    self.period = msg.auto_rerun.interval
                elif kind == "delta":
                    self.element(msg.delta)
                elif kind == "script_finished" and msg.script_finished in DONE:
                    async with self.finished:
                        self.runs += 1
                        self.finished.notify_all()

    def element(self, delta):
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind in ("markdown", "alert"):
            self.texts.append(getattr(element, kind).body)
            if self.on_text is not None:
                self.on_text(self.texts[-1])
        elif kind in ("text_input", "radio", "button"):  # and the fragment it is in
            self.widgets[getattr(element, kind).label] = getattr(element, kind).id
            self.within[getattr(element, kind).id] = delta.fragment_id
        elif kind == "dataframe" and element.dataframe.arrow_data.data and self.on_names:
            table = pa.ipc.open_stream(element.dataframe.arrow_data.data).read_all()
            self.on_names([str(v) for v in table.column(0).to_pylist()])

    async def run(self, states=(), look=False):
        """Ask for a run with widget ``states`` as (id, field, value): of the board for
        a look, else of the fragment the last widget is in, as a browser does. Waits
        for a run to finish; returns (what it showed, seconds)."""
        async with self.lock:  # fragment ids as of the last run: they move with the page
            back = BackMsg()
            back.rerun_script.query_string = self.query
            clicked = self.within.get(states[-1][0], "") if states else ""
            back.rerun_script.fragment_id = self.fragment if look else clicked
            back.rerun_script.is_auto_rerun = look
            for widget, name, value in states:
                state = back.rerun_script.widget_states.widgets.add()
                state.id = widget
                setattr(state, name, value)
            self.texts, runs, began = [], self.runs, time.perf_counter()
            await self.ws.send(back.SerializeToString())
            async with asyncio.timeout(120), self.finished:
                await self.finished.wait_for(lambda: self.runs > runs)
            return self.texts, time.perf_counter() - began

    async def look(self):
        """The board once, as the browser's timer asks for it."""
        self.looks += 1
        return await self.run(look=True)

    async def close(self):
        await self.ws.close()
        await self.reader


async def open_session(base, query, source=None, **watch):
    """A new tab on ``base`` (host:port), its socket bound to ``source`` (a loopback
    address: nginx sees another client) if given; its first run done."""
    ws = await websockets.connect(
        f"ws://{base}/_stcore/stream", subprotocols=["streamlit"], origin=f"http://{base}",
        max_size=None, proxy=None, open_timeout=60,
        local_addr=None if source is None else (source, 0),
    )  # fmt: skip
    session = Session(ws, query, **watch)
    await session.run()
    return session


async def timer(session, stop):
    """The board's ``run_every``, as the browser keeps it: a look every period the page
    asked for, from a random phase, until ``stop``."""
    period = session.period
    next_look = time.perf_counter() + random.uniform(0, period)
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), max(0.0, next_look - time.perf_counter()))
        if stop.is_set():
            return
        next_look += period
        await session.look()


@contextlib.contextmanager
def room_server(database, options=()):
    """``streamlit run app.py [options]`` on a free port with ``ROOMS_URL=database``:
    yields (pid, host:port)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ROOMS_")}
    env["ROOMS_URL"] = database
    port = free_port()
    with server(port, env=env, options=options) as (process, _):
        yield process.pid, f"127.0.0.1:{port}"


@contextlib.contextmanager
def deployment(database, processes, options=()):
    """One server, or ``processes`` servers behind nginx with deploy/nginx.conf:
    yields (pids, host:port to connect to, the nginx access log or None)."""
    if processes == 1:
        with room_server(database, options) as (pid, base):
            yield [pid], base, None
        return
    with contextlib.ExitStack() as stack:
        started = [stack.enter_context(room_server(database, options)) for _ in range(processes)]
        ports = [int(base.rsplit(":", 1)[1]) for _, base in started]
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-nginx-")))
        port = free_port()
        stack.enter_context(nginx(folder, ports, port))
        yield [pid for pid, _ in started], f"127.0.0.1:{port}", folder / "upstream.log"


def nginx_site(ports, listen, folder):
    """deploy/nginx.conf with one upstream line per port, listening on 127.0.0.1:``listen``
    over plain HTTP (no HTTPS listener, so no certificate), its access log in ``folder``;
    nothing else changed."""
    text = (ROOT / "deploy" / "nginx.conf").read_text()
    servers = re.findall(r"^[ \t]*server 127\.0\.0\.1:\d+;\n", text, flags=re.M)
    if not servers:
        raise RuntimeError("deploy/nginx.conf lists no upstream 'server 127.0.0.1:PORT;'")
    lines = "".join(re.sub(r":\d+;", f":{p};", servers[0]) for p in ports)
    text = text.replace(servers[0], lines, 1)
    for other in servers[1:]:
        text = text.replace(other, "", 1)
    text, n = re.subn(r"^(\s*)listen 80;", rf"\1listen 127.0.0.1:{listen};", text, flags=re.M)
    if n != 1:
        raise RuntimeError("deploy/nginx.conf should listen on port 80 once")
    # The bench speaks plain HTTP: the HTTPS listener and its certificate are left out.
    text = re.sub(r"^[ \t]*(listen 443 ssl|ssl_\w+)\b[^;]*;[^\n]*\n", "", text, flags=re.M)
    ours = f"access_log {folder}/upstream.log upstream;\n    access_log {folder}/access.log"
    return re.sub(r"access_log /var/log/nginx/\S+", ours, text)  # a server's log is its own


@contextlib.contextmanager
def nginx(folder, ports, listen):
    """nginx in the foreground with ``nginx_site`` and its own prefix; always stopped."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        raise RuntimeError("no nginx on this machine")
    for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / "temp" / kind).mkdir(parents=True)
    (folder / "site.conf").write_text(nginx_site(ports, listen, folder))
    temp = "".join(f"    {k}_temp_path {folder}/temp/{k};\n"
                   for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))  # fmt: skip
    (folder / "nginx.conf").write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"daemon off;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log;\n"
        + "worker_processes 1;\nevents { worker_connections 2048; }\nhttp {\n"
        + "    log_format upstream '$remote_addr $upstream_addr $status $request_uri';\n"
        + f"    access_log {folder}/upstream.log upstream;\n{temp}"
        + f"    include {folder}/site.conf;\n}}\n"
    )
    process = subprocess.Popen([binary, "-p", str(folder), "-c", str(folder / "nginx.conf")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL)  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                log = folder / "error.log"
                said = log.read_text()[-2000:] if log.exists() else ""
                raise RuntimeError(f"nginx exited:\n{said}")
            with contextlib.suppress(OSError):
                if get(f"http://127.0.0.1:{listen}/_stcore/health").strip() == "ok":
                    break
            if time.monotonic() > deadline:
                raise RuntimeError("nginx did not answer in 30 s")
            time.sleep(0.2)
        yield process
    finally:
        stop(process)


SOURCES = [f"127.0.0.{k}" for k in range(2, 255)]  # one client address per session, cycled


def split(log, pids):
    """How many websocket sessions each upstream served, from nginx's log: {port: n}."""
    counts = {}
    if log is None or not log.exists():
        return counts
    for line in log.read_text().splitlines():
        parts = line.split()
        if len(parts) >= 4 and parts[3].startswith("/_stcore/stream"):
            counts[parts[1]] = counts.get(parts[1], 0) + 1
    return counts


def stored_once(database, code, token, names):
    """(stored exactly once, lost, stored more than once) among ``names``, from the
    room's record: every counted or replaced submission of the first task."""
    record = csv.DictReader(io.StringIO(Store(database).export_csv(code, token)))
    kept = [r["name"] for r in record if r["task"] == "1"]
    once = sum(kept.count(n) == 1 for n in names)
    lost = sum(n not in kept for n in names)
    return once, lost, sum(kept.count(n) > 1 for n in names)


async def pages(database, participants, options=(), processes=1):
    """Everyone submits at once through the pages; then the host moves to the next task."""
    made = Store(database).create("bench pages")
    code, token = made.room.code, made.token
    forget(database)
    marker = EN["room.header"].format(code=code, task=2, count=len(made.room.tasks))
    seen, sent, arrived, moving, stop = {}, {}, {}, {}, asyncio.Event()

    def names(found):
        now = time.perf_counter()
        for name in found:
            seen.setdefault(name, now)

    def on_text(i):
        def arrive(text):
            if "began" in moving and marker in text:
                arrived.setdefault(i, time.perf_counter() - moving["began"])

        return arrive

    many = processes > 1
    with deployment(database, processes, options) as (pids, base, log):

        async def tab(i, **watch):  # session i, from its own address behind nginx
            source = SOURCES[i % len(SOURCES)] if many else None
            return await open_session(base, **watch, source=source)

        host = await tab(0, query=f"room={code}&host={token}", on_names=names)
        people = [await tab(1, query=f"room={code}", on_text=on_text(0))]
        rss = sum(memory_mb(p)[0] for p in pids)  # warm: modules loaded, caches filled
        people += [await tab(i + 1, query=f"room={code}", on_text=on_text(i))
                   for i in range(1, participants)]  # fmt: skip
        everyone = [host, *people]
        timers = [asyncio.create_task(timer(s, stop)) for s in everyone]
        await asyncio.sleep(QUIET)  # everyone idle, every board looking
        memory = (sum(memory_mb(p)[0] for p in pids) - rss) / max(1, participants - 1)
        looks, cpu = sum(s.looks for s in everyone), sum(cpu_seconds(p) for p in pids)
        share = Shares(pids)
        await asyncio.sleep(QUIET)
        share.mark("idle")
        look_cpu = (sum(cpu_seconds(p) for p in pids) - cpu) / max(
            1, sum(s.looks for s in everyone) - looks
        )

        async def submit(i, person):
            name, ids = f"p{i:03d}", person.widgets
            states = [(ids[EN["room.name.label"]], "string_value", name),
                      (ids[EN["room.choice.label"]], "string_value", "It blows up"),
                      (ids[EN["room.submit.prediction"]], "trigger_value", True)]  # fmt: skip
            sent[name] = time.perf_counter()
            texts, took = await person.run(states)
            return took, EN["room.outcome.saved"] in texts

        cpu = sum(cpu_seconds(p) for p in pids)
        done = await asyncio.gather(*(submit(i, p) for i, p in enumerate(people)))
        await until(lambda: set(sent) <= set(seen), 30)
        burst_cpu = sum(cpu_seconds(p) for p in pids) - cpu
        share.mark("burst")
        moving["began"], cpu = time.perf_counter(), sum(cpu_seconds(p) for p in pids)
        await host.run([(host.widgets[EN["room.next"]], "trigger_value", True)])
        await until(lambda: len(arrived) == len(people), 60)
        move_cpu = (sum(cpu_seconds(p) for p in pids) - cpu) / len(people)
        share.mark("move")
        stop.set()
        await asyncio.gather(*timers)
        for s in everyone:
            await s.close()
        served = split(log, pids)
    visible = [seen[n] - sent[n] for n in sent if n in seen]
    moved = list(arrived.values()) + [math.inf] * (len(people) - len(arrived))
    once = stored_once(database, code, token, list(sent))
    return dict(
        submit=[t for t, _ in done], saved=sum(ok for _, ok in done), visible=visible,
        missing=len(sent) - len(visible), look_cpu=look_cpu, burst_cpu=burst_cpu, moved=moved,
        memory=memory, once=once, served=served, move_cpu=move_cpu, shares=share.found,
    )  # fmt: skip


class Shares:
    """Who used the machine's CPU in each stretch of the bench: the servers, the
    database, and this process (the bench's own websocket clients, which share the
    cores with the servers): ``mark(name)`` ends a stretch. ``found``: {name: (wall
    seconds, servers', database's, bench's CPU seconds)}."""

    def __init__(self, pids):
        self.pids, self.found = pids, {}
        self.last = self.now()

    def now(self):
        servers = sum(cpu_seconds(p) for p in self.pids)
        return time.perf_counter(), servers, postgres_cpu(), time.process_time()

    def mark(self, name):
        now = self.now()
        self.found[name] = tuple(b - a for a, b in zip(self.last, now, strict=True))
        self.last = now


async def until(done, timeout):
    deadline = time.perf_counter() + timeout
    while not done() and time.perf_counter() < deadline:
        await asyncio.sleep(0.1)


def report(results, args):
    print(
        f"\n== {args.participants} participants at once x {args.rounds} rounds; the host "
        f"polls every {args.refresh:g} s =="
    )
    header = (
        f"  {'':<11}{'submit p50':>11}{'p95':>8}{'visible p50':>13}{'p95':>8}{'lost':>6}"
        f"{'refresh CPU app':>17}{'db':>9}{'CPU/s app+db':>14}"
    )
    print(header)
    for name, r in results.items():
        if isinstance(r, str):
            print(f"  {name:<11}skipped: {r}")
            continue
        per_second = (r["own"] + r["db"]) / args.refresh
        print(
            f"  {name:<11}{r['submit50'] * 1e3:9.1f}ms{r['submit95'] * 1e3:6.1f}ms"
            f"{r['visible50']:12.2f}s{r['visible95']:7.2f}s{r['missing']:6d}"
            f"{r['own'] * 1e3:15.2f}ms{r['db'] * 1e3:7.2f}ms{per_second * 100:12.2f}%"
        )
    done = {k: v for k, v in results.items() if not isinstance(v, str)}
    if len(done) == 2:
        a, b = done["SQLite"], done["PostgreSQL"]
        print(
            f"  PostgreSQL / SQLite: submit p50 x{b['submit50'] / a['submit50']:.2f}, "
            f"visible p50 x{b['visible50'] / a['visible50']:.2f}, refresh CPU (app) "
            f"x{b['own'] / a['own']:.2f}"
        )
    print("\n== Summary ==")
    for name, r in done.items():
        met = r["visible95"] <= TARGET_P95 and r["missing"] == 0
        print(
            f"  {name}: submit -> visible p95 {r['visible95']:.2f} s (target <= "
            f"{TARGET_P95:g} s), {r['missing']} never seen: {'MET' if met else 'MISSED'}; "
            f"a host refresh of {r['shown']} entries costs {(r['own'] + r['db']) * 1e3:.2f} ms "
            f"CPU, {(r['own'] + r['db']) / args.refresh * 100:.2f} % of a core at one "
            f"refresh every {args.refresh:g} s"
        )


def report_pages(results, participants, options):
    print(
        f"\n== Through the pages: {participants} participants submit at once, every "
        f"page's board looking on its own timer; server options: {options or 'as shipped'} =="
    )
    print(
        f"  {'':<11}{'Submit p50':>11}{'p95':>8}{'visible p50':>13}{'p95':>8}{'lost':>6}"
        f"{'CPU/look':>10}{'burst CPU':>11}{'Next -> all p50':>17}{'p95':>8}"
    )
    done = {}
    for name, r in results.items():
        if isinstance(r, str):
            print(f"  {name:<11}skipped: {r}")
            continue
        done[name] = r = dict(r, **{
            k: (statistics.median(r[v]) if r[v] else math.nan, percentile(r[v], 95))
            for k, v in (("s", "submit"), ("v", "visible"), ("m", "moved"))
        })  # fmt: skip
        print(
            f"  {name:<11}{r['s'][0]:10.2f}s{r['s'][1]:7.2f}s{r['v'][0]:12.2f}s{r['v'][1]:7.2f}s"
            f"{r['missing']:6d}{r['look_cpu'] * 1e3:8.1f}ms{r['burst_cpu']:10.1f}s"
            f"{r['m'][0]:16.2f}s{r['m'][1]:7.2f}s"
        )
    if len(done) == 2:
        a, b = done["SQLite"], done["PostgreSQL"]
        print(
            f"  PostgreSQL / SQLite: Submit p50 x{b['s'][0] / a['s'][0]:.2f}, visible p50 "
            f"x{b['v'][0] / a['v'][0]:.2f}, CPU per look x{b['look_cpu'] / a['look_cpu']:.2f}, "
            f"Next -> all p50 x{b['m'][0] / a['m'][0]:.2f}"
        )
    for name, r in done.items():
        met = r["v"][1] <= TARGET_P95 and r["missing"] == 0 and r["saved"] == participants
        print(
            f"  {name}: submit -> on the host's board p95 {r['v'][1]:.2f} s (target <= "
            f"{TARGET_P95:g} s), {r['saved']}/{participants} saved, {r['missing']} never seen: "
            f"{'MET' if met else 'MISSED'}"
        )
        once, lost, twice = r["once"]
        print(
            f"  {name}: stored exactly once {once}/{participants} ({lost} lost, {twice} more "
            f"than once): {'MET' if once == participants else 'MISSED'}; Next task -> every "
            f"page p95 {r['m'][1]:.2f} s (target <= {TARGET_MOVE:g} s): "
            f"{'MET' if r['m'][1] <= TARGET_MOVE else 'MISSED'}"
        )
        print(
            f"  {name}: CPU per board look {r['look_cpu'] * 1e3:.1f} ms, per Submit "
            f"{r['burst_cpu'] / participants * 1e3:.0f} ms, per page moved to the next task "
            f"{r['move_cpu'] * 1e3:.0f} ms (servers, all processes, looks included); memory "
            f"per participant {r['memory']:.2f} MB (servers' RSS growth per session, once warm)"
        )
        for stretch, (wall, servers, db, bench) in r["shares"].items():
            print(
                f"  {name}: CPU while {stretch} ({wall:.1f} s): servers {servers / wall:.0%}, "
                f"database {db / wall:.0%}, the bench's clients {bench / wall:.0%} of a core "
                f"({os.cpu_count()} cores)"
            )
        if r["served"]:
            each = ", ".join(f"{k}: {v}" for k, v in sorted(r["served"].items()))
            print(f"  {name}: sessions per process (nginx's log): {each}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--refresh", type=float, default=1.0, help="host poll period, s")
    parser.add_argument("--postgres", default=os.environ.get("ROOMS_TEST_POSTGRES_URL"))
    parser.add_argument("--no-pages", action="store_true", help="the store only, no server")
    parser.add_argument(
        "--processes", type=int, default=1,
        help="servers behind nginx (deploy/nginx.conf) on PostgreSQL; 2 or more: the pages only",
    )  # fmt: skip
    parser.add_argument(
        "--server-option", action="append", default=[], metavar="NAME=VALUE",
        help="a Streamlit option for the pages' server, e.g. runner.postScriptGC=false",
    )  # fmt: skip
    args = parser.parse_args()
    if args.participants < 1 or args.rounds < 1 or not 0.1 <= args.refresh <= 10:
        parser.error("--participants and --rounds must be >= 1, --refresh 0.1 to 10")
    if not 1 <= args.processes <= 8:
        parser.error(f"--processes must be 1 to 8, got {args.processes}")
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")
    if args.processes > 1:
        return several(args)
    results, paged = {}, {}
    with tempfile.TemporaryDirectory() as folder:
        databases = {"SQLite": f"sqlite:///{folder}/rooms.sqlite3", "PostgreSQL": args.postgres}
        for name, url in databases.items():
            if url is None:
                results[name] = paged[name] = "no --postgres URL and no ROOMS_TEST_POSTGRES_URL"
                continue
            try:
                results[name] = bench(name, url, args)
            except RoomsUnavailable as error:
                results[name] = paged[name] = str(error)
                continue
            if not args.no_pages:
                options = [f"--{o}" for o in args.server_option]
                paged[name] = asyncio.run(pages(url, args.participants, options))
    report(results, args)
    if paged:
        report_pages(paged, args.participants, args.server_option)
    return 0


def several(args):
    """``--processes N``: the pages only, N servers behind nginx on PostgreSQL."""
    if args.postgres is None:
        print("skipped: several processes need PostgreSQL (--postgres URL)")
        return 0
    options = [f"--{o}" for o in args.server_option]
    try:
        found = asyncio.run(pages(args.postgres, args.participants, options, args.processes))
    except (RoomsUnavailable, RuntimeError) as error:
        print(f"skipped: {error}")
        return 0
    label = f"{args.processes} processes behind nginx, PostgreSQL"
    report_pages({"PostgreSQL": found}, args.participants, [*args.server_option, label])
    return 0


if __name__ == "__main__":
    sys.exit(main())
