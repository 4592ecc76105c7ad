"""Optimizers are registry entries: page code asks what an entry can do, not its name."""

import ast
from pathlib import Path

from neuron.optimizers import REGISTRY
from playground.core import optimizers

ROOT = Path(__file__).parents[2]
# "momentum" is also the μ parameter's name and a stability model's, so it is left out.
NAMES = set(REGISTRY) - {"momentum"}
ALLOWED = {
    "playground/core/optimizers.py",  # the registry itself
    "playground/compute/optimizer_presets.py",  # presets name the optimizer they set
    "playground/compute/updates.py",  # the Math view's worked updates, keyed by entries
}


def quoted_names(path):
    tree = ast.parse(path.read_text())
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in NAMES
    }


def test_at_most_three_page_modules_name_an_optimizer():
    naming = {
        str(p.relative_to(ROOT))
        for p in sorted((ROOT / "playground").rglob("*.py"))
        if quoted_names(p)
    }
    assert naming <= ALLOWED, naming - ALLOWED
    assert len(ALLOWED) <= 3


def test_every_engine_optimizer_has_one_page_entry_with_its_words():
    from playground.core.text import CATALOGUES

    assert [o.name for o in optimizers.OPTIMIZERS] == list(REGISTRY)
    for entry in optimizers.OPTIMIZERS:
        for catalogue in CATALOGUES.values():
            assert entry.label in catalogue
            for hyper in entry.hyper_parameters:
                assert f"{hyper}.label" in catalogue and f"{hyper}.help" in catalogue
            if not entry.closed_form:  # read off its run: its own words for that
                for key in ("verdict.{}.title", "reading.{}", "why.{}", "map.{}", "lr.where_{}"):
                    assert key.format(entry.name) in catalogue
    assert len({o.colour for o in optimizers.OPTIMIZERS}) == len(optimizers.OPTIMIZERS)
    assert len({o.dash for o in optimizers.OPTIMIZERS}) == len(optimizers.OPTIMIZERS)
