"""Shared links: reading what the address bar asks for, and writing the page back.

A link is read when a session opens. Each value is parsed by its row in the
parameter table, so a link sets exactly what the widgets can hold; anything
else is noted and never applied. After every run the page writes its state back,
leaving out defaults, so the address bar is always a link to what is on
screen.
"""

import unicodedata
from urllib.parse import urlsplit, urlunsplit

import streamlit as st

from neuron.parameters import OWN, ParameterError
from neuron.tables import TableError, write_table
from playground.compute import sources
from playground.core import params
from playground.core.views import BY_NAME, NAMES
from playground.ui import state

MAX_NOTES = 20  # values echoed back in a note; the rest are counted
SHOWN = 40  # characters of each echoed value
# Longer links are refused whole. The servers in front refuse them too, but not
# reliably and not in the page: the shipped nginx answers 414 above its 16 KiB
# line buffer, and Streamlit's own server (uvicorn's h11) answers a bare 400 when
# a request head over 16 KiB arrives in more than one read. The page's own links
# stay well under it (data= is at most neuron.parameters.MAX_TOKEN characters).
MAX_QUERY = 16_000
TOO_LONG = None  # the name of a note on a link refused whole for its length


def parse(query):
    """Check a link's query.

    Parameters
    ----------
    query : mapping of str to str or list of str
        The raw query. Of a repeated name (a list) the last value is read and
        the earlier ones are noted.

    Returns
    -------
    values : dict
        Link name → value, for every value the page applies.
    notes : list of (str, str)
        (link name, raw text) for every value it does not; a query longer than
        ``MAX_QUERY`` characters is refused whole, as the one note
        ``(TOO_LONG, its length)``.
    """
    values, notes = {}, []
    query = dict(query)
    length = sum(
        len(n) + 2 + sum(map(len, v if isinstance(v, list) else [v])) for n, v in query.items()
    )
    if length > MAX_QUERY:  # refused whole, but said in the language it asked for
        asked = query.get("lang")
        asked = asked[-1] if isinstance(asked, list) and asked else asked
        # only a language as short as one is read (a long one would be refused again)
        short = isinstance(asked, str) and len(asked) <= 16
        return (parse({"lang": asked})[0] if short else {}), [(TOO_LONG, length)]
    for name, raw in list(query.items()):
        if isinstance(raw, list):
            *earlier, query[name] = raw or [""]
            notes += [(name, value) for value in earlier if name in params.BY_LINK]
    for name, raw in query.items():
        p = params.BY_LINK.get(name)
        if p is None or name == "step":
            continue
        if p.kind == "rates":
            rates, refused = p.rates(raw)
            notes += [(name, part) for part in refused]
            if rates:
                values[name] = rates
            continue
        try:
            values[name] = p.parse(raw)
        except ParameterError:
            notes.append((name, raw))
    if values.get("level") == "beginner" and not BY_NAME[values.get("view", NAMES[0])].beginner:
        notes.append(("view", query["view"]))  # beginner mode does not have that view
        del values["view"]
    _own_data(values, notes, query)
    if "step" in query:
        last = values.get("iterations", params.default("iterations"))
        try:
            values["step"] = params.BY_LINK["step"].with_high(last).parse(query["step"])
        except ParameterError:
            notes.append(("step", query["step"]))
    return values, notes


def _own_data(values, notes, query):
    """A link's data= must hold a table; it means the person's own data unless the
    link names a bundled dataset too (which then wins)."""
    if "data" not in values:
        return
    try:
        sources.own(values["data"])
    except TableError:
        notes.append(("data", query["data"]))
        del values["data"]
        return
    values.setdefault("dataset", OWN)


def as_text(p, value):
    """How a link spells ``value`` of parameter ``p`` (exactly, for numbers)."""
    if p.kind is bool:
        return "true" if value else "false"
    if p.kind == "rates":
        return ",".join(_decimal(v) for v in value)
    if p.kind == "choices":
        return ",".join(value)
    if p.kind is float:
        return _decimal(value)
    return str(value)


def _decimal(value):
    """The shortest text that reads back as exactly ``value``: 0.0009, -2, 1e-08."""
    text = repr(float(value)).replace("e+", "e")
    return text[:-2] if text.endswith(".0") else text


def query_of(values, defaults=None):
    """The query for ``values`` (link name → value), leaving out every default."""
    defaults = {**{p.link: p.default for p in params.TABLE}, **(defaults or {})}
    query = {}
    for name, value in values.items():
        p = params.BY_LINK[name]
        if p.kind == "rates" and isinstance(value, str):  # the text field's rates
            value = p.rates(value)[0]
        if p.kind == "choices" and value is not None:
            value = tuple(value)
        if name == "data" and (values.get("dataset") != OWN or not sources.travels(value)):
            continue  # unused, or a large table held by the server: never in a link
        if value is not None and value != defaults.get(name):
            query[name] = as_text(p, value)
    return query


def read():
    """Apply the address bar's link, once, when the session opens (or after ``go``).

    Later runs keep the widgets' state: a rerun can carry the query the browser
    had before the page's last write reached it (two quick clicks), and
    reading that again would undo the second click.
    """
    session = st.session_state
    if state.LINK in session:
        return
    values, notes = parse({name: st.query_params.get_all(name) for name in st.query_params})
    query = {name: st.query_params[name] for name in st.query_params}
    for p in params.TABLE:
        value = values.get(p.link, p.default)
        if p.kind == "rates":  # the text field shows the rates it was given
            value = ", ".join(repr(float(v)) for v in value)
        session[p.link] = value
    if values.get("data"):  # the paste area shows the link's table, as if pasted
        session[state.PASTE] = write_table(sources.own(values["data"]))
    session[state.NOTES] = notes
    session[state.LINK] = query
    session.pop(state.STEP_FOR, None)  # the link's iteration, not the run's end


def base_url():
    """The page's address as the browser has it, without its query."""
    parts = urlsplit(st.context.url or "http://localhost:8501/")
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", "", ""))


def go(query):
    """Open ``query`` as a new link would: the address bar shows it and the next
    run applies it (a live room moving everyone to its next task)."""
    st.query_params.from_dict(query)
    st.session_state.pop(state.LINK, None)


def write(values, defaults=None):
    """Put ``values`` in the address bar (only when they changed).

    Changed means from the query this run was asked with, or from the one the
    last run wrote: a rerun can be asked with the query the browser had before
    that write reached it (a host's page that wrote a participant's ``me=`` and
    then found the host token in its tab), and that write must still be undone.
    """
    query = query_of(values, defaults)
    asked = {name: st.query_params[name] for name in st.query_params}
    if query != asked or query != st.session_state.get(state.LINK, query):
        st.query_params.from_dict(query)
    st.session_state[state.LINK] = query


def quoted(raw, limit=SHOWN):
    """Untrusted text as an inline code span that nothing can break out of.

    Control and format characters (newlines, carriage returns, bidi marks…)
    become spaces, backticks become quotes, and the text is cut to ``limit``.
    """
    text = "".join(" " if unicodedata.category(c)[0] in "CZ" and c != " " else c for c in str(raw))
    text = text.replace("`", "'").strip() or " "
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"`{text}`"


def listed(T, items, limit=MAX_NOTES):
    """Up to ``limit`` quoted items, then how many more there are."""
    shown = ", ".join(quoted(item) for item in items[:limit])
    if len(items) > limit:
        shown += " " + T("link.more", n=T.count(len(items) - limit))
    return shown


def notes(T):
    """Say which values of the last link read were not applied."""
    rejected = st.session_state.get(state.NOTES, [])
    if rejected and rejected[0][0] is TOO_LONG:
        n, limit = T.count(rejected[0][1]), T.count(MAX_QUERY)
        st.warning(T("link.too_long", n=n, limit=limit), icon=":material/link_off:")
    elif rejected:
        items = [f"{name}={raw}" for name, raw in rejected]
        st.warning(T("link.ignored", items=listed(T, items)), icon=":material/link_off:")
