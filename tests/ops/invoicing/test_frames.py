"""Analysts' frames: Decimal money, the deposits left open, the invoices with what is due."""

from __future__ import annotations

from decimal import Decimal

from aimsi_ebay.ops.analysis import orders_frame
from aimsi_ebay.ops.attention import attention_counts
from aimsi_ebay.ops.invoicing.frames import (
    invoice_lines_frame,
    invoice_payments_frame,
    invoices_frame,
    open_deposits_frame,
)
from aimsi_ebay.ops.invoicing.payments import void_invoice
from aimsi_ebay.ops.invoicing.posting import invoice_orders
from tests.ops.invoicing.factory import add_order, seed_store


def test_frames_keep_money_exact_and_follow_the_books(fresh_db):
    seed_store(fresh_db)
    add_order(fresh_db, "1", [("AMP-1", 2, "120.00")], shipping="0.00", deposits=["100.00"])
    add_order(fresh_db, "2", [("PIC-1", 1, "4.50")], shipping="0.10", deposits=["9.00"])
    counts = {c.key: c.count for c in attention_counts(fresh_db)}
    assert (counts["orders_to_invoice"], counts["deposits_not_applied"]) == (2, 2)
    invoice_orders(fresh_db, ["1"], picks={"1": {1: 1}})
    invoice_orders(fresh_db, ["1", "2"])
    void_invoice(fresh_db, "INV500003", "test")
    invoices = invoices_frame(fresh_db)
    assert list(invoices["invoice_number"]) == ["INV500001", "INV500002", "INV500003"]
    assert all(isinstance(v, Decimal) for v in invoices["total"])
    assert invoices["due"].sum() == Decimal("140.00")  # 240 - 100; the void one owes nothing
    assert len(invoices_frame(fresh_db, include_void=False)) == 2
    assert invoice_lines_frame(fresh_db)["quantity"].sum() == 2
    assert list(invoice_payments_frame(fresh_db)["amount"]) == [Decimal("100.00")]
    deposits = open_deposits_frame(fresh_db)
    assert list(deposits["open"]) == [Decimal("9.00")] and deposits["open"].dtype == object
    orders = orders_frame(fresh_db)
    assert list(orders["invoice_number"]) == ["INV500001, INV500002", None]
    counts = {c.key: c.count for c in attention_counts(fresh_db)}
    assert (counts["orders_to_invoice"], counts["deposits_not_applied"]) == (1, 1)
