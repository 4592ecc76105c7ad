import os
import sys
from pathlib import Path

import pytest
import streamlit as st
from hypothesis import settings
from streamlit import config
from streamlit.testing.v1 import AppTest

from playground.ui import heavy

ROOT = Path(__file__).resolve().parents[1]

# CI runs the same examples every time; locally hypothesis explores.
settings.register_profile("ci", derandomize=True, deadline=None)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") == "true" else "dev")


@pytest.fixture(autouse=True)
def fresh_caches():
    """Every test starts with empty Streamlit caches and heavy-work queue (they are
    process-wide)."""
    st.cache_resource.clear()
    st.cache_data.clear()
    heavy.clear_all()
    yield


@pytest.fixture(autouse=True)
def main_module():
    """AppTest runs the page as ``__main__`` and leaves it there, so a process a later
    test spawns (multiprocessing re-imports ``__main__``) would run the whole page."""
    main = sys.modules["__main__"]
    yield
    sys.modules["__main__"] = main


@pytest.fixture
def app():
    """Start the page as a visitor would: ``app(lr="0.0009", view="Training")``.

    Keyword arguments become the link's query parameters. Returns the AppTest
    after its first run.
    """

    def open_page(**params):
        # The shared config hides error details from viewers; a test wants them.
        config.set_option("client.showErrorDetails", "full")
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        for name, value in params.items():
            at.query_params[name] = str(value)
        return at.run()

    return open_page
