"""The truth checker: every sentence the page states about a run, held to an
independent literal loop.

Each sentence ``explain`` builds is parsed back with the catalogue's own
template (so a reworded sentence is still checked, and a sentence no template
fills fails), and every number in it is compared with what this module computes
alone: a float64 forward → backward → update loop over the samples, the least
squares optimum, the Hessian's eigenvalues and, for iterations far past any
loop, powers of the update's own matrix checked on a decisive window.

``check_run(settings, lang, level)`` checks one run's every sentence; the tests
under ``tests/playground/`` call it. The oracle lives here once (beside
``tests/reference.py``, the engine's literal loops).
"""

import functools
import math
import re
import string
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

import neuron
from neuron.parameters import MAX_ITERATIONS
from playground.compute import explain
from playground.compute.analysis import analyse
from playground.core.settings import Settings
from playground.core.text import CATALOGUES, text
from playground.ui import link

TOLERANCE, RESOLUTION = 0.01, 1e-12  # "learned": within 1 %; an error this small is zero
EDGE = 1e-14  # a rate this close to the critical one is it, within the two referees' rounding
LOOP = 60_000  # beyond this many iterations, powers of the update's matrix stand in
SIZED = ("adam", "rmsprop")  # optimizers that size their own steps: no matrix, read off a loop


# ---- the truth, computed here ---------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Truth:
    """One run as this file sees it: the data, its bowl and a literal loop."""

    settings: Settings
    x: np.ndarray  # what the neuron sees
    y: np.ndarray
    optimum: np.ndarray  # least squares, (w*, b*)
    curvatures: np.ndarray  # eigenvalues of the Hessian, smallest first
    directions: np.ndarray  # column i goes with curvatures[i]
    loop: tuple  # (weights, biases, losses) up to the last finite iteration
    blew: int | None  # the first iteration whose loss is not finite

    @property
    def rate(self):
        return self.settings.learning_rate

    @property
    def name(self):
        return self.settings.optimizer

    @property
    def mu(self):
        return self.settings.momentum if self.name in ("momentum", "nesterov") else 0.0

    @property
    def limits(self):
        return TOLERANCE * np.maximum(np.abs(self.optimum), 1.0)

    @property
    def start(self):
        return np.array([self.settings.initial_weight, self.settings.initial_bias])

    def errors(self):
        """The loop's (w − w*, b − b*) at every step it stayed finite."""
        w, b, _ = self.loop
        return np.column_stack([w, b]) - self.optimum

    def critical(self):
        """The rate above which the update's matrix has a root outside the unit circle."""
        if self.name == "gd":
            return 2 / self.curvatures[-1]
        low, high = 1e-12, 1e3
        for _ in range(200):  # bisection on the spectral radius
            mid = math.sqrt(low * high) if high / low > 4 else (low + high) / 2
            low, high = (mid, high) if radius(self, mid) < 1 else (low, mid)
        return low

    def matrix(self, rate=None, hessian=None):
        """The update as a matrix on (error, velocity): s ← M s. Heavy ball:
        v ← μ v + H e, e ← e − η v; Nesterov: e ← e − η (H e + μ v)."""
        rate, mu = self.rate if rate is None else rate, self.mu
        if hessian is None:
            hessian = self.directions @ np.diag(self.curvatures) @ self.directions.T
        eye = np.eye(len(hessian))
        if self.name == "gd":
            return eye - rate * hessian
        ahead, pull = (1 + mu, mu * mu) if self.name == "nesterov" else (1, mu)
        return np.block([[eye - rate * ahead * hessian, -rate * pull * eye], [hessian, mu * eye]])

    def roots(self, rate=None):
        """Per curvature direction (flattest first), the roots of its update."""
        return [np.linalg.eigvals(self.matrix(rate, np.array([[lam]]))) for lam in self.curvatures]

    def state(self, t, rate=None):
        """(error, velocity) after t updates, by repeated squaring of M."""
        m = self.matrix(rate)
        s0 = np.zeros(m.shape[0])
        s0[:2] = self.start - self.optimum
        with np.errstate(all="ignore"):  # a diverging run overflows, as the loop does
            return np.linalg.matrix_power(m, int(t)) @ s0


def radius(truth, rate):
    return max(abs(np.concatenate(truth.roots(rate))))


def literal_loop(x, y, name, rate, iterations, start, mu=0.0, betas=(0.9, 0.999), alpha=0.99):
    """forward → backward → update, one iteration at a time, over float64 samples
    (Adam and RMSProp as PyTorch documents them: RMSProp without momentum)."""
    n, (w, b) = x.size, start
    vw = vb = mw = mb = sw = sb = 0.0
    out = np.empty((iterations + 1, 3))
    with np.errstate(all="ignore"):
        for t in range(iterations + 1):
            r = w * x + b - y
            loss = np.dot(r, r) / n
            if not math.isfinite(loss):
                return tuple(out[:t].T), t
            out[t] = w, b, loss
            gw, gb = 2 * np.dot(r, x) / n, 2 * r.sum() / n
            if name == "gd":
                w, b = w - rate * gw, b - rate * gb
            elif name == "adam":
                b1, b2 = betas
                mw, mb = b1 * mw + (1 - b1) * gw, b1 * mb + (1 - b1) * gb
                sw, sb = b2 * sw + (1 - b2) * gw * gw, b2 * sb + (1 - b2) * gb * gb
                step, c2 = rate / (1 - b1 ** (t + 1)), math.sqrt(1 - b2 ** (t + 1))
                w -= step * mw / (math.sqrt(sw) / c2 + 1e-8)
                b -= step * mb / (math.sqrt(sb) / c2 + 1e-8)
            elif name == "rmsprop":  # v ← α v + (1 − α) g², p ← p − η g / (√v + ε)
                sw, sb = alpha * sw + (1 - alpha) * gw * gw, alpha * sb + (1 - alpha) * gb * gb
                w -= rate * gw / (math.sqrt(sw) + 1e-8)
                b -= rate * gb / (math.sqrt(sb) + 1e-8)
            else:
                vw, vb = mu * vw + gw, mu * vb + gb
                if name == "nesterov":
                    w, b = w - rate * (gw + mu * vw), b - rate * (gb + mu * vb)
                else:
                    w, b = w - rate * vw, b - rate * vb
    return tuple(out.T), None


@functools.cache
def truth(s):
    """Everything this file knows about the run ``s`` asks for, computed alone."""
    outcome = analyse(s)
    x, y = outcome.trained_on.celsius, outcome.trained_on.fahrenheit
    optimum = np.linalg.lstsq(np.column_stack([x, np.ones_like(x)]), y, rcond=None)[0]
    hessian = 2 * np.array([[np.mean(x * x), np.mean(x)], [np.mean(x), 1.0]])
    curvatures, directions = np.linalg.eigh(hessian)
    loop, blew = literal_loop(x, y, s.optimizer, s.learning_rate, s.iterations,
                              (s.initial_weight, s.initial_bias), s.momentum,
                              (s.beta1, s.beta2), s.alpha)  # fmt: skip
    return Truth(s, x, y, optimum, curvatures, directions, loop, blew)


def learned_from(errors, limit):
    """The first t from which |error| ≤ limit to the end of ``errors``."""
    outside = np.flatnonzero(np.abs(errors) > limit)
    return 0 if outside.size == 0 else int(outside[-1]) + 1


@functools.cache
def learned(tr, i, rate=None, horizon=20_000):
    """When parameter i (0 weight, 1 bias) is learned for good, by a literal loop
    when that is cheap; "far" when it lies past the loop (the caller then checks
    its claim on powers of the update's matrix); None when it never is. Adam's is
    a reading of one run up to ``horizon``, as the page's is."""
    rate = tr.rate if rate is None else rate
    if tr.name not in SIZED:
        if radius(tr, rate) >= 1:
            return None
        if (horizon := _envelope(tr, i, rate)) > LOOP:
            return "far"
    s = tr.settings
    (w, b, _), blew = literal_loop(tr.x, tr.y, tr.name, rate, horizon, tr.start, tr.mu,
                                   (s.beta1, s.beta2), s.alpha)  # fmt: skip
    assert blew is None
    return learned_from(np.array(w if i == 0 else b) - tr.optimum[i], tr.limits[i])


def _envelope(tr, i, rate):
    """About when the error is within tolerance for good (the start's size, times
    the eigenvectors' condition, shrunk by the spectral radius): how far a loop
    must look."""
    m = tr.matrix(rate)
    s = np.zeros(m.shape[0])
    s[:2] = tr.start - tr.optimum
    size = np.linalg.norm(s) * np.linalg.cond(np.linalg.eig(m)[1])
    rho = radius(tr, rate)
    if size == 0 or rho < 1e-300:
        return 500
    need = math.log(tr.limits[i] / (size * 10)) / math.log(rho)
    return int(min(max(need * 1.2 + 200, 500), 10**12))


def settles_at(tr, i, claim, rate=None):
    """Whether parameter i is learned for good from ``claim``, within 0.2 %: out of
    tolerance 0.2 % before it, within it from 0.2 % after (the matrix's decisive
    window; one update changes a slow error by far less than rounding shows)."""
    lo, hi = math.floor(claim * 0.998) - 1, math.ceil(claim * 1.002) + 1
    before = lo < 0 or not within_from(tr, i, lo, rate, steps=200)
    return before and within_from(tr, i, hi, rate)


def within_from(tr, i, t, rate=None, steps=2000):
    """Whether parameter i stays within tolerance over ``steps`` updates from t
    and, for a long window, at t + 2^k up to 2^44 (past any run), by the matrix."""
    m, s, window = tr.matrix(rate), tr.state(t, rate), []
    for _ in range(steps):
        window.append(abs(s[i]))
        s = m @ s
    later = [abs(tr.state(t + 2**k, rate)[i]) for k in range(11, 45)] if steps >= 2000 else []
    return max(window + later) <= tr.limits[i] * (1 + 1e-9)


def not_learned_by(tr, i, n):
    """Parameter i leaves its tolerance again at some iteration from n on."""
    if tr.name in SIZED:
        return learned(tr, i) > n
    return not within_from(tr, i, n)


def check_learned(tr, i, claim, rate=None):
    """``claim`` is when parameter i is learned for good, within 0.2 %."""
    found = learned(tr, i, rate, MAX_ITERATIONS if claim > 15_000 else 20_000)
    if found == "far":
        assert settles_at(tr, i, claim, rate), (i, claim)
    else:
        assert found is not None and abs(claim - found) <= 0.002 * found + 1, (i, claim, found)


def crossings(errors, resolution):
    """Sign changes of ``errors`` (zero within resolution), and the step t whose
    update made the last one (the sign at t + 1 differs)."""
    signs = np.sign(errors) * (np.abs(errors) > resolution)
    steps = np.flatnonzero(signs)
    flips = np.flatnonzero(signs[steps][1:] != signs[steps][:-1])
    return flips.size, (int(steps[flips[-1] + 1]) - 1 if flips.size else None)


# ---- reading a sentence back ---------------------------------------------------------


def template(T, key):
    entries = CATALOGUES[T.lang]
    return entries[key + ".plain"] if T.beginner and key + ".plain" in entries else entries[key]


NUMBER = r"-?[\d.,\u202f]*\d(?:e-?\d+)?"
NUMERIC = {"at", "bound", "radius", "tw", "tb", "needed", "limit", "count", "last", "next",
           "kappa", "gap", "w_gap", "b_gap", "target", "w_target", "b_target", "rate",
           "critical", "hi", "lo", "rw", "rb", "pw", "pb", "w", "b", "loss", "w_opt", "b_opt",
           "minimum", "scale", "times"}  # fmt: skip


@functools.cache
def _pattern(tpl, lang):
    T = text(lang)
    names = "|".join(re.escape(T(f"name.{p}")) for p in ("weight", "bias"))
    sides = "|".join(re.escape(T(f"side.{p}")) for p in ("below", "above"))
    shapes = dict.fromkeys(NUMERIC, NUMBER) | dict.fromkeys(("side", "w_side", "b_side"), sides)
    zero = "|".join(re.escape(text(lang, level)("float.zero")) for level in ("full", "beginner"))
    shapes |= {"name": names, "percent": NUMBER + " %", "loss": f"{NUMBER}|{zero}"}
    parts, seen = [], set()
    for literal, name, _, _ in string.Formatter().parse(tpl):
        parts.append(re.escape(literal))
        if name:
            shape = shapes.get(name, ".+?")
            parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>{shape})")
            seen.add(name)
    return re.compile("".join(parts), re.S)


def parse(T, keys, sentence):
    """(key, values) for the template among ``keys`` that ``sentence`` fills exactly."""
    for key in keys:
        found = _pattern(template(T, key), T.lang).fullmatch(sentence)
        if found:
            return key, found.groupdict()
    raise AssertionError(f"no template of {keys} reads {sentence!r}")


def num(T, shown):
    """The number a learner reads in ``shown`` ("1,012", "0,0011998", "8.3 %")."""
    t = shown.replace("\u202f", "").replace("−", "-").replace("%", "").strip()
    return float(t.replace(",", ".") if T.lang == "es" else t.replace(",", ""))


def unit(T, shown):
    """One unit in the last place ``shown`` prints: 0.0001 for "1.8001", 1 for "1,012"."""
    t = shown.replace("\u202f", "").replace("%", "").strip()
    mantissa, _, exponent = t.replace("E", "e").partition("e")
    mantissa = mantissa.replace(",", ".") if T.lang == "es" else mantissa.replace(",", "")
    decimals = len(mantissa.partition(".")[2])
    return 10.0 ** (-decimals + (int(exponent) if exponent else 0))


def near(T, shown, value):
    """``shown`` is ``value`` as printed: within one unit of its last place."""
    return abs(num(T, shown) - value) <= unit(T, shown) * (1 + 1e-9)


def count(T, shown):
    return int(num(T, shown))


# ---- the checks, sentence by sentence ----------------------------------------------------


def kind(tr):
    """The verdict, from the loop, the data and the update's matrix alone."""
    if tr.name in SIZED:
        return "diverges" if tr.blew is not None else tr.name
    critical = tr.critical()
    if tr.blew is not None or tr.rate > critical * (1 + EDGE):
        return "diverges"
    if abs(tr.rate / critical - 1) <= EDGE:
        return "edge"
    r = np.concatenate(tr.roots())
    if np.any((np.abs(r.imag) > 0) | (r.real < 0)):
        return "oscillates"
    n, end = tr.settings.iterations, tr.errors()[-1]
    done = np.all(np.abs(end) <= tr.limits) and all(within_from(tr, i, n) for i in (0, 1))
    return "converges" if done else "slow"


def check_share(T, tr, shown, edge=False):
    """The rate's share of critical; "100 %" only beside the edge's verdict."""
    fraction = tr.rate / tr.critical()
    keys = ["share.percent", "share.times", "share.just_under", "share.just_over"]
    key, v = parse(T, keys, shown)
    if key == "share.percent":
        pct = num(T, v["percent"])
        assert pct == 100 if edge else near(T, v["percent"], 100 * fraction), shown
        assert pct < 100 or edge, shown  # never rounds onto 100 % beside another verdict
        assert pct > 0, shown
    elif key == "share.times":
        assert near(T, v["times"], fraction) and num(T, v["times"]) > 1, shown
    else:  # "just under", "just over": six figures would read 100 %
        assert not edge and abs(fraction - 1) < 1e-5, shown
        assert (fraction < 1) == (key == "share.just_under"), (shown, fraction)


def check_threshold(T, tr, shown, value, works=False):
    """A printed rate where the verdict changes classifies itself: "works up to X"
    means X works (X ≤ the exact value), "blows up above Y" means every rate above
    Y does (Y ≥ it); and the run's rate is on the same side of it as of the exact."""
    printed, slack = num(T, shown), 4 * np.finfo(float).eps * value
    assert printed <= value + slack if works else printed >= value - slack, (shown, value)
    assert printed == 0 or abs(printed / value - 1) < 1e-4, (shown, value)
    if abs(tr.rate / value - 1) > 1e-13:  # else the two referees differ by rounding
        assert (tr.rate > printed) == (tr.rate > value), (shown, value, tr.rate)
        assert (tr.rate < printed) == (tr.rate < value) or works, (shown, value, tr.rate)


def check_direction(T, tr, i, shown):
    """A curvature direction named after a parameter only when it mostly is one."""
    w, b = tr.directions[:, i] ** 2
    if shown == T("direction.weight"):
        assert w >= 0.9, (shown, w)
    elif shown == T("direction.bias"):
        assert b >= 0.9, (shown, b)
    else:
        _, v = parse(T, [f"direction.{'steep' if i else 'flat'}"], shown)
        assert w < 0.9 and b < 0.9
        assert near(T, v["w"], math.sqrt(w)) and near(T, v["b"], math.sqrt(b))


def check_bound(T, tr, shown):
    """An advised "below X": X is under the critical rate, and close to it."""
    bound, critical = num(T, shown), tr.critical()
    assert 0.99 * critical < bound < critical, (shown, critical)


def end_of(tr):
    """(w, b, loss) at the loop's last finite step, in the neuron's own terms."""
    w, b, loss = (float(a[-1]) for a in tr.loop)
    return w, b, loss


def check_gap(T, tr, i, gap, side, target):
    value = end_of(tr)[i]
    best = tr.optimum[i]
    assert near(T, gap, abs(value - best)), (gap, value, best)
    assert side == T("side.below" if value < best else "side.above")
    assert near(T, target, best)


def check_verdict(T, tr, line):
    title = line.split("**")[1]
    expected = kind(tr)
    assert title == T(f"verdict.{expected}.title"), (title, expected)
    rest = line.split(" — ", 1)[1]
    keys = ["verdict.blew_up.line", f"verdict.{expected}.line"]
    key, v = parse(T, keys, rest)
    if key == "verdict.blew_up.line":
        assert count(T, v["at"]) == tr.blew
    if "rate" in v:
        assert near(T, v["rate"], tr.rate)
    if "critical" in v and expected == "edge":
        assert near(T, v["critical"], tr.critical())
    elif "critical" in v:
        check_threshold(T, tr, v["critical"], tr.critical())
    if "share" in v:
        check_share(T, tr, v["share"], expected == "edge")
    if "n" in v:
        assert v["n"] == T.iterations(tr.settings.iterations)
    return expected


def check_numbers(T, tr, outcome, line):
    key, v = parse(T, ["numbers.line", "numbers.jitter"], line)
    if key == "numbers.jitter":
        return check_jitter_numbers(T, tr, v)
    w, b, loss = end_of(tr)
    raw = outcome.data.celsius
    if outcome.scaling is not None:  # the line in °C: w / σ, b − w μ / σ
        mean, scale = np.mean(raw), np.std(raw)
        w, b = w / scale, b - w * mean / scale
    x, y = outcome.data.celsius, outcome.data.fahrenheit
    best = np.linalg.lstsq(np.column_stack([x, np.ones_like(x)]), y, rcond=None)[0]
    minimum = exact_minimum(x, y)
    assert near(T, v["w"], w) and near(T, v["b"], b)
    assert near(T, v["w_opt"], best[0]) and near(T, v["b_opt"], best[1])
    if v["loss"] == T("float.zero"):  # the loop stands at its float64 floor, or under it
        floor = neuron.float64_floor(outcome.trained_on, tr.rate).loss
        # the floor is one residual's rounding at the optimum; a loop one exact Newton
        # step from a far start also carries that step's rounding (up to 1.96x, seen)
        assert minimum <= floor and loss - minimum <= 4 * floor, (loss, minimum, floor)
        v["loss"] = "0"
    for shown, value in ((v["loss"], loss), (v["minimum"], minimum)):
        # a loss near 0 is a mean of squared residuals each rounded at the targets' scale
        rounding = 2 * math.sqrt(abs(value)) * 64 * np.finfo(float).eps * np.max(np.abs(y))
        off = abs(num(T, shown) - value)
        assert off <= unit(T, shown) + rounding or (num(T, shown) == 0 and value < 1e-20), (
            shown,
            value,
        )


def exact_minimum(x, y):
    """The least-squares loss of the float samples, in exact rational arithmetic: a
    float64 mean of squared residuals is itself rounding at the floor's size (1e-26
    for an exact fit whose true minimum is 1e-30), so it cannot referee "≈ 0"."""
    xs, ys = [Fraction(float(v)) for v in x], [Fraction(float(v)) for v in y]
    n, sx, sy = len(xs), sum(xs), sum(ys)
    sxx, sxy = sum(v * v for v in xs), sum(a * b for a, b in zip(xs, ys))
    w = (n * sxy - sx * sy) / (n * sxx - sx * sx)
    b = (sy - w * sx) / n
    return float(sum((w * a + b - c) ** 2 for a, c in zip(xs, ys)) / n)


def check_jitter_numbers(T, tr, v):
    """A hovering run's end: the loop's, to the band's figures; its worst loss in
    the second half, to within a factor 4 (one figure of a rounding-made path)."""
    end, errors = tr.errors()[-1] + tr.optimum, np.abs(tr.errors())
    late = errors[len(errors) // 2 :].max(axis=0)
    for i, key in enumerate(("w", "b")):
        assert abs(num(T, v[key]) - end[i]) <= max(unit(T, v[key]), 2 * late[i]), (key, v)
    worst = tr.loop[2][len(tr.loop[2]) // 2 :].max()
    assert num(T, v["loss"]) / 4 <= worst <= num(T, v["loss"]) * 4, (v["loss"], worst)


def check_reading(T, tr, outcome, paragraphs, expected):
    """Every paragraph of the reading against the loop; returns the keys read."""
    keys = [k for k in CATALOGUES["en"] if k.startswith("reading.") and not k.endswith(".plain")]
    n, read = tr.settings.iterations, []
    for paragraph in paragraphs:
        key, v = parse(T, keys, paragraph)
        read.append(key)
        CHECKS.get(key, lambda *a: None)(T, tr, outcome, v)
        if "name" in v:
            assert v["name"] in (T("name.weight"), T("name.bias"))
        if "n" in v and key not in ("reading.faster", "reading.standardize"):
            assert v["n"] in (T.iterations(n), T.iterations(MAX_ITERATIONS))
    forecasts = {f"reading.{k}" for k in ("both", "bias_flat", "bias_lags", "weight_lags",
                                          "neither", "needed", "beyond", "faster")}  # fmt: skip
    if expected in ("diverges", "edge"):  # no iteration count is promised
        assert not forecasts & set(read), read
    if expected == "converges":  # a green headline goes with both learned
        assert "reading.both" in read, read
    if {"reading.neither", "reading.bias_lags", "reading.weight_lags"} & set(read):
        assert expected in ("slow", "oscillates", *SIZED), (expected, read)
    return read


def _index(T, name):
    return 0 if name == T("name.weight") else 1


def _blew_up(T, tr, outcome, v):
    assert count(T, v["at"]) == tr.blew
    check_bound(T, tr, v["bound"])
    if "steep" in v:
        check_direction(T, tr, 1, v["steep"])
        z = tr.errors() @ tr.directions[:, 1]
        late = z[-2] / z[-3]  # the growth along the steep direction, seen in the loop
        assert late < 0, late  # it jumps past the optimum
        assert near(T, v["radius"], -late) or abs(-late / num(T, v["radius"]) - 1) < 2e-3


def _growing(T, tr, outcome, v):
    check_bound(T, tr, v["bound"])
    assert kind(tr) == "diverges" and tr.blew is None
    if "at" in v:
        at = count(T, v["at"])
        if at <= LOOP:
            _, blew = literal_loop(tr.x, tr.y, tr.name, tr.rate, at + 10, tr.start, tr.mu)
            assert blew == at, (blew, at)
        else:  # the update's matrix overflows the loss at the same place, within 0.2 %
            assert math.isfinite(loss_at(tr, math.floor(at * 0.998) - 1))
            assert not math.isfinite(loss_at(tr, math.ceil(at * 1.002) + 1))
    else:
        assert np.all(np.isfinite(tr.state(MAX_ITERATIONS)))


def loss_at(tr, t):
    """The loss after t updates, the parameters taken from the update's matrix."""
    w, b = tr.optimum + tr.state(t)[:2]
    with np.errstate(all="ignore"):
        return float(np.mean((w * tr.x + b - tr.y) ** 2))


def _edge(T, tr, outcome, v):
    assert kind(tr) == "edge"
    check_bound(T, tr, v["bound"])
    if "steep" in v:
        check_direction(T, tr, 1, v["steep"])
    # the claim is about the rate: look until the other root's part has died out
    other = max([abs(r) for r in tr.roots()[1] if abs(r) < 1 - 1e-6], default=0)
    n = min(max(tr.settings.iterations, 400, math.ceil(-25 / math.log(max(other, 1e-9)))), LOOP)
    (w, b, loss), blew = literal_loop(tr.x, tr.y, tr.name, tr.rate, n, tr.start, tr.mu)
    z = (np.column_stack([w, b]) - tr.optimum) @ tr.directions[:, 1]
    assert blew is None and z[-1] * z[-2] < 0  # it changes sign at every step …
    assert abs(z[-1] + z[-2]) <= 1e-6 * abs(z[-1])  # … bouncing between two values
    minimum = np.mean((tr.optimum[0] * tr.x + tr.optimum[1] - tr.y) ** 2)
    assert loss[-1] - minimum >= 0.4 * tr.curvatures[1] * z[-1] ** 2 > 0  # never settles


def _learned_pair(T, tr, outcome, v):
    n = tr.settings.iterations
    for name, i in (("tw", 0), ("tb", 1)):
        if name in v:
            t = count(T, v[name])
            assert t <= n
            check_learned(tr, i, t)


def _lags(i):
    def check(T, tr, outcome, v):
        _learned_pair(T, tr, outcome, v)
        assert not_learned_by(tr, i, tr.settings.iterations)
        if "gap" in v:
            check_gap(T, tr, i, v["gap"], v["side"], v["target"])
        if "kappa" in v:
            assert tr.directions[1, 0] ** 2 >= 0.9  # the flat direction is the bias
            kappa = tr.curvatures[1] / tr.curvatures[0]
            assert abs(count(T, v["kappa"]) - kappa) <= 0.5 + 1e-9
            pace = 1 - max(abs(tr.roots()[0]))
            assert near(T, v["pace"], 100 * pace)
            gap = np.abs(tr.errors()[-2:, 1])  # the loop's last step closes that much
            assert abs(1 - gap[1] / gap[0] - pace) <= 0.05 * pace

    return check


def _neither(T, tr, outcome, v):
    for i, p in ((0, "w_"), (1, "b_")):
        assert not_learned_by(tr, i, tr.settings.iterations)
        check_gap(T, tr, i, v[p + "gap"], v[p + "side"], v[p + "target"])


def _needed(T, tr, outcome, v):
    i, needed = _index(T, v["name"]), count(T, v["needed"])
    assert needed > tr.settings.iterations
    check_learned(tr, i, needed)
    other = learned(tr, 1 - i)  # the lagging one is the later one
    assert within_from(tr, 1 - i, needed) if other == "far" else other <= needed
    if "limit" in v:
        assert needed > MAX_ITERATIONS and count(T, v["limit"]) == MAX_ITERATIONS
    else:
        assert needed <= MAX_ITERATIONS


def _faster(T, tr, outcome, v):
    rate, by = num(T, v["rate"]), count(T, v["n"])
    assert rate < tr.critical() and by <= MAX_ITERATIONS
    _both_by(tr, rate, by)
    now = [learned(tr, i) for i in (0, 1)]  # and it is sooner than at the rate in use
    assert not all(within_from(tr, i, by) if t == "far" else t <= by for i, t in enumerate(now))


def _both_by(tr, rate, by):
    """Both parameters are learned for good by ``by`` at ``rate``, the later one at ``by``."""
    found = [learned(tr, i, rate) for i in (0, 1)]
    exact = [settles_at(tr, i, by, rate) if t == "far" else abs(t - by) <= 0.002 * by + 1
             for i, t in enumerate(found)]  # fmt: skip
    inside = [within_from(tr, i, math.ceil(by * 1.002) + 1, rate) if t == "far"
              else t <= by * 1.002 + 1 for i, t in enumerate(found)]  # fmt: skip
    assert any(exact) and all(inside), (found, by)


def _standardize(T, tr, outcome, v):
    rate, by = num(T, v["rate"]), count(T, v["n"])
    assert rate < tr.critical() and by > MAX_ITERATIONS and outcome.scaling is None
    _both_by(tr, rate, by)


def _never(T, tr, outcome, v):
    """Adam leaves the parameter out of tolerance in the second half of a million."""
    assert tr.name in SIZED and count(T, v["limit"]) == MAX_ITERATIONS
    found = learned(tr, _index(T, v["name"]), None, MAX_ITERATIONS)  # slow: ~10 s
    assert found > MAX_ITERATIONS // 2


def loop_crossings(tr, i):
    """The loop's crossings of parameter i, counted with half, once and twice the
    resolution: an error at the resolution itself is rounding, either way."""
    res = RESOLUTION * max(abs(tr.optimum[i]), 1.0)
    return [crossings(tr.errors()[:, i], k * res) for k in (0.5, 1, 2)]


def _crossed(T, tr, outcome, v):
    found = loop_crossings(tr, _index(T, v["name"]))
    shown, last = count(T, v["count"]) if "count" in v else 1, count(T, v["last"])
    counts, dates = [c for c, _ in found], [t for _, t in found if t is not None]
    assert min(counts) <= shown <= max(counts), (shown, found)
    assert min(dates) - 1 <= last <= max(dates) + 1, (last, found)  # a step at rounding level
    assert count(T, v["next"]) == last + 1


def _never_crossed(T, tr, outcome, v):
    for i in (0, 1):
        assert loop_crossings(tr, i)[-1][0] == 0


def _scaled(T, tr, outcome, v):
    raw = outcome.data.celsius
    shift = v["shift"].replace("−", "-").replace(" ", "")
    assert near(T, shift.lstrip("+-"), abs(np.mean(raw)))
    assert (shift[0] == "-") == (np.mean(raw) >= 0)
    assert near(T, v["scale"], np.std(raw)) and near(T, v["critical"], 2 / tr.curvatures[1])


def _jitter(T, tr, outcome, v):
    """The band a hovering run keeps to, against the loop's own second half: the
    two paths differ step by step (rounding), but not in the size of their jitter."""
    assert tr.name in SIZED and count(T, v["n"].rsplit(" ", 1)[0]) == tr.settings.iterations
    errors = np.abs(tr.errors())
    late = errors[len(errors) // 2 :].max(axis=0)
    for i, key in enumerate(("w", "b")):
        band = num(T, v[key])
        assert band / 4 <= late[i] <= band * 4, (key, band, late[i])


CHECKS = {
    "reading.jitter": _jitter,
    "reading.blew_up": _blew_up,
    "reading.growing": _growing,
    "reading.growing_finite": _growing,
    "reading.edge": _edge,
    "reading.both": _learned_pair,
    "reading.bias_flat": _lags(1),
    "reading.bias_lags": _lags(1),
    "reading.weight_lags": _lags(0),
    "reading.neither": _neither,
    "reading.needed": _needed,
    "reading.beyond": _needed,
    "reading.faster": _faster,
    "reading.standardize": _standardize,
    "reading.never": _never,
    "reading.crossed_once": _crossed,
    "reading.crossed": _crossed,
    "reading.never_crossed": _never_crossed,
    "reading.scaled": _scaled,
}


def check_why(T, tr, paragraph):
    key, v = parse(T, ["why.descent", "why.momentum", *(f"why.{n}" for n in SIZED)], paragraph)
    if key in (f"why.{n}" for n in SIZED):
        assert key == f"why.{tr.name}", (key, tr.name)
        return
    assert near(T, v["hi"], tr.curvatures[1]) and near(T, v["lo"], tr.curvatures[0])
    check_direction(T, tr, 1, v["steep"])
    check_direction(T, tr, 0, v["flat"])
    edge = kind(tr) == "edge"
    if key == "why.descent":
        shown = [
            (v["rw"], 1 - tr.rate * tr.curvatures[1]),
            (v["rb"], 1 - tr.rate * tr.curvatures[0]),
        ]
    else:
        flat, steep = (max(abs(r)) for r in tr.roots())
        shown = [(v["pw"], steep), (v["pb"], flat)]
    for text_, value in shown:
        assert near(T, text_, value) or (edge and abs(abs(value) - 1) < 1e-9), (text_, value)
        assert abs(num(T, text_)) != 1 or edge or abs(value) == 1, text_  # never rounded onto 1


def check_where(T, tr, line, expected):
    if tr.name in SIZED:
        _, v = parse(T, [f"lr.where_{tr.name}"], line)
        assert near(T, v["critical"], 2 / tr.curvatures[1])
        return
    _, v = parse(T, ["lr.where"], line)
    check_threshold(T, tr, v["critical"], tr.critical())
    check_share(T, tr, v["share"], expected == "edge")
    assert v["verdict"] == T(f"verdict.{expected}.title")


def check_run(s, lang="en", level="full"):
    """Every sentence the page states about the run ``s`` asks for, checked."""
    T, tr, outcome = text(lang, level), truth(s), analyse(s)
    expected = check_verdict(T, tr, explain.verdict(T, outcome).line)
    check_where(T, tr, explain.where(T, outcome), expected)
    check_numbers(T, tr, outcome, explain.numbers(T, outcome))
    read = check_reading(T, tr, outcome, explain.reading(T, outcome), expected)
    check_why(T, tr, explain.why(T, outcome))
    return expected, read


def run(query):
    """The Settings a link asks for: ``run("lr=0.0013&iterations=100")``."""
    values, notes = link.parse(dict(kv.split("=") for kv in query.split("&")) if query else {})
    assert not notes, notes
    return Settings.from_values(values)


CRITICAL = 0.001199759615731202  # 2 / λmax of the article's data
