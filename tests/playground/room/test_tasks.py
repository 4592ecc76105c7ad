"""The room's tasks: the shipped file, the answers the engine computes, strict checks."""

import dataclasses
import math
import re
import string

import numpy as np
import pytest

import neuron
from playground.room import answers, load_tasks, prediction_entry, run_entry
from playground.room.tasks import TasksError, check_settings, from_json, parse, to_json
from tests.reference import literal_loop

TASKS = load_tasks()


def test_the_default_file_is_six_tasks_for_61_minutes_in_two_languages():
    assert [(t.kind, t.answer) for t in TASKS] == [
        ("prediction", "verdict"),
        ("run", "largest_stable_rate"),
        ("run", "fastest_bias"),
        ("prediction", "standardized"),
        ("prediction", "batch_one"),
        ("prediction", "units"),  # the units challenge, added with "your own data"
    ]
    assert sum(t.minutes for t in TASKS) == 61
    spanish = " ".join(t.question["es"] + t.explain["es"] for t in TASKS)
    spanish += " ".join(c.label["es"] for t in TASKS for c in t.choices)
    for word in ("tasa de aprendizaje", "sesgo", "peso", "pérdida", "sobrepasa el óptimo"):
        assert word in spanish
    assert TASKS[0].settings == {"lr": 0.0009, "iterations": 10000}
    assert TASKS[0].query == "lr=0.0009&iterations=10000"
    assert from_json(to_json(TASKS)) == TASKS


def test_task_1_the_verdict_at_0_0009_is_the_engines():
    answer = TASKS[0].reveal()
    assert answer.choice == neuron.stability(neuron.make_dataset(), 0.0009).verdict
    assert answer.choice == "oscillates"
    history, _ = literal_loop(
        neuron.make_dataset(),
        learning_rate=0.0009,
        iterations=60,
        initial_weight=0.5,
        initial_bias=0.5,
    )  # independent: the weight jumps past 1.8 at every early step, ever less far
    error = history["weights"][:6] - 1.8
    assert np.all(np.sign(error[1:]) != np.sign(error[:-1]))
    assert np.all(np.abs(error[1:]) < np.abs(error[:-1]))


def test_task_2_the_largest_stable_rate_is_just_above_critical():
    answer = TASKS[1].reveal().values
    critical = neuron.stability(neuron.make_dataset(), 1e-4).critical_learning_rate
    assert answer["critical"] == critical and 0 < answer["above"] < 5
    start = dict(initial_weight=0.637, initial_bias=0.2698)  # the page's default start

    def loop(lr):
        return literal_loop(neuron.make_dataset(), learning_rate=lr, iterations=10_000, **start)

    assert loop(answer["rate"])[1] is None  # the printed rate itself survives
    assert loop(answer["rate"] * (1 + 1e-6))[1] is not None
    printed = float(TASKS[1].explanation(TASKS[1].reveal(), "en").split()[3].rstrip(":"))
    assert printed == answer["rate"] and loop(printed)[1] is None
    assert loop(printed + 1e-11)[1] is not None  # the next printed digit blows up


def test_task_3_the_bias_is_learned_soonest_at_the_answers_rate():
    data, start = neuron.make_dataset(), dict(initial_weight=0.637, initial_bias=0.2698)
    answer = TASKS[2].reveal().values

    def bias(lr):
        n = neuron.iterations_to_learn(data, learning_rate=lr, **start).bias
        return math.inf if n is None else n

    assert bias(answer["rate"]) == answer["iterations"]
    st = neuron.bowl(data)
    assert answer["rate"] < st.critical_learning_rate
    for other in (1e-4, 5e-4, 0.5 * st.critical_learning_rate, st.optimal_learning_rate):
        assert answer["iterations"] <= bias(other)


def test_task_4_standardizing_makes_the_bowl_round():
    answer = TASKS[3].reveal()
    x = neuron.standardize(neuron.make_dataset())[0].celsius
    hessian = 2 * np.array([[np.mean(x * x), np.mean(x)], [np.mean(x), 1]])
    curvatures = np.linalg.eigvalsh(hessian)  # independent of neuron.stability
    assert answer.choice == "one_pace"
    assert answer.values["critical"] == pytest.approx(2 / curvatures.max(), rel=1e-12)
    assert answer.values["condition"] == pytest.approx(1, rel=1e-9)
    assert answer.values["condition_before"] == pytest.approx(833.75, rel=1e-4)


@pytest.mark.parametrize("task", [t for t in TASKS if t.answer != "fastest_bias"])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_reveal_sentence_fills_in(task, lang):
    text = task.explanation(task.reveal(), lang)
    assert "{" not in text and "}" not in text and len(text) > 40


def good():
    return {k: v for k, v in TASKS[0].as_dict().items()}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda t: t.update(colour="red"), "'colour'"),
        (lambda t: t["question"].pop("es"), "'question'"),
        (lambda t: t.update(kind="quiz"), "'kind'"),
        (lambda t: t.pop("answer"), "'answer'"),
        (lambda t: t.update(answer="nope"), "'answer'"),
        (lambda t: t.update(answer="largest_stable_rate"), "'answer'"),
        (lambda t: t["settings"].update(lr=50.0), "'settings.lr'"),
        (lambda t: t["settings"].update(colour=1), "'settings.colour'"),
        (lambda t: t["settings"].update(iterations=1.5), "'settings.iterations'"),
        (lambda t: t["settings"].update(start=10, stop=11), "'settings.stop'"),
        (lambda t: t["settings"].pop("lr"), "'settings'"),
        (lambda t: t.update(controls=["colour"]), "'controls'"),
        (lambda t: t.update(controls=["lr", "lr"]), "'controls'"),
        (lambda t: t.update(choices=t["choices"][:2]), "'choices'"),
        (lambda t: t["choices"][0].pop("es"), "'choices'"),
        (lambda t: t.pop("choices"), "'choices'"),
        (lambda t: t["explain"].update(en="{rate.__class__}"), "'explain.en'"),
        (lambda t: t["explain"].update(es="{secret}"), "'explain.es'"),
        (lambda t: t["explain"].update(en="{rate:q}"), "'explain.en'"),
        (lambda t: t["question"].update(en=""), "'question.en'"),
        (lambda t: t.update(minutes=0), "'minutes'"),
        (lambda t: t.update(minutes=True), "'minutes'"),
    ],
)
def test_a_bad_task_is_refused_naming_the_task_and_field(change, field):
    second = good()
    change(second)
    with pytest.raises(TasksError) as caught:
        parse({"tasks": [good(), second]})
    assert str(caught.value).startswith("task 2, field " + field), str(caught.value)


def test_a_run_needs_controls_and_has_no_choices():
    run = TASKS[1].as_dict()
    with pytest.raises(TasksError, match="task 1, field 'controls'"):
        parse({"tasks": [dict(run, controls=[])]})
    with pytest.raises(TasksError, match="task 1, field 'choices'"):
        parse({"tasks": [dict(run, choices=good()["choices"])]})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("tasks = 3", "must hold 1 to 20"),
        ("title = 'x'", "nothing else, found: title"),
        ("[[tasks]\n", "not valid TOML"),
    ],
)
def test_a_file_that_is_not_a_tasks_file_is_refused(tmp_path, text, message):
    path = tmp_path / "tasks.toml"
    path.write_text(text)
    with pytest.raises(TasksError, match=message):
        load_tasks(path)
    with pytest.raises(TasksError, match="cannot read it"):
        load_tasks(tmp_path / "missing.toml")


def test_entries_have_one_shape_per_kind():
    assert prediction_entry(TASKS[0], "diverges") == {"choice": "diverges"}
    with pytest.raises(ValueError, match="choice"):
        prediction_entry(TASKS[0], "maybe")
    with pytest.raises(ValueError, match="not a prediction"):
        prediction_entry(TASKS[1], "diverges")
    run = neuron.train(
        neuron.make_dataset(),
        learning_rate=0.0015,
        iterations=2000,
        initial_weight=0.5,
        initial_bias=0.5,
    )
    entry = run_entry(TASKS[1], {"lr": 0.0015, "iterations": 2000}, run)
    assert entry["diverged_at"] == run.diverged_at and entry["iterations"] == 2000
    assert entry["weight"] == run.weights[run.last] and math.isfinite(entry["loss"])
    with pytest.raises(ValueError, match=r"settings\.lr"):
        run_entry(TASKS[1], {"lr": -1.0}, run)
    with pytest.raises(ValueError, match="not a run"):
        run_entry(TASKS[0], {}, run)


def test_answers_are_computed_not_kept():
    other = neuron.make_dataset(-10, 10)  # another range: another critical rate
    setup = answers.setup({"learning_rate": 0.0009, "start": -10, "stop": 10})
    assert setup.dataset.celsius.tolist() == other.celsius.tolist()
    assert answers.verdict(setup).choice == neuron.stability(other, 0.0009).verdict == "converges"


def test_task_3_search_beats_a_dense_scan_of_rates():
    """The search against a plain scan of 400 rates under the critical one."""
    got = answers.fastest_bias(answers.setup({})).values
    data, start = neuron.make_dataset(), dict(initial_weight=0.637, initial_bias=0.2698)
    critical = neuron.bowl(data).critical_learning_rate
    dense = np.geomspace(critical / 1000, critical * (1 - 1e-9), 400)
    scanned = [neuron.iterations_to_learn(data, learning_rate=lr, **start).bias for lr in dense]
    assert got["iterations"] <= min(n for n in scanned if n is not None)
    assert got["rate"] < critical


NUMBER = re.compile(r"(?<![\w.,])-?\d+(?:[.,\u202f]\d+)*")


def numbers(sentence, lang):
    """The numbers a sentence prints, read back as floats (Spanish: decimal commas)."""
    found = []
    for text in NUMBER.findall(sentence):
        if lang == "es":
            text = text.replace("\u202f", "").replace(",", ".")
        else:
            text = text.replace(",", "")
        found.append(float(text))
    return found


@pytest.mark.parametrize("task", TASKS, ids=[t.answer for t in TASKS])
def test_every_tasks_settings_question_answer_and_explanation_agree_with_the_engine(task):
    data = neuron.make_dataset()
    setup = answers.setup(task.engine_settings)
    answer = task.reveal()
    for lang in ("en", "es"):
        question, said = task.question[lang], task.explanation(answer, lang)
        if lang == "es":  # decimal commas, never a decimal point, in Spanish
            assert not re.search(r"\d\.\d", question + said), question + said
        for value in numbers(question, lang):  # a number the question names is a setting
            # (or the kelvin offset the units task states: K = C + 273.15)
            assert value in {*task.settings.values(), 1, 0, neuron.datasets.KELVIN}, (lang, value)
        printed = numbers(said, lang)
        for name, value in answer.values.items():
            if name in ("rate", "critical", "critical_before", "iterations", "curvature"):
                assert any(math.isclose(p, value, rel_tol=5e-4) for p in printed), (name, value)
    if task.answer == "standardized":  # the task says the inputs are standardized: they are
        assert task.settings.get("scaled") is True
        assert np.allclose(setup.dataset.celsius, neuron.standardize(data)[0].celsius)
    if task.answer == "verdict":
        assert f"{task.settings['lr']:g}" in task.question["en"]
        assert answer.choice == neuron.stability(setup.dataset, task.settings["lr"]).verdict
    if task.answer == "largest_stable_rate":
        assert f"{task.settings['iterations']:,}" in task.question["en"]
        assert answer.values["iterations"] == task.settings["iterations"]


def test_the_units_task_opens_kelvin_and_its_answer_is_the_hessians():
    task = next(t for t in TASKS if t.answer == "units")
    assert task.query == "dataset=kelvin&lr=0.0001&iterations=10000"

    def critical(x):
        m = x.mean()
        return 2 / np.linalg.eigvalsh(2 * np.array([[np.mean(x * x), m], [m, 1.0]]))[-1]

    c = np.arange(-50, 50, dtype=float)
    k = c + 273.15
    expected = {"celsius": critical(c), "kelvin": critical(k),
                "standardized": critical((k - k.mean()) / k.std())}  # fmt: skip
    answer = task.reveal()
    for name, value in expected.items():
        assert answer.values[name] == pytest.approx(value, rel=1e-9)
    assert 85 < answer.values["ratio"] < 95
    assert answer.choice == "celsius_standardized"  # 0.0001 diverges in kelvin only


@pytest.mark.parametrize("value", ["own", "mars", 3])
def test_a_task_names_only_a_bundled_dataset(value):
    with pytest.raises(TasksError, match=r"settings\.dataset"):
        check_settings({"dataset": value})
    with pytest.raises(TasksError, match=r"settings\.data"):
        check_settings({"data": "zAAAA"})


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("task", TASKS, ids=[t.answer for t in TASKS])
def test_a_reveal_prints_each_critical_rate_rounded_up(task, lang):
    """ "Blows up above the critical rate X": every rate above the printed X blows
    up, so X is at or above the exact rate, by less than one printed digit (to
    nearest, batch 1's 0.00066611 read 0.0006661, and a rate between settled)."""
    answer, rule = task.reveal(), answers.RULES[task.answer]
    text = task.explanation(answer, lang)
    fields = [(n, s) for _, n, s, _ in string.Formatter().parse(task.explain[lang]) if n]
    shown = [(n, s) for n, s in fields if n in rule.thresholds]
    assert shown, fields
    for name, spec in shown:
        alone = dataclasses.replace(task, explain={lang: f"{{{name}:{spec}}}"})
        figure = alone.explanation(answer, lang)
        assert figure in text
        value, exact = float(figure.replace("\u202f", "").replace(",", ".")), answer.values[name]
        places = int(re.search(r"\.(\d+)", spec)[1]) if "." in spec else 6
        unit = (
            10.0**-places
            if spec.endswith("f")
            else 10.0 ** (math.floor(math.log10(exact)) - places + 1)
        )
        assert exact <= value < exact + unit, (name, figure, exact)


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize(
    "shift", [1e-9, 1e-8, 1e-7, 3e-6, -1e-9, -1e-7, -3e-6, 0.02], ids=lambda x: f"{x:+g}"
)
def test_a_reveal_puts_every_submitted_rate_on_its_true_side_of_the_critical_rate(shift, lang):
    """ "Past the critical rate X the loss grows": a run submitted a hair above or
    below 2/λmax must read on the side its run is on, whatever the template's digits."""
    task = TASKS[1]  # the largest rate that survives: people aim at the edge
    answer = task.reveal()
    exact = answer.values["critical"]
    rates = (exact * (1 + shift), 1e-4)
    alone = dataclasses.replace(task, explain={lang: "{critical:.7f}"})
    figure = alone.explanation(answer, lang, rates)
    printed = float(figure.replace(",", "."))
    assert printed >= exact and figure in task.explanation(answer, lang, rates)
    data = neuron.make_dataset()
    for rate in rates:  # the engine's verdict, against the printed threshold
        diverges = neuron.stability(data, rate).verdict == "diverges"
        assert diverges == (rate > printed) or (diverges and rate == printed), (rate, figure)
    if abs(shift) >= 0.02:  # nothing near: the template's own 7 places
        assert figure == alone.explanation(answer, lang)


def test_a_reveal_writes_a_negative_number_with_a_minus_sign():
    task = TASKS[0]  # at 0.0009 one step multiplies the weight's error by 1 − 0.0009 × 1667
    for lang, factor in (("en", "\u22120.50"), ("es", "\u22120,50")):
        text = task.explanation(task.reveal(), lang)
        assert f"= {factor}." in text and "-0" not in text
