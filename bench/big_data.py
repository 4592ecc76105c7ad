"""What does a person's 100,000-row table cost? The CLI and the page, beside the default data.

    python bench/big_data.py [--repeats N]

The table is read and analysed once per content (cached); after that a run on
it should cost what a run on the article's 100 temperatures does, and as
little more at 1,000,000 iterations as the default does. Targets (the "your
own data" issue):
  * python -m neuron --data (100,000 rows) at most 3x python -m neuron;
  * a cached rerun of the page on that data at most 3x one on the default data;
  * each at 1,000,000 iterations about what it is at 10,000.
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

ROWS = 100_000


def table(rows=ROWS, seed=0):
    """A noisy °C → °F table as a person's CSV file would hold it."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-40, 40, rows).round(2)
    y = (x * 1.8 + 32 + rng.normal(0, 2, rows)).round(2)
    return "celsius,fahrenheit\n" + "".join(f"{a},{b}\n" for a, b in zip(x.tolist(), y.tolist()))


def cli_seconds(args, repeats):
    """Median wall time of ``python -m neuron ARGS --json`` (a fresh process each)."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "neuron", *args, "--json"], cwd=ROOT,
                       check=True, capture_output=True)  # fmt: skip
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def page_seconds(text, iterations, repeats):
    """(first run, median cached rerun) of the page with ``text`` pasted (None: default)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.query_params["iterations"] = str(iterations)
    at.run()
    if text is not None:
        at.selectbox(key="dataset").set_value("own").run()
        start = time.perf_counter()
        at.text_area(key="data.paste").input(text).run()
        first = time.perf_counter() - start
    else:
        start = time.perf_counter()
        at.run()
        first = time.perf_counter() - start
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
    if at.exception:
        raise RuntimeError(at.exception[0].message)
    return first, statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    text = table()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.csv"
        path.write_text(text)
        print(f"{ROWS:,} rows, {len(text) / 1e6:.1f} MB")
        for iterations in ("10000", "1000000"):
            base = cli_seconds(["--iterations", iterations], args.repeats)
            big = cli_seconds(["--iterations", iterations, "--data", str(path)], args.repeats)
            print(f"CLI  {iterations:>9} iterations: default {base:.3f} s, "
                  f"100k rows {big:.3f} s, ratio {big / base:.2f}")  # fmt: skip
    for iterations in (10_000, 1_000_000):
        _, base = page_seconds(None, iterations, args.repeats)
        first, big = page_seconds(text, iterations, args.repeats)
        print(f"page {iterations:>9,} iterations: default rerun {base:.3f} s, 100k rows: "
              f"read+first {first:.3f} s, rerun {big:.3f} s, ratio {big / base:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
