"""PostgreSQL copies of a benchmark's generated store, for the benchmarks' ``--db`` option.

A benchmark builds its store as a DuckDB file (untimed, exactly as without ``--db``); this module
copies that store into a PostgreSQL database migrated by the package (the template), hands out a
fresh copy of it per run (``CREATE DATABASE … TEMPLATE``: a file copy on the server) and drops
every database it made at the end, even when the run fails. The databases are ``PREFIX_*``
beside the one ``--db`` names (the role needs CREATEDB).

    with PgStores(args.db) as stores:
        stores.build_template(Path("bench.duckdb"))
        url = stores.clone()        # a fresh copy; Database(url) runs the measured operation
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import duckdb

from aimsi_ebay.db import Database, postgres

PREFIX = "aimsi_bench"
BOOKKEEPING = "schema_migrations"  # filled by the migrations themselves, never copied


def is_postgres(location: str | None) -> bool:
    return bool(location) and postgres.is_postgres(location)


def backend_name(location: str | None) -> str:
    """How a benchmark's output names the backend it measured (no credentials)."""
    if is_postgres(location):
        return f"PostgreSQL ({postgres.PostgresLocation(location).display})"
    return "DuckDB file"


@contextmanager
def stores_for(db: str | None, data: Path | None = None) -> Iterator[PgStores | None]:
    """``PgStores`` when ``--db`` names a PostgreSQL server (dropped at the end), else None."""
    if not is_postgres(db):
        yield None
        return
    with PgStores(db, data=data) as stores:
        yield stores


def database_url(server: str, name: str) -> str:
    return urlunsplit(urlsplit(server)._replace(path=f"/{name}"))


class PgStores:
    """The template and per-run databases of one benchmark on the server ``server`` names."""

    def __init__(self, server: str, *, prefix: str = PREFIX, data: Path | None = None) -> None:
        if not is_postgres(server):
            raise SystemExit("--db must be a postgresql:// URL")
        self.server = server
        self.prefix = prefix
        self.template = database_url(server, f"{prefix}_template")
        self.run = f"{prefix}_run"
        if data is not None:  # a PostgreSQL store keeps its files (exports, PDFs) in the data folder
            os.environ["AIMSI_EBAY_DATA"] = str(data)

    def __enter__(self) -> PgStores:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Drop the run and template databases (safe to call twice)."""
        self.drop(self.run)
        self.drop(_name(self.template))

    def drop(self, name: str) -> None:
        with postgres.native(postgres.PostgresLocation(self.server)) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def clone(self) -> str:
        """A fresh copy of the template (the previous run's copy is dropped first)."""
        self.drop(self.run)
        with postgres.native(postgres.PostgresLocation(self.server)) as admin:
            admin.execute(f"CREATE DATABASE {self.run} TEMPLATE {_name(self.template)}")
        return database_url(self.server, self.run)

    def build_template(self, source: Path, tables: tuple[str, ...] | None = None) -> str:
        """The template: the store of the DuckDB file ``source`` in a new database migrated by
        the package. ``tables`` (in foreign-key order) are copied into the migrated tables as
        they are; without it every table of the store is (the migrations' seed rows are replaced
        by the store's own, in foreign-key order). Then its sequences, fresh statistics."""
        try:
            return self._build(source, tables)
        except BaseException:
            self.close()  # nothing left behind on the server when the build fails
            raise

    def _build(self, source: Path, tables: tuple[str, ...] | None) -> str:
        url = self.template
        self.drop(_name(url))
        with postgres.native(postgres.PostgresLocation(self.server)) as admin:
            admin.execute(f"CREATE DATABASE {_name(url)}")
        Database(url).migrate()
        location = postgres.PostgresLocation(url)
        if tables is None:
            with postgres.native(location) as native:
                tables = _tables_in_key_order(native)
                native.execute(f"TRUNCATE {', '.join(tables)}")
        con = duckdb.connect(config={"allow_unsigned_extensions": "true"})
        try:
            con.execute(f"LOAD '{postgres.extension_file()}'")
            con.execute(f"ATTACH '{url}' AS pg (TYPE postgres)")
            con.execute(f"ATTACH '{source}' AS store (READ_ONLY)")
            present = {row[0] for row in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE database_name = 'store'"
                " AND schema_name = 'main'").fetchall()}
            for table in tables:
                if table not in present:
                    continue
                columns = ", ".join(row[0] for row in con.execute(
                    "SELECT column_name FROM duckdb_columns() WHERE database_name = 'store'"
                    " AND schema_name = 'main' AND table_name = ? ORDER BY column_index",
                    [table]).fetchall())
                con.execute(f"INSERT INTO pg.public.{table} ({columns})"
                            f" SELECT {columns} FROM store.main.{table}")
            sequences = con.execute(
                "SELECT sequence_name, last_value FROM duckdb_sequences()"
                " WHERE database_name = 'store' AND last_value IS NOT NULL").fetchall()
        finally:
            con.close()
        with postgres.native(location) as native:
            for sequence, value in sequences:
                native.execute("SELECT setval(%s::regclass, %s)", [sequence, value])
            native.execute("VACUUM ANALYZE")
        return url


def _name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def _tables_in_key_order(native) -> tuple[str, ...]:
    """The store's tables (schema ``public``, not the migrations' own), each after the tables
    its foreign keys name."""
    names = [row[0] for row in native.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> %s"
        " ORDER BY tablename", [BOOKKEEPING]).fetchall()]
    needs: dict[str, set[str]] = {name: set() for name in names}
    for child, parent in native.execute(
            "SELECT c.conrelid::regclass::text, c.confrelid::regclass::text FROM pg_constraint c"
            " JOIN pg_namespace n ON n.oid = c.connamespace"
            " WHERE c.contype = 'f' AND n.nspname = 'public'").fetchall():
        if child in needs and parent in needs and child != parent:
            needs[child].add(parent)
    ordered: list[str] = []
    while needs:
        ready = sorted(name for name, parents in needs.items() if not parents - set(ordered))
        if not ready:
            raise SystemExit(f"foreign keys in a cycle among {', '.join(sorted(needs))}")
        ordered.extend(ready)
        for name in ready:
            del needs[name]
    return tuple(ordered)
