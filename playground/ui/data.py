"""The sidebar's data section: the article's range, a bundled dataset, or the
person's own table, pasted or uploaded.

A table is read once per distinct content (``cache.table``). Only a table that
reads cleanly replaces the data in use (``data`` in session state): until
then the page keeps computing with what it had, and says why.
"""

import hashlib

import streamlit as st

from neuron.parameters import OWN
from playground.compute import explain, sources
from playground.core.params import BY_LINK
from playground.ui import cache, state, widgets
from playground.ui.link import quoted

PROBLEM = 300  # characters of a table's error shown


def section(T):
    """The data source and what belongs to it; returns nothing (session state holds it)."""
    p = BY_LINK["dataset"]
    chosen = st.selectbox(
        T("dataset.label"),
        (None, *p.choices),
        key=p.link,
        format_func=lambda name: T(f"dataset.{name or 'article'}"),
        help=T("dataset.help"),
    )
    if chosen is None:
        for name in ("start", "stop", "noise"):  # the range and noise are the article's
            widgets.number(T, name)
    elif chosen == OWN:
        own(T)
    else:
        st.caption(T("data.source", source=T(f"dataset.source.{chosen}")))
    widgets.toggle(T, "scaled")


def own(T):
    """The paste area and the uploader; a clean table becomes the data in use."""
    session = st.session_state
    st.text_area(T("paste.label"), key=state.PASTE, height=120, help=T("paste.help"))
    upload = st.file_uploader(
        T("upload.label"), type=["csv", "tsv", "txt"], key=state.UPLOAD, help=T("upload.help")
    )
    raw = upload.getvalue() if upload is not None else session.get(state.PASTE) or ""
    if not raw.strip():
        _forget_gone(T)
        if not session.get("data"):
            st.info(T("data.empty"), icon=":material/table:")
        return
    digest = hashlib.sha1(raw if isinstance(raw, bytes) else raw.encode()).hexdigest()[:16]
    read = cache.table(raw, *_columns(digest))
    if read.error:
        _forget_gone(T)
        problem = quoted(explain.table_problem(T, read.error), PROBLEM)
        st.error(T("data.error", problem=problem), icon=":material/error:")
        return
    if read.header and len(read.header) > 2:
        _column_choice(T, read, digest)
    if not sources.travels(read.key):
        sources.keep(read.key, read.dataset)  # again: other sessions' tables may evict it
    session["data"] = read.key
    described(T, read.dataset, read.key)


def _columns(digest):
    """The x and y columns chosen for the table with ``digest`` (None: read_table's)."""
    return tuple(st.session_state.get(f"{state.COLUMNS}.{digest}.{a}") for a in ("x", "y"))


def _column_choice(T, read, digest):
    """x and y drop-downs over a table's header, when it has more than two columns."""
    for axis, column in zip(("x", "y"), read.columns):
        key = f"{state.COLUMNS}.{digest}.{axis}"
        if key not in st.session_state:
            st.session_state[key] = column
        st.selectbox(T(f"data.{axis}"), range(len(read.header)), key=key,
                     format_func=lambda i: read.header[i] or f"#{i + 1}")  # fmt: skip


def described(T, dataset, key):
    """How much was read and of what; for data too large for a link, a download."""
    x, y = dataset.x_name or T("chart.x"), dataset.y_name or T("chart.y")
    st.caption(T("data.read", n=T.count(len(dataset)), x=quoted(x), y=quoted(y)))
    if sources.travels(key):
        return
    st.warning(T("data.no_link", n=T.count(len(dataset))), icon=":material/link_off:")
    st.download_button(
        T("data.download"),
        data=lambda: cache.table_text(key),
        file_name="data.tsv",
        mime="text/tab-separated-values",
        key="download_data",
        help=T("data.download.help"),
        icon=":material/download:",
        on_click="ignore",
    )


def _forget_gone(T):
    """Drop a held table the server no longer holds (nothing else can bring it back)."""
    key = st.session_state.get("data")
    if key and not sources.travels(key) and not sources.held(key):
        st.session_state["data"] = None
        st.warning(T("data.gone"), icon=":material/cloud_off:")
