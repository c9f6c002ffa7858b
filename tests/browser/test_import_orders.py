"""Import orders in Chromium: upload the Seller Hub sample, create every ready order, find them."""

import pytest

from aimsi_ebay.db import Database
from tests.browser.conftest import open_dashboard

pytestmark = pytest.mark.browser


def test_the_dashboard_opens_on_the_batch_still_waiting(page, voila_url, voila_db):
    from aimsi_ebay.ops.sales.batches import recent_batches

    waiting = [b for b in recent_batches(Database(voila_db)) if b.waiting]
    open_dashboard(page, voila_url, "Import_orders.ipynb", ".import-upload")
    if not waiting:
        pytest.fail("the demo store should have a staged batch waiting")
    summary = page.locator(".import-summary-text").first
    summary.wait_for()
    assert waiting[0].file_name in summary.inner_text()


# Runs after the test above: it creates the orders the demo's waiting batch holds too.
def test_upload_and_create_orders_in_the_browser(page, voila_url, voila_db, samples, tmp_path):
    open_dashboard(page, voila_url, "Import_orders.ipynb", ".import-upload")
    page.select_option(".import-account select", label="demo-store")
    page.select_option(".import-unmatched select", label="create customer")
    # ipywidgets' FileUpload makes its <input type=file> on click: answer the file chooser
    with page.expect_file_chooser() as chooser:
        page.click(".import-upload")
    # the demo staged these very bytes: the same file would reopen its batch (issue 11), so this
    # is the same download with one more blank line at the end (another file, the same sales)
    copy = tmp_path / "ebay_orders_report.csv"
    copy.write_bytes((samples / "sales" / "ebay_orders_report.csv").read_bytes() + b"\r\n")
    chooser.value.set_files(str(copy))
    # the dashboard opened on the demo's waiting batch; wait for the uploaded file's own
    page.locator(".import-summary-text", has_text="ebay_orders_report.csv").wait_for()
    assert page.inner_text(".import-ready-count") == "8"
    page.click(".import-create-all")
    page.wait_for_selector(".import-orders-created")
    assert page.inner_text(".import-orders-created") == "8"
    assert "Traceback" not in page.content()
    with Database(voila_db).read() as con:
        created = con.execute(
            "SELECT count(*) FROM orders WHERE sale_key IN ('26-57145-77336', '16-17914-65432',"
            " '13-47490-54199') AND import_batch_id IS NOT NULL"
        ).fetchone()[0]
    assert created == 3
