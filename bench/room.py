"""The live room's store under a burst: 60 participants submit at once.

    python bench/room.py [--participants 60] [--rounds 5] [--refresh 1.0]
                         [--postgres URL]

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

Target: submit -> visible p95 <= 3 s. Exits 0 when the bench ran, even if a target
is missed.
"""

import argparse
import math
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from playground.room import RoomsUnavailable, Store, new_participant_id
from playground.room.schema import forget

TARGET_P95 = 3.0  # seconds, submit -> visible on the host's board
COST_CALLS = 200  # board() calls timed for the refresh cost


def percentile(values, q):
    """Nearest-rank percentile, as bench/load.py reports it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)] if ordered else math.nan


def postgres_cpu():
    """CPU seconds used so far by every process named postgres (readable as their owner)."""
    total, tick = 0.0, os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name, rest = text.split("(", 1)[1].rsplit(")", 1)
        if name == "postgres":
            fields = rest.split()
            total += (int(fields[11]) + int(fields[12])) / tick
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--refresh", type=float, default=1.0, help="host poll period, s")
    parser.add_argument("--postgres", default=os.environ.get("ROOMS_TEST_POSTGRES_URL"))
    args = parser.parse_args()
    if args.participants < 1 or args.rounds < 1 or not 0.1 <= args.refresh <= 10:
        parser.error("--participants and --rounds must be >= 1, --refresh 0.1 to 10")
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        results["SQLite"] = bench("SQLite", f"sqlite:///{folder}/rooms.sqlite3", args)
    if not args.postgres:
        results["PostgreSQL"] = "no --postgres URL and no ROOMS_TEST_POSTGRES_URL"
    else:
        try:
            results["PostgreSQL"] = bench("PostgreSQL", args.postgres, args)
        except RoomsUnavailable as error:
            results["PostgreSQL"] = str(error)
    report(results, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
