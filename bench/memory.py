"""What open sessions hold, and what a CSV click costs. One run, side by side.

    python bench/memory.py [--sessions 20]

1. Starts ``streamlit run app.py`` and opens ``--sessions`` websocket sessions,
   each on its own Training view at 1,000,000 iterations (its own start, so each
   is a run of its own), keeps them all open, and prints the server's memory
   (RSS) before, with them open, and after they close. Target: 20 such
   sessions hold at most 200 MB in all.
2. Times, in this process, what the Training view's download does on a click
   (``frames.history_csv``: the run recorded at 100,000 evenly spread
   iterations, written as CSV), median of 5, as CPU seconds, beside the same at
   10,000 iterations. Target: at most 1 s of CPU.
"""

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from load import connect, free_port, memory_mb, run, server

from playground.compute.frames import history_csv
from playground.core.settings import Settings
from playground.core.text import text

TARGET_MB, TARGET_CSV_CPU = 200.0, 1.0


async def hold(url, origin, count):
    """Open ``count`` sessions on distinct 1M-iteration Training links; keep them open."""
    sockets = []
    for i in range(count):
        ws = await connect(url, origin)
        await run(ws, f"iterations=1000000&view=training&w0={0.1 + i / 50:.2f}")
        sockets.append(ws)
    return sockets


async def measure(port, count):
    pid_url, origin = f"ws://127.0.0.1:{port}/_stcore/stream", f"http://127.0.0.1:{port}"
    async with await connect(pid_url, origin) as ws:  # imports paid before measuring
        await run(ws, "")
    return pid_url, origin


def csv_cpu(iterations, repeats=5):
    settings, T = Settings(iterations=iterations), text("en")
    times = []
    for _ in range(repeats):
        began = time.process_time()
        _, body = history_csv(settings, iterations, T)
        times.append(time.process_time() - began)
    return statistics.median(times), len(body)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=20)
    args = parser.parse_args()
    port = free_port()
    with server(port) as (process, _log):
        url, origin = asyncio.run(measure(port, args.sessions))
        before = memory_mb(process.pid)[0]

        async def scenario():
            sockets = await hold(url, origin, args.sessions)
            await asyncio.sleep(1.0)
            held = memory_mb(process.pid)[0]
            for ws in sockets:
                await ws.close()
            await asyncio.sleep(3.0)
            return held

        held = asyncio.run(scenario())
        after, peak = memory_mb(process.pid)
    grown = held - before
    print(f"== {args.sessions} open sessions, each a Training view at 1,000,000 iterations")
    print(f"  server RSS: {before:.0f} MB before, {held:.0f} MB with them open "
          f"(+{grown:.0f} MB, {grown / args.sessions:.1f} MB a session), {after:.0f} MB after "
          f"they closed; peak {peak:.0f} MB")  # fmt: skip
    print(f"  held by the sessions: {grown:.0f} MB (target <= {TARGET_MB:.0f} MB in all): "
          f"{'MET' if grown <= TARGET_MB else 'MISSED'}")  # fmt: skip
    big, size = csv_cpu(1_000_000)
    small, small_size = csv_cpu(10_000)
    print("== The Training view's CSV, built on click (median of 5, CPU seconds)")
    print(f"  10,000 iterations: {small:.3f} s, {small_size / 1e6:.1f} MB")
    print(f"  1,000,000 iterations (100,000 rows): {big:.3f} s, {size / 1e6:.1f} MB; "
          f"{big / small:.1f}x the 10,000 one (target <= {TARGET_CSV_CPU:g} s): "
          f"{'MET' if big <= TARGET_CSV_CPU else 'MISSED'}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
