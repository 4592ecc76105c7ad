"""Page-wide pieces: modes, language, style, title, the view selector, the link."""

import time
from pathlib import Path
from urllib.parse import urlencode

import streamlit as st

from playground.charts import slides
from playground.core.params import TABLE
from playground.core.text import CATALOGUES, LANGUAGES, text
from playground.core.views import BY_NAME, VIEWS
from playground.ui import link, player, state, widgets

ASSETS = Path(__file__).with_name("assets")
ICON = ASSETS / "neuron.svg"  # local: a Material page icon is fetched from Google
STYLE = (ASSETS / "page.css").read_text()
PRESENTER = (ASSETS / "presenter.css").read_text()
# Streamlit has no API for <html lang> or for a page-wide style sheet: this
# small component sets both, in the document's <head>, where no rerun of the
# page's own elements can drop them.
_HEAD = st.components.v2.component(
    "page_head",
    js="""export default function({ data }) {
  document.documentElement.lang = data.lang;
  let style = document.getElementById("playground-style");
  if (!style) {
    style = document.createElement("style");
    style.id = "playground-style";
    document.head.appendChild(style);
  }
  if (style.textContent !== data.css) style.textContent = data.css;
}""",
)
# On a phone (a narrow window) the open sidebar covers the results: after a
# preset, fold it away once, as a person would with its close button.
_FOLD = st.components.v2.component(
    "fold_sidebar",
    js="""export default function({ data }) {
  if (!data.fold || window.innerWidth >= 768) return;
  const close = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
  if (close) close.click();
}""",
)


def setup():
    """Page config, the language and the mode, read from session state (the link).

    Returns the catalogue at the chosen language and level, and whether the
    page presents (on a projector).
    """
    present = bool(st.session_state.get("present"))
    st.set_page_config(
        page_icon=ICON,
        layout="wide",
        initial_sidebar_state="collapsed" if present else "auto",
    )
    T = text(st.session_state.get("lang") or LANGUAGES[0], st.session_state.get("level"))
    st.set_page_config(page_title=T("page.title"))
    # <html lang> lets a screen reader read the Spanish page as Spanish (WCAG 3.1.1).
    _HEAD(data={"lang": T.lang, "css": STYLE + (PRESENTER if present else "")},
          key="page_head", height=0)  # fmt: skip
    fold = st.session_state.pop(state.FOLD_SIDEBAR, False)
    _FOLD(data={"fold": fold, "at": time.monotonic() if fold else 0}, key="fold", height=0)
    return T, present


def controls(T, present):
    """The language and mode switches at the top of the sidebar."""
    with st.sidebar:
        st.segmented_control(
            CATALOGUES["en"]["sidebar.language"],  # "Language · Idioma" reads in both
            LANGUAGES,
            key="lang",
            required=True,
            format_func=lambda code: CATALOGUES[code]["language.name"],
        )
        st.session_state["level_on"] = st.session_state.get("level") == "beginner"
        st.toggle(T("level.label"), key="level_on", help=T("level.help"), on_change=_level)
        st.toggle(T("present.label"), key="present", help=T("present.help"))
    if present:
        st.button(T("present.exit"), key="present_exit", on_click=_leave, icon=":material/close:")


def _level():
    st.session_state["level"] = "beginner" if st.session_state["level_on"] else "full"


def _leave():
    st.session_state["present"] = False


def title(T, present):
    """The heading, and what the page is about (folded, so the chart comes first)."""
    if present:
        return
    st.title(T("page.heading"))
    with st.expander(T("about.title")):
        st.markdown(T("page.intro"))
        st.markdown(T("glossary.body"))


def view_selector(T):
    """The views, one button each; returns the open one's name (``view`` in a link)."""
    widgets.keep(state.KEEP)  # what the other views' widgets hold
    names = [v.name for v in VIEWS if v.beginner or not T.beginner]
    if st.session_state.get(state.VIEW) not in names:
        st.session_state[state.VIEW] = names[0]
    return st.segmented_control(
        T("view.label"),
        names,
        key=state.VIEW,
        required=True,
        format_func=lambda name: f"{BY_NAME[name].icon} {T(f'view.{name}')}",
        label_visibility="collapsed",
        width="stretch",
    )


def share(T):
    """The link to this view, as text and as a QR code, so phones can join."""
    query = dict(st.session_state.get(state.LINK) or {})
    query.pop("host", None)  # a room's host key never goes where the room can see it
    query.pop("me", None)  # nor anyone's identity in the room
    url = f"{link.base_url()}?{urlencode(query)}" if query else link.base_url()
    with st.sidebar.expander(T("share.title"), icon=":material/qr_code_2:"):
        st.image(slides.qr_svg(url), caption=T("share.caption"), width=200)
        st.code(url, language=None, wrap_lines=True)


def write_link(outcome):
    """Put the page's settings in the address bar, leaving out every default."""
    values = {p.link: st.session_state.get(p.link) for p in TABLE}
    values["step"] = player.inspected(outcome)
    link.write(values, defaults={"step": outcome.run.last})
