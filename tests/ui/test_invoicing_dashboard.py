"""The Invoice orders dashboard without a browser: filters, select, preview, invoice, pay, void."""

from __future__ import annotations

from decimal import Decimal

from aimsi_ebay.ui.invoicing.view import InvoiceOrdersDashboard
from tests.ops.invoicing.factory import add_order, add_package, seed_store


def test_the_dashboard_invoices_pays_voids_and_prints(fresh_db):
    seed_store(fresh_db)
    order = add_order(fresh_db, "8001", [("AMP-1", 1, "120.00")], shipping="10.00",
                      deposits=["100.00"], status="shipped")
    add_package(fresh_db, order, "1ZDASH")
    add_order(fresh_db, "8002", [("PIC-1", 1, "4.50")], shipping="0.00", deposits=["4.50"],
              customer_id=2)
    board = InvoiceOrdersDashboard(fresh_db)
    assert [value for _, value in board.orders.options] == ["8001", "8002"]
    assert "2 order(s) ready" in board.totals.value
    board.has_tracking.value = "yes"
    board.refresh_button.click()
    assert [value for _, value in board.orders.options] == ["8001"]
    board.has_tracking.value = "any"
    board.since.value = "not a date"
    board.refresh_button.click()
    assert "not a date like" in board.messages.text
    board.since.value = ""
    board.refresh_button.click()
    board.invoice_button.click()
    assert "select one or more orders" in board.messages.text
    board.all_button.click()
    assert set(board.orders.value) == {"8001", "8002"}
    board.none_button.click()
    board.orders.value = ("8001",)
    board.preview_button.click()
    assert "Invoice preview (not posted)" in board.preview.value and "1ZDASH" in board.preview.value
    board.invoice_button.click()
    assert board.progress.value == board.progress.max
    assert "INV500001" in board.results.value
    assert [value for _, value in board.orders.options] == ["8002"]
    assert "balance due 30.00" in board.balance.value
    board.amount.value, board.method.value, board.reference.value = "30.01", "cash", "R1"
    board.pay_button.click()
    assert "overpayment" in board.messages.text
    board.amount.value = "30.00"
    board.pay_button.click()
    assert "balance due 0.00" in board.balance.value
    board.pdf_button.click()
    assert "data:application/pdf;base64," in board.pdf_link.value
    board.reason.value = "entered in error"
    board.void_button.click()
    assert "voided" in board.messages.text and "VOID" in board.document.value
    assert [value for _, value in board.orders.options] == ["8001", "8002"]
    # the cash payment became a deposit: the order is covered again
    assert board.model.rows[0].due == Decimal("0.00")
