"""The data section, driven through AppTest: bundled datasets by link, pasted
tables, their links, and bad tables that keep the data in use."""

import re

import numpy as np
import pytest

import neuron
from playground.compute import sources
from tests.helpers import english_phrases, player, text_of, verdict

PASTED = "height (cm)\tweight (kg)\n150\t52\n160\t57,5\n170\t66\n180\t71\n190\t80,5\n"


@pytest.fixture(autouse=True)
def empty_store():
    sources.clear()
    yield


def critical(dataset):
    x = dataset.x
    return 2 / np.linalg.eigvalsh(2 * np.array([[np.mean(x * x), x.mean()], [x.mean(), 1]]))[-1]


def test_dataset_kelvin_in_a_link_shows_its_critical_rate_and_diverges(app):
    at = app(dataset="kelvin")
    assert not at.exception
    shown = f"{critical(neuron.dataset('kelvin')):.4e}".replace("e-0", "e-")  # 1.3303e-5
    assert f"Critical rate **{shown}**" in text_of(at)
    assert verdict(at) == "Diverges"  # the article's 0.0001 is ~7.5 × it
    assert player(at)["text"]["celsius"] == "temperature (K)"


def test_a_pasted_table_is_learned_and_survives_the_link_round_trip(app):
    at = app()
    at.selectbox(key="dataset").set_value("own").run()
    at.text_area(key="data.paste").input(PASTED).run()
    assert not at.exception
    link = dict(at.query_params)
    assert link["dataset"] == "own" and link["data"].startswith("z")
    words = text_of(at)
    assert "5 rows" in words and "`weight (kg)`" in words
    data = player(at)
    assert data["text"]["celsius"] == "height (cm)"
    slope, intercept = np.polyfit([150, 160, 170, 180, 190], [52, 57.5, 66, 71, 80.5], 1)
    assert data["actual"] == pytest.approx([slope, intercept], rel=1e-9)

    again = app(**link)  # a new visitor opens the shared link
    assert not again.exception
    assert player(again)["points"] == data["points"]
    assert player(again)["actual"] == data["actual"]
    assert dict(again.query_params)["data"] == link["data"]
    assert again.text_area(key="data.paste").value.startswith("height (cm)\tweight (kg)\n150.0")


def test_a_bad_table_names_its_line_and_keeps_the_data_in_use(app):
    at = app()
    at.selectbox(key="dataset").set_value("own").run()
    at.text_area(key="data.paste").input(PASTED).run()
    before = player(at)["points"]
    at.text_area(key="data.paste").input(PASTED + "200\tmuch\n").run()
    assert not at.exception
    (error,) = [e.value for e in at.error if "cannot be read" in e.value]
    assert "line 7, column 2" in error and "much" in error
    assert player(at)["points"] == before


def test_a_damaged_data_link_is_noted_and_the_articles_data_shown(app):
    at = app(data="zAAAAbroken")
    assert not at.exception
    assert any("data=" in w.value for w in at.warning)
    assert player(at)["text"]["celsius"] == "Celsius (°C)"


def test_data_too_large_for_a_link_stays_out_of_it_with_a_download(app):
    x = np.arange(-300, 300, dtype=float) / 3
    text = "x,y\n" + "".join(f"{a!r},{2 * a + 1!r}\n" for a in x.tolist())
    at = app()
    at.selectbox(key="dataset").set_value("own").run()
    at.text_area(key="data.paste").input(text).run()
    assert not at.exception
    assert "data" not in dict(at.query_params)
    assert any("too large to travel in a link" in w.value for w in at.warning)
    assert at.get("download_button")
    assert len(player(at)["points"]["celsius"]) == 500  # drawn thinned
    assert any("draws 500 of the 600 points" in c.value for c in at.caption)


def test_the_units_preset_runs_the_articles_rate_on_kelvin_then_standardizing_saves_it(app):
    at = app()
    at.button(key="preset_units").click().run()
    assert dict(at.query_params) == {"dataset": "kelvin"}
    assert verdict(at) == "Diverges"
    at.toggle(key="scaled").set_value(True).run()
    assert verdict(at).startswith("Converges")


def test_the_math_view_works_one_of_the_datas_own_samples(app):
    at = app(dataset="crickets", view="math")
    at.number_input(key="data.sample").set_value(2).run()
    assert not at.exception
    data = neuron.dataset("crickets")
    words = text_of(at)
    assert f"{data.y[1]:g}" in words


def test_a_beginner_link_to_kelvin_keeps_its_data_without_the_data_section(app):
    at = app(dataset="kelvin", level="beginner")
    assert not at.exception
    assert verdict(at) == "Blows up"  # the beginner's word for diverges
    at.run()  # a rerun that draws no data section keeps the dataset
    assert dict(at.query_params)["dataset"] == "kelvin" and verdict(at) == "Blows up"


@pytest.mark.parametrize(
    ("bad", "line"),
    [
        ("x,y\n1,2\n3,abc\n", "línea 3, columna 2"),  # not a number
        ("x;y\n1;2\n3;NaN\n", "línea 3, columna 2"),
        ("x\n1\n2\n", "línea 1"),  # one column
        ("x,y\n", "línea 1"),  # a header and no rows
        ("x,y\n5,2\n5,3\n", "líneas 2–3, columna 1"),  # fewer than two distinct x
    ],
)
def test_a_bad_table_on_the_spanish_page_is_explained_in_spanish_and_the_data_stays(
    app, bad, line
):
    at = app(lang="es")
    at.selectbox(key="dataset").set_value("own").run()
    at.text_area(key="data.paste").input(PASTED).run()
    before = player(at)["points"]
    at.text_area(key="data.paste").input(bad).run()
    assert not at.exception
    (error,) = [e.value for e in at.error if e.value.startswith("No se puede leer esta tabla")]
    assert line in error
    leaks = [p for p in english_phrases() if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", error)]
    assert not leaks, leaks
    assert not re.search(r"\b(line|column|table|number|values?)\b", error)
    assert not re.search(r"\d\.\d", error)
    assert player(at)["points"] == before
