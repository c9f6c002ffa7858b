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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_sales_import import build_database, write_report  # noqa: E402
from pg_store import PgStores  # noqa: E402

from aimsi_ebay.db import Database, postgres  # noqa: E402
from aimsi_ebay.ops.sales.importer import import_sales  # noqa: E402

# The tables the generated store fills (in foreign-key order).
STORE_TABLES = ("seller_accounts", "items", "skus", "customers", "customer_aliases")


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
    stores = PgStores(args.db)
    stores.build_template(database, STORE_TABLES)
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
                url = stores.clone()
                seconds, results["postgres"] = timed_import(Database(url), report)
                timings["postgres"].append(seconds)
                line.append(f"PostgreSQL {seconds:6.2f} s")
            if len(line) == 2:
                line.append(f"ratio {timings['postgres'][-1] / timings['duckdb'][-1]:4.2f}x")
            print(f"run {run}: " + ", ".join(line), flush=True)
    finally:
        stores.close()
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


if __name__ == "__main__":
    main()
