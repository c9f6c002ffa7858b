"""The bulk-edit analyst notebook runs top to bottom on a copy of the demo store."""

import os
import subprocess
import sys

from tests.conftest import ROOT


def test_bulk_edit_notebook_runs_on_the_demo_store(demo_db):
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "--nbval-lax", "-p", "no:cacheprovider",
         "notebooks/analysis/bulk_edit_listings.ipynb"],
        cwd=ROOT, capture_output=True, text=True, timeout=180,
        # The inner pytest's conftest sets AIMSI_EBAY_DB from AIMSI_EBAY_TEST_DB: set both, or
        # the notebook runs on the session's shared database instead of this private copy.
        env={**os.environ, "AIMSI_EBAY_DB": str(demo_db.path),
             "AIMSI_EBAY_TEST_DB": str(demo_db.path)},
    )
    assert completed.returncode == 0, completed.stdout[-3000:]
