"""Test-session setup shared by tests/ and the notebooks run under nbval.

Every kernel and subprocess the tests start imports this checkout and works on a temporary demo
database, never on the user's data/aimsi_ebay.duckdb.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def pytest_configure(config) -> None:
    os.environ["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])
    )
    os.environ.setdefault("AIMSI_EBAY_USER", "pytest")
    if getattr(config, "workerinput", None) is None and "AIMSI_EBAY_TEST_DB" not in os.environ:
        from aimsi_ebay.db import Database
        from aimsi_ebay.demo import build_demo

        folder = Path(tempfile.mkdtemp(prefix="aimsi-ebay-notebooks-"))
        database = folder / "notebooks.duckdb"
        build_demo(Database(database))
        os.environ["AIMSI_EBAY_TEST_DB"] = str(database)
    os.environ["AIMSI_EBAY_DB"] = os.environ["AIMSI_EBAY_TEST_DB"]
    os.environ["AIMSI_EBAY_INBOX"] = str(Path(os.environ["AIMSI_EBAY_DB"]).parent / "inbox")
