"""The article's picture, played: the actual line, the neuron before training,
and the neuron moving to where training took it."""

import streamlit as st

from playground.charts import described, slides
from playground.compute.analysis import FRAMES
from playground.ui import cache, player, widgets


def render(T, outcome, present):
    widgets.heading(T("predictions.header"))
    data = cache.player_data(outcome.settings, T.lang, T.level)
    player.animation(cache.player_json(outcome.settings, T.lang, T.level))
    if present:
        return
    n = len(outcome.data)
    st.caption(
        T("predictions.caption" if outcome.article else "predictions.caption.data", n=T.count(n))
    )
    if len(data["points"]["celsius"]) < n:
        st.caption(T("data.thinned", shown=T.count(len(data["points"]["celsius"])), n=T.count(n)))
    with st.expander(T("numbers.show"), icon=":material/table_chart:"):
        st.markdown(data["text"]["alt"])
        st.table(cache.run_table(outcome.settings, T.lang, T.level), hide_index=True)
    title = f"{T('page.title')} · {described.title(T, outcome)}"
    st.download_button(
        T("player.download"),
        # Drawn on click, from the frames already cached for the animation.
        data=lambda: slides.animation_gif(data, title),
        file_name="single-neuron.gif",
        mime="image/gif",
        key="download_gif",
        help=T("player.download.help", frames=min(slides.FRAMES, FRAMES)),
        icon=":material/movie:",
        on_click="ignore",
    )
