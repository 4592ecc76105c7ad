import sys

from neuron.cli import terminal
from playground.room.cli import main

sys.exit(terminal(main, "python -m playground.room"))
