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
        env={**os.environ, "AIMSI_EBAY_DB": str(demo_db.path)},
    )
    assert completed.returncode == 0, completed.stdout[-3000:]
