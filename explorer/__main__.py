"""``python -m explorer``: the same as the ``anatomy-explorer`` command."""

import sys

from explorer.launcher import main

sys.exit(main())
