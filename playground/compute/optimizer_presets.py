"""The optimizer presets: the article's experiment, run with another optimizer.

Each sets the article's data and start, an optimizer with its
hyper-parameters, a rate and a number of iterations. ``facts`` computes with
the engine every number its help text states, so the text says what the run
does; ``help_values`` writes them in a language.
"""

import math

import neuron
from neuron.parameters import GROUPS, MAX_ITERATIONS
from playground.compute import explain
from playground.compute.analysis import optimizer_of, training_data
from playground.core.params import BY_NAME, default
from playground.core.settings import ARTICLE, Settings, round_to

NAMES = ("momentum_bias", "momentum_rings", "momentum_fast", "adam_steps")
ARTICLE_RUN = {
    "w0": ARTICLE["initial_weight"],
    "b0": ARTICLE["initial_bias"],
    **{BY_NAME[n].link: default(n) for n in GROUPS["data"] if BY_NAME[n].link},
}
CALM = 0.9  # the momentum the ringing preset is compared with


def values(name):
    """Link name → value: everything the preset ``name`` sets."""
    rate = ARTICLE["learning_rate"]
    if name == "momentum_bias":
        chosen = {"optimizer": "momentum", "momentum": CALM, "lr": rate, "iterations": 3000}
    elif name == "momentum_rings":
        chosen = {"optimizer": "momentum", "momentum": 0.99, "lr": rate, "iterations": 3000}
    elif name == "momentum_fast":  # a quarter above plain descent's critical rate
        critical = neuron.bowl(_data()).critical_learning_rate
        fast = round_to(1.25 * critical, math.ceil)
        chosen = {"optimizer": "momentum", "momentum": 0.5, "lr": fast, "iterations": 1000}
    elif name == "adam_steps":
        chosen = {"optimizer": "adam", "beta1": default("beta1"), "beta2": default("beta2"),
                  "lr": 0.2, "iterations": 1000}  # fmt: skip
    else:
        raise ValueError(f"no optimizer preset is called {name!r}")
    return {**ARTICLE_RUN, **chosen}


def _data():
    return training_data(Settings.from_values(ARTICLE_RUN))[1]


def facts(name):
    """The numbers the help of preset ``name`` states, from the engine's runs.

    Returns
    -------
    dict of str → int or float, keyed by the help text's placeholders.
    """
    s = Settings.from_values(values(name))
    data, start = _data(), {"initial_weight": s.initial_weight, "initial_bias": s.initial_bias}
    opt = optimizer_of(s)
    run = neuron.train(data, optimizer=opt, iterations=s.iterations, **start)
    plain = neuron.train(data, learning_rate=ARTICLE["learning_rate"],
                         iterations=ARTICLE["iterations"], record=[], **start)  # fmt: skip
    out = {
        "w0": s.initial_weight,
        "b0": s.initial_bias,
        "rate": s.learning_rate,
        "mu": s.momentum,
        "n": s.iterations,
        "n_plain": plain.iterations,
        "target": neuron.least_squares(data).bias,
        "bias": float(run.biases[-1]),
        "plain": float(plain.biases[-1]),
    }
    if name != "adam_steps":  # closed form, exact and quick (Adam's would simulate 10⁶ steps)
        learned = neuron.iterations_to_learn(data, optimizer=opt, **start)
    if name == "momentum_bias":
        plain_learned = neuron.iterations_to_learn(
            data, learning_rate=ARTICLE["learning_rate"], **start
        )
        out |= {"t": learned.bias, "t_plain": plain_learned.bias}
    elif name == "momentum_rings":
        calm = neuron.Momentum(s.learning_rate, CALM)
        crossed = neuron.crossings(data, optimizer=opt, iterations=s.iterations, **start)
        out |= {
            "keeps": s.momentum,
            "peak": float(run.biases.max()),
            "count": crossed.bias.count,
            "tw": learned.weight,
            "tw_calm": neuron.iterations_to_learn(data, optimizer=calm, **start).weight,
            "mu_calm": CALM,
        }
    elif name == "momentum_fast":
        critical = neuron.bowl(data).critical_learning_rate
        alone = neuron.train(data, learning_rate=s.learning_rate, iterations=MAX_ITERATIONS,
                             record=[], **start)  # fmt: skip
        ours = neuron.stability(data, opt).critical_learning_rate
        out |= {
            "times": s.learning_rate / critical,
            "critical": critical,
            "blew": alone.diverged_at,
            "critical_m": ours,
            "ratio": ours / critical,
            "tw": learned.weight,
            "tb": learned.bias,
        }
    elif name == "adam_steps":
        out |= {
            "dw": float(run.weights[1] - run.weights[0]),
            "db": float(run.biases[1] - run.biases[0]),
            "ratio": abs(run.weight_gradients[0] / run.bias_gradients[0]),
        }
    return out


# How each placeholder is written: counts whole, rates to five figures, critical
# rates rounded up (above them runs blow up) with the figures the rate needs.
_COUNTS = {"t", "t_plain", "count", "tw", "tw_calm", "tb", "blew"}
_RATES = {"rate"}
_CRITICAL = {"critical", "critical_m"}


def help_values(T, found):
    """``facts`` written in ``T``'s language, ready for the help text."""
    out = {}
    for key, value in found.items():
        if key in ("n", "n_plain"):
            out[key] = T.iterations(value)
        elif key in _COUNTS:
            out[key] = T.count(value) if value is not None else "—"
        elif key == "keeps":
            out[key] = T.percent(value)
        elif key in _CRITICAL:  # above it, runs blow up: rounded up, beside the preset's rate
            out[key] = explain.threshold(T, value, found["rate"])
        elif key in ("times", "ratio"):
            out[key] = T.times(value)
        else:
            out[key] = T.number(value, 5 if key in _RATES else 4)
    return out
