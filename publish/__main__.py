"""``python -m publish <command>``: see :mod:`publish.cli` (``--help`` lists the commands)."""

import sys

from publish.cli import main

sys.exit(main())
