"""Write rmsprop_torch.json: torch.optim.RMSprop in float64 on the default data.

Run once by hand, with PyTorch installed (it is not a requirement):

    python tests/data/make_rmsprop_reference.py

The tests read the JSON and never import torch. Each setting starts at the
page's default start and records the weight, bias and loss after the given
numbers of updates; the loss and its gradient come from autograd over the
samples, as a PyTorch user would write them.
"""

import json
import sys
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

import neuron  # noqa: E402
from neuron.parameters import DEFAULT_START  # noqa: E402

OUT = Path(__file__).with_name("rmsprop_torch.json")
ITERATIONS = 300
STEPS = [0, 1, 2, 3, 5, 10, 20, 50, 100, 150, 200, 250, 300]
# (learning rate, alpha): the default α, long and short memories, and α = 0
# (a step of η sign(g)); chosen so that no recorded step has reached the
# rattling around the optimum, where rounding decides the path.
SETTINGS = [
    (0.01, 0.99),
    (0.001, 0.99),
    (0.002, 0.999),
    (0.002, 0.9),
    (0.1, 0.5),
    (0.5, 0.9),
    (0.05, 0.0),
]


def run(lr, alpha):
    data = neuron.make_dataset()
    x = torch.tensor(data.celsius, dtype=torch.float64)
    y = torch.tensor(data.fahrenheit, dtype=torch.float64)
    w = torch.tensor(DEFAULT_START[0], dtype=torch.float64, requires_grad=True)
    b = torch.tensor(DEFAULT_START[1], dtype=torch.float64, requires_grad=True)
    opt = torch.optim.RMSprop([w, b], lr=lr, alpha=alpha, eps=1e-8, foreach=False)
    rows = []
    for t in range(ITERATIONS + 1):
        opt.zero_grad()
        loss = ((x * w + b - y) ** 2).mean()
        if t in STEPS:
            rows.append([t, w.item(), b.item(), loss.item()])
        loss.backward()
        opt.step()
    return {"learning_rate": lr, "alpha": alpha, "rows": rows}


def main():
    torch.set_default_dtype(torch.float64)
    reference = {
        "torch": torch.__version__,
        "optimizer": "torch.optim.RMSprop(lr, alpha, eps=1e-8), float64, foreach=False",
        "data": "neuron.make_dataset()",
        "start": list(DEFAULT_START),
        "epsilon": 1e-8,
        "columns": ["iteration", "weight", "bias", "loss"],
        "runs": [run(lr, alpha) for lr, alpha in SETTINGS],
    }
    OUT.write_text(json.dumps(reference, indent=1) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
