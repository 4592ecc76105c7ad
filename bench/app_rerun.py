"""What does a rerun of the page cost? AppTest runs, side by side in one process.

    python bench/app_rerun.py [--repeats N]

For each view it times a first run with empty caches (cold) and then
cached reruns, next to a one-chart Streamlit page measured the same way,
and prints medians and ratios. Targets (issue 3, kept by issue 4):
  * a cached rerun costs at most 5x the one-chart page;
  * a first run at 1,000,000 iterations takes under 2 s.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from playground.core.views import NAMES  # noqa: E402

ONE_CHART_PAGE = """
import altair as alt
import pandas as pd
import streamlit as st

st.title("One chart")
celsius = list(range(-50, 50))
frame = pd.DataFrame({"celsius": celsius, "fahrenheit": [c * 9 / 5 + 32 for c in celsius]})
st.altair_chart(alt.Chart(frame).mark_line().encode(x="celsius", y="fahrenheit"),
                width="stretch")
"""

SWEEP = "1e-6,1e-5,1e-4,3e-4,6e-4,9e-4,0.00119,0.0013"
# Every view in the registry at a million iterations (the learning-rate view
# with a full 8-rate comparison), the default page, and the Math view early on.
VIEWS = [
    ("defaults (predictions)", {}),
    *[
        (
            f"{name}, 1M" + (", 8-rate sweep" if name == "rates" else ""),
            {
                "iterations": "1000000",
                "view": name,
                **({"sweep": SWEEP} if name == "rates" else {}),
            },
        )
        for name in NAMES
    ],
    ("math, step 7", {"view": "math", "step": "7"}),
]


def timed_run(at):
    start = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(at.exception[0].message)
    return elapsed


def measure(path, link, repeats):
    """(cold first run, median cached rerun) in seconds for the page at ``link``."""
    st.cache_resource.clear()
    st.cache_data.clear()
    at = AppTest.from_file(str(path), default_timeout=120)
    for name, value in link.items():
        at.query_params[name] = value
    cold = timed_run(at)
    return cold, statistics.median(timed_run(at) for _ in range(repeats))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        one_chart = Path(folder) / "one_chart.py"
        one_chart.write_text(ONE_CHART_PAGE)
        measure(one_chart, {}, 3)  # warm the imports for both pages
        measure(ROOT / "app.py", {"iterations": "77"}, 3)
        _, baseline = measure(one_chart, {}, args.repeats)
        print(f"streamlit {st.__version__}; medians of {args.repeats} cached reruns\n")
        print(f"{'page':36}{'cold run':>11}{'rerun':>11}{'vs one chart':>14}")
        print(f"{'one-chart page':36}{'':>11}{baseline * 1e3:>9.1f}ms{1:>13.1f}x")
        worst_ratio, cold_1m = 0.0, 0.0
        for label, link in VIEWS:
            cold, rerun = measure(ROOT / "app.py", link, args.repeats)
            ratio = rerun / baseline
            worst_ratio = max(worst_ratio, ratio)
            if link.get("iterations") == "1000000":
                cold_1m = max(cold_1m, cold)
            print(f"{label:36}{cold * 1e3:>9.0f}ms{rerun * 1e3:>9.1f}ms{ratio:>13.1f}x")
        worst_growth = cold_growth(args.repeats)
    print(f"\nworst cached rerun: {worst_ratio:.1f}x the one-chart page (target <= 5x)")
    print(f"slowest cold run at 1,000,000 iterations: {cold_1m:.2f} s (target < 2 s)")
    print(f"worst cold 1M / cold 10k: {worst_growth:.2f}x (target <= 1.5x)")
    met = worst_ratio <= 5 and cold_1m < 2 and worst_growth <= 1.5
    print(f"targets {'met' if met else 'NOT met'}")


def cold_growth(repeats):
    """Each view cold at 10,000 and at 1,000,000 iterations, in alternation, each
    time with its own start so nothing is cached: medians and their ratio."""
    print(f"\n{'view, cold (median of ' + str(repeats // 3) + ')':36}{'10,000':>11}"
          f"{'1,000,000':>12}{'ratio':>9}")  # fmt: skip
    worst = 0.0
    for name in NAMES:
        small, big = [], []
        for i in range(max(repeats // 3, 3)):
            for n, into in ((10_000, small), (1_000_000, big)):
                link = {"view": name, "iterations": str(n), "w0": f"{0.3 + i / 100:.2f}"}
                into.append(measure(ROOT / "app.py", link, 1)[0])
        ratio = statistics.median(big) / statistics.median(small)
        worst = max(worst, ratio)
        print(f"{name:36}{statistics.median(small) * 1e3:>9.0f}ms"
              f"{statistics.median(big) * 1e3:>10.0f}ms{ratio:>8.2f}x")  # fmt: skip
    return worst


if __name__ == "__main__":
    main()
