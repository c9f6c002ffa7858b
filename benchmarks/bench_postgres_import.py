"""Benchmark: the 100,000-order import into 1,000,000 customers, on PostgreSQL and on a DuckDB file.

    scripts/with_postgres .venv/bin/python benchmarks/bench_postgres_import.py
    python benchmarks/bench_postgres_import.py --db postgresql://user@host/db [--orders 100000]
        [--customers 1000000] [--runs 5] [--keep DIR]

The same store and report as ``bench_sales_import.py`` (generated untimed): the store is built
as a DuckDB file, then copied into a PostgreSQL database migrated by the package (the template).
``--db`` names a database on the server (default ``$AIMSI_EBAY_TEST_PG``, which
``scripts/with_postgres`` sets); the benchmark creates its own databases ``aimsi_bench_*`` beside
it (the role needs CREATEDB) and drops them at the end. Then, ``--runs`` times, side by side, the
whole import (``import_sales``: read, match, create customers, ship-tos, orders, lines, deposits;
one transaction) into a fresh copy of the store on each backend. Prints the medians and the
ratio; the target (issue 19): PostgreSQL <= 3x the DuckDB file.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_sales_import import build_database, write_report  # noqa: E402

from aimsi_ebay.db import Database, postgres  # noqa: E402
from aimsi_ebay.ops.sales.importer import import_sales  # noqa: E402

# The tables the generated store fills (in foreign-key order).
STORE_TABLES = ("seller_accounts", "items", "skus", "customers", "customer_aliases")
PREFIX = "aimsi_bench"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=os.environ.get("AIMSI_EBAY_TEST_PG"),
                        help="a postgresql:// URL of a database on the server to use "
                             "(default $AIMSI_EBAY_TEST_PG)")
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5,
                        help="time each this many times and compare the medians (default 5)")
    parser.add_argument("--keep", help="build the files in this folder and keep them")
    parser.add_argument("--only", choices=("both", "postgres", "duckdb"), default="both",
                        help="time one backend only (to profile it)")
    args = parser.parse_args()
    if not args.db or not postgres.is_postgres(args.db):
        parser.error("--db postgresql://… is needed (or run under scripts/with_postgres)")
    folder = Path(args.keep or tempfile.mkdtemp(prefix="bench-pg-"))
    folder.mkdir(parents=True, exist_ok=True)
    os.environ["AIMSI_EBAY_DATA"] = str(folder / "data")  # the PostgreSQL store's files
    database, report = folder / "bench.duckdb", folder / "orders_report.csv"
    for stale in (database, database.with_name(database.name + ".wal")):
        stale.unlink(missing_ok=True)
    started = time.perf_counter()
    build_database(database, args.customers)
    rows = write_report(report, args.orders, args.customers)
    pristine = folder / "pristine.duckdb"
    shutil.copyfile(database, pristine)
    template = database_url(args.db, f"{PREFIX}_template")
    build_postgres(template, database)
    print(f"generated {args.customers:,} customers and {args.orders:,} orders ({rows:,} rows, "
          f"{report.stat().st_size / 1e6:.1f} MB) on both backends in "
          f"{time.perf_counter() - started:.1f} s")

    timings: dict[str, list[float]] = {"duckdb": [], "postgres": []}
    results = {}
    try:
        for run in range(1, args.runs + 1):
            line = []
            if args.only in ("both", "duckdb"):
                for leftover in (database, database.with_name(database.name + ".wal")):
                    leftover.unlink(missing_ok=True)
                shutil.copyfile(pristine, database)
                seconds, results["duckdb"] = timed_import(Database(database), report)
                timings["duckdb"].append(seconds)
                line.append(f"DuckDB file {seconds:6.2f} s")
            if args.only in ("both", "postgres"):
                url = clone(args.db, template, f"{PREFIX}_run")
                seconds, results["postgres"] = timed_import(Database(url), report)
                timings["postgres"].append(seconds)
                line.append(f"PostgreSQL {seconds:6.2f} s")
            if len(line) == 2:
                line.append(f"ratio {timings['postgres'][-1] / timings['duckdb'][-1]:4.2f}x")
            print(f"run {run}: " + ", ".join(line), flush=True)
    finally:
        drop(args.db, f"{PREFIX}_run")
        drop(args.db, f"{PREFIX}_template")
        pristine.unlink(missing_ok=True)
    for backend, result in results.items():
        print(f"{backend:8}: {result.orders_created:,} orders, {result.customers_created:,}"
              f" customers created, {result.customers_linked:,} linked,"
              f" {result.ship_tos_created:,} ship-tos, deposits {result.deposits_total},"
              f" {result.needs_review} for review, {len(result.rejected)} rejected")
    if len(results) == 2:
        same = [f for f in ("orders_created", "customers_created", "customers_linked",
                            "ship_tos_created", "deposits_total", "needs_review")
                if getattr(results["duckdb"], f) != getattr(results["postgres"], f)]
        if same:
            sys.exit(f"the backends disagree on {', '.join(same)}")
    medians = {b: statistics.median(t) for b, t in timings.items() if t}
    for backend, median in medians.items():
        print(f"import-sales on {backend:8}: {median:6.2f} s (median of {args.runs})")
    if len(medians) == 2:
        print(f"ratio PostgreSQL / DuckDB file: {medians['postgres'] / medians['duckdb']:5.2f}x"
              "  (target <= 3x)")
    if not args.keep:
        shutil.rmtree(folder)


def timed_import(db: Database, report: Path):
    started = time.perf_counter()
    result = import_sales(db, report, account="bench", unmatched="create")
    return time.perf_counter() - started, result


def database_url(server: str, name: str) -> str:
    return urlunsplit(urlsplit(server)._replace(path=f"/{name}"))


def drop(server: str, name: str) -> None:
    with postgres.native(postgres.PostgresLocation(server)) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def clone(server: str, template: str, name: str) -> str:
    """A fresh copy of the template database (``CREATE DATABASE … TEMPLATE``: a file copy)."""
    drop(server, name)
    with postgres.native(postgres.PostgresLocation(server)) as admin:
        admin.execute(f"CREATE DATABASE {name} TEMPLATE {urlsplit(template).path.lstrip('/')}")
    return database_url(server, name)


def build_postgres(url: str, source: Path) -> None:
    """The store of the DuckDB file ``source`` in a new PostgreSQL database migrated by the
    package: its rows (COPY through DuckDB's attach), its sequences, fresh statistics."""
    server = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    name = urlsplit(url).path.lstrip("/")
    drop(server, name)
    with postgres.native(postgres.PostgresLocation(server)) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    db = Database(url)
    db.migrate()
    location = postgres.PostgresLocation(url)
    con = duckdb.connect(config={"allow_unsigned_extensions": "true"})
    try:
        con.execute(f"LOAD '{postgres.extension_file()}'")
        con.execute(f"ATTACH '{url}' AS pg (TYPE postgres)")
        con.execute(f"ATTACH '{source}' AS store (READ_ONLY)")
        for table in STORE_TABLES:
            columns = ", ".join(row[0] for row in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE database_name = 'store'"
                " AND table_name = ? ORDER BY column_index", [table]).fetchall())
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


if __name__ == "__main__":
    main()
