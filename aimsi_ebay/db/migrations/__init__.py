"""Numbered migrations (``NNN_name.sql``), recorded in ``schema_migrations``, applied in order.

Each applied migration is recorded with the sha256 of its file. A database whose applied
migration differs from the file this version ships (edited after it ran there) is refused with a
clear message: running newer code on a schema it did not make is how data gets damaged quietly.
Databases made before checksums were recorded get them on first use.

Each DuckDB migration has a PostgreSQL twin beside it, ``NNN_name.postgres.sql``: the same change
in PostgreSQL's own DDL (sequences, constraints, indexes — what DuckDB's attach cannot create),
applied natively. Both backends record the same row per migration: its version, the DuckDB file's
name and the sha256 of the DuckDB file (the migration's identity), so a shared database and a
DuckDB file at the same version carry identical ``schema_migrations``.
"""

from __future__ import annotations

import hashlib
import re
from importlib import resources

import duckdb

from aimsi_ebay.errors import InputError
from aimsi_ebay.sql.listing_checks import record_checks_update_sql

_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")
_TWIN = re.compile(r"^(\d{3})_[a-z0-9_]+\.postgres\.sql$")

_TABLE = (
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
    " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
)


def checksum(sql: str) -> str:
    """sha256 of a migration's DuckDB text, line endings normalised (a checkout on Windows
    agrees); recorded on both backends."""
    return hashlib.sha256(sql.replace("\r\n", "\n").encode("utf-8")).hexdigest()


def available_migrations() -> list[tuple[int, str, str]]:
    """(version, file name, SQL) of every DuckDB migration shipped with the package, in order."""
    return _files(_NAME)


def postgres_twins() -> dict[int, tuple[str, str]]:
    """version → (file name, SQL) of every PostgreSQL twin shipped with the package."""
    return {version: (name, sql) for version, name, sql in _files(_TWIN)}


def missing_twins() -> list[str]:
    """The DuckDB migrations that have no PostgreSQL twin yet (file names)."""
    twins = postgres_twins()
    return [name for version, name, _ in available_migrations() if version not in twins]


def applied_migrations(con: duckdb.DuckDBPyConnection) -> dict[int, tuple[str, str | None]] | None:
    """version → (name, checksum) of what this database has applied; None before any.

    Asked directly (outside a transaction: a failed statement costs nothing there), not through
    ``information_schema``, which lists every column of the schema and cost a process's first
    write more than the answer itself."""
    try:
        rows = con.execute("SELECT version, name, checksum FROM schema_migrations").fetchall()
    except duckdb.CatalogException:  # no table yet
        return None
    except duckdb.BinderException:  # recorded before checksums existed
        rows = con.execute("SELECT version, name, NULL FROM schema_migrations").fetchall()
    return {version: (name, digest) for version, name, digest in rows}


def differing(applied: dict[int, tuple[str, str | None]]) -> list[str]:
    """The applied migrations whose recorded checksum differs from the shipped file's."""
    shipped = {version: (name, checksum(sql)) for version, name, sql in available_migrations()}
    return [
        f"{name} (recorded {digest[:12]}…, shipped {shipped[version][1][:12]}…)"
        for version, (name, digest) in sorted(applied.items())
        if digest is not None and version in shipped and shipped[version][1] != digest
    ]


def check_checksums(applied: dict[int, tuple[str, str | None]], database: str) -> None:
    wrong = differing(applied)
    if wrong:
        raise InputError(
            f"{database}: migration {', '.join(wrong)} applied to this database differs from "
            "the one this version of aimsi-ebay ships; it was made by another version — use "
            "that version, or restore a backup made by this one"
        )


def apply_migrations(
    con: duckdb.DuckDBPyConnection, database: str = "database", *, until: int | None = None
) -> list[int]:
    """Apply the migrations this DuckDB database lacks (up to version ``until``, for the schema
    comparison), each in its own transaction."""
    con.execute(_TABLE)
    con.execute("ALTER TABLE schema_migrations ADD COLUMN IF NOT EXISTS checksum VARCHAR")
    applied_before = applied_migrations(con) or {}
    check_checksums(applied_before, database)
    shipped = available_migrations()
    # Recorded before checksums existed: trust the file on first use.
    for version, _, sql in shipped:
        if version in applied_before and applied_before[version][1] is None:
            con.execute("UPDATE schema_migrations SET checksum = ? WHERE version = ?",
                        [checksum(sql), version])
    applied = []
    for version, name, sql in shipped:
        if version in applied_before or (until is not None and version > until):
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(sql)
            con.execute(
                "INSERT INTO schema_migrations (version, name, checksum) VALUES (?, ?, ?)",
                [version, name, checksum(sql)],
            )
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")
        applied.append(version)
    _warm_record_checks(con, applied)
    return applied


def _warm_record_checks(con: duckdb.DuckDBPyConnection, applied: list[int]) -> None:
    """Migration 026 adds the record facts the export trusts while their key matches; a store
    that has just gained them gets them decided here, once every migration is in (with the
    rules and columns of this version: a frozen migration file must not copy the rules). Left
    undone they are only a cold cache (the export checks such records as before)."""
    if 26 not in applied:
        return
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(record_checks_update_sql())
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def postgres_applied(native) -> dict[int, tuple[str, str | None]] | None:
    """version → (name, checksum) recorded on PostgreSQL (a psycopg connection); None before
    the first migration."""
    if native.execute("SELECT to_regclass('schema_migrations')").fetchone()[0] is None:
        return None
    rows = native.execute("SELECT version, name, checksum FROM schema_migrations").fetchall()
    return {version: (name, digest) for version, name, digest in rows}


def apply_postgres_migrations(
    native, where: str, *, until: int | None = None  # native: a psycopg.Connection
) -> list[int]:
    """Apply the twins this PostgreSQL database lacks (up to version ``until``), natively, each
    in its own transaction.

    The caller holds the migration lock. A DuckDB migration without a twin stops the run before
    anything is applied (``where`` names the database in the message), as does a recorded
    checksum that differs from the shipped DuckDB file's."""
    limit = until if until is not None else 999
    versions = {name: version for version, name, _ in available_migrations()}
    missing = [name for name in missing_twins() if versions[name] <= limit]
    if missing:
        raise InputError(
            f"{where}: migration(s) {', '.join(missing)} have no PostgreSQL twin "
            "(NNN_name.postgres.sql) yet; this version cannot run on PostgreSQL"
        )
    twins = postgres_twins()
    native.execute(_TABLE.replace("current_timestamp", "localtimestamp"))
    native.execute("ALTER TABLE schema_migrations ADD COLUMN IF NOT EXISTS checksum VARCHAR")
    done = postgres_applied(native) or {}
    check_checksums(done, where)
    applied = []
    for version, name, sql in available_migrations():
        if version in done or version > limit:
            continue
        with native.transaction():
            native.execute(twins[version][1])
            native.execute(
                "INSERT INTO schema_migrations (version, name, checksum) VALUES (%s, %s, %s)",
                [version, name, checksum(sql)],
            )
        applied.append(version)
    return applied


def _files(pattern: re.Pattern[str]) -> list[tuple[int, str, str]]:
    found = []
    for entry in resources.files(__package__).iterdir():
        match = pattern.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort()
    versions = [version for version, _, _ in found]
    if len(versions) != len(set(versions)):
        raise RuntimeError(f"two migrations share a number: {versions}")
    return found
