"""Above the views: the verdict, the final numbers and the reading of the run."""

import streamlit as st

from playground import cache, explain

ICONS = {"success": ":material/check_circle:", "warning": ":material/warning:",
         "error": ":material/error:", "info": ":material/lightbulb:"}  # fmt: skip


def show(T, outcome):
    """The verdict, the final numbers against the best fit, and what they mean."""
    with st.expander(T("glossary.title")):
        st.markdown(T("glossary.body"))
    if outcome.range_fallback:
        s = outcome.settings
        st.error(T("range.error", stop=s.stop, need=s.start + 2), icon=":material/thermostat:")
    v = explain.verdict(T, outcome)
    getattr(st, v.level)(f"**{v.title}** — {v.reason}", icon=ICONS[v.level])
    message = explain.divergence(T, outcome)
    if message:
        st.error(message, icon=":material/local_fire_department:")
    for column, m in zip(st.columns(3), explain.metrics(T, outcome)):
        column.metric(m.label, m.value, m.delta, delta_color="off")
    st.info("\n\n".join(explain.reading(T, outcome)), icon=ICONS["info"])


def rate_position(T, outcome, slot):
    """Under the rate control: where the critical rate lies and where the user is."""
    with slot:
        cache.show("strip", outcome.settings.data_only(), T)  # the same for every rate
        st.caption(explain.where(T, outcome) + "  \n" + T("strip.legend"))
