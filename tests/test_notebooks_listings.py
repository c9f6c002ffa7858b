"""The bulk-edit analyst notebook runs top to bottom on a copy of the demo store, and writes
nothing unless the analyst sets its ``WRITE`` switch (off by default, said at the top)."""

import json
import os
import subprocess
import sys

from tests.conftest import ROOT

NOTEBOOK = ROOT / "notebooks" / "analysis" / "bulk_edit_listings.ipynb"


def _state(db):
    with db.read() as con:
        return con.execute(
            "SELECT (SELECT sum(version) FROM ebay_records), (SELECT count(*) FROM audit_log),"
            " (SELECT count(*) FROM ebay_records WHERE update_ebay)").fetchone()


def test_bulk_edit_notebook_runs_on_the_demo_store_and_writes_nothing(demo_db):
    before = _state(demo_db)
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "--nbval-lax", "-p", "no:cacheprovider",
         str(NOTEBOOK.relative_to(ROOT))],
        cwd=ROOT, capture_output=True, text=True, timeout=180,
        # The inner pytest's conftest sets AIMSI_EBAY_DB from AIMSI_EBAY_TEST_DB: set both, or
        # the notebook runs on the session's shared database instead of this private copy.
        env={**os.environ, "AIMSI_EBAY_DB": demo_db.environment_value,
             "AIMSI_EBAY_TEST_DB": demo_db.environment_value},
    )
    assert completed.returncode == 0, completed.stdout[-3000:]
    assert _state(demo_db) == before  # viewing or running it changed nothing


def test_the_switch_is_off_and_said_at_the_top():
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    assert "WRITE = True" in "".join(cells[0]["source"])
    assert "".join(cells[1]["source"]).startswith("WRITE = False")
    writes = [c for c in cells if "push_frame(db, edited)" in "".join(c["source"])]
    assert writes and all("".join(c["source"]).startswith("if WRITE:") for c in writes)
