"""``python -m neuron``: the command line lives with the page's words (playground.cli),
so a terminal reads the same reading of a run as the page."""

import os
import sys

from playground.cli import main

try:
    code = main()
    sys.stdout.flush()  # here, not at exit: a reader gone shows up when the buffer is written
except BrokenPipeError:  # the reader went away (| head): stop quietly, as Unix tools do
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(1)
sys.exit(code)
