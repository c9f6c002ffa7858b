"""Import orders in Chromium (issue 11): the same file uploaded twice is one batch; a weak link
asks for confirmation before it links."""

import pytest

from aimsi_ebay.db import Database
from aimsi_ebay.ui.sales_import.model import ImportOrdersModel
from tests.browser.conftest import open_dashboard

pytestmark = pytest.mark.browser


def batch_count(path) -> int:
    with Database(path).read() as con:
        return con.execute("SELECT count(*) FROM import_batches").fetchone()[0]


def upload(page, path) -> None:
    with page.expect_file_chooser() as chooser:
        page.click(".import-upload")
    chooser.value.set_files(str(path))


def test_same_file_twice_is_one_batch_and_a_weak_link_asks_first(
    page, voila_url, voila_db, samples
):
    before = batch_count(voila_db)
    open_dashboard(page, voila_url, "Import_orders.ipynb", ".import-upload")
    page.select_option(".import-account select", label="demo-store")
    sample = samples / "sales" / "ebay_orders_report.csv"  # the demo staged the same bytes
    upload(page, sample)
    page.locator(".import-orders-dashboard", has_text="was staged before").first.wait_for()
    assert batch_count(voila_db) == before

    # a weak candidate of Olivia's sale: linked only after Confirm
    model = ImportOrdersModel(Database(voila_db))
    model.open_batch(model.batches()[0].batch_id)
    row = model.rows[model.rows["user id"] == "olivialee65"].iloc[0]
    sale = int(row["id"])
    model.select(sale)
    weak = next((c.customer_id for c in model.candidates if c.strength == "weak"), None)
    if weak is None:
        pytest.fail("the demo store should offer a weak candidate for Olivia's sale")
    label = f"row {row['row']} · {row['order number'] or row['record']} · {row['buyer']} · "
    page.select_option(".import-sale select", label=label + row["status"])
    option = page.locator(".import-candidates option", has_text=f"WEAK · #{weak} ").first
    option.wait_for(state="attached")
    page.select_option(".import-candidates select", value=option.get_attribute("value"))
    page.wait_for_timeout(500)  # the selection reaches the kernel before the click
    page.click(".import-link")
    page.wait_for_selector(".import-confirm-text:has-text('WEAK')")
    with Database(voila_db).read() as con:
        linked = con.execute(
            "SELECT customer_id FROM staged_sales WHERE staged_sale_id = ?", [sale]
        ).fetchone()[0]
    assert linked is None  # nothing linked before Confirm
    page.click(".import-confirm")
    page.locator(".import-sale-customer", has_text=f"customer #{weak}").wait_for()
    assert "Traceback" not in page.content()
