"""Shipping in Chromium: an order created from an import appears, a carrier file is uploaded,
the order shows its tracking number and charge, and the eBay tracking file lists it."""

from __future__ import annotations

import pytest

from aimsi_ebay.db import Database
from aimsi_ebay.ops.sales.importer import import_sales
from tests.browser.conftest import open_dashboard

pytestmark = pytest.mark.browser
TRACKING = "1Z4BR0WSER00000001"


def test_ship_an_imported_order_and_tell_ebay(page, voila_url, voila_db, samples, tmp_path):
    db = Database(voila_db)
    import_sales(db, samples / "sales" / "ebay_sold_legacy.csv", account="demo-store",
                 unmatched="create")
    with db.read() as con:
        number, ebay_number = con.execute(
            "SELECT order_number, ebay_order_number FROM orders WHERE import_batch_id IS NOT NULL"
            " AND status = 'open' AND NOT awaiting_payment AND order_number NOT IN"
            " (SELECT o.order_number FROM shipments s JOIN orders o USING (order_id))"
            " ORDER BY order_id DESC LIMIT 1").fetchone()
    open_dashboard(page, voila_url, "Shipping.ipynb", ".ship-queue")
    assert page.locator(f".ship-auto-orders option", has_text=number).count() == 1

    export = tmp_path / "EOD.CSV"
    export.write_text(f"N,{number},{TRACKING},21.46,9.80,GND,20261120,2.5\r\n")
    with page.expect_file_chooser() as chooser:
        page.click(".ship-upload")
    chooser.value.set_files(str(export))
    page.locator(".ship-import-summary", has_text="1 package(s) added").wait_for()

    page.fill(".ship-search-text input", TRACKING)
    page.click(".ship-search")
    found = page.locator(".ship-search-table")
    found.wait_for()
    row = found.inner_text()
    assert number in row and "$9.80" in row and "shipped" in row

    page.click(".ship-ebay-tracking")
    link = page.locator(".ship-ebay-download")
    link.wait_for()
    with page.expect_download() as download:
        link.click()
    text = open(download.value.path(), encoding="utf-8").read()
    assert text.startswith("Shipping Status,Order Number")
    assert any(ebay_number in line and TRACKING in line for line in text.splitlines())
    assert "Traceback" not in page.content()
