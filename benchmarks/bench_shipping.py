"""Shipping operations at scale, side by side with DuckDB doing the bare minimum.

    flock /tmp/aimsi-bench.lock .venv/bin/python benchmarks/bench_shipping.py [--orders 1000000]
        [--open 100000] [--packages 100000] [--runs 5]
    scripts/with_postgres .venv/bin/python benchmarks/bench_shipping.py --db "$AIMSI_EBAY_TEST_PG"

1. Import a WorldShip post-ship export of 100,000 packages (2% voids, 2% re-exported rows) into
   a store of 1,000,000 orders: the whole operation (read and check the file, match orders,
   voids, rejections, insert the packages, settle the orders' status and cost, record the
   import) in one transaction, each run on a fresh copy of the store; the lookup-file refresh
   that follows is timed apart. Baseline: DuckDB's read_csv of the same file into a table.
   Target ≤ 5x.
2. Write the UPS lookup file for 100,000 open orders (the query, fitting every value to
   WorldShip's rules, Windows-1252, atomic write). Baseline: DuckDB's COPY of the same query's
   rows to CSV. Target ≤ 3x.

Medians of ``--runs`` runs each. With ``--db postgresql://…`` the import and the lookup file run
on a PostgreSQL copy of the same store (``benchmarks/pg_store.py``: a fresh database per import),
beside the same baselines (DuckDB's read_csv and COPY on the DuckDB file).
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

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aimsi_ebay.db import Database
from aimsi_ebay.formats.carriers.detect import read_carrier_file
from aimsi_ebay.formats.carriers.post_ship_csv import DEFAULT_MAPS
from aimsi_ebay.ops.shipping.lookup import (
    CARRIER_ORDERS_SQL,
    ORDER_COLUMNS,
    refresh_lookup_files,
    write_lookup_file,
)
from aimsi_ebay.ops.shipping.results import import_carrier_file
from benchmarks.pg_store import PgStores, backend_name, stores_for
from benchmarks.statement_profile import print_timings, profiled


def build_store(path: Path, orders: int, open_orders: int) -> None:
    """Orders 1..N (order number 1000000+i), one line each; the last ``open_orders`` open."""
    db = Database(path)
    db.migrate()
    with db.write() as con:
        con.execute("INSERT INTO customers (customer_id, name, email, phone, address1, city,"
                    " state, postal_code, country) SELECT i, 'Customer ' || i,"
                    " 'c' || i || '@example.com', '555-01' || (i % 100), i || ' Main St',"
                    " 'Springfield', 'IL', lpad(CAST(i % 99999 AS VARCHAR), 5, '0'), 'US'"
                    " FROM range(1, 50001) t(i)")
        con.execute(f"""INSERT INTO orders (order_id, order_number, source, ebay_order_number,
            customer_id, status, order_date, shipping_service, merchandise, total)
            SELECT i, CAST(1000000 + i AS VARCHAR), 'ebay', '12-' || i, 1 + i % 50000,
                   CASE WHEN i > {orders - open_orders} THEN 'open' ELSE 'invoiced' END,
                   DATE '2026-11-01', 'UPS Ground', 10, 10
            FROM range(1, {orders + 1}) t(i)""")
        con.execute(f"""INSERT INTO order_lines (order_id, line_no, sku, title, quantity,
            unit_price, amount) SELECT i, 1, 'SKU-' || (i % 500), 'Item', 1, 10, 10
            FROM range(1, {orders + 1}) t(i)""")
        con.execute("INSERT INTO sku_weights SELECT 'SKU-' || i, 1 + i % 20 FROM range(500) t(i)")


def export_file(orders: int, open_orders: int, packages: int) -> bytes:
    """VOID,ORDERNO,TRACKING,PUBLISHED,NEGOTIATED,SERVICE,DATE,WEIGHT for the open orders;
    every 50th row voids an earlier package, every 50th is an earlier row exported again."""
    first_open = orders - open_orders + 1
    lines: list[str] = []
    n = 0
    while len(lines) < packages:
        order = first_open + n % open_orders
        lines.append(f"N,{1000000 + order},1Z8VY0{n:012d},{10 + n % 40}.{n % 100:02d},"
                     f"{4 + n % 9}.{n % 97:02d},GND,20261120,{1 + n % 30}.5")
        if n % 50 == 10 and len(lines) < packages:
            lines.append("Y" + lines[-5][1:])  # a void of an earlier package
        if n % 50 == 30 and len(lines) < packages:
            lines.append(lines[-3])  # re-exported
        n += 1
    return ("\r\n".join(lines[:packages]) + "\r\n").encode("ascii")


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def report(name: str, ours: list[float], theirs: list[float], target: float) -> None:
    a, b = statistics.median(ours), statistics.median(theirs)
    print(f"{name}: ours median {a:.3f} s (runs {', '.join(f'{t:.3f}' for t in ours)});"
          f" DuckDB median {b:.3f} s (runs {', '.join(f'{t:.3f}' for t in theirs)});"
          f" ratio {a / b:.2f}x, target <= {target:g}x: {'met' if a / b <= target else 'MISSED'}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--open", type=int, default=100_000)
    parser.add_argument("--packages", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", action="store_true",
                        help="first one import with every statement timed (benchmarks/"
                             "statement_profile.py), not counted in the medians")
    parser.add_argument("--import-only", action="store_true", help="skip the lookup-file part")
    parser.add_argument("--db", help="run the operations on a PostgreSQL copy of the store: a "
                        "postgresql:// URL of a database on the server (default: the DuckDB file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, stores_for(args.db) as stores:
        run_all(args, Path(folder), stores)


def run_all(args: argparse.Namespace, root: Path, stores: PgStores | None) -> None:
    os.environ["AIMSI_EBAY_DATA"] = str(root / "data")
    template = root / "template.duckdb"
    start = time.perf_counter()
    build_store(template, args.orders, args.open)
    if stores:
        stores.build_template(template)
    print(f"store: {args.orders:,} orders ({args.open:,} open) built in"
          f" {time.perf_counter() - start:.1f} s; operations on {backend_name(args.db)}")
    data = export_file(args.orders, args.open, args.packages)
    csv_path = root / "EXPORT.CSV"
    csv_path.write_bytes(data)

    if args.profile:
        copy = root / "profile.duckdb"
        shutil.copy(template, copy)
        with profiled() as timings:
            started = time.perf_counter()
            read_carrier_file(csv_path.name, csv_path.read_bytes(),
                                             {"ups-default": DEFAULT_MAPS["ups-default"]})
            timings.append(("(format reader alone, outside the import)",
                            time.perf_counter() - started))
            import_carrier_file(Database(stores.clone() if stores else copy), csv_path.name,
                                csv_path.read_bytes(), carrier="ups", refresh=False)
        print("profile of one import:")
        print_timings(timings)
        copy.unlink()
    ours, theirs, refresh = [], [], []
    for run in range(args.runs):
        copy = root / f"run{run}.duckdb"
        shutil.copy(template, copy)
        db = Database(stores.clone() if stores else copy)
        result = []
        ours.append(timed(lambda db=db, result=result: result.append(
            import_carrier_file(db, csv_path.name, csv_path.read_bytes(), carrier="ups",
                                refresh=False))))
        refresh.append(timed(lambda db=db: refresh_lookup_files(db)))
        con = duckdb.connect()
        theirs.append(timed(lambda con=con: con.execute(
            f"CREATE TABLE t AS SELECT * FROM read_csv('{csv_path}', header=false)")))
        con.close()
        copy.unlink()
    r = result[0]
    print(f"import: {r.packages_read:,} rows read, {r.added:,} added, {r.voided:,} voided,"
          f" {r.unchanged:,} unchanged, {len(r.rejected):,} rejected;"
          f" {r.orders_shipped:,} orders shipped")
    report("import 100k packages vs read_csv", ours, theirs, 5)
    print(f"  (the lookup-file refresh after an import, both carriers: median"
          f" {statistics.median(refresh):.3f} s)")

    if args.import_only:
        return
    base = Database(template)  # the baseline: DuckDB's COPY on the DuckDB file
    db = Database(stores.clone()) if stores else base
    out = root / "UPSORDERS.CSV"
    columns = ", ".join(ORDER_COLUMNS)
    copy_sql = (f"COPY (SELECT {columns} FROM ({CARRIER_ORDERS_SQL}) WHERE left_out IS NULL)"
                f" TO '{root / 'COPY.CSV'}' (HEADER, DELIMITER ',')")
    ours, theirs = [], []
    for _ in range(args.runs):
        written: list = []
        ours.append(timed(lambda written=written: written.append(
            write_lookup_file(db, "ups", out))))
        with base.read() as con:
            theirs.append(timed(lambda con=con: con.execute(
                copy_sql, {"carrier": "ups", "default_service": "GND"})))
    print(f"lookup file: {written[0].rows:,} rows, {out.stat().st_size / 1e6:.1f} MB")
    report("lookup file for 100k open orders vs COPY", ours, theirs, 3)


if __name__ == "__main__":
    main()
