"""How fast are mini-batch SGD and its exact expectation? Beside the article's loop, in one run.

    python bench/sgd.py [--repeats N]

Prints medians and ratios to the article's literal loop (10,000 full-batch
iterations, forward → backward → update in plain Python). Targets:
  * expected_run at 1,000,000 iterations: well under a second;
  * a sampled run (batch 4) at 100,000 iterations: faster than the loop at 10,000.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np
from train_speed import article_loop, median_seconds, side_by_side

import neuron


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    data = neuron.make_dataset()
    celsius, fahrenheit = data.celsius.tolist(), data.fahrenheit.tolist()
    start = dict(initial_weight=0.5, initial_bias=0.5)

    def loop():
        return article_loop(celsius, fahrenheit, 1e-4, 10_000, 0.5, 0.5)

    def expected():
        return neuron.expected_run(
            data, learning_rate=1e-4, batch_size=4, iterations=1_000_000, **start
        )

    def sampled(n):
        return lambda: neuron.train(
            data, learning_rate=1e-4, iterations=n, batch_size=4, seed=0, **start
        )

    print(f"numpy {np.__version__}, Python {sys.version.split()[0]}, median of {args.repeats}\n")
    loop_10k = median_seconds(loop, args.repeats)
    print(f"{'article loop, 10,000 iterations':44}{loop_10k * 1e3:10.1f} ms")
    rows = [
        ("expected_run, batch 4, 1,000,000 iterations", expected),
        ("sampled run,  batch 4,    10,000 iterations", sampled(10_000)),
        ("sampled run,  batch 4,   100,000 iterations", sampled(100_000)),
    ]
    seconds = {}
    for label, fn in rows:
        _, seconds[label], ratio = side_by_side(loop, fn, args.repeats)
        print(f"{label:44}{seconds[label] * 1e3:10.1f} ms   {ratio:8.3f} of the loop at 10,000")
    adam = lambda: neuron.train(  # noqa: E731
        data, optimizer=neuron.Adam(1e-2), iterations=10_000, batch_size=4, seed=0, **start
    )
    adam_s = median_seconds(adam, args.repeats)
    print(f"{'sampled Adam, batch 4,    10,000 iterations':44}{adam_s * 1e3:10.1f} ms")

    full = neuron.bowl(data).critical_learning_rate
    print(f"\nmean-square critical rate on the article's data (full batch 2/λmax = {full:.7g}):")
    for b in (1, 2, 4, 16):
        run = neuron.expected_run(data, learning_rate=1e-4, batch_size=b, iterations=0, **start)
        rate = run.critical_learning_rate
        print(f"  batch {b:>2}: {rate:.7g}   {rate / full:.4f} of the full batch's")

    met = seconds[rows[0][0]] < 0.5 and seconds[rows[2][0]] < loop_10k
    print(f"\ntargets {'met' if met else 'NOT met'}")


if __name__ == "__main__":
    main()
