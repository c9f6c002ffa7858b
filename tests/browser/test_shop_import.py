"""A Shopify export in Chromium: uploaded in Import orders for the demo's web shop, every ready
order created, the orders then listed in Shipping. (Invoice orders is not on main yet: its part
of the issue's browser test waits for that dashboard.)"""

from __future__ import annotations

import pytest

from aimsi_ebay import config
from aimsi_ebay.db import Database
from aimsi_ebay.ops.shop.demo import INBOX_NAME, SHOP_ACCOUNT
from tests.browser.conftest import open_dashboard

pytestmark = pytest.mark.browser


def test_upload_a_shopify_export_create_orders_and_ship_them(
    page, voila_url, voila_db, demo_template_folder, tmp_path
):
    db = Database(voila_db)
    export = tmp_path / "shopify_upload.csv"
    # this month's demo export, each order renamed so the test owns them (#2101 → #9101)
    with pytest.MonkeyPatch.context() as patch:  # the inbox the demo's build wrote it to
        patch.setenv("AIMSI_EBAY_DATA", str(demo_template_folder))
        inbox = config.inbox_folder(demo_template_folder / "demo")
    found = [p for p in (inbox / INBOX_NAME, inbox / "imported" / INBOX_NAME) if p.exists()]
    text = found[0].read_text(encoding="utf-8")  # in the inbox, unless a test staged it
    export.write_text(text.replace("#21", "#91"), encoding="utf-8")
    open_dashboard(page, voila_url, "Import_orders.ipynb", ".import-upload")
    page.select_option(".import-account select", label=f"{SHOP_ACCOUNT} (web shop)")
    page.select_option(".import-unmatched select", label="create customer")
    with page.expect_file_chooser() as chooser:
        page.click(".import-upload")
    chooser.value.set_files(str(export))
    page.locator(".import-summary-text", has_text="shopify_upload.csv").wait_for()
    ready = int(page.inner_text(".import-ready-count"))
    assert ready == 6  # 7 orders, one cancelled in the shop: not staged
    page.click(".import-create-all")
    page.wait_for_selector(".import-orders-created")
    assert page.inner_text(".import-orders-created") == "6"
    assert "Traceback" not in page.content()
    with db.read() as con:
        numbers = [
            n for (n,) in con.execute(
                "SELECT order_number FROM orders WHERE source = 'shop' AND sale_key LIKE '#91%'"
                " AND status = 'open' AND NOT awaiting_payment ORDER BY order_number"
            ).fetchall()
        ]  # fmt: skip
    assert len(numbers) == 5  # the pending one waits for payment
    open_dashboard(page, voila_url, "Shipping.ipynb", ".ship-queue")
    for number in numbers:
        assert page.locator(".ship-auto-orders option", has_text=number).count() == 1
    assert "Traceback" not in page.content()
