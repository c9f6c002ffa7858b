"""Benchmark: import a Seller Hub Orders report of 100,000 orders into 1,000,000 customers.

    python benchmarks/bench_sales_import.py [--orders 100000] [--customers 1000000] [--runs 3]
                                            [--keep DIR]
    scripts/with_postgres .venv/bin/python benchmarks/bench_sales_import.py --db "$AIMSI_EBAY_TEST_PG"

Generates (untimed) a database with the customers (a fifth of them with an eBay user id alias)
and a report of ``--orders`` orders (~30% combined orders: a summary row and 2 item rows), half
the buyers already customers by e-mail, a fifth known by user id, the rest new. Then, ``--runs``
times, times DuckDB reading the same CSV (``read_csv`` into a table) and the whole import (read,
match, create customers, ship-tos, orders, lines, deposits; one transaction) into a fresh copy
of the generated database, and prints the medians and their ratio. The target (issue 5): ratio
<= 10 and import < 60 s. Without ``--keep`` the generated files are removed at the end. With
``--db postgresql://…`` the import runs into a PostgreSQL copy of the same generated database
(``benchmarks/pg_store.py``: a fresh one per run), beside the same read_csv baseline.
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

from aimsi_ebay.db import Database  # noqa: E402
from aimsi_ebay.formats.ebay.sales.layouts import ORDERS_REPORT_LAYOUT  # noqa: E402
from aimsi_ebay.ops.sales.importer import import_sales  # noqa: E402
from benchmarks.pg_store import PgStores, backend_name, stores_for  # noqa: E402

_HEADER_TEXT = (
    "Sales Record Number,Order Number,Buyer Username,Buyer Name,Buyer Email,Buyer Note,"
    "Buyer Address 1,Buyer Address 2,Buyer City,Buyer State,Buyer Zip,Buyer Country,"
    "Buyer Tax Identifier Name,Buyer Tax Identifier Value,Ship To Name,Ship To Phone,"
    "Ship To Address 1,Ship To Address 2,Ship To City,Ship To State,Ship To Zip,Ship To Country,"
    "Item Number,Item Title,Custom Label,Sold Via Promoted Listings,Quantity,Sold For,"
    "Shipping And Handling,Item Location,Item Zip Code,Item Country,"
    "eBay Collect And Remit Tax Rate,eBay Collect And Remit Tax Type,eBay Reference Name,"
    "eBay Reference Value,Tax Status,Seller Collected Tax,eBay Collected Tax,"
    "Electronic Waste Recycling Fee,Mattress Recycling Fee,Battery Recycling Fee,"
    "White Goods Disposal Tax,Tire Recycling Fee,Additional Fee,Lumber Fee,Prepaid Wireless Fee,"
    "Road Improvement And Food Delivery Fee,eBay Collected Charges,Total Price,"
    "eBay Collected Tax and Fees Included in Total,Payment Method,Sale Date,Paid On Date,"
    "Ship By Date,Minimum Estimated Delivery Date,Maximum Estimated Delivery Date,Shipped On Date,"
    "Feedback Left,Feedback Received,My Item Note,PayPal Transaction ID,Shipping Service,"
    "Tracking Number,Transaction ID,Variation Details,Global Shipping Program,"
    "Global Shipping Reference ID,Click And Collect,Click And Collect Reference Number,eBay Plus,"
    "Authenticity Verification Program,Authenticity Verification Status,"
    "Authenticity Verification Outcome Reason,PSA Vault Program,Vault Fulfillment Type,"
    "eBay Fulfillment Program,Tax City,Tax State,Tax Zip,Tax Country,eBay International Shipping"
)
HEADER = _HEADER_TEXT.split(",")
CITIES = (("Nashville", "TN", "37203"), ("Austin", "TX", "78701"), ("Chicago", "IL", "60614"),
          ("Denver", "CO", "80202"), ("Seattle", "WA", "98101"), ("Boston", "MA", "02108"))
SKUS = [(f"BENCH-{n:04d}", f"Bench item {n}", 1999 + n * 7) for n in range(500)]


def build_database(path: Path, customers: int) -> None:
    """The store: an account, 500 SKUs, ``customers`` customers, a fifth with a user id alias."""
    db = Database(path)
    db.migrate()
    con = duckdb.connect(str(path))
    con.execute("INSERT INTO seller_accounts (name, ebay_user_id) VALUES ('bench', 'bench_store')")
    con.execute("INSERT INTO items (style_code, description) VALUES ('BENCH', 'Bench items')")
    con.executemany(
        "INSERT INTO skus (sku, item_id, price, qty_on_hand) VALUES (?, 1, ?, 1000)",
        [(sku, f"{cents // 100}.{cents % 100:02d}") for sku, _, cents in SKUS],
    )
    con.execute(
        f"""INSERT INTO customers (name, email, email_norm, phone, phone_norm, address1, city,
            state, postal_code, country, address_key, source)
        SELECT 'Customer ' || i, 'Buyer' || i || '@Example.com', 'buyer' || i || '@example.com',
            '(555) ' || lpad(CAST(i % 1000 AS VARCHAR), 3, '0') || '-' ||
                lpad(CAST(i % 10000 AS VARCHAR), 4, '0'),
            '+1555' || lpad(CAST(i % 1000 AS VARCHAR), 3, '0')
                || lpad(CAST(i % 10000 AS VARCHAR), 4, '0'),
            i || ' main st', 'Nashville', 'TN', '37203', 'US',
            i || ' main st|nashville|tn|37203|US', 'ebay'
        FROM range(1, {customers + 1}) t(i)"""
    )
    con.execute(
        "INSERT INTO customer_aliases (kind, value_norm, customer_id, account_id)"
        " SELECT 'ebay_user', 'user' || customer_id, customer_id, 1 FROM customers"
        " WHERE customer_id % 5 = 0"
    )
    con.close()


def write_report(path: Path, orders: int, customers: int, seed: int = 5) -> int:
    """A Seller Hub Orders report; returns the number of data rows."""
    rng = random.Random(seed)
    index = {name: i for i, name in enumerate(HEADER)}
    assert all(any(n in index for n in c.names) for c in ORDERS_REPORT_LAYOUT.columns if c.required)
    rows = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        handle.write("\r\n")
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(HEADER)
        for number in range(1, orders + 1):
            kind = rng.random()
            if kind < 0.5:  # an existing customer, by e-mail
                who = rng.randint(1, customers)
                email, user = f"BUYER{who}@example.com ", f"shopper{number}"
                name, street = f"Customer {who}", f"{who} Main Street"
            elif kind < 0.7:  # a known eBay user id
                who = rng.randint(1, customers // 5) * 5
                email, user = "", f"user{who}"
                name, street = f"Customer {who}", f"{who} Oak Ave"
            else:  # a new buyer (some buy twice)
                who = rng.randint(1, orders)
                email, user = f"new{who}@example.net", f"new{who}"
                name, street = f"New Buyer {who}", f"{who} Elm St"
            city, state, zip_code = CITIES[who % len(CITIES)]
            phone = f"({200 + who % 700}) 555-{who % 10000:04d}"
            items = [rng.choice(SKUS) for _ in range(2 if rng.random() < 0.15 else 1)]
            quantities = [rng.choice((1, 1, 1, 2)) for _ in items]
            subtotal = sum(cents * q for (_, _, cents), q in zip(items, quantities, strict=True))
            shipping = rng.choice((0, 850, 1200, 1550))
            tax = subtotal * 7 // 100
            total = subtotal + shipping + tax
            date = f"Oct-{rng.randint(1, 28):02d}-26"
            paid = date if rng.random() < 0.95 else ""
            order_no = f"{10 + number % 90}-{number:05d}-{number * 7 % 100000:05d}"
            base = {
                "Sales Record Number": str(number), "Order Number": order_no,
                "Buyer Username": user, "Buyer Name": name, "Buyer Email": email,
                "Buyer Address 1": street, "Buyer City": city, "Buyer State": state,
                "Buyer Zip": zip_code, "Buyer Country": "United States", "Ship To Name": name,
                "Ship To Phone": phone, "Ship To Address 1": street, "Ship To City": city,
                "Ship To State": state, "Ship To Zip": zip_code,
                "Ship To Country": "United States", "Shipping And Handling": _money(shipping),
                "Seller Collected Tax": "$0.00", "eBay Collected Tax": _money(tax),
                "Total Price": _money(total),
                "eBay Collected Tax and Fees Included in Total": "Yes",
                "Payment Method": "eBay Payments", "Sale Date": date, "Paid On Date": paid,
                "Shipping Service": "UPS Ground",
            }
            lines = [{"Item Number": f"39{number:08d}{k}", "Item Title": title,
                      "Custom Label": sku if rng.random() > 0.002 else "NOT-A-SKU",
                      "Quantity": str(q), "Sold For": _money(cents * q),
                      "Transaction ID": f"20{number:09d}{k}", "Sale Date": date}
                     for k, ((sku, title, cents), q) in enumerate(zip(items, quantities,
                                                                      strict=True))]
            if len(lines) == 1:
                out = [{**base, **lines[0]}]
            else:
                summary = {**base, "Quantity": str(sum(quantities)), "Sold For": _money(subtotal)}
                out = [summary] + [{"Sales Record Number": str(number), "Order Number": order_no,
                                    "Buyer Username": user, **line} for line in lines]
            for row in out:
                writer.writerow([row.get(name, "") for name in HEADER])
                rows += 1
        handle.write(f'"{orders}","record(s) downloaded,from Oct-01-26 to Oct-31-26"\r\n')
        handle.write('"Seller ID : bench_store"\r\n')
    return rows


def _money(cents: int) -> str:
    return f"${cents // 100:,}.{cents % 100:02d}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3,
                        help="time each this many times and compare the medians (default 3)")
    parser.add_argument("--keep", help="build in this folder and keep it")
    parser.add_argument("--db", help="import into a PostgreSQL copy of the database: a "
                        "postgresql:// URL of a database on the server (default: the DuckDB file)")
    args = parser.parse_args()
    folder = Path(args.keep or tempfile.mkdtemp(prefix="bench-sales-"))
    folder.mkdir(parents=True, exist_ok=True)
    with stores_for(args.db, folder / "data") as stores:
        run_all(args, folder, stores)
    if not args.keep:
        shutil.rmtree(folder)


def run_all(args: argparse.Namespace, folder: Path, stores: PgStores | None) -> None:
    database, report = folder / "bench.duckdb", folder / "orders_report.csv"
    for stale in (database, database.with_name(database.name + ".wal")):
        stale.unlink(missing_ok=True)
    started = time.perf_counter()
    build_database(database, args.customers)
    rows = write_report(report, args.orders, args.customers)
    if stores:
        stores.build_template(database)
    print(f"generated {args.customers:,} customers and {args.orders:,} orders ({rows:,} rows, "
          f"{report.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s;"
          f" importing into {backend_name(args.db)}")

    pristine = folder / "pristine.duckdb"
    shutil.copyfile(database, pristine)
    reads, imports = [], []
    for run in range(1, args.runs + 1):
        read_seconds, read_rows = time_read_csv(report)
        # each import into the generated database as it was, not into the last run's
        if run > 1 and not stores:
            for leftover in (database, database.with_name(database.name + ".wal")):
                leftover.unlink(missing_ok=True)
            shutil.copyfile(pristine, database)
        target = stores.clone() if stores else database
        started = time.perf_counter()
        result = import_sales(Database(target), report, account="bench", unmatched="create")
        import_seconds = time.perf_counter() - started
        reads.append(read_seconds)
        imports.append(import_seconds)
        print(f"run {run}: DuckDB read_csv {read_seconds:5.2f} s ({read_rows:,} rows incl. footer),"
              f" import-sales {import_seconds:5.2f} s, ratio {import_seconds / read_seconds:4.1f}x")
    pristine.unlink()
    print(f"import-sales: {result.orders_created:,} orders, {result.customers_created:,} customers"
          f" created, {result.customers_linked:,} linked, {result.ship_tos_created:,} ship-tos,"
          f" deposits {result.deposits_total}, {result.needs_review} for review,"
          f" {len(result.rejected)} rejected")
    read_median, import_median = statistics.median(reads), statistics.median(imports)
    print(f"DuckDB read_csv:  {read_median:6.2f} s (median of {args.runs})")
    print(f"import-sales:     {import_median:6.2f} s (median of {args.runs})")
    print(f"ratio:            {import_median / read_median:6.1f}x  (target <= 10x, < 60 s;"
          f" import on {backend_name(args.db)})")


def time_read_csv(report: Path) -> tuple[float, int]:
    """DuckDB reading the report: every column as text into a table (a fresh connection)."""
    con = duckdb.connect()
    try:
        started = time.perf_counter()
        con.execute(f"CREATE TABLE report AS SELECT * FROM read_csv('{report}', all_varchar = true,"
                    " null_padding = true, skip = 1, header = true)")
        seconds = time.perf_counter() - started
        return seconds, con.execute("SELECT count(*) FROM report").fetchone()[0]
    finally:
        con.close()


if __name__ == "__main__":
    main()
