"""``python -m playground`` prints the page's own checked sentences."""

from playground.cli import plain, report
from playground.compute import explain
from playground.compute.analysis import analyse
from playground.core.text import text
from tests.truth import CRITICAL, check_run, run


def test_the_terminal_prints_the_pages_own_checked_sentences():
    for query in (f"lr={CRITICAL}&iterations=50", "lr=0.00122", "lr=1e-8&iterations=50"):
        outcome, T = analyse(run(query)), text("en")
        check_run(run(query))
        out = report(outcome)
        for sentence in [explain.verdict(T, outcome).line, *explain.reading(T, outcome)]:
            assert plain(sentence) in out


def test_the_terminal_prints_rmsprops_checked_sentences_and_a_band_where_rounding_decides():
    for query in (
        "optimizer=rmsprop&alpha=0.9&lr=0.001&iterations=300",
        "optimizer=rmsprop&lr=0.05",
    ):
        outcome, T = analyse(run(query)), text("en")
        check_run(run(query))
        out = report(outcome)
        for sentence in [explain.verdict(T, outcome).line, *explain.reading(T, outcome)]:
            assert plain(sentence) in out
        weight_row = next(line for line in out.splitlines() if line.startswith("weight"))
        assert ("±" in weight_row) == outcome.reading.depends_on_rounding, weight_row
