"""``python -m neuron``: the engine's own command line (``neuron.cli``)."""

import sys

from neuron.cli import PROG, main, terminal

sys.exit(terminal(main, PROG))
