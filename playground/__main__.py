"""``python -m playground``: a run read in the page's own words (``playground.cli``)."""

import sys

from neuron.cli import terminal
from playground.cli import PROG, main

sys.exit(terminal(main, PROG))
