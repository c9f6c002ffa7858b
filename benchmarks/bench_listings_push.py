"""Benchmark: push 100,000 edited eBay records (validate + write), the issue-3 target is < 10 s.

    .venv/bin/python benchmarks/bench_listings_push.py [--records 100000] [--db PATH]
    scripts/with_postgres .venv/bin/python benchmarks/bench_listings_push.py --db "$AIMSI_EBAY_TEST_PG"

Generates a store of N SKUs (10 variants per item), each with an eBay record and two images,
pulls the frame, edits every row (price +5 % with Decimal, quantity, Update eBay; every 10th
title), then times ``push_frame`` (normalise, diff, listing_rules over the changed rows, one
UPDATE … FROM, audit rows) and prints the figures. With ``--db postgresql://…`` the store is built
as a DuckDB file as usual, then pulled and pushed on a PostgreSQL copy of it
(``benchmarks/pg_store.py``).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

# Measure this checkout's package, whatever the shared environment has installed.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aimsi_ebay.db import Database
from aimsi_ebay.demo.store import CATEGORY_FILE
from aimsi_ebay.ops.categories import load_categories
from aimsi_ebay.ops.listings import bulk_edit
from benchmarks.pg_store import PgStores, backend_name, stores_for

TARGET_SECONDS = 10.0


def build_store(db: Database, records: int) -> None:
    load_categories(db, CATEGORY_FILE)
    items = max(1, records // 10)
    with db.write() as con:
        con.execute("INSERT INTO seller_accounts (name, ebay_user_id) VALUES ('bench', 'bench')")
        con.execute(
            "INSERT INTO items (style_code, description, vendor)"
            " SELECT 'ST' || n, 'Bench Guitar ' || n, 'Vendor ' || (n % 50)"
            " FROM range(?) t(n)", [items],
        )
        con.execute(
            "INSERT INTO skus (sku, item_id, colour, upc, price, qty_on_hand)"
            " SELECT 'SKU-' || lpad(CAST(n AS VARCHAR), 7, '0'), (n // 10) + 1, 'Colour ' || (n % 10),"
            " lpad(CAST(n AS VARCHAR), 12, '0'), CAST(100 + (n % 900) + 0.99 AS DECIMAL(12,2)),"
            " 1 + n % 20 FROM range(?) t(n)", [records],
        )
        con.execute(
            "INSERT INTO ebay_records (sku, account_id, title, listing_format, duration,"
            " category1_id, condition_id, start_price, quantity, description,"
            " description_is_html, update_ebay, image_urls, specific_brand)"
            " SELECT s.sku, 1, 'Bench Guitar ' || s.sku, 'FixedPrice', 'GTC', '33034', 1000,"
            " s.price, 1, '<p>A fine guitar, ' || s.sku || '</p>', TRUE, FALSE,"
            " ['https://i.example.com/' || s.sku || '-1.jpg',"
            "  'https://i.example.com/' || s.sku || '-2.jpg'], 'Bench' FROM skus s"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--db", help="database file to create (default: a temporary one), or a "
                        "postgresql:// URL of a database on the server: push on a copy there")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, \
            stores_for(args.db, Path(folder) / "data") as stores:
        run_all(args, Path(folder), stores)


def run_all(args: argparse.Namespace, folder: Path, stores: PgStores | None) -> None:
    path = Path(args.db if args.db and not stores else folder / "bench.duckdb")
    path.unlink(missing_ok=True)
    db = Database(path)
    started = time.perf_counter()
    build_store(db, args.records)
    if stores:
        stores.build_template(path)
        db = Database(stores.clone())
    print(f"generated {args.records:,} SKUs with records in {time.perf_counter() - started:.1f} s;"
          f" pull and push on {backend_name(stores and args.db)}")

    started = time.perf_counter()
    frame = bulk_edit.pull_frame(db)
    print(f"pull_frame: {len(frame):,} rows in {time.perf_counter() - started:.2f} s")

    step = Decimal("1.05")
    frame["start_price"] = [
        str((Decimal(p) * step).quantize(Decimal("0.01"))) for p in frame["start_price"]
    ]
    frame["quantity"] = (frame["available"].fillna(0).astype(int) // 2).clip(lower=1)
    frame["update_ebay"] = True
    frame.loc[frame.index % 10 == 0, "title"] = frame["title"] + " (new)"

    started = time.perf_counter()
    report = bulk_edit.push_frame(db, frame, dry_run=True)
    dry = time.perf_counter() - started
    started = time.perf_counter()
    report = bulk_edit.push_frame(db, frame)
    seconds = time.perf_counter() - started
    print(f"push_frame --dry-run: {dry:.2f} s")
    print(
        f"push_frame: {report.rows:,} rows, {report.changed:,} changed, {len(report.diff):,}"
        f" field changes, {len(report.warnings):,} warnings, {len(report.rejected)} rejected,"
        f" {report.written:,} written in {seconds:.2f} s"
        f" (target < {TARGET_SECONDS:.0f} s: {'met' if seconds < TARGET_SECONDS else 'MISSED'})"
    )
    started = time.perf_counter()
    again = bulk_edit.push_frame(db, bulk_edit.pull_frame(db))
    print(f"pull + push unchanged: {again.changed} changed in {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
