"""On someone else's data the page speaks of that data: no sentence, label or
chart claims Celsius or Fahrenheit unless the data's own names do."""

import re

import pytest

import neuron
from playground.core.views import NAMES
from tests.helpers import EN, ES, visible_text

TEMPERATURE = re.compile(r"°\s*[CF]|celsius|fahrenheit|\(C\b", re.IGNORECASE)
# Words about the article itself, true whatever the data: the page's introduction, and
# the presets that load the article's data (its range, its inputs in kelvin).
ABOUT_THE_ARTICLE = ("page.intro", "preset.article.help", "preset.units", "preset.units.help")


def shown(template):
    """A catalogue entry as a pattern: its placeholders match whatever fills them."""
    parts = re.split(r"\{[^}]*\}", template)
    return re.compile(".*?".join(map(re.escape, parts)), re.DOTALL)


def claims(at, data):
    """The lines that mention °C, °F, Celsius or Fahrenheit, once the data's own names
    (its header, which may well carry a unit) and the words about the article are
    taken out."""
    tables = [
        " ".join(map(str, [*t.value.columns, *t.value.to_numpy().ravel()]))
        for kind in ("table", "dataframe")
        for t in at.get(kind)
    ]
    text = "\n".join([visible_text(at), *tables])
    for key in ABOUT_THE_ARTICLE:
        for catalogue in (EN, ES):
            text = shown(catalogue[key]).sub("", text)
    for name in (data.x_name, data.y_name):
        text = text.replace(name, "")
    return sorted({line for line in text.splitlines() if TEMPERATURE.search(line)})


CRICKETS = neuron.dataset("crickets")


def test_the_crickets_name_their_own_units():
    """The one unit the page may repeat is the data's own: chirps/s → °F."""
    assert "°F" in CRICKETS.y_name
    assert not TEMPERATURE.search(CRICKETS.x_name)


@pytest.mark.parametrize("scaled", [False, True])
@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("view", NAMES)
def test_crickets_page_claims_no_celsius_or_fahrenheit_of_its_own(app, view, lang, scaled):
    query = {"dataset": "crickets", "view": view, "lang": lang, "level": "full"}
    at = app(**query, **({"scaled": "true"} if scaled else {}))
    assert not at.exception
    assert claims(at, CRICKETS) == []


@pytest.mark.parametrize("lang", ["en", "es"])
def test_crickets_compared_runs_table_is_in_the_datas_units(app, lang):
    at = app(dataset="crickets", view="training", lang=lang, compare="gd,momentum")
    assert not at.exception
    assert at.table  # the compared runs' table, and its caption, are shown
    assert claims(at, CRICKETS) == []
    assert any(CRICKETS.x_name in c.value for c in at.caption)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_standardized_reading_names_the_crickets(app, lang):
    at = app(dataset="crickets", scaled="true", lang=lang)
    assert not at.exception
    text = visible_text(at)
    assert "z = (x " in text
    assert f"{CRICKETS.y_name}" in text and CRICKETS.x_name in text


def test_the_article_page_still_speaks_of_celsius(app):
    """The same sentences on the article's data keep °C → °F (the check can fail)."""
    at = app(view="training", scaled="true", compare="gd,momentum")
    assert not at.exception
    assert claims(at, CRICKETS)
    assert "z = (C " in visible_text(at)
