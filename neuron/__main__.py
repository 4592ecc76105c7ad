import sys

from neuron.cli import main

sys.exit(main())
