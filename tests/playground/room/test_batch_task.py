"""The room's batch-size task: its answer is what the engine's runs bear out."""

import neuron
from playground.room import answers, tasks


def batch_task():
    (task,) = [t for t in tasks.load_tasks() if t.answer == "batch_one"]
    return task


def test_the_rate_is_safe_for_the_full_batch_and_its_answer_holds_for_batch_1():
    task = batch_task()
    s = task.engine_settings
    assert s["batch_size"] == 1
    data = neuron.make_dataset()
    start = {"initial_weight": 0.637, "initial_bias": 0.2698}
    full = neuron.train(data, learning_rate=s["learning_rate"], iterations=20_000, record=[],
                        **start)  # fmt: skip
    assert full.diverged_at is None and full.at(20_000).loss < 1e-6 * full.at(0).loss
    exact = neuron.expected_run(data, learning_rate=s["learning_rate"], batch_size=1,
                                iterations=20_000, **start)  # fmt: skip
    answer = task.reveal()
    grows = not exact.loss[-1] < exact.loss[0]
    assert answer.choice == ("grows" if grows else "settles") == "grows"
    assert answer.values["critical_one"] < s["learning_rate"] < answer.values["critical"]


def test_a_rate_under_batch_1s_critical_rate_settles():
    task = batch_task()
    answer = answers.compute("batch_one", (("batch_size", 1), ("learning_rate", 0.0003)))
    assert answer.choice == "settles"
    for lang in ("en", "es"):
        text = task.explanation(answer, lang)
        rate = "0.0003" if lang == "en" else "0,0003"  # Spanish writes a decimal comma
        assert rate in text and "{" not in text
