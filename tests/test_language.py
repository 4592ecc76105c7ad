"""English and Spanish: one catalogue, the same keys, and a page with no English
left in it when Spanish is chosen."""

import re
import string

import pytest

from playground.text import EN, ES, Text
from tests.conftest import charts, text_of

BILINGUAL = {"sidebar.language"}  # "Language · Idioma" is meant to read in both
VIEWS_ES = ["Predicciones", "Entrenamiento", "Tasa de aprendizaje", "Paisaje", "Matemáticas"]


def placeholders(template):
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_languages_have_the_same_keys_and_placeholders():
    assert EN.keys() == ES.keys()
    for key in EN:
        assert placeholders(EN[key]) == placeholders(ES[key]), key


def english_phrases():
    """Text that is English only: entries that differ in Spanish, as fragments
    between placeholders and markup, long enough to mean something."""
    out = set()
    for key, english in EN.items():
        if key in BILINGUAL or english == ES[key]:
            continue
        for fragment in re.split(r"\{[^}]*\}|\*\*|[`()—:.,;]", english):
            fragment = fragment.strip()
            if len(fragment) >= 6 and fragment not in ES[key] and " " in fragment:
                out.add(fragment)
            elif re.fullmatch(r"[A-Z][a-z]{4,}", fragment) and fragment not in ES[key]:
                out.add(fragment)  # single English words used as labels
    return out


def under(spec, wanted):
    """Every value stored under the key ``wanted`` anywhere in a Vega-Lite spec."""
    if isinstance(spec, dict):
        for key, value in spec.items():
            yield from [value] if key == wanted else under(value, wanted)
    elif isinstance(spec, list):
        for item in spec:
            yield from under(item, wanted)


def titles(spec):
    """The strings a chart shows: axis, legend and tooltip titles."""
    return [t for t in under(spec, "title") if isinstance(t, str)]


def tooltips(spec):
    for tip in under(spec, "tooltip"):
        yield from tip if isinstance(tip, list) else [tip]


def visible_text(at):
    labels = [
        w.label
        for kind in (
            "number_input",
            "slider",
            "select_slider",
            "toggle",
            "text_input",
            "button",
            "button_group",
        )
        for w in at.get(kind)
    ]
    helps = [
        w.help or ""
        for kind in ("number_input", "slider", "select_slider", "toggle", "text_input", "button")
        for w in at.get(kind)
    ]
    tabs = [t.label for t in at.get("tab")]
    specs = [title for spec, _ in charts(at) for title in titles(spec)]
    series = [
        " ".join(map(str, f[c].unique()))
        for _, frames in charts(at)
        for f in frames.values()
        for c in f.columns
        if f[c].dtype == object
    ]
    return "\n".join([text_of(at), *labels, *helps, *tabs, *specs, *series])


@pytest.mark.parametrize("view", VIEWS_ES)
def test_the_spanish_page_shows_no_english(app, view):
    at = app(lang="es", view=view, lr="0.0015", step="5")
    assert not at.exception
    page = visible_text(at)
    leaks = sorted(
        p for p in english_phrases() if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", page)
    )
    assert not leaks, leaks
    assert Text("es")("page.heading") in page


@pytest.mark.parametrize("view", VIEWS_ES)
def test_every_tooltip_has_a_title_so_no_field_name_shows(app, view):
    at = app(lang="es", view=view, lr="0.0009", step="5")
    for spec, _ in charts(at):
        for tip in tooltips(spec):
            assert isinstance(tip, dict) and tip.get("title"), tip


def test_switching_language_keeps_the_open_view(app):
    at = app(view="Training")
    at.button_group(key="lang").set_value("es").run()
    assert not at.exception
    assert at.session_state["view"] == "Entrenamiento"
    assert any(s.value == "Pérdida por iteración" for s in at.subheader)
    assert at.number_input(key="lr").label == "Tasa de aprendizaje exacta"


def test_numbers_use_each_languages_thousands_separator():
    assert Text("en").count(23031) == "23,031"
    assert Text("es").count(23031) == "23\u202f031"
