"""The database layer: the only code that connects.

Two backends behind one facade. The default is a DuckDB file; ``postgresql://user@host/db``
selects a shared PostgreSQL database (``db/postgres.py``), which operations see through DuckDB's
attach: ``db.read()`` and ``db.write()`` hand out a DuckDB connection either way.

Short-lived connections: open, run one transaction, close. DuckDB lets one process at a time
hold a file read-write (and then no other process may even read it), so every connection to a
file is taken under a lock file beside it: shared for readers (DuckDB read-only mode lets
several processes read at once), exclusive for writers. Waiting is bounded, with jitter, and
DuckDB's own lock error (a process outside this package) is retried the same way. On PostgreSQL
there is no file: readers take no lock (each reads a snapshot) and writers take one advisory
lock, so every operation keeps the one-writer-at-a-time semantics it was written for; UNIQUE
constraints stay the last line of defence, and their violation is reported as work already done.
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
from aimsi_ebay.db import postgres
from aimsi_ebay.db.locks import file_lock
from aimsi_ebay.db.migrations import (
    applied_migrations,
    apply_migrations,
    apply_postgres_migrations,
    available_migrations,
    check_checksums,
    postgres_applied,
)
from aimsi_ebay.errors import ConflictError, DatabaseBusyError, InputError

_local = threading.local()
_migrated: set[str] = set()
_migrate_guard = threading.Lock()

# What a unique violation on PostgreSQL means to the operator (constraint name → message).
ALREADY_DONE = {
    "orders_sale_unique": "this sale was already imported (by another user or job meanwhile)",
    "customers_ebay_email_unique": (
        "a customer with this e-mail was created meanwhile by another user or job"
    ),
    "invoices_order_unique": "this order was already invoiced (by another user or job meanwhile)",
    "import_batches_pkey": "this import was already recorded",
}


def database_location(explicit: str | os.PathLike[str] | None = None) -> str:
    """Where the database is: ``--db``, else ``$AIMSI_EBAY_DB``, else ``data/aimsi_ebay.duckdb``;
    a ``postgresql://`` URL selects the shared backend."""
    return config.database_location(explicit)


class Database:
    """A handle on one database location; it holds no connection between calls.

    ``path`` is the DuckDB file; on PostgreSQL it is a name inside the data folder
    (``$AIMSI_EBAY_DATA``, else ``data/``), so ``config.data_folder(db.path)`` finds the store's
    files for both backends. ``location`` is what may be shown (never a password)."""

    def __init__(
        self,
        location: str | os.PathLike[str] | None = None,
        *,
        lock_timeout: float | None = None,
        create: bool = True,
    ) -> None:
        """``create=False``: a missing file is an error naming it, never a new empty database
        (the CLI creates one only for ``init`` and ``demo``: a mistyped ``--db`` must not)."""
        where = database_location(location)
        self.lock_timeout = config.lock_timeout(lock_timeout)
        self.create = create
        self.postgres = postgres.PostgresLocation(where) if postgres.is_postgres(where) else None
        if self.postgres is None:
            self.path = Path(where).expanduser().resolve()
        else:
            folder = os.environ.get(config.ENV_DATA_FOLDER) or config.DEFAULT_DATABASE.parent
            self.path = Path(folder).expanduser().resolve() / "postgresql"

    def __repr__(self) -> str:
        return f"Database({self.location!r})"

    @property
    def location(self) -> str:
        """The file path, or ``postgresql://host:port/db`` (no credentials)."""
        return self.postgres.display if self.postgres else str(self.path)

    @property
    def environment_value(self) -> str:
        """The value a child process (Voilà kernel, job) gets as ``$AIMSI_EBAY_DB``."""
        return self.postgres.url if self.postgres else str(self.path)

    @property
    def lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    def exists(self) -> bool:
        if self.postgres is None:
            return self.path.exists()
        return self._postgres_versions() is not None

    @contextmanager
    def write(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One read-write transaction: COMMIT on success, ROLLBACK on any error.

        A DuckDB file's first write in a process checks (and if need be applies) the migrations
        on this very connection, under its exclusive lock, before the transaction begins: no
        separate read-only open first (that cost a connection per first write)."""
        on_connection = self._checks_on_connection()
        if not on_connection:
            self._ensure_migrated()
        with self._connection(read_only=False) as con:
            if on_connection and self._key not in _migrated:
                self._migrate_on(con)
            con.execute("BEGIN TRANSACTION")
            try:
                yield con
            except BaseException as error:
                con.execute("ROLLBACK")
                self._raise_translated(error)
                raise
            try:
                con.execute("COMMIT")
            except duckdb.Error as error:
                self._raise_translated(error)
                raise

    @contextmanager
    def read(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One read-only transaction (a consistent snapshot); other readers may run alongside.

        A DuckDB file's first read in a process checks the migrations on this connection; only
        a database that needs one is closed, migrated (read-write) and opened again."""
        on_connection = self._checks_on_connection()
        if not on_connection:
            self._ensure_migrated()
        with self._connection(read_only=True) as con:
            if not on_connection or self._key in _migrated or self._up_to_date_on(con):
                con.execute("BEGIN TRANSACTION")
                try:
                    yield con
                finally:
                    con.execute("ROLLBACK")
                return
        self._ensure_migrated()
        with self._connection(read_only=True) as con:
            con.execute("BEGIN TRANSACTION")
            try:
                yield con
            finally:
                con.execute("ROLLBACK")

    def delete_file(self) -> None:
        """Remove the database: the file (and its WAL) under the exclusive lock; on PostgreSQL
        every table and sequence of the schema, under the writers' and the migration lock."""
        if self.postgres is None:
            with file_lock(self.lock_path, exclusive=True, timeout=self.lock_timeout,
                           busy=self._busy):
                for suffix in ("", ".wal"):
                    self.path.with_name(self.path.name + suffix).unlink(missing_ok=True)
        else:
            with postgres.native(self.postgres) as native:
                for key in (postgres.MIGRATION_LOCK_KEY, postgres.WRITER_LOCK_KEY):
                    postgres.acquire(native, key, timeout=self.lock_timeout, busy=self._busy())
                native.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        _migrated.discard(self._key)

    def move_aside(self, backup: Path) -> Path:
        """Rename the database file (and its WAL) to ``backup`` under the exclusive lock: a
        replaced store is kept, never deleted. On PostgreSQL the schema is renamed instead (to
        ``aimsi_`` + the backup's suffix), under the writers' and the migration lock."""
        if self.postgres is not None:
            schema = postgres.backup_schema(backup.name)
            with postgres.native(self.postgres) as native:
                for key in (postgres.MIGRATION_LOCK_KEY, postgres.WRITER_LOCK_KEY):
                    postgres.acquire(native, key, timeout=self.lock_timeout, busy=self._busy())
                native.execute(f'ALTER SCHEMA public RENAME TO "{schema}"; CREATE SCHEMA public')
            _migrated.discard(self._key)
            return backup
        with file_lock(self.lock_path, exclusive=True, timeout=self.lock_timeout, busy=self._busy):
            wal = self.path.with_name(self.path.name + ".wal")
            if wal.exists():
                os.replace(wal, backup.with_name(backup.name + ".wal"))
            os.replace(self.path, backup)
        _migrated.discard(self._key)
        return backup

    def migrate(self) -> list[int]:
        """Apply pending migrations; returns the versions applied now."""
        self._check_exists()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.postgres is None:
            with self._connection(read_only=False) as con:
                applied = apply_migrations(con, str(self.path))
        else:
            with postgres.native(self.postgres) as native:
                postgres.acquire(native, postgres.MIGRATION_LOCK_KEY, timeout=self.lock_timeout,
                                 busy=self._busy())
                before = postgres_applied(native) or {}
                wanted = {version for version, _, _ in available_migrations()}
                postgres.install_carrier_objects(native, pending=not wanted <= set(before))
                applied = apply_postgres_migrations(native, self.location)
                postgres.install_carrier_objects(native, pending=False)
        _migrated.add(self._key)
        return applied

    @property
    def _key(self) -> str:
        return self.location

    def _ensure_migrated(self) -> None:
        """Migrate once per process; an up-to-date database is checked under a shared lock only."""
        if self._key in _migrated:
            return
        self._check_exists()
        with _migrate_guard:
            if self._key in _migrated:
                return
            if self._is_up_to_date():
                _migrated.add(self._key)
            else:
                self.migrate()

    def _checks_on_connection(self) -> bool:
        """Whether this first use checks the migrations on its own connection: a DuckDB file
        that exists and is not known checked yet (a missing file is created and migrated by
        :meth:`migrate`, which makes its folder; PostgreSQL checks natively, as before)."""
        if self.postgres is not None or self._key in _migrated:
            return False
        self._check_exists()
        return self.path.exists()

    def _up_to_date_on(self, con: duckdb.DuckDBPyConnection) -> bool:
        """:meth:`_is_up_to_date` on a connection already open (a differing checksum is
        refused here); an up-to-date database is remembered for the process."""
        applied = applied_migrations(con)
        if applied is None:
            return False
        check_checksums(applied, self.location)
        wanted = {version for version, _, _ in available_migrations()}
        if wanted <= set(applied) and all(digest for _, digest in applied.values()):
            _migrated.add(self._key)
            return True
        return False

    def _migrate_on(self, con: duckdb.DuckDBPyConnection) -> None:
        """Check, and apply what is pending, on the write connection (it holds the exclusive
        lock, as :meth:`migrate` would take it): the same checks, refusals and migrations."""
        if not self._up_to_date_on(con):
            apply_migrations(con, str(self.path))
            _migrated.add(self._key)

    def _is_up_to_date(self) -> bool:
        """Every shipped migration applied, with the checksum of the shipped file (a differing
        one is refused here, before any work is done on a schema this version did not make)."""
        wanted = {version for version, _, _ in available_migrations()}
        if self.postgres is not None:
            with postgres.native(self.postgres) as native:
                applied = postgres_applied(native)
        elif not self.path.exists():
            return False
        else:
            with self._connection(read_only=True) as con:
                applied = applied_migrations(con)
        if applied is None:
            return False
        check_checksums(applied, self.location)
        return wanted <= set(applied) and all(digest for _, digest in applied.values())

    def _check_exists(self) -> None:
        if self.create:
            return
        if self.postgres is not None:
            if not self.exists():
                raise InputError(
                    f"{self.location}: this database holds no aimsi-ebay store; check --db (or "
                    "$AIMSI_EBAY_DB), or create one with `aimsi-ebay init`"
                )
            return
        if not self.path.is_file():
            what = "is not a file" if self.path.exists() else "does not exist"
            raise InputError(
                f"{self.path}: the database {what}; check --db (or $AIMSI_EBAY_DB), or create "
                "one with `aimsi-ebay init`"
            )

    def _postgres_versions(self) -> set[int] | None:
        """The versions recorded on PostgreSQL, or None before the first migration."""
        with postgres.native(self.postgres) as native:
            applied = postgres_applied(native)
        return None if applied is None else set(applied)

    @contextmanager
    def _connection(self, *, read_only: bool) -> Iterator[duckdb.DuckDBPyConnection]:
        if getattr(_local, "open", False):
            raise RuntimeError(
                "a database connection is already open in this thread: pass it down instead "
                "of opening another"
            )
        _local.open = True
        try:
            if self.postgres is not None:
                with self._postgres_connection(read_only=read_only) as con:
                    yield con
                return
            with file_lock(self.lock_path, exclusive=not read_only, timeout=self.lock_timeout,
                           busy=self._busy):
                con = self._open(read_only=read_only)
                try:
                    con.execute("CREATE TEMP MACRO aimsi_next_id(s) AS nextval(s)")
                    yield con
                finally:
                    con.close()
        finally:
            _local.open = False

    @contextmanager
    def _postgres_connection(self, *, read_only: bool) -> Iterator[duckdb.DuckDBPyConnection]:
        """DuckDB over the attached database; a writer first takes the writers' advisory lock on
        its native side connection (before DuckDB starts the PostgreSQL transaction, so the
        transaction's snapshot sees every write committed before the lock was granted)."""
        with postgres.native(self.postgres) as side:
            if not read_only:
                postgres.acquire(side, postgres.WRITER_LOCK_KEY, timeout=self.lock_timeout,
                                 busy=self._busy())
            con = postgres.attach(self.postgres, side)
            try:
                yield con
            finally:
                con.close()
        # Closing the side connection ends its session, which releases the advisory lock.

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

    def _raise_translated(self, error: BaseException) -> None:
        """A PostgreSQL unique violation raised as the work it means was already done."""
        if self.postgres is None or not isinstance(error, duckdb.Error):
            return
        constraint = postgres.unique_violation(error)
        if constraint is None:
            return
        what = ALREADY_DONE.get(constraint, f"already saved by another user or job ({constraint})")
        raise ConflictError(
            f"{self.location}: {what}; nothing was changed, reload and try again"
        ) from error

    def _busy(self) -> DatabaseBusyError:
        return DatabaseBusyError(
            f"{self.location}: the database stayed busy for {self.lock_timeout:g} s (another user "
            f"or job is writing); try again, or raise ${ENV_LOCK_TIMEOUT}"
        )


def _sleep_with_jitter() -> None:
    time.sleep(random.uniform(0.01, 0.08))
