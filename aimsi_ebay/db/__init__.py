"""The database layer: the only code that connects.

Short-lived connections: open, run one transaction, close. DuckDB lets one process at a time
hold a file read-write (and then no other process may even read it), so every connection is
taken under a lock file beside the database: shared for readers (DuckDB read-only mode lets
several processes read at once), exclusive for writers. Waiting is bounded, with jitter, and
DuckDB's own lock error (a process outside this package) is retried the same way.
"""

from __future__ import annotations

import os
import random
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from aimsi_ebay import config
from aimsi_ebay.config import ENV_LOCK_TIMEOUT
from aimsi_ebay.db.locks import file_lock
from aimsi_ebay.db.migrations import (
    applied_migrations,
    apply_migrations,
    available_migrations,
    check_checksums,
)
from aimsi_ebay.errors import DatabaseBusyError, InputError

_local = threading.local()
_migrated: set[str] = set()
_migrate_guard = threading.Lock()


def database_location(explicit: str | os.PathLike[str] | None = None) -> str:
    """Where the database is: ``--db``, else ``$AIMSI_EBAY_DB``, else ``data/aimsi_ebay.duckdb``."""
    location = config.database_location(explicit)
    if location.startswith(("postgresql://", "postgres://")):
        raise InputError(
            f"{location.split('@')[-1]}: the shared PostgreSQL backend is not available in this "
            "version; use a DuckDB file path"
        )
    return location


class Database:
    """A handle on one database location; it holds no connection between calls."""

    def __init__(
        self,
        location: str | os.PathLike[str] | None = None,
        *,
        lock_timeout: float | None = None,
        create: bool = True,
    ) -> None:
        """``create=False``: a missing file is an error naming it, never a new empty database
        (the CLI creates one only for ``init`` and ``demo``: a mistyped ``--db`` must not)."""
        self.path = Path(database_location(location)).expanduser().resolve()
        self.lock_timeout = config.lock_timeout(lock_timeout)
        self.create = create

    def __repr__(self) -> str:
        return f"Database({str(self.path)!r})"

    @property
    def lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    def exists(self) -> bool:
        return self.path.exists()

    @contextmanager
    def write(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One read-write transaction: COMMIT on success, ROLLBACK on any error."""
        self._ensure_migrated()
        with self._connection(read_only=False) as con:
            con.execute("BEGIN TRANSACTION")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")

    @contextmanager
    def read(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One read-only transaction (a consistent snapshot); other readers may run alongside."""
        self._ensure_migrated()
        with self._connection(read_only=True) as con:
            con.execute("BEGIN TRANSACTION")
            try:
                yield con
            finally:
                con.execute("ROLLBACK")

    def delete_file(self) -> None:
        """Remove the database file (and its WAL) under the exclusive lock."""
        with file_lock(self.lock_path, exclusive=True, timeout=self.lock_timeout, busy=self._busy):
            for suffix in ("", ".wal"):
                self.path.with_name(self.path.name + suffix).unlink(missing_ok=True)
        _migrated.discard(str(self.path))

    def move_aside(self, backup: Path) -> Path:
        """Rename the database file (and its WAL) to ``backup`` under the exclusive lock: a
        replaced store is kept, never deleted."""
        with file_lock(self.lock_path, exclusive=True, timeout=self.lock_timeout, busy=self._busy):
            wal = self.path.with_name(self.path.name + ".wal")
            if wal.exists():
                os.replace(wal, backup.with_name(backup.name + ".wal"))
            os.replace(self.path, backup)
        _migrated.discard(str(self.path))
        return backup

    def migrate(self) -> list[int]:
        """Apply pending migrations; returns the versions applied now."""
        self._check_exists()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connection(read_only=False) as con:
            applied = apply_migrations(con, str(self.path))
        _migrated.add(str(self.path))
        return applied

    def _ensure_migrated(self) -> None:
        """Migrate once per process; an up-to-date file is checked under a shared lock only."""
        if str(self.path) in _migrated:
            return
        self._check_exists()
        with _migrate_guard:
            if str(self.path) in _migrated:
                return
            if self.path.exists() and self._is_up_to_date():
                _migrated.add(str(self.path))
            else:
                self.migrate()

    def _is_up_to_date(self) -> bool:
        """Every shipped migration applied, with the checksum of the shipped file (a differing
        one is refused here, before any work is done on a schema this version did not make)."""
        wanted = {version for version, _, _ in available_migrations()}
        with self._connection(read_only=True) as con:
            applied = applied_migrations(con)
        if applied is None:
            return False
        check_checksums(applied, str(self.path))
        return wanted <= set(applied) and all(digest for _, digest in applied.values())

    def _check_exists(self) -> None:
        if not self.create and not self.path.is_file():
            what = "is not a file" if self.path.exists() else "does not exist"
            raise InputError(
                f"{self.path}: the database {what}; check --db (or $AIMSI_EBAY_DB), or create "
                "one with `aimsi-ebay init`"
            )

    @contextmanager
    def _connection(self, *, read_only: bool) -> Iterator[duckdb.DuckDBPyConnection]:
        if getattr(_local, "open", False):
            raise RuntimeError(
                "a database connection is already open in this thread: pass it down instead "
                "of opening another"
            )
        _local.open = True
        try:
            with file_lock(self.lock_path, exclusive=not read_only, timeout=self.lock_timeout,
                           busy=self._busy):
                con = self._open(read_only=read_only)
                try:
                    yield con
                finally:
                    con.close()
        finally:
            _local.open = False

    def _open(self, *, read_only: bool) -> duckdb.DuckDBPyConnection:
        deadline = time.monotonic() + self.lock_timeout
        while True:
            try:
                return duckdb.connect(str(self.path), read_only=read_only)
            except duckdb.IOException as error:
                if "lock" not in str(error).lower() or time.monotonic() > deadline:
                    if "lock" in str(error).lower():
                        raise self._busy() from error
                    raise self._not_duckdb(error) from None
                _sleep_with_jitter()
            except duckdb.Error as error:  # e.g. a foreign file: SerializationException
                raise self._not_duckdb(error) from None

    def _not_duckdb(self, error: Exception) -> InputError:
        """A file DuckDB cannot open as a database (not one, damaged, or unreadable)."""
        first = " ".join(str(error).split())[:200]
        return InputError(f"{self.path}: cannot open it as a DuckDB database ({first})")

    def _busy(self) -> DatabaseBusyError:
        return DatabaseBusyError(
            f"{self.path}: the database stayed busy for {self.lock_timeout:g} s (another user or "
            f"job is writing); try again, or raise ${ENV_LOCK_TIMEOUT}"
        )


def _sleep_with_jitter() -> None:
    time.sleep(random.uniform(0.01, 0.08))
