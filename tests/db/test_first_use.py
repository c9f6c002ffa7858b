"""A process's first read or write of a DuckDB file checks the migrations on its own connection.

The check used to open a separate read-only connection before the first write (≈0.05 s per
process and file). It now runs on the connection the operation opens; an old schema is still
migrated, and a database another version made (a differing checksum) or a file that is no
DuckDB database is still refused before any work is done.
"""

from __future__ import annotations

import duckdb
import pytest

from aimsi_ebay import db as db_module
from aimsi_ebay.db import Database
from aimsi_ebay.db.migrations import apply_migrations, available_migrations, checksum
from aimsi_ebay.errors import InputError

VERSIONS = [version for version, _, _ in available_migrations()]


def _as_a_new_process(path) -> None:
    db_module._migrated.discard(str(path.resolve()))


def _opens(monkeypatch) -> list[bool]:
    """The ``read_only`` flag of every DuckDB connection ``Database`` opens from now on."""
    opened: list[bool] = []
    original = Database._open

    def counting(self, *, read_only: bool):
        opened.append(read_only)
        return original(self, read_only=read_only)

    monkeypatch.setattr(Database, "_open", counting)
    return opened


def _migrated(path, *, until: int | None = None):
    con = duckdb.connect(str(path))
    try:
        apply_migrations(con, str(path), until=until)
    finally:
        con.close()
    _as_a_new_process(path)


def _recorded(path) -> dict[int, str | None]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return dict(con.execute("SELECT version, checksum FROM schema_migrations").fetchall())
    finally:
        con.close()


def _add_account(con, name: str) -> None:
    con.execute("INSERT INTO seller_accounts (name, ebay_user_id) VALUES (?, ?)", [name, name])


def _accounts(path) -> list[str]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return [row[0] for row in con.execute("SELECT name FROM seller_accounts").fetchall()]
    finally:
        con.close()


def test_the_first_write_of_a_process_opens_one_connection(tmp_path, monkeypatch):
    path = tmp_path / "store.duckdb"
    _migrated(path)
    opened = _opens(monkeypatch)
    with Database(path).write() as con:
        _add_account(con, "first")
    assert opened == [False]
    with Database(path).write() as con:
        _add_account(con, "second")
    assert opened == [False, False]
    assert sorted(_accounts(path)) == ["first", "second"]


def test_the_first_read_of_a_process_opens_one_connection(tmp_path, monkeypatch):
    path = tmp_path / "store.duckdb"
    _migrated(path)
    opened = _opens(monkeypatch)
    with Database(path).read() as con:
        assert con.execute("SELECT count(*) FROM seller_accounts").fetchone()[0] == 0
    assert opened == [True]


@pytest.mark.parametrize("operation", ["write", "read"])
def test_an_old_schema_is_migrated_by_the_first_use(tmp_path, operation):
    path = tmp_path / "old.duckdb"
    _migrated(path, until=VERSIONS[-2])
    assert set(_recorded(path)) == set(VERSIONS[:-1])
    with getattr(Database(path), operation)() as con:
        if operation == "write":
            _add_account(con, "after")
        assert con.execute("SELECT max(version) FROM schema_migrations").fetchone()[0] == VERSIONS[-1]
    shipped = {version: checksum(sql) for version, _, sql in available_migrations()}
    assert _recorded(path) == shipped
    assert _accounts(path) == (["after"] if operation == "write" else [])


@pytest.mark.parametrize("operation", ["write", "read"])
def test_a_database_made_before_checksums_gets_them_on_first_use(tmp_path, operation):
    path = tmp_path / "old.duckdb"
    _migrated(path)
    con = duckdb.connect(str(path))
    con.execute("ALTER TABLE schema_migrations DROP COLUMN checksum")
    con.close()
    with getattr(Database(path), operation)() as con:
        assert con.execute("SELECT count(*) FROM seller_accounts").fetchone()[0] == 0
    assert all(_recorded(path).values())


@pytest.mark.parametrize("operation", ["write", "read"])
def test_a_differing_migration_is_refused_by_the_first_use_before_any_work(tmp_path, operation):
    path = tmp_path / "edited.duckdb"
    _migrated(path, until=VERSIONS[-2])  # also behind: refused, not migrated
    con = duckdb.connect(str(path))
    con.execute("UPDATE schema_migrations SET checksum = 'deadbeef' || checksum WHERE version = 5")
    con.close()
    before = _recorded(path)
    ran = []
    refused = pytest.raises(InputError, match=r"migration 005_\w+\.sql .* differs")
    with refused, getattr(Database(path), operation)() as con:
        ran.append(con)
    assert ran == []
    assert _recorded(path) == before
    assert str(path.resolve()) not in db_module._migrated


@pytest.mark.parametrize("operation", ["write", "read"])
def test_a_file_that_is_no_duckdb_database_is_refused_and_left_as_it_was(tmp_path, operation):
    path = tmp_path / "notes.duckdb"
    path.write_text("shopping list\n" * 1000)
    refused = pytest.raises(InputError, match="cannot open it as a DuckDB database")
    with refused, getattr(Database(path), operation)():
        pass
    assert path.read_text() == "shopping list\n" * 1000
    assert not path.with_name(path.name + ".wal").exists()
