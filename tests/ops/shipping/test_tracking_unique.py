"""Every writer of shipments keeps a live tracking number on one order (since migration 023 the
DuckDB file has no index refusing a second one): eBay's label booking as well as the carrier
import (tests/ops/shipping/test_property.py, test_concurrency.py)."""

from __future__ import annotations

from aimsi_ebay.ops.reconcile.payouts import import_payouts
from tests.ops.reconcile.books import make_books
from tests.ops.reconcile.test_payouts_import import CONSTRUCTED
from tests.ops.shipping.factory import rows

LABEL = "9400100000000000000001"  # the constructed report's label, for order 1


def test_a_label_whose_tracking_number_is_live_on_another_order_is_not_booked_again(fresh_db):
    make_books(fresh_db, [
        {"ebay": "21-14000-00001", "deposit": "62.47", "shipping": "8.50", "invoiced": True,
         "shipped": "7.10", "status": "invoiced"},
        {"ebay": "22-14000-00002", "deposit": "100.00", "status": "open"},
        {"ebay": "23-14000-00003", "deposit": "40.00", "status": "open", "sku": "CAN", "qty": 2},
    ])  # fmt: skip
    with fresh_db.write() as con:  # the label's number already live on order 2
        con.execute("INSERT INTO shipments (order_id, carrier, tracking_number, carrier_charge)"
                    " VALUES (2, 'ups', ?, 5.00)", [LABEL])
    report = import_payouts(fresh_db, CONSTRUCTED, account="main")
    assert report.labels_booked == 0
    assert rows(fresh_db, "SELECT order_id, carrier FROM shipments WHERE tracking_number = ?",
                [LABEL]) == [(2, "ups")]
