"""Shipping tests run on a fresh database whose folders live in the test's own tmp folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from aimsi_ebay.db import Database


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory) -> Path:
    """An empty migrated database, made once; each test gets a copy."""
    path = tmp_path_factory.mktemp("shipping-template") / "empty.duckdb"
    Database(path).migrate()
    return path


@pytest.fixture
def ship_db(tmp_path, monkeypatch, migrated_template, backend, request) -> Database:
    """A copy of the template; on ``--backend postgres`` the shared backend's fresh_db."""
    if backend == "postgres":
        db = request.getfixturevalue("fresh_db")
        monkeypatch.setenv("AIMSI_EBAY_DATA", str(tmp_path / "data"))
        return db
    monkeypatch.setenv("AIMSI_EBAY_DATA", str(tmp_path / "data"))
    path = tmp_path / "ship.duckdb"
    shutil.copy(migrated_template, path)
    return Database(path)
