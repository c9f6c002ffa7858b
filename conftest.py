"""Test-session setup shared by tests/ and the notebooks run under nbval.

Every kernel and subprocess the tests start imports this checkout and works on a temporary demo
database, never on the user's data/aimsi_ebay.duckdb.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent
_FOLDER = pytest.StashKey[Path]()

# No per-example deadline: the properties that round-trip through DuckDB take 10-600 ms an
# example on a loaded two-core CI machine, and a deadline there fails on load, not on a defect.
settings.register_profile("aimsi", deadline=None)
settings.load_profile("aimsi")


def pytest_configure(config) -> None:
    os.environ["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])
    )
    os.environ.setdefault("AIMSI_EBAY_USER", "pytest")
    if getattr(config, "workerinput", None) is None and "AIMSI_EBAY_TEST_DB" not in os.environ:
        from aimsi_ebay.db import Database
        from aimsi_ebay.demo.store import build_demo

        folder = Path(tempfile.mkdtemp(prefix="aimsi-ebay-notebooks-"))
        config.stash[_FOLDER] = folder
        database = folder / "notebooks.duckdb"
        build_demo(Database(database))
        os.environ["AIMSI_EBAY_TEST_DB"] = str(database)
    os.environ["AIMSI_EBAY_DB"] = os.environ["AIMSI_EBAY_TEST_DB"]
    os.environ["AIMSI_EBAY_INBOX"] = str(Path(os.environ["AIMSI_EBAY_DB"]).parent / "inbox")


def pytest_unconfigure(config) -> None:
    """Remove the demo database this session made (not one handed in by the caller)."""
    folder = config.stash.get(_FOLDER, None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
