"""Migrations record a checksum; a database whose applied migration differs is refused."""

from __future__ import annotations

import duckdb
import pytest

from aimsi_ebay import db as db_module
from aimsi_ebay.db import Database
from aimsi_ebay.db.migrations import available_migrations, checksum
from aimsi_ebay.errors import InputError


def _recorded(path) -> dict[int, str]:
    con = duckdb.connect(str(path))
    try:
        return dict(con.execute("SELECT version, checksum FROM schema_migrations").fetchall())
    finally:
        con.close()


def test_every_applied_migration_records_the_shipped_checksum(fresh_db):
    with fresh_db.read() as con:  # either backend
        recorded = dict(con.execute("SELECT version, checksum FROM schema_migrations").fetchall())
    assert recorded == {version: checksum(sql) for version, _, sql in available_migrations()}


def test_a_database_whose_migration_differs_is_refused_with_a_clear_message(tmp_path, run_cli):
    path = tmp_path / "edited.duckdb"
    Database(path).migrate()
    con = duckdb.connect(str(path))
    con.execute("UPDATE schema_migrations SET checksum = 'deadbeef' || checksum WHERE version = 5")
    con.close()
    db_module._migrated.discard(str(path.resolve()))  # as a new process would see it
    with pytest.raises(InputError, match=r"migration 005_\w+\.sql .* differs"), Database(path).read():
        pass
    result = run_cli("--db", path, "accounts", "list")
    assert result.code == 2
    assert "005_" in result.stderr and "Traceback" not in result.stderr


def test_a_database_made_before_checksums_gets_them_on_first_use(tmp_path):
    path = tmp_path / "old.duckdb"
    Database(path).migrate()
    con = duckdb.connect(str(path))
    con.execute("ALTER TABLE schema_migrations DROP COLUMN checksum")
    con.close()
    db_module._migrated.discard(str(path.resolve()))
    with Database(path).read() as con:
        assert con.execute("SELECT count(*) FROM seller_accounts").fetchone()[0] >= 0
    assert all(_recorded(path).values())


def test_line_endings_do_not_change_the_checksum():
    assert checksum("SELECT 1;\r\nSELECT 2;\r\n") == checksum("SELECT 1;\nSELECT 2;\n")
