import sys

from playground.room.cli import main

sys.exit(main())
