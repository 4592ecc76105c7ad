"""Single-Neuron Playground: watch one neuron learn °C → °F by gradient descent.

Run with ``streamlit run app.py``. The page reads top to bottom: the link,
the language and mode, the sidebar's settings, the run, a live room's task
when the link names one, the verdict, then the open view.
"""

from playground.ui import cache, headline, link, page, sidebar, views
from playground.ui.room import page as room

link.read()
T, present = page.setup()
page.controls(T, present)
page.title(T, present)
link.notes(T)

# a room's participant: the presets and the data fold away, drawn only when opened
settings, under_rate = sidebar.controls(T, folded=room.participant())
outcome = cache.outcome(settings, T)  # a loop optimizer's run waits its turn (ui.heavy)
if room.show(T, outcome):  # ?room=CODE: its task; a prediction hides the run until made
    headline.rate_position(T, outcome, under_rate)
    headline.show(T, outcome, present, quiet=room.quiet())  # a room: no advice that answers a task
    view = page.view_selector(T)
    views.render(view, T, outcome, present)
page.write_link(outcome)
page.share(T)
