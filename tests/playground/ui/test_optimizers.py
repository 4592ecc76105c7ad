"""The optimizers on the page: the sidebar control and its links, the
comparison, the stability map, the step factors, the presets and the Math
view's update, each held to a literal loop or an independent computation."""

import math
from types import SimpleNamespace

import numpy as np
import pytest

import neuron
from neuron.parameters import DEFAULT_START
from playground.charts.figures_optimizers import regimes
from playground.compute import updates
from playground.compute.optimizer_presets import NAMES as OPTIMIZER_PRESETS
from playground.compute.optimizer_presets import help_values
from playground.compute.updates import ADAM_REPLAYED
from playground.compute.worked import tex_number
from playground.core.settings import Settings
from playground.core.text import Text
from tests.helpers import chart_with, charts, numbers, verdict
from tests.reference import crossings_of, learned_from, literal_loop, watch_loop

W0, B0 = DEFAULT_START
ARTICLE = neuron.make_dataset()
EN = Text("en")
NAMES = {"gd": "Plain descent", "momentum": "Momentum", "nesterov": "Nesterov", "adam": "Adam"}


def lambda_max(dataset):
    """The steepest curvature of the loss, from its Hessian 2 [[mean x², mean x], [mean x, 1]]."""
    x = dataset.celsius
    hessian = 2 * np.array([[np.mean(x * x), np.mean(x)], [np.mean(x), 1.0]])
    return float(np.linalg.eigvalsh(hessian)[-1])


def build(name, rate, momentum=0.9, nesterov=False):
    if name == "gd":
        return neuron.GradientDescent(rate)
    if name == "adam":
        return neuron.Adam(rate)
    return neuron.Momentum(rate, momentum, nesterov=name == "nesterov" or nesterov)


def loop(name, rate, iterations, start=(W0, B0), momentum=0.9):
    history, diverged_at = literal_loop(
        ARTICLE,
        optimizer=build(name, rate, momentum),
        iterations=iterations,
        initial_weight=start[0],
        initial_bias=start[1],
    )
    return history, diverged_at


def frame_where(at, column, test):
    """The first chart dataset with ``column`` that passes ``test``."""
    for _, frames in charts(at):
        for frame in frames.values():
            if column in frame and test(frame):
                return frame
    raise AssertionError(f"no chart dataset with {column} passes the test")


# ---- the control and its links ---------------------------------------------------------


def test_a_momentum_link_past_plain_descents_critical_rate_converges(app):
    at = app(optimizer="momentum", momentum="0.5", lr="0.0015", iterations="3000")
    assert not at.exception
    assert at.selectbox(key="optimizer").value == "momentum"
    assert at.number_input(key="momentum").value == 0.5
    assert 2 / lambda_max(ARTICLE) < 0.0015  # plain descent would blow up here
    history, diverged_at = loop("momentum", 0.0015, 3000, momentum=0.5)
    assert diverged_at is None and history["losses"][-1] < 1e-6 * history["losses"][0]
    assert verdict(at) == "Overshoots, but converges"
    w, b, _ = numbers(at)
    assert (w, b) == pytest.approx((history["weights"][-1], history["biases"][-1]), rel=1e-5)
    assert dict(at.query_params) == {
        "optimizer": "momentum",
        "momentum": "0.5",
        "lr": "0.0015",
        "iterations": "3000",
    }


def test_bad_optimizer_values_in_a_link_are_noted_and_the_rest_applies(app):
    at = app(optimizer="sgd", momentum="1.5", beta2="1", compare="gd,lion", lr="0.0009")
    warning = next(w.value for w in at.warning if "This link had values" in w.value)
    for item in ("optimizer=sgd", "momentum=1.5", "beta2=1", "compare=gd,lion"):
        assert f"`{item}`" in warning
    assert at.selectbox(key="optimizer").value == "gd"
    assert at.number_input(key="lr").value == 0.0009


def test_each_optimizer_shows_only_its_own_hyper_parameters(app):
    at = app(optimizer="adam", beta1="0.8")
    keys = {w.key for w in at.number_input}
    assert {"beta1", "beta2"} <= keys and "momentum" not in keys
    assert at.number_input(key="beta1").value == 0.8
    at.selectbox(key="optimizer").set_value("nesterov").run()
    keys = {w.key for w in at.number_input}
    assert "momentum" in keys and not {"beta1", "beta2"} & keys


def test_switching_optimizer_keeps_the_hidden_hyper_parameters(app):
    at = app(optimizer="momentum", momentum="0.5")
    at.selectbox(key="optimizer").set_value("adam").run()
    at.selectbox(key="optimizer").set_value("momentum").run()
    assert at.number_input(key="momentum").value == 0.5
    assert at.query_params["momentum"] == "0.5"


def test_beginner_mode_hides_the_optimizer_and_runs_what_the_link_says(app):
    at = app(level="beginner", optimizer="momentum", momentum="0.5", lr="0.0015", iterations="500")
    assert not at.exception
    assert not [w for w in at.selectbox if w.key == "optimizer"]
    assert not [w for w in at.button if w.key.startswith("preset_momentum")]
    history, _ = loop("momentum", 0.0015, 500, momentum=0.5)
    assert numbers(at)[1] == pytest.approx(history["biases"][-1], rel=1e-5)
    at.number_input(key="iterations").set_value(600).run()  # a rerun keeps the optimizer
    assert at.query_params["optimizer"] == "momentum"
    assert at.query_params["momentum"] == "0.5"
    at = app(level="beginner", view="training", compare="adam", iterations="300")
    assert not at.multiselect  # nothing to pick, but the link's comparison is drawn
    _, curves = chart_with(at, "iteration", "loss", "series", "blew_up")
    assert list(dict.fromkeys(curves["series"])) == ["Plain descent", "Adam"]


# ---- the comparison ----------------------------------------------------------------------


def test_the_comparison_draws_each_optimizer_as_its_literal_loop(app):
    at = app(view="training", compare="momentum,adam,nesterov", lr="0.0009", iterations="300")
    assert not at.exception
    assert list(at.multiselect(key="compare").value) == ["momentum", "adam", "nesterov"]
    assert at.query_params["compare"] == "momentum,adam,nesterov"
    _, curves = chart_with(at, "iteration", "loss", "series", "blew_up")
    order = ("gd", "momentum", "adam", "nesterov")
    assert list(dict.fromkeys(curves["series"])) == [NAMES[n] for n in order]
    table = at.table[0].value
    for name in ("gd", "momentum", "adam", "nesterov"):
        history, diverged_at = loop(name, 0.0009, 300)
        assert diverged_at is None
        drawn = curves[curves["series"] == NAMES[name]]
        rtol = 1e-6 if name == "adam" else 1e-9
        np.testing.assert_allclose(
            drawn["loss"], np.maximum(history["losses"][drawn["iteration"]], 1e-30), rtol=rtol
        )
        assert drawn["iteration"].tolist() == list(range(301))  # short runs: every iteration
        row = table.loc[NAMES[name]]
        assert float(row.iloc[0]) == pytest.approx(history["weights"][-1], rel=1e-5)
        assert float(row.iloc[1]) == pytest.approx(history["biases"][-1], rel=1e-5)


def test_a_compared_run_that_blows_up_says_where_as_the_loop_does(app):
    at = app(view="training", compare="momentum", lr="0.0015", iterations="2000")
    _, diverged_at = loop("gd", 0.0015, 2000)
    table = at.table[0].value
    assert table.loc["Plain descent"].iloc[2] == f"blew up at iteration {diverged_at:,}"
    assert table.loc["Plain descent"].iloc[0] == "—"  # not a line that is no longer one
    crosses = frame_where(at, "blew_up", lambda f: f["blew_up"].any())
    assert crosses["series"].tolist() == ["Plain descent"]
    assert crosses["iteration"].tolist() == [diverged_at - 1]


def test_the_landscape_draws_each_compared_path_as_its_loop(app):
    at = app(view="landscape", compare="gd,adam", optimizer="momentum", iterations="200")
    assert not at.exception
    _, paths = chart_with(at, "iteration", "weight", "bias", "series")
    assert list(dict.fromkeys(paths["series"])) == ["Momentum", "Plain descent", "Adam"]
    _, cells = chart_with(at, "weight2", "bias2", "level")
    for name in ("momentum", "gd", "adam"):
        history, _ = loop(name, 1e-4, 200)
        path = paths[paths["series"] == NAMES[name]].sort_values("iteration")
        rtol = 1e-6 if name == "adam" else 1e-9
        np.testing.assert_allclose(
            path["weight"], history["weights"][path["iteration"]], rtol=rtol
        )
        np.testing.assert_allclose(path["bias"], history["biases"][path["iteration"]], rtol=rtol)
        assert cells.weight.min() <= path.weight.min() and path.weight.max() <= cells.weight2.max()


# ---- the stability map and the step factors -------------------------------------------


def test_the_map_is_the_engines_verdict_cell_by_cell_with_the_setting_marked(app):
    at = app(view="rates", optimizer="momentum", momentum="0.5", lr="0.0015")
    _, cells = chart_with(at, "at_rate", "at_momentum", "verdict")
    rates, momenta = np.unique(cells["at_rate"]), np.unique(cells["at_momentum"])
    grid = neuron.stability_grid(ARTICLE, rates, momenta)
    expected = {(r, m): grid[i, j] for i, m in enumerate(momenta) for j, r in enumerate(rates)}
    assert [expected[r, m] for r, m in zip(cells["at_rate"], cells["at_momentum"])] == list(
        cells["verdict"]
    )
    assert len(cells) <= 2000 and momenta[0] == 0.0
    # the dashed edge is the heavy ball's critical rate 2 (1 + μ) / λmax (Jury)
    edge = frame_where(at, "momentum", lambda f: set(f.columns) == {"momentum", "rate"})
    np.testing.assert_allclose(
        edge["rate"], 2 * (1 + edge["momentum"]) / lambda_max(ARTICLE), rtol=1e-9
    )
    _, you = chart_with(at, "rate", "momentum", "label")
    assert (you["rate"].iloc[0], you["momentum"].iloc[0]) == (0.0015, 0.5)


def test_a_map_drawn_for_one_rate_shows_another_rate_its_own_marker_and_verdict(app):
    """The map itself is drawn once for every rate it spans the same; the marker
    and the words are each setting's own, as a map drawn afresh would have them."""
    first = app(view="rates", optimizer="momentum", momentum="0.5", lr="0.0015", w0="3")
    later = app(view="rates", optimizer="momentum", momentum="0.2", lr="0.0016")
    for at, rate, mu in ((first, 0.0015, 0.5), (later, 0.0016, 0.2)):
        spec, you = chart_with(at, "rate", "momentum", "label")
        assert (you["rate"].iloc[0], you["momentum"].iloc[0]) == (rate, mu)
        (verdict,) = neuron.stability_grid(ARTICLE, [rate], [mu]).ravel()
        said = regimes(Text("en"))[verdict]
        assert f"Your setting, rate {rate} at μ = {mu}: {said}." in spec["description"]
    cells = [chart_with(at, "at_rate", "at_momentum", "verdict")[1] for at in (first, later)]
    assert cells[0].equals(cells[1])


@pytest.mark.parametrize("side", [0.99, 1.01])
def test_a_loop_on_either_side_of_the_momentum_critical_rate_does_what_the_map_says(side):
    mu = 0.5
    rate = side * 2 * (1 + mu) / lambda_max(ARTICLE)
    (shown,) = neuron.stability_grid(ARTICLE, [rate], [mu])
    errors = watch_loop(ARTICLE, learning_rate=rate, momentum=mu, iterations=3000, start=(W0, B0))
    steep = np.abs(errors[:, 0])
    if side < 1:
        assert shown[0] == "oscillates"  # complex roots along the weight: it rings
        assert steep[-100:].max() < 1e-6 * steep[:100].max()
        assert crossings_of(errors[:, 0], 1e-12)[0] > 10
    else:
        assert shown[0] == "diverges"
        assert steep[-100:].max() > 1e6 * steep[:100].max()


def test_plain_descent_sits_on_the_maps_bottom_row_and_nesterov_has_its_own_map(app):
    at = app(view="rates", lr="0.0009")
    _, you = chart_with(at, "rate", "momentum", "label")
    assert you["momentum"].iloc[0] == 0.0
    _, cells = chart_with(at, "at_rate", "at_momentum", "verdict")
    bottom = cells[cells["at_momentum"] == 0]
    crit = 2 / lambda_max(ARTICLE)
    assert set(bottom[bottom["at_rate"] < crit]["verdict"]) <= {"converges", "oscillates"}
    assert set(bottom[bottom["at_rate"] > crit]["verdict"]) == {"diverges"}
    at = app(view="rates", optimizer="nesterov", momentum="0.9", lr="0.0005")
    edge = frame_where(at, "momentum", lambda f: set(f.columns) == {"momentum", "rate"})
    mu = edge["momentum"]
    np.testing.assert_allclose(
        edge["rate"], 2 * (1 + mu) / ((1 + 2 * mu) * lambda_max(ARTICLE)), rtol=1e-9
    )


def spectral_radius(rate, curvature, mu, nesterov=False):
    """The step's 2 × 2 matrix on (error, velocity), from the update rules."""
    a = rate * curvature
    if nesterov:
        matrix = [[1 - a * (1 + mu), -rate * mu * mu], [curvature, mu]]
    else:
        matrix = [[1 - a, -rate * mu], [curvature, mu]]
    return float(np.max(np.abs(np.linalg.eigvals(np.array(matrix)))))


def test_the_step_factor_bars_are_each_directions_factor_and_mark_overshoots(app):
    at = app(view="rates", lr="0.0009")
    _, bars = chart_with(at, "direction", "radius", "status")
    x = ARTICLE.celsius
    curvatures = np.linalg.eigvalsh(
        2 * np.array([[np.mean(x * x), np.mean(x)], [np.mean(x), 1.0]])
    )
    np.testing.assert_allclose(bars["radius"], np.abs(1 - 0.0009 * curvatures), rtol=1e-9)
    np.testing.assert_allclose(bars["factor"], 1 - 0.0009 * curvatures, rtol=1e-9)
    assert bars["direction"].tolist() == ["Along the bias", "Along the weight"]
    assert bars["status"].tolist() == ["shrinks steadily", "overshoots, shrinks"]
    assert bars["text"].tolist()[1].startswith("0.500301 ·")
    engine = neuron.stability(ARTICLE, 0.0009)
    np.testing.assert_allclose(bars["radius"], engine.radii, rtol=1e-12)

    at = app(view="rates", optimizer="momentum", momentum="0.5", lr="0.0015")
    _, bars = chart_with(at, "direction", "radius", "status")
    expected = [spectral_radius(0.0015, lam, 0.5) for lam in curvatures]
    np.testing.assert_allclose(bars["radius"], expected, rtol=1e-9)
    assert bars["status"].tolist() == ["shrinks steadily", "overshoots, shrinks"]
    # overshoots: the weight's error changes sign again and again in a loop
    errors = watch_loop(
        ARTICLE, learning_rate=0.0015, momentum=0.5, iterations=200, start=(W0, B0)
    )
    assert crossings_of(errors[:, 0], 1e-12)[0] > 10
    assert "factor" not in bars  # momentum has no one-number factor per step


def test_adam_says_it_has_no_closed_form_verdict_and_draws_no_map(app):
    at = app(view="rates", optimizer="adam", iterations="200")
    assert not at.exception
    assert any("Adam has no closed-form verdict" in i.value for i in at.info)
    with pytest.raises(AssertionError):
        chart_with(at, "at_rate", "at_momentum", "verdict")


# ---- presets -----------------------------------------------------------------------------


def watch(rate, momentum, iterations, start=(0.5, 0.5)):
    return watch_loop(
        ARTICLE, learning_rate=rate, momentum=momentum, iterations=iterations, start=start
    )


def looped_facts(name, values):
    """Every number preset ``name``'s help states, from literal loops only."""
    rate, n, mu = values["lr"], values["iterations"], values.get("momentum", 0.9)
    best = neuron.least_squares(ARTICLE)
    history, _ = literal_loop(
        ARTICLE,
        optimizer=build(values["optimizer"], rate, mu),
        iterations=n,
        initial_weight=0.5,
        initial_bias=0.5,
    )
    plain, _ = literal_loop(
        ARTICLE, learning_rate=1e-4, iterations=10_000, initial_weight=0.5, initial_bias=0.5
    )
    out = {
        "w0": 0.5,
        "b0": 0.5,
        "rate": rate,
        "mu": mu,
        "n": n,
        "n_plain": 10_000,
        "target": best.bias,
        "bias": history["biases"][-1],
        "plain": plain["biases"][-1],
    }
    limits = 0.01 * np.maximum(np.abs([best.weight, best.bias]), 1.0)
    if name == "momentum_bias":
        out["t"] = learned_from(watch(rate, mu, 6000)[:, 1], limits[1])
        out["t_plain"] = learned_from(watch(rate, 0.0, 30_000)[:, 1], limits[1])
    elif name == "momentum_rings":
        errors = watch(rate, mu, 8000)
        out |= {
            "keeps": mu,
            "peak": history["biases"].max(),
            "count": crossings_of(errors[: n + 1, 1], 1e-12 * abs(best.bias))[0],
            "tw": learned_from(errors[:, 0], limits[0]),
            "tw_calm": learned_from(watch(rate, 0.9, 8000)[:, 0], limits[0]),
            "mu_calm": 0.9,
        }
    elif name == "momentum_fast":
        critical = 2 / lambda_max(ARTICLE)
        _, blew = literal_loop(
            ARTICLE, learning_rate=rate, iterations=n, initial_weight=0.5, initial_bias=0.5
        )
        errors = watch(rate, mu, 4000)
        out |= {
            "times": rate / critical,
            "critical": critical,
            "blew": blew,
            "critical_m": (1 + mu) * critical,
            "ratio": 1 + mu,
            "tw": learned_from(errors[:, 0], limits[0]),
            "tb": learned_from(errors[:, 1], limits[1]),
        }
    elif name == "adam_steps":
        out |= {
            "dw": history["weights"][1] - history["weights"][0],
            "db": history["biases"][1] - history["biases"][0],
            "ratio": abs(history["weight_gradients"][0] / history["bias_gradients"][0]),
        }
    return out


@pytest.mark.parametrize("preset", OPTIMIZER_PRESETS)
def test_each_optimizer_preset_says_what_a_literal_loop_does(app, preset):
    at = app(lr="0.0009", start="-20", noise="2")
    at.button(key=f"preset_{preset}").click().run()
    assert not at.exception
    values = {w.key: w.value for w in at.number_input}
    values["optimizer"] = at.selectbox(key="optimizer").value
    assert (values["start"], values["stop"], values["noise"]) == (-50, 50, 0.0)  # the article's
    caption = at.sidebar.caption[0].value
    label = at.button(key=f"preset_{preset}").label
    stated = EN(f"preset.{preset}.help", **help_values(EN, looped_facts(preset, values)))
    assert caption == f"**{label}** — {stated}"


def test_the_past_critical_presets_rate_is_computed_from_the_data(app):
    at = app()
    at.button(key="preset_momentum_fast").click().run()
    rate = at.number_input(key="lr").value
    critical = 2 / lambda_max(ARTICLE)
    assert 1.25 * critical <= rate < 1.26 * critical and rate == 0.0015
    assert verdict(at) == "Overshoots, but converges"


def test_a_plain_preset_brings_back_plain_descent_and_captions_clear(app):
    at = app()
    at.button(key="preset_momentum_rings").click().run()
    assert at.sidebar.caption[0].value.startswith("**Too much momentum rings** —")
    at.number_input(key="momentum").set_value(0.5).run()
    assert not at.sidebar.caption[0].value.startswith("**Too much momentum rings**")
    at.button(key="preset_overshoots").click().run()
    assert at.selectbox(key="optimizer").value == "gd"
    assert verdict(at) == "Overshoots, but converges"
    assert "optimizer" not in at.query_params


# ---- the Math view -----------------------------------------------------------------------


def loop_with_state(optimizer, iterations):
    """(parameters, optimizer state) after each update of a literal loop from the default start."""
    p, out = np.array([W0, B0]), []
    state = optimizer.init(p)
    for _ in range(iterations + 1):
        out.append((p, state))
        f = neuron.forward(p[0], p[1], ARTICLE.celsius, ARTICLE.fahrenheit)
        g = neuron.backward(ARTICLE.celsius, ARTICLE.fahrenheit, f.output)
        p, state = optimizer.step(p, np.array([g.weight, g.bias]), state)
    return out


@pytest.mark.parametrize("name", ["momentum", "nesterov"])
def test_the_math_view_works_the_momentum_update_as_the_loop_does(app, name):
    at = app(view="math", optimizer=name, iterations="50", step="7")
    assert not at.exception
    states = loop_with_state(build(name, 1e-4, 0.9), 8)
    (_, v7), (p8, v8) = states[7], states[8]
    latex = "\n".join(e.value for e in at.latex)
    for value in (*v7, *v8, *p8):
        assert tex_number(EN, value) in latex
    word = "Nesterov momentum" if name == "nesterov" else "momentum"
    assert any(f"Update, with {word}" in m.value for m in at.markdown)


def test_the_math_view_works_adams_update_as_the_loop_does(app):
    at = app(view="math", optimizer="adam", lr="0.2", iterations="50", step="3")
    states = loop_with_state(neuron.Adam(0.2), 4)
    (_, (_, m3, v3)), (p4, (_, m4, v4)) = states[3], states[4]
    latex = "\n".join(e.value for e in at.latex)
    for value in (*m3, *v3, *m4, *v4, *p4):
        assert tex_number(EN, value) in latex
    assert any("Update 4, with Adam" in m.value for m in at.markdown)


def test_the_math_view_at_the_runs_end_shows_where_the_next_update_goes(app):
    at = app(view="math", optimizer="momentum", iterations="20")
    states = loop_with_state(build("momentum", 1e-4, 0.9), 21)
    latex = "\n".join(e.value for e in at.latex)
    assert tex_number(EN, states[21][0][1]) in latex


def test_the_maps_and_bars_words_are_spanish_on_the_spanish_page(app):
    at = app(view="rates", optimizer="momentum", lang="es")
    _, bars = chart_with(at, "direction", "radius", "status")
    assert bars["direction"].tolist() == ["En la dirección del sesgo", "En la dirección del peso"]
    assert all("," in t or t.split(" ·")[0].isdigit() for t in bars["text"])
    assert math.isfinite(float(bars["radius"].iloc[0]))


def test_the_rate_strip_shows_the_regimes_of_the_optimizer_in_use(app):
    at = app(optimizer="momentum", momentum="0.5", lr="0.0015")
    _, zones = chart_with(at, "start", "end", "zone")
    onset, critical = zones["to"].iloc[0], zones["to"].iloc[1]
    assert critical == pytest.approx(2 * 1.5 / lambda_max(ARTICLE), rel=1e-9)  # Jury: 2 (1 + μ)
    # the steep direction starts ringing where its roots turn complex: a = (1 − √μ)²
    assert onset == pytest.approx((1 - math.sqrt(0.5)) ** 2 / lambda_max(ARTICLE), rel=1e-9)
    for rate, shown in ((onset * 0.999, "converges"), (onset * 1.001, "oscillates")):
        assert neuron.stability(ARTICLE, neuron.Momentum(rate, 0.5)).verdict == shown
    # rounded up: every rate above the printed critical rate diverges (0.00179964…)
    assert "Critical rate **0.0017997**" in at.sidebar.caption[-1].value


def test_past_the_replayed_updates_adams_block_says_so_instead_of_guessing():
    settings = Settings(optimizer="adam", iterations=ADAM_REPLAYED + 10)
    step = SimpleNamespace(iteration=ADAM_REPLAYED + 1, weight=1.0, bias=2.0, d_weight=0.1,
                           d_bias=0.2)  # fmt: skip
    paragraph, formulas = updates.block(EN, SimpleNamespace(settings=settings), step)
    assert formulas == [] and f"up to update {ADAM_REPLAYED:,} only" in paragraph
