"""Two invoicers of the same orders at once duplicate nothing.

Since migration 022 the schema no longer refuses a second invoice line with the same (invoice,
line), a package billed twice or a repeated payment id: only the plan does, computed inside the
writing transaction while writers take the database one at a time. This runs the batch path
(``invoice_ready``) and the named-orders path (``invoice_orders``) on the same orders in two
processes released together, and checks every row either could have doubled.
"""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import pytest

from tests.conftest import ROOT
from tests.ops.invoicing.factory import add_order, add_package, seed_store

D = Decimal
NUMBERS = [str(n) for n in range(1, 7)]

_INVOICER = """
import sys
from aimsi_ebay.db import Database
from aimsi_ebay.errors import InputError
from aimsi_ebay.ops.invoicing.posting import invoice_orders, invoice_ready
db, kind = Database(sys.argv[1]), sys.argv[2]
sys.stdin.readline()  # start together
try:
    report = invoice_ready(db) if kind == "ready" else invoice_orders(db, sys.argv[3].split(","))
    print(kind, len(report.invoices))
except InputError as error:
    print(kind, "refused:", error)
"""


def _all(db, sql):
    with db.read() as con:
        return con.execute(sql).fetchall()


@pytest.mark.duckdb_only  # a file path for the processes; PostgreSQL: tests/postgres/test_mixed
def test_a_batch_and_a_named_invoicer_of_the_same_orders_duplicate_nothing(fresh_db):
    seed_store(fresh_db)
    for n in range(1, 7):
        order = add_order(
            fresh_db, str(n), [("GTR-1", 1, "499.00"), ("PIC-1", 1 + n % 3, "4.50")],
            shipping="12.00", seller_tax=f"{n}.25", deposits=[["100.00", "450.00"], ["2000.00"],
                                                            []][n % 3],
            status="shipped", source="shop" if n == 4 else "ebay",
        )
        add_package(fresh_db, order, f"1ZA{n}")
        if n % 2:
            add_package(fresh_db, order, f"1ZB{n}")
    processes = [
        subprocess.Popen([sys.executable, "-c", _INVOICER, str(fresh_db.path), *args], cwd=ROOT,
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
        for args in (["ready"], ["named", ",".join(NUMBERS)])
    ]
    for process in processes:  # both have imported everything and wait on stdin: release them
        process.stdin.write("go\n")
    for process in processes:
        process.stdin.flush()
    outputs = sorted(p.communicate(timeout=120)[0].strip() for p in processes)
    # Whoever writes first invoices the six orders; the other finds nothing left.
    assert outputs == ["named 6", "ready 0"] or (
        outputs[1] == "ready 6" and outputs[0].startswith("named refused:")
        and "order 1, 2, 3, 4, 5, 6 is already invoiced" in outputs[0]), outputs
    assert _all(fresh_db, "SELECT count(*), count(DISTINCT order_id), count(DISTINCT invoice_id),"
                          " count(DISTINCT invoice_number) FROM invoices") == [(6, 6, 6, 6)]
    assert _all(fresh_db, "SELECT count(*), count(DISTINCT (invoice_id, line_no))"
                          " FROM invoice_lines") == [(12, 12)]
    assert _all(fresh_db, "SELECT count(*), count(DISTINCT shipment_id),"
                          " count(DISTINCT (invoice_id, shipment_id)) FROM invoice_shipments"
                ) == [(9, 9, 9)]
    assert _all(fresh_db, "SELECT count(*), count(DISTINCT payment_id),"
                          " count(DISTINCT deposit_id) FROM invoice_payments") == [(6, 6, 6)]
    assert _all(fresh_db, "SELECT count(*) FROM deposit_balances WHERE open < 0") == [(0,)]
    assert _all(fresh_db, "SELECT count(*) FROM invoices i WHERE i.total < (SELECT"
                          " coalesce(sum(amount), 0) FROM invoice_payments p"
                          " WHERE p.invoice_id = i.invoice_id)") == [(0,)]
    assert _all(fresh_db, "SELECT sku, qty_on_hand, qty_committed FROM skus WHERE sku IN"
                          " ('GTR-1', 'PIC-1') ORDER BY sku") == [("GTR-1", 44, 0), ("PIC-1", 38, 0)]
