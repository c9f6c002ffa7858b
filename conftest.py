"""Test-session setup shared by tests/ and the notebooks run under nbval.

Every kernel and subprocess the tests start imports this checkout and works on a temporary demo
database, never on the user's data/aimsi_ebay.duckdb.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import duckdb
import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent
_FOLDER = pytest.StashKey[Path]()

# No per-example deadline: the properties that round-trip through DuckDB take 10-600 ms an
# example on a loaded two-core CI machine, and a deadline there fails on load, not on a defect.
settings.register_profile("aimsi", deadline=None)
settings.load_profile("aimsi")

# DuckDB 2 refuses the `x -> ...` lambdas (the README's "Portable SQL": `lambda x: ...` only).
# Every connection the tests open refuses them already, so one that slips in fails a test here
# instead of the upgrade. (A kernel nbval starts does not import this file.)
_connect = duckdb.connect


def _connect_refusing_arrow_lambdas(*args, config=None, **kwargs):
    config = {"lambda_syntax": "DISABLE_SINGLE_ARROW", **(config or {})}
    return _connect(*args, config=config, **kwargs)


duckdb.connect = _connect_refusing_arrow_lambdas


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
