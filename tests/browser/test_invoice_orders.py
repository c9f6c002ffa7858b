"""Invoice orders in Chromium: an order imported from eBay and shipped is invoiced from the
dashboard, its deposit pays it (balance 0.00), it leaves the list, and Home's counts move."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from aimsi_ebay.db import Database
from aimsi_ebay.ops.sales.importer import import_sales
from tests.browser.conftest import open_dashboard

pytestmark = pytest.mark.browser


def _home_counts(page, voila_url) -> dict[str, int]:
    open_dashboard(page, voila_url, "Home.ipynb", ".home-count-value")
    return {key: int(page.inner_text(f'.home-count-value[data-key="{key}"]').replace(",", ""))
            for key in ("orders_to_invoice", "deposits_not_applied")}


def test_an_imported_shipped_order_is_invoiced_and_paid_by_its_deposit(page, voila_url, voila_db,
                                                                       samples):
    db = Database(voila_db)
    import_sales(db, samples / "sales" / "ebay_sold_legacy.csv", account="demo-store",
                 unmatched="create")
    with db.write() as con:  # shipped: the package the carrier file would bring back (issue 15)
        order_id, email = con.execute(
            "SELECT o.order_id, c.email FROM orders o JOIN customers c USING (customer_id)"
            " JOIN import_batches b ON b.batch_id = o.import_batch_id"
            " WHERE b.file_name = 'ebay_sold_legacy.csv' AND o.status = 'open'"
            " AND o.order_id IN (SELECT order_id FROM deposits) ORDER BY o.order_id LIMIT 1"
        ).fetchone()
        con.execute("INSERT INTO shipments (order_id, carrier, service, tracking_number,"
                    " carrier_charge, ship_date) VALUES (?, 'ups', 'GND', '1ZBROWSER0000000001',"
                    " 11.20, ?)", [order_id, date.today()])
        con.execute("UPDATE orders SET status = 'shipped' WHERE order_id = ?", [order_id])
    before = _home_counts(page, voila_url)

    open_dashboard(page, voila_url, "Invoice_orders.ipynb", ".invoice-totals-text")
    page.fill(".invoice-customer input", email)
    page.select_option(".invoice-has-tracking select", label="yes")
    page.click(".invoice-refresh")
    page.locator(".invoice-totals-text", has_text="1 order(s) ready").wait_for()
    page.click(".invoice-all")
    page.locator(".invoice-totals-text", has_text="selected 1").wait_for()
    page.click(".invoice-preview-button")
    preview = page.frame_locator(".invoice-preview iframe").first
    assert "1ZBROWSER0000000001" in preview.locator("body").inner_text()
    page.click(".invoice-post")
    page.wait_for_selector(".invoice-posted-number")
    assert page.inner_text(".invoice-posted-due") == "0.00"
    page.locator(".invoice-balance-text", has_text="balance due 0.00").wait_for()
    page.locator(".invoice-totals-text", has_text="0 order(s) ready").wait_for()
    document = page.frame_locator(".invoice-document-area iframe").first.locator("body")
    assert "1ZBROWSER0000000001" in document.inner_text()
    assert "Deposit received" in document.inner_text()
    page.click(".invoice-pdf")
    with page.expect_download() as download:
        page.click(".invoice-pdf-link")
    assert Path(download.value.path()).read_bytes()[:5] == b"%PDF-"
    assert "Traceback" not in page.content()

    after = _home_counts(page, voila_url)
    assert after["orders_to_invoice"] == before["orders_to_invoice"] - 1
    assert after["deposits_not_applied"] == before["deposits_not_applied"] - 1
    with db.read() as con:
        assert con.execute("SELECT status FROM orders WHERE order_id = ?", [order_id]
                           ).fetchone() == ("invoiced",)
