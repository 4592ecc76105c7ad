"""The loss over (weight, bias), with the path descent took across it."""

import streamlit as st

from playground.compute.optimizer_frames import lineup
from playground.ui import cache, player, widgets
from playground.ui.views import training


def render(T, outcome, present):
    widgets.heading(T("landscape.header"))
    chart = st.container()
    step = player.scrubber(T, outcome)
    # the optimizers picked in Training, kept across views
    names = lineup(outcome.settings.optimizer, st.session_state.get("compare"))
    names = training.affordable(T, outcome.settings, names)
    with chart:
        if outcome.sampled:  # the sampled run beside the full batch's path
            table = cache.run_table(outcome.settings, T.lang, T.level)
            cache.show("sampled_landscape", outcome.settings, T, step, present=present,
                       table=table)  # fmt: skip
        elif len(names) > 1:
            cache.show("paths", outcome.settings, T, step, names, present=present)
        else:
            table = cache.run_table(outcome.settings, T.lang, T.level)
            cache.show("landscape", outcome.settings, T, step, present=present, table=table)
    if present:
        return
    if outcome.sampled:
        s = outcome.settings
        st.caption(T("landscape.batch_caption", seed=T.count(s.batch_seed),
                     batch=T.count(s.batch_size)))  # fmt: skip
    elif len(names) > 1:
        st.caption(T("paths.caption"))
    kappa = outcome.bowl.condition_number
    if outcome.scaling is not None:
        st.caption(T("landscape.scaled", kappa=T.number(kappa, 3)))
    else:
        st.caption(T("landscape.caption", kappa=T.count(round(kappa))))
