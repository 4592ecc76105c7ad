"""The Spanish catalogue: native words, one term for overshoot, decimal commas."""

import re

from neuron.datasets import DATASETS, dataset
from playground.compute import explain
from playground.core.text import CATALOGUES, text
from playground.room.tasks import load_tasks
from tests.helpers import charts, text_of

ES = CATALOGUES["es"]


def test_spanish_reads_natively_with_the_reviews_fixes():
    values = "\n".join(ES.values())
    assert "cambia en λ por cada unidad" in ES["glossary.body"]
    assert ES["share.percent"] == "el {percent} de"
    assert ES["preset.too_small"] == "Demasiado pequeña" and ES["preset.good"] == "Buena"
    assert "Bueno" not in values and "Demasiado pequeño" not in values  # tasa is feminine
    assert ES["player.play"] == "▶ Reproducir" and ES["strip.legend"].startswith(
        "Bajo el deslizador"
    )
    assert ES["chart.gradient_size"] == "Magnitud del gradiente"
    assert ES["chart.level"] == "log₁₀ de la pérdida"
    assert ES["stability.optimal"].startswith("Tasa óptima")
    assert ES["page.title"] == ES["page.heading"]
    for gone in ("primeras centenas", "se desbordó a infinito", "la suya es 1 veces"):
        assert gone not in values
    assert ES["csv.name"] == "historial-una-neurona.csv" and ES["csv.weight"] == "peso"


def test_spanish_has_one_term_for_overshoot_in_full_mode():
    full = {k: v for k, v in ES.items() if not k.endswith(".plain")}
    for key, value in full.items():
        value = re.sub(r"\{\w+\}", "", value)  # placeholders are names, not words
        assert not re.search(r"\bsalt[oa]|oscil|rebas|se pasa|sobreimpulso", value), key
        english = CATALOGUES["en"][key].lower()
        if re.search(r"overshoot|past the optimum|past its optimum", english):
            assert "sobrepas" in value.lower(), key


def test_spanish_numbers_use_a_decimal_comma_in_words_and_in_charts(app):
    typed = {"lr.help", "sweep.help", "sweep.ignored"}  # what to type: the field takes a point
    for key, value in ES.items():
        if key.removesuffix(".plain") not in typed:  # a plain wording types the same
            assert not re.search(r"\d\.\d", value), key
    at = app(lang="es", view="training", lr="0.0009")
    assert not re.search(r"\d\.\d", text_of(at).replace("\\", ""))
    spec, _ = charts(at)[0]
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    T = text("es")
    assert explain.share(T, 0.0833) == "el 8,3 % de"


def test_spanish_thousands_are_the_pages_thin_space_in_the_catalogue_and_the_room_tasks():
    """The page's T.count writes 10 000 with U+202F, which never breaks a line; a typed
    space (or no-break space) in the catalogue or the room's tasks was another separator."""
    typed = re.compile(r"\d[ \u00a0]\d{3}(?!\d)")
    for key, value in ES.items():
        assert not typed.search(value), key
    for task in load_tasks():
        assert not typed.search(task.question["es"]), task.question["es"]
    assert "1\u202f000\u202f000" in ES["iterations.help"]
    assert text("es").count(1_000_000) == "1\u202f000\u202f000"


def test_each_bundled_datasets_source_is_in_both_catalogues_and_english_is_the_engines():
    for name in DATASETS:
        assert CATALOGUES["en"][f"dataset.source.{name}"] == dataset(name).source
        assert ES[f"dataset.source.{name}"] != dataset(name).source  # written in Spanish
        assert not re.search(r"\d\.\d", ES[f"dataset.source.{name}"])
