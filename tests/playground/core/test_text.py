"""English and Spanish: one catalogue file each, the same keys, every key used,
and a page with no English left in it when Spanish is chosen."""

import ast
import re
from pathlib import Path

import pytest

from playground.core.params import TABLE
from playground.core.text import CATALOGUES, Text, check, placeholders
from playground.core.views import NAMES as VIEWS
from tests.helpers import charts, english_phrases, tooltips, visible_text

ROOT = Path(__file__).resolve().parents[3]
EN, ES = CATALOGUES["en"], CATALOGUES["es"]


def test_both_languages_have_the_same_keys_and_placeholders():
    assert EN.keys() == ES.keys()
    for key in EN:
        assert placeholders(EN[key]) == placeholders(ES[key]), key


def test_a_catalogue_that_lacks_a_key_is_refused_at_load():
    with pytest.raises(ValueError, match="missing"):
        check({"en": EN, "xx": {k: v for k, v in EN.items() if k != "page.title"}})
    with pytest.raises(ValueError, match="placeholders"):
        check({"en": EN, "xx": {**EN, "link.more": "and more"}})


def code_strings():
    """String constants and f-string patterns in the product code (app.py, playground/)."""
    constants, patterns = set(), set()
    files = [ROOT / "app.py", *sorted((ROOT / "playground").rglob("*.py"))]
    for path in files:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                constants.add(node.value)
            elif isinstance(node, ast.JoinedStr):
                parts = [
                    re.escape(v.value) if isinstance(v, ast.Constant) else "[a-z_0-9.]+"
                    for v in node.values
                ]
                if isinstance(node.values[0], ast.Constant):  # "view.{name}", not "{p}.label"
                    patterns.add("".join(parts))
    for p in TABLE:  # a parameter's label and help come from its row
        if p.text:
            constants |= {f"{p.text}.label", f"{p.text}.help"}
    return constants, patterns


def test_every_key_in_the_catalogues_is_used_by_the_code():
    constants, patterns = code_strings()

    def used(key):
        key = key.removesuffix(".plain")  # a beginner wording is used where its key is
        return key in constants or any(re.fullmatch(p, key) for p in patterns)

    unused = [key for key in EN if not used(key)]
    assert not unused, unused


def test_every_key_the_code_asks_for_exists():
    asked = set()
    files = [ROOT / "app.py", *sorted((ROOT / "playground").rglob("*.py"))]
    for path in files:
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "T"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                asked.add(node.args[0].value)
    assert asked and not asked - EN.keys(), sorted(asked - EN.keys())


@pytest.mark.parametrize("view", VIEWS)
def test_the_spanish_page_shows_no_english(app, view):
    at = app(lang="es", view=view, lr="0.0015", step="5")
    assert not at.exception
    page = visible_text(at)
    leaks = sorted(
        p for p in english_phrases() if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", page)
    )
    assert not leaks, leaks
    assert Text("es")("page.heading") in page


@pytest.mark.parametrize("view", VIEWS)
def test_every_tooltip_has_a_title_so_no_field_name_shows(app, view):
    at = app(lang="es", view=view, lr="0.0009", step="5")
    for spec, _ in charts(at):
        for tip in tooltips(spec):
            assert isinstance(tip, dict) and tip.get("title"), tip


def test_switching_language_keeps_the_open_view(app):
    at = app(view="training")
    at.button_group(key="lang").set_value("es").run()
    assert not at.exception
    assert at.session_state["view"] == "training"
    assert [h.value for h in at.header] == [ES["training.header"]]
    assert at.number_input(key="lr").label == ES["lr.label"]
    assert at.query_params["view"] == "training" and at.query_params["lang"] == "es"


def test_a_spanish_link_to_the_landscape_opens_the_landscape(app):
    at = app(view="landscape", lang="es")
    assert [h.value for h in at.header] == [ES["landscape.header"]]
    assert not at.warning


def test_numbers_use_each_languages_thousands_separator():
    assert Text("en").count(23031) == "23,031"
    assert Text("es").count(23031) == "23\u202f031"
