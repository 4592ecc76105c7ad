"""How long do heavy pages wait for their turn? A burst of them, in one process.

    python bench/heavy.py [--pages N]

N threads open distinct heavy pages at once (the rates view: eight runs and
three grids each, at their own rate and start, so nothing is cached), each as
AppTest, while one more thread keeps rerunning the default page. It prints the
heavy-work queue's waits (``playground.ui.heavy.waits``: p50 and p95), each
heavy page's latency, and the default page's latency beside them, so the queue's
cost and the bystander's protection are read side by side in one run.
"""

import argparse
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from playground.ui import heavy  # noqa: E402


def page(query):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.query_params.update(query)
    began = time.perf_counter()
    at.run()
    assert not at.exception, at.exception
    return time.perf_counter() - began


def percentile(values, q):
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=8)
    args = parser.parse_args()
    page({})  # imports and the default run, paid before any timing
    st.cache_resource.clear()
    heavy.clear_all()
    latencies, bystander, done = [], [], threading.Event()

    def visitor(i):
        latencies.append(page({"view": "rates", "lr": f"{1e-4 * (1 + i / 100):.6g}",
                               "w0": f"{0.1 + i / 10:.2f}", "iterations": "100000"}))  # fmt: skip

    def watcher():
        while not done.is_set():
            bystander.append(page({"w0": f"{1 + len(bystander) / 100:.2f}"}))

    watch = threading.Thread(target=watcher)
    watch.start()
    threads = [threading.Thread(target=visitor, args=(i,)) for i in range(args.pages)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    done.set()
    watch.join()
    waits = heavy.waits()
    print(f"{args.pages} heavy pages at once (rates view, 100,000 iterations, nothing cached)")
    print(
        f"  queue waits:      p50 {percentile(waits, 50):.2f} s, p95 {percentile(waits, 95):.2f} s"
    )
    print(f"  heavy page:       p50 {percentile(latencies, 50):.2f} s, "
          f"p95 {percentile(latencies, 95):.2f} s")  # fmt: skip
    print(
        f"  default page:     p50 {percentile(bystander, 50):.2f} s, "
        f"p95 {percentile(bystander, 95):.2f} s over {len(bystander)} runs meanwhile"
    )
    ratio = percentile(bystander, 95) / percentile(latencies, 50)
    print(f"  bystander p95 / heavy p50: {ratio:.2f}")


if __name__ == "__main__":
    main()
