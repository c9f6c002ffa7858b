"""Invoice 100,000 ready orders in one batch, side by side with DuckDB copying their lines.

    .venv/bin/python benchmarks/bench_invoicing.py [--orders 100000] [--runs 5]
    scripts/with_postgres .venv/bin/python benchmarks/bench_invoicing.py --db "$AIMSI_EBAY_TEST_PG"

Target (issue 16): ``invoice_ready`` — the plan (lines, shipping per source, tax, tracking),
invoice numbers, invoices, lines, packages billed, deposit applications oldest first, stock on
hand and committed, order statuses, the audit entry and the COMMIT — takes no more than 5x the
time DuckDB needs to copy the same orders' lines into a new table (``CREATE TABLE … AS SELECT``
in its own transaction, from a fresh connection). Each run starts from a fresh copy of the
generated database file (copying is not timed); the medians of the runs and their ratio are
printed. With ``--db postgresql://…`` the invoicing runs on a PostgreSQL copy of the same store
(``benchmarks/pg_store.py``: a fresh database per run), beside the same baseline on the DuckDB file.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aimsi_ebay.db import Database
from aimsi_ebay.ops.invoicing.posting import invoice_ready
from benchmarks.pg_store import PgStores, backend_name, stores_for
from benchmarks.statement_profile import print_timings, profiled

TARGET_RATIO = 5.0


def build(db: Database, orders: int) -> None:
    """A store with ``orders`` ready orders: 1-3 lines each, a deposit (some two, some short),
    a package on two in three, a shop order in ten billed at the carrier's charge."""
    db.migrate()
    with db.write() as con:
        con.execute("INSERT INTO seller_accounts (name, ebay_user_id) VALUES ('bench', 'bench')")
        con.execute("INSERT INTO items (item_id, style_code, description) VALUES (1, 'S', 'Stuff')")
        con.execute("INSERT INTO skus (sku, item_id, price, qty_on_hand, qty_committed)"
                    " SELECT 'SKU-' || n, 1, 10 + n % 500, 1000000, 0 FROM range(20000) t(n)")
        con.execute("INSERT INTO customers (customer_id, name, email)"
                    " SELECT n, 'Customer ' || n, 'c' || n || '@example.com'"
                    " FROM range(1, ? + 1) t(n)", [orders // 2])
        con.execute(
            """INSERT INTO orders (order_id, order_number, account_id, source, sale_key,
                ebay_order_number, customer_id, status, order_date, paid_date, merchandise,
                shipping, seller_tax, ebay_tax_memo, total)
            SELECT n, CAST(100000 + n AS VARCHAR), 1, CASE WHEN n % 10 = 0 THEN 'shop' ELSE 'ebay' END,
                'K' || n, '11-' || n, 1 + n % (? // 2), CASE n % 3 WHEN 0 THEN 'open'
                WHEN 1 THEN 'picked' ELSE 'shipped' END, DATE '2026-10-01' + CAST(n % 50 AS INTEGER),
                DATE '2026-10-01' + CAST(n % 50 AS INTEGER), 0, 8.50, CASE WHEN n % 4 = 0 THEN 3.10 ELSE 0 END,
                2.20, 0
            FROM range(1, ? + 1) t(n)""", [orders, orders])
        con.execute(
            """INSERT INTO order_lines (order_id, line_no, sku, title, quantity, unit_price, amount)
            SELECT o.n, l.k, 'SKU-' || ((o.n * 7 + l.k) % 20000), 'Item line', 1 + (o.n + l.k) % 2,
                CAST(10 + (o.n * 7 + l.k) % 500 AS DECIMAL(12,2)),
                CAST((10 + (o.n * 7 + l.k) % 500) * (1 + (o.n + l.k) % 2) AS DECIMAL(12,2))
            FROM range(1, ? + 1) o(n), range(1, 4) l(k) WHERE l.k <= 1 + o.n % 3""", [orders])
        con.execute(
            "UPDATE orders SET merchandise = m.amount, total = m.amount + shipping + seller_tax"
            " FROM (SELECT order_id, sum(amount) AS amount FROM order_lines GROUP BY order_id) m"
            " WHERE orders.order_id = m.order_id")
        con.execute(
            "UPDATE skus SET qty_committed = c.units FROM (SELECT sku, sum(quantity) AS units"
            " FROM order_lines GROUP BY sku) c WHERE skus.sku = c.sku")
        con.execute(
            """INSERT INTO deposits (customer_id, order_id, amount, method, reference, received_date)
            SELECT customer_id, order_id, CASE WHEN order_id % 7 = 0 THEN total - 5 ELSE total END,
                'eBay', 'PAY-' || order_id, order_date FROM orders ORDER BY order_id""")
        con.execute(
            """INSERT INTO deposits (customer_id, order_id, amount, method, reference, received_date)
            SELECT customer_id, order_id, 20.00, 'cash', 'EXTRA-' || order_id, order_date + 1
            FROM orders WHERE order_id % 11 = 0 ORDER BY order_id""")
        con.execute(
            """INSERT INTO shipments (order_id, carrier, service, tracking_number, carrier_charge,
                negotiated_charge, ship_date)
            SELECT order_id, 'ups', 'GND', '1Z' || lpad(CAST(order_id AS VARCHAR), 16, '0'),
                9.80, 7.10, order_date + 2 FROM orders WHERE order_id % 3 <> 0 ORDER BY order_id""")
        con.execute("UPDATE invoice_shipping_rules SET basis = 'carrier', handling_fixed = 1.50"
                    " WHERE source = 'shop'")
    with duckdb.connect(str(db.path)) as con:
        con.execute("CHECKPOINT")


def time_copy(path: Path) -> float:
    started = time.perf_counter()
    con = duckdb.connect(str(path))
    con.execute("BEGIN TRANSACTION")
    con.execute(
        "CREATE TABLE lines_copy AS SELECT l.* FROM order_lines l JOIN orders o USING (order_id)"
        " WHERE o.status IN ('open', 'picked', 'shipped') AND NOT o.awaiting_payment")
    con.execute("COMMIT")
    con.close()
    return time.perf_counter() - started


def time_invoicing(location: Path | str) -> tuple[float, int]:
    started = time.perf_counter()
    report = invoice_ready(Database(location))
    return time.perf_counter() - started, len(report.invoices)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", action="store_true",
                        help="first one run with every statement timed (benchmarks/"
                             "statement_profile.py), not counted in the medians")
    parser.add_argument("--db", help="invoice on a PostgreSQL copy of the store: a "
                        "postgresql:// URL of a database on the server (default: the DuckDB file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, \
            stores_for(args.db, Path(folder) / "data") as stores:
        run_all(args, Path(folder), stores)


def run_all(args: argparse.Namespace, folder: Path, stores: PgStores | None) -> None:
    template = folder / "template.duckdb"
    started = time.perf_counter()
    build(Database(template), args.orders)
    if stores:
        stores.build_template(template)
    print(f"built {args.orders:,} ready orders in {time.perf_counter() - started:.1f} s;"
          f" invoicing on {backend_name(args.db)}")
    if args.profile:
        path = folder / "profile.duckdb"
        shutil.copyfile(template, path)
        with profiled() as timings:
            invoice_ready(Database(stores.clone() if stores else path))
        print("profile of one invoicing run:")
        print_timings(timings)
        path.unlink()
    copies, invoicing = [], []
    for run in range(args.runs):
        for kind in ("copy", "invoice"):
            path = folder / f"{kind}{run}.duckdb"
            shutil.copyfile(template, path)
            if kind == "copy":
                copies.append(time_copy(path))
            else:
                seconds, count = time_invoicing(stores.clone() if stores else path)
                invoicing.append(seconds)
                if count != args.orders:
                    raise SystemExit(f"expected {args.orders} invoices, got {count}")
            path.unlink()
            path.with_name(path.name + ".lock").unlink(missing_ok=True)
        print(f"run {run + 1}: copy lines {copies[-1]:.2f} s, invoice {invoicing[-1]:.2f} s")
    copy, invoice = statistics.median(copies), statistics.median(invoicing)
    ratio = invoice / copy
    print(f"median of {args.runs}: copy the lines (DuckDB file) {copy:.2f} s; invoice"
          f" {args.orders:,} orders ({backend_name(args.db)})"
          f" {invoice:.2f} s; ratio {ratio:.1f}x (target <= {TARGET_RATIO:g}x):"
          f" {'met' if ratio <= TARGET_RATIO else 'NOT met'}")


if __name__ == "__main__":
    main()
