"""All four reconciliation views over a large store, side by side with one DuckDB scan.

    flock /tmp/aimsi-bench.lock .venv/bin/python benchmarks/bench_reconcile.py [--orders 1000000]
        [--runs 5]
    scripts/with_postgres .venv/bin/python benchmarks/bench_reconcile.py --db "$AIMSI_EBAY_TEST_PG"

Target (issue 18): running every view (shipping, deposits, payouts, batches: their temp tables,
summaries, totals and the first 500 detail rows each, in one read transaction) takes no more
than 3x one DuckDB query that scans and aggregates the same tables (orders, shipments,
deposits, invoice payments, eBay transaction rows, staged sales). Both are timed from opening a
read transaction through the package's Database (connection, lock and all); median of --runs.
With ``--db postgresql://…`` the views run on a PostgreSQL copy of the same store
(``benchmarks/pg_store.py``; they only read, so one copy serves every run), beside the same
baseline on the DuckDB file.

Data: N orders (60 % invoiced and paid with their deposit), 1.2 N shipments (a fifth of orders
ship in two parcels), N deposits, 2 N eBay transaction rows (N Order rows, 0.7 N labels, 0.1 N
refunds, 0.2 N other fees, paid out 500 rows a payout), 0.1 N staged sales in 100 downloads.
The rows are inserted directly, so ``build`` then runs ``ship_summary.rebuild`` and
``money_summary.rebuild``: orders, deposits, invoices and payouts carry the figures their
writers would have kept (migrations 024, 025). It is part of building the store, not of
either timed operation.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aimsi_ebay.db import Database
from aimsi_ebay.ops.accounts import create_account
from aimsi_ebay.ops.reconcile import money_summary, ship_summary
from aimsi_ebay.ops.reconcile.views import Filters, run_views
from benchmarks.pg_store import PgStores, backend_name, stores_for

TARGET_RATIO = 3.0

BASELINE = """
SELECT (SELECT count(*) FILTER (WHERE status = 'invoiced') + sum(shipping) + sum(total)
        FROM orders),
       (SELECT sum(coalesce(negotiated_charge, carrier_charge)) + count(DISTINCT order_id)
        FROM shipments),
       (SELECT sum(amount) + count(DISTINCT order_id) FROM deposits),
       (SELECT sum(amount) FROM invoice_payments),
       (SELECT sum(net_amount) + sum(fees) + count(DISTINCT payout_id) FROM ebay_transactions),
       (SELECT sum(total_price) FROM staged_sales)
"""


def build(db: Database, n: int) -> None:
    for name in ("bench", "bench-2"):
        create_account(db, name=name, ebay_user_id=name, item_location="Springfield, IL",
                       postal_code="62701", shipping_profile="Standard Shipping",
                       return_profile="30 Day Returns")
    with db.write() as con:
        con.execute(f"""INSERT INTO customers (customer_id, name)
            SELECT i, 'Customer ' || i FROM range(1, {n // 10 + 1}) t(i)""")
        con.execute(f"""INSERT INTO orders (order_id, order_number, account_id, ebay_order_number,
                sale_key, customer_id, status, order_date, paid_date, shipping_service,
                merchandise, shipping, total)
            SELECT i, CAST(100000 + i AS VARCHAR), 1 + i % 2, 'E-' || i, 'E-' || i,
                i % {n // 10} + 1,
                CASE WHEN i % 10 < 6 THEN 'invoiced' WHEN i % 10 < 8 THEN 'shipped'
                     WHEN i % 10 < 9 THEN 'picked' ELSE 'open' END,
                DATE '2025-01-01' + CAST(i % 600 AS INTEGER), DATE '2025-01-01' + CAST(i % 600 AS INTEGER),
                CASE i % 3 WHEN 0 THEN 'GND' WHEN 1 THEN '2DA' ELSE 'NDA' END,
                CAST(10 + (i % 9000) / 100 AS DECIMAL(12,2)), CAST((i % 5) * 4 AS DECIMAL(12,2)),
                CAST(10 + (i % 9000) / 100 + (i % 5) * 4 AS DECIMAL(12,2))
            FROM range(1, {n + 1}) t(i)""")
        con.execute(f"""INSERT INTO shipments (shipment_id, order_id, carrier, service,
                tracking_number, carrier_charge, negotiated_charge, ship_date)
            SELECT j, (j - 1) % {n} + 1, CASE WHEN j % 4 = 0 THEN 'fedex' ELSE 'ups' END, 'GND',
                '1Z' || j, CAST(5 + (j % 2000) / 100 AS DECIMAL(12,2)),
                CASE WHEN j % 3 = 0 THEN CAST(4 + (j % 1500) / 100 AS DECIMAL(12,2)) END,
                DATE '2025-01-02' + CAST(j % 600 AS INTEGER)
            FROM range(1, {n * 12 // 10 + 1}) t(j)""")
        con.execute("""INSERT INTO deposits (deposit_id, customer_id, order_id, amount, method,
                received_date)
            SELECT order_id, customer_id, order_id, total, 'eBay', paid_date FROM orders""")
        con.execute("""INSERT INTO invoices (invoice_id, invoice_number, order_id, customer_id,
                invoice_date, merchandise, shipping, tax, total, created_by)
            SELECT order_id, 'INV' || order_id, order_id, customer_id, order_date + 3, merchandise,
                shipping, 0, total, 'bench' FROM orders WHERE status = 'invoiced'""")
        con.execute("""INSERT INTO invoice_payments (payment_id, invoice_id, deposit_id, method,
                amount, paid_date)
            SELECT invoice_id, invoice_id, order_id, 'deposit', total, invoice_date FROM invoices""")
        con.execute(f"""INSERT INTO ebay_transactions (account_id, row_key, import_id, type,
                known_type, creation_date, order_number, reference_id, fees, gross_amount,
                net_amount, payout_id, payout_date, order_id)
            SELECT 1, kind || '|' || r, 1, kind, TRUE,
                DATE '2025-01-01' + CAST(o % 600 AS INTEGER),
                CASE WHEN kind <> 'Other fee' THEN 'E-' || o END,
                CASE WHEN kind = 'Shipping label' THEN 'Tracking no. 9' || r END,
                CASE WHEN kind = 'Order' THEN CAST(-1.30 AS DECIMAL(12,2)) ELSE 0 END,
                CASE WHEN kind = 'Order' THEN gross ELSE amount END,
                CASE WHEN kind = 'Order' THEN gross - 1.30 ELSE amount END,
                'P' || (r // 500), DATE '2025-01-08' + CAST(o % 600 AS INTEGER),
                CASE WHEN kind <> 'Other fee' THEN o END
            FROM (SELECT r, (r - 1) % {n} + 1 AS o,
                    CASE WHEN r <= {n} THEN 'Order' WHEN r <= {n * 17 // 10} THEN 'Shipping label'
                         WHEN r <= {n * 18 // 10} THEN 'Refund' ELSE 'Other fee' END AS kind,
                    CAST(10 + ((r - 1) % {n} + 1) % 9000 / 100 + (((r - 1) % {n} + 1) % 5) * 4
                         AS DECIMAL(12,2)) AS gross,
                    CAST(-(1 + r % 700 / 100) AS DECIMAL(12,2)) AS amount
                  FROM range(1, {2 * n + 1}) t(r))""")
        con.execute("""INSERT INTO ebay_payouts (account_id, payout_id, payout_date, amount)
            SELECT min(account_id), payout_id, max(payout_date), sum(net_amount)
            FROM ebay_transactions GROUP BY payout_id""")
        con.execute("""INSERT INTO payout_imports (import_id, account_id, file_name, sha256,
                start_date, end_date, created_by)
            VALUES (1, 1, 'bench.csv', 'x', DATE '2025-01-01', DATE '2026-09-01', 'bench')""")
        con.execute("""INSERT INTO import_batches (batch_id, format, account_id, file_name, sha256,
                created_by) SELECT b, 'ebay_orders_report', 1, 'sales_' || b || '.csv', 'x',
                'bench' FROM range(1, 101) t(b)""")
        con.execute(f"""INSERT INTO staged_sales (staged_sale_id, batch_id, account_id, sale_key,
                total_price, deposit_amount, paid_date, status, order_id)
            SELECT s, s % 100 + 1, 1, 'E-' || s, o.total, o.total, o.paid_date, 'ordered', s
            FROM range(1, {n // 10 + 1}) t(s) JOIN orders o ON o.order_id = s""")
        ship_summary.rebuild(con)  # what the writers of shipments keep on each order
        money_summary.rebuild(con)  # what the writers of payments, refunds and eBay rows keep


def timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", help="run the views on a PostgreSQL copy of the store: a "
                        "postgresql:// URL of a database on the server (default: the DuckDB file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, \
            stores_for(args.db, Path(folder) / "data") as stores:
        run_all(args, Path(folder), stores)


def run_all(args: argparse.Namespace, folder: Path, stores: PgStores | None) -> None:
    db = Database(folder / "bench.duckdb")
    db.migrate()
    started = time.perf_counter()
    build(db, args.orders)
    with db.read() as con:
        sizes = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in (
            "orders", "shipments", "deposits", "invoice_payments", "ebay_transactions",
            "staged_sales")}  # fmt: skip
    viewed = db
    if stores:
        stores.build_template(db.path)
        viewed = Database(stores.clone())
    print(f"built in {time.perf_counter() - started:.1f} s: {sizes}; views on"
          f" {backend_name(args.db)}")

    def baseline() -> None:
        with db.read() as con:
            con.execute(BASELINE).fetchall()

    results = []

    def views() -> None:
        results[:] = run_views(viewed, Filters(), limit=500)

    base, ours = [], []
    for _ in range(args.runs):
        base.append(timed(baseline))
        ours.append(timed(views))
    for result in results:
        print("  " + result.summary()[:160])
    b, o = statistics.median(base), statistics.median(ours)
    verdict = "PASS" if o <= TARGET_RATIO * b else "FAIL"
    print(f"one DuckDB scan (median of {args.runs}): {b:.3f} s")
    print(f"all four views   (median of {args.runs}): {o:.3f} s on {backend_name(args.db)}")
    print(f"ratio {o / b:.2f}x (target ≤ {TARGET_RATIO:g}x): {verdict}")


if __name__ == "__main__":
    main()
