"""Benchmark: import a Shopify orders export of 100,000 orders (~1.5 lines each) into 1,000,000
customers, side by side with DuckDB's read_csv of the same file.

    python benchmarks/bench_shop_import.py [--orders 100000] [--customers 1000000] [--runs 5]
                                           [--keep DIR]
    scripts/with_postgres .venv/bin/python benchmarks/bench_shop_import.py --db "$AIMSI_EBAY_TEST_PG"

Generates (untimed) the store of ``bench_sales_import.py`` (the customers, 500 SKUs) with a shop
account, and an export whose buyers are half customers on file (by e-mail, written in another
case), half new; a tenth of the orders have a discount code, some are pending or partially
refunded. Then, ``--runs`` times: DuckDB reading the file (``read_csv``, every column as text,
into a table) and the whole import (read, map to staged sales, match, create customers,
ship-tos, orders, lines, deposits; one transaction) into a fresh copy of the store. Prints the
medians and their ratio (target: <= 10). With ``--db postgresql://…`` the import runs into a
PostgreSQL copy of the same store (``benchmarks/pg_store.py``: a fresh one per run), beside the
same read_csv baseline.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_sales_import import SKUS, build_database, time_read_csv  # noqa: E402

from aimsi_ebay.db import Database  # noqa: E402
from aimsi_ebay.formats.shop.shopify_writer import HEADER  # noqa: E402
from aimsi_ebay.ops.sales.importer import import_sales  # noqa: E402
from benchmarks.pg_store import PgStores, backend_name  # noqa: E402

CITIES = (("Nashville", "TN", "37203"), ("Boston", "MA", "'02108"), ("Denver", "CO", "80202"))


def write_export(path: Path, orders: int, customers: int, seed: int = 17) -> int:
    """A Shopify orders export; returns the number of data rows."""
    rng = random.Random(seed)
    at = {name: i for i, name in enumerate(HEADER)}
    rows = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for n in range(orders):
            known = rng.random() < 0.5
            who = rng.randint(1, customers) if known else customers + n + 1
            email = f"BUYER{who}@example.COM" if known else f"new{who}@example.com"
            lines = [rng.choice(SKUS) for _ in range(rng.choice((1, 1, 2)))]
            quantities = [rng.choice((1, 1, 2)) for _ in lines]
            merchandise = sum(cents * q for (_, _, cents), q in zip(lines, quantities, strict=True))
            discount = merchandise // 10 if rng.random() < 0.1 else 0
            shipping, tax = 995, (merchandise - discount) * 6 // 100
            total = merchandise - discount + shipping + tax
            status = rng.choices(("paid", "pending", "partially_refunded"), (90, 5, 5))[0]
            refunded = min(500, total) if status == "partially_refunded" else 0
            city, state, postal = rng.choice(CITIES)
            day = f"2026-05-{1 + n % 28:02d} 10:{n % 60:02d}:00 -0400"
            for k, ((sku, title, cents), quantity) in enumerate(zip(lines, quantities, strict=True)):
                row = [""] * len(HEADER)
                row[at["Name"]], row[at["Email"]] = f"#{100000 + n}", email
                row[at["Created at"]], row[at["Currency"]] = day, "USD"
                row[at["Lineitem quantity"]], row[at["Lineitem name"]] = str(quantity), title
                row[at["Lineitem price"]], row[at["Lineitem sku"]] = _money(cents), sku
                if k == 0:
                    values = {
                        "Financial Status": status, "Paid at": "" if status == "pending" else day,
                        "Subtotal": _money(merchandise - discount), "Shipping": _money(shipping),
                        "Taxes": _money(tax), "Total": _money(total),
                        "Discount Code": "SAVE10" if discount else "",
                        "Discount Amount": _money(discount), "Shipping Method": "UPS Ground",
                        "Billing Name": f"Customer {who}", "Billing Address1": f"{who} main st",
                        "Billing City": city, "Billing Province": state, "Billing Zip": postal,
                        "Billing Country": "US", "Shipping Name": f"Customer {who}",
                        "Shipping Address1": f"{who} main st", "Shipping City": city,
                        "Shipping Province": state, "Shipping Zip": postal,
                        "Shipping Country": "US", "Payment Method": "Shopify Payments",
                        "Payment Reference": f"c{n}.1", "Refunded Amount": _money(refunded),
                        "Outstanding Balance": "0.00",
                    }  # fmt: skip
                    for name, value in values.items():
                        row[at[name]] = value
                writer.writerow(row)
                rows += 1
    return rows


def _money(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", metavar="DIR", help="keep the generated files in DIR")
    parser.add_argument("--db", help="import into a PostgreSQL copy of the store: a "
                        "postgresql:// URL of a database on the server (default: the DuckDB file)")
    args = parser.parse_args()
    folder = Path(args.keep or tempfile.mkdtemp(prefix="bench-shop-"))
    folder.mkdir(parents=True, exist_ok=True)
    stores = PgStores(args.db, data=folder / "data") if args.db else None
    export = folder / "shopify_orders.csv"
    started = time.perf_counter()
    pristine = folder / "pristine.duckdb"
    build_database(pristine, args.customers)
    con = duckdb.connect(str(pristine))
    con.execute(
        "INSERT INTO seller_accounts (name, ebay_user_id, kind) VALUES ('shop', 'shop', 'shop')"
    )
    con.close()
    rows = write_export(export, args.orders, args.customers)
    read_times, import_times = [], []
    try:
        if stores:
            stores.build_template(pristine)
        print(f"generated {args.orders:,} orders ({rows:,} rows, {export.stat().st_size / 1e6:.1f}"
              f" MB) and {args.customers:,} customers in {time.perf_counter() - started:.1f} s;"
              f" importing into {backend_name(args.db)}")  # fmt: skip
        for run in range(1, args.runs + 1):
            read_seconds, _ = time_read_csv(export)
            database = folder / f"run{run}.duckdb"
            shutil.copy(pristine, database)
            target = stores.clone() if stores else database
            started = time.perf_counter()
            report = import_sales(Database(target), export, account="shop", unmatched="create")
            import_seconds = time.perf_counter() - started
            database.unlink()
            read_times.append(read_seconds)
            import_times.append(import_seconds)
            print(f"run {run}: DuckDB read_csv {read_seconds:5.2f} s, import {import_seconds:6.2f} s"
                  f" ({report.orders_created:,} orders, {report.customers_created:,} new"
                  f" customers, {report.customers_linked:,} linked)")  # fmt: skip
    finally:
        if stores:
            stores.close()
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    read_median, import_median = statistics.median(read_times), statistics.median(import_times)
    print(f"DuckDB read_csv: {read_median:6.2f} s (median of {args.runs})")
    print(f"shop import:     {import_median:6.2f} s (median of {args.runs})")
    print(f"ratio:           {import_median / read_median:6.1f}x (target <= 10; import on"
          f" {backend_name(args.db)})")


if __name__ == "__main__":
    main()
