"""The page's parameters: the engine's table plus what only the page has.

``TABLE`` is the one list every part of the page reads: the sidebar builds its
widgets from it, ``link`` parses and writes shared links with it, and the
command line (``python -m neuron``) builds its flags from the same rows. A
row's ``link`` name is also its widget's session-state key.
"""

from neuron.parameters import ENGINE, MAX_ITERATIONS, OPTIMIZERS, Parameter
from playground.core.text import CATALOGUES, LANGUAGES, LEVELS
from playground.core.views import NAMES as VIEW_NAMES


def _old_view_labels():
    """Links made before views had stable names hold a translated tab label."""
    return tuple(
        (entries[f"view.{name}"], name) for entries in CATALOGUES.values() for name in VIEW_NAMES
    )


_RATE = next(p for p in ENGINE if p.name == "learning_rate")
# A live room's code (8 Crockford base32 symbols, in either case, with O, I and L
# read as 0, 1, 1) and its host token: what playground/room/ids.py makes and
# reads. Written out here so that the page's table does not import the database.
ROOM_CODE = r"[0-9A-TV-Za-tv-z]{8}"
HOST_TOKEN = r"[A-Za-z0-9_-]{22,128}"
# A participant's id in a room (``me``): kept in their link after they join, so
# a reload or a server restart finds the same person. Never in an Invite link.
PARTICIPANT = r"[A-Za-z0-9][A-Za-z0-9_-]{15,63}"

# fmt: off
PAGE = (
    Parameter("step", int, None, 0, MAX_ITERATIONS, link="step", text="step"),
    Parameter("sweep", "rates", (), _RATE.low, _RATE.high, link="sweep", text="sweep"),
    Parameter("view", "choice", VIEW_NAMES[0], choices=VIEW_NAMES, aliases=_old_view_labels(),
              link="view"),
    Parameter("lang", "choice", LANGUAGES[0], choices=LANGUAGES, link="lang"),
    Parameter("log", bool, True, link="log", text="log"),
    Parameter("sample", float, 42.0, -200.0, 200.0, link="sample", text="sample",
              step=1.0),
    Parameter("present", bool, False, link="present", text="present"),
    Parameter("level", "choice", LEVELS[0], choices=LEVELS, link="level", text="level"),
    Parameter("compare", "choices", (), choices=OPTIMIZERS, link="compare", text="compare"),
    Parameter("room", "token", None, link="room", pattern=ROOM_CODE),
    Parameter("host", "token", None, link="host", pattern=HOST_TOKEN),
    Parameter("me", "token", None, link="me", pattern=PARTICIPANT),
)
# fmt: on

TABLE = tuple(p for p in ENGINE if p.link) + PAGE
BY_LINK = {p.link: p for p in TABLE}
BY_NAME = {p.name: p for p in ENGINE + PAGE}


def default(name):
    """The default value of the parameter called ``name``."""
    return BY_NAME[name].default
