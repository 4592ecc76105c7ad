"""``python -m playground`` prints the page's own checked sentences."""

import numpy as np
import pytest

from playground.cli import main, plain, report
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


def test_own_datas_least_squares_line_is_the_best_fit_not_actual_y(tmp_path, capsys):
    """The review: for x,y rows 1000,5 … 4000,18 the terminal called the
    least-squares line "actual y"; the page calls it "Best fit (least squares)"."""
    path = tmp_path / "thou.csv"
    path.write_text("x,y\n1000,5\n2000,9\n3000,12\n4000,18\n")
    assert main(["--data", str(path), "--iterations", "20"]) == 0
    out = capsys.readouterr().out
    label = text("en")("series.actual.data")
    header, *rows = out.splitlines()[-4:]
    assert header.split()[0] == "x" and label in header and "actual" not in header.lower()
    assert "actual" not in out.lower()
    x, y = np.array([1000, 2000, 3000, 4000.0]), np.array([5, 9, 12, 18.0])
    slope, intercept = np.polyfit(x, y, 1)  # least squares
    for row, at in zip(rows, (1000, 2500, 4000)):
        shown_x, shown_fit = (float(v) for v in row.split()[:2])
        assert shown_x == at and shown_fit == pytest.approx(slope * at + intercept, rel=1e-5)
    es = text("es")("series.actual.data")  # the page's Spanish word for it: not "Real"
    assert es != label and "real" not in es.lower()
