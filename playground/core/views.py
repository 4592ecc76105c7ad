"""The views: one registry that the page, the tests and the benches import.

A view is an entry here, a module ``playground.ui.views.<name>`` whose
``render(T, outcome, present)`` draws it, and its words in the catalogues:
``view.<name>`` (its label in the selector) and ``<name>.header`` (its
heading). The name is what a link says (``?view=landscape``), the same in
every language.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class View:
    """One view of a run.

    Attributes
    ----------
    name : str
        Stable: links, keys and tests use it.
    icon : str
        A Material icon (bundled with Streamlit, so it shows offline).
    charts : int
        How many charts it draws in the main area, for tests and benches.
    heavy : bool
        Its first run costs several times a default page's (``ui.heavy``).
    compares : bool
        It runs the optimizers picked under "Compare" (heavy when some are).
    beginner : bool
        Beginner mode shows it.
    """

    name: str
    icon: str
    charts: int
    heavy: bool = False
    compares: bool = False
    beginner: bool = True


VIEWS = (
    View("predictions", ":material/show_chart:", 0),
    View("training", ":material/trending_down:", 4, compares=True),
    View("rates", ":material/speed:", 4, heavy=True),  # plain descent's: 8 runs and 3 grids
    View("landscape", ":material/landscape:", 1, compares=True),
    View("math", ":material/function:", 0, beginner=False),
)
NAMES = tuple(v.name for v in VIEWS)
BY_NAME = {v.name: v for v in VIEWS}
