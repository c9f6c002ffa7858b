import sys

from aimsi_ebay.cli import main

sys.exit(main())
