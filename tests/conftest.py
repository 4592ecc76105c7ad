import json
import os
from pathlib import Path

import pyarrow as pa
import pytest
import streamlit as st
from hypothesis import settings
from streamlit import config
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]

# CI runs the same examples every time; locally hypothesis explores.
settings.register_profile("ci", derandomize=True, deadline=None)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") == "true" else "dev")


@pytest.fixture(autouse=True)
def fresh_caches():
    """Every test starts with empty Streamlit caches (they are process-wide)."""
    st.cache_resource.clear()
    st.cache_data.clear()
    yield


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


def charts(at):
    """Every Vega-Lite chart on the page as (spec, {dataset name: DataFrame})."""
    out = []
    for element in at.get("vega_lite_chart"):
        proto = element.proto
        frames = {
            d.name: pa.ipc.open_stream(d.data.data).read_all().to_pandas() for d in proto.datasets
        }
        out.append((json.loads(proto.spec), frames))
    return out


def text_of(at):
    """All the text a visitor reads in the main area and the sidebar."""
    parts = []
    for kind in (
        "title",
        "markdown",
        "caption",
        "subheader",
        "success",
        "info",
        "warning",
        "error",
        "latex",
    ):
        parts += [str(e.value) for e in at.get(kind)]
    parts += [f"{m.label} {m.value} {m.proto.body}" for m in at.metric]
    return "\n".join(parts)
