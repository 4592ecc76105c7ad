"""``python -m neuron``: the command line lives with the page's words (playground.cli),
so a terminal reads the same reading of a run as the page."""

import sys

from playground.cli import main

sys.exit(main())
