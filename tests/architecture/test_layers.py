"""The layers as the code has them: contracts kept, and Streamlit only where it is used."""

import ast
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
PACKAGES = ("neuron", "playground")


def modules():
    """(dotted name, source path) of every module of the two packages."""
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            yield ".".join(parts), path


def uses_streamlit(path):
    """Whether the module itself imports Streamlit (anywhere in it, functions included)."""
    for node in ast.walk(ast.parse(path.read_text())):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        if any(n.split(".")[0] == "streamlit" for n in names):
            return True
    return False


PLAIN = [name for name, path in modules() if not uses_streamlit(path) and "__main__" not in name]


def loads_streamlit(name):
    code = f"import sys, {name}; print('streamlit' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.strip() == "True"


def test_the_import_contracts_hold():
    """import-linter: layers downward, no circles, a pure engine (pyproject.toml)."""
    out = subprocess.run(
        [Path(sys.executable).with_name("lint-imports"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]


def test_a_module_that_does_not_use_streamlit_does_not_load_it():
    """Each one imported alone, in a fresh interpreter."""
    assert len(PLAIN) > 30  # the engine, core, compute, charts, the room's store
    with ThreadPoolExecutor(2) as pool:
        loaded = [n for n, hit in zip(PLAIN, pool.map(loads_streamlit, PLAIN)) if hit]
    assert loaded == []


@pytest.mark.parametrize("package", ["neuron"])
def test_the_engine_imports_nothing_of_the_page(package):
    code = f"import sys, {package}; print([m for m in sys.modules if m.startswith('playground')])"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.stdout.strip() == "[]", out.stderr
