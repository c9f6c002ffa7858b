"""Fixtures for the PostgreSQL tests: they need $AIMSI_EBAY_TEST_PG and skip cleanly without."""

from __future__ import annotations

import pytest

from aimsi_ebay.db import Database
from aimsi_ebay.db.migrations import available_migrations, missing_twins
from tests.postgres import backend as pg

# Versions reserved for the features being built alongside (020-026, team plan): until their
# PostgreSQL twin is written at merge, a database cannot be migrated to them, and the tests
# needing one skip (saying which). Every other migration must have its twin.
AWAITING_TWIN = set(range(20, 27))


def require_twins() -> None:
    """Skip (naming them) while only awaited twins are missing; a test server is needed."""
    pg.server_url()
    missing = missing_twins()
    versions = {name: version for version, name, _ in available_migrations()}
    if missing and all(versions[name] in AWAITING_TWIN for name in missing):
        pytest.skip(f"no PostgreSQL twin yet for {', '.join(missing)}")


@pytest.fixture
def pg_db(tmp_path, monkeypatch) -> Database:
    """An empty, migrated PostgreSQL database of this test's own (any --backend)."""
    require_twins()
    monkeypatch.setenv("AIMSI_EBAY_DATA", str(tmp_path))
    url = pg.create_database()
    db = Database(url)
    db.migrate()
    yield db
    pg.drop_database(url)
