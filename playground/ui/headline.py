"""Above the views: the verdict in one line, the final numbers, and the reading."""

import streamlit as st

from playground.ui import cache

ICONS = {"success": ":material/check_circle:", "warning": ":material/warning:",
         "error": ":material/error:", "info": ":material/info:"}  # fmt: skip


def show(T, outcome, present, quiet=False):
    """The verdict; in full view also the numbers and, folded, what they mean
    (``quiet``: without what to try, in a live room)."""
    s = outcome.settings
    if outcome.range_fallback:
        st.error(T("range.error", stop=s.stop, need=s.start + 2), icon=":material/thermostat:")
    v = cache.words("verdict", s, T.lang, T.level)
    with st.container(key="verdict"):  # a stable hook: .st-key-verdict
        getattr(st, v.level)(v.line, icon=ICONS[v.level])
    if present:
        return
    with st.expander(T("reading.title", numbers=cache.words("numbers", s, T.lang, T.level)),
                     icon=":material/lightbulb:"):  # fmt: skip
        reading = "reading_quiet" if quiet else "reading"
        st.markdown("\n\n".join(cache.words(reading, s, T.lang, T.level)))
        if not T.beginner:
            st.markdown(cache.words("why", s, T.lang, T.level))


def rate_position(T, outcome, under):
    """Under the rate control: where the critical rate lies and where the user is."""
    slot, full = under
    with slot:
        cache.show("strip", outcome.settings.regimes_only(), T, full)  # the same for every rate
        where = cache.words("where", outcome.settings, T.lang, T.level)
        st.caption(where + "  \n" + T("strip.legend"))
