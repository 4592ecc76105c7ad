"""Every word the page shows, one catalogue file per language, and number formats.

The catalogues are TOML files in ``playground/locales/``, one per language
named in ``LANGUAGES``: flat, quoted keys such as ``"preset.good.help"``, so the
key in a file reads exactly as it does in the code. They are loaded and checked
once, at import: every language must have the same keys and the same
placeholders as English. Adding a language is adding its file and its code to
``LANGUAGES``.
"""

import math
import string
import tomllib
from functools import cache
from pathlib import Path

LANGUAGES = ("en", "es")
LEVELS = ("full", "beginner")
PLAIN = ".plain"  # the beginner wording of a key, where it has one
LOCALES = Path(__file__).with_name("locales")
THIN_SPACE = "\u202f"
_SIGNS = str.maketrans({",": THIN_SPACE, ".": ","})  # English → Spanish number signs


def load(lang):
    """The catalogue of ``lang`` as a flat dict of key → template."""
    with (LOCALES / f"{lang}.toml").open("rb") as f:
        return _flat(tomllib.load(f))


def _flat(table, prefix=""):
    out = {}
    for key, value in table.items():
        if isinstance(value, dict):
            out.update(_flat(value, f"{prefix}{key}."))
        else:
            out[prefix + key] = value
    return out


def placeholders(template):
    """The names a template fills in: {"rate", "n"} for "rate {rate}, {n} steps"."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def check(catalogues):
    """Raise ValueError unless every catalogue matches English key for key.

    A beginner wording (``key.plain``) must belong to a key.
    """
    english = catalogues["en"]
    for lang, entries in catalogues.items():
        missing, extra = english.keys() - entries.keys(), entries.keys() - english.keys()
        if missing or extra:
            raise ValueError(f"{lang}.toml: missing {sorted(missing)}, extra {sorted(extra)}")
        for key, template in entries.items():
            if placeholders(template) != placeholders(english[key]):
                raise ValueError(f"{lang}.toml: {key} has other placeholders than English")
            if key.endswith(PLAIN) and key.removesuffix(PLAIN) not in entries:
                raise ValueError(f"{lang}.toml: {key} is the plain wording of no key")


CATALOGUES = {lang: load(lang) for lang in LANGUAGES}
check(CATALOGUES)


class Text:
    """The catalogue of one language: ``T("key", **values)`` formats an entry.

    At the beginner level a key's plain wording (``key.plain``) is used where
    it has one.
    """

    def __init__(self, lang, level="full"):
        self.lang = lang if lang in CATALOGUES else "en"
        self.level = level if level in LEVELS else "full"
        self._entries = CATALOGUES[self.lang]

    @property
    def beginner(self):
        return self.level == "beginner"

    def __call__(self, key, **values):
        if self.beginner and key + PLAIN in self._entries:
            key += PLAIN
        return self._entries[key].format(**values) if values else self._entries[key]

    def count(self, n):
        """A whole number with the language's thousands separator: 23,031 or 23 031."""
        text = f"{int(n):,}"
        return text.replace(",", THIN_SPACE) if self.lang == "es" else text

    def iterations(self, n):
        """``n`` with its unit: "1 iteration", "10,000 iterations" ("steps" for beginners)."""
        return self("unit.iteration" if n == 1 else "unit.iterations", n=self.count(n))

    def number(self, value, digits=4):
        """``number`` in this language's decimal sign: 0.0001, or 0,0001 in Spanish."""
        return _decimal(number(value, digits), self.lang)

    def spelled(self, english):
        """A number Python formatted (1,234.5) in this language's signs: 1 234,5 in Spanish."""
        return english.translate(_SIGNS) if self.lang == "es" else english

    def percent(self, fraction):
        return _decimal(percent(fraction), self.lang)

    def times(self, ratio):
        text = times(ratio)
        return _decimal(text.replace(",", THIN_SPACE), self.lang) if self.lang == "es" else text


@cache
def text(lang, level="full"):
    """The shared ``Text`` of ``lang`` at ``level``."""
    return Text(lang, level)


def _decimal(text, lang):
    return text.replace(".", ",") if lang == "es" else text


def number(value, digits=4):
    """A number as a person writes it: 0.0001, 1.7974, 27.74, 1.2e-06, never 0.00."""
    if value is None or not math.isfinite(value):
        return "—"
    if value == 0:
        return "0"
    text = f"{value:.{digits}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        return f"{mantissa}e{int(exponent)}"
    return text


def times(ratio):
    """A ratio as a multiple: 1.25, 8.3, 8,335 (whole numbers from 10 up)."""
    return f"{ratio:.3g}" if ratio < 10 else f"{round(ratio):,}"


def percent(fraction):
    """A fraction as a percentage with sensible precision: 8.3 %, 0.1 %, 150 %."""
    pct = fraction * 100
    digits = 0 if pct >= 100 else 1 if pct >= 1 else 2
    return f"{pct:.{digits}f} %"
