"""SKU eBay records in Chromium: find a SKU, edit its record, save, and find it saved."""

from decimal import Decimal

import pytest

from aimsi_ebay.db import Database
from aimsi_ebay.ops.listings import records as listings
from tests.browser.conftest import ARTIFACTS, open_dashboard

pytestmark = pytest.mark.browser
NEW_IMAGE = "https://i.ebayimg.com/images/g/demo/tsh-logo-xl-back.jpg"


def test_edit_a_record_in_the_dashboard_and_find_it_saved(page, voila_url, voila_db):
    db = Database(voila_db)
    before_view = listings.read_record(db, "TSH-LOGO-XL")
    before, before_images = before_view.record, before_view.images
    open_dashboard(page, voila_url, "SKU_eBay_records.ipynb", ".sku-search input")
    page.fill(".sku-search input", "TSH-LOGO")
    page.click(".sku-find")
    option = page.locator(".sku-results option", has_text="TSH-LOGO-XL —").first
    option.wait_for(state="attached")
    page.select_option(".sku-results select", value=option.get_attribute("value"))
    page.wait_for_selector(".sku-save")
    assert page.input_value(".sku-image-1 input") == before_images[0]
    page.fill(".sku-start-price input", "23.75")
    page.fill(".sku-subtitle input", "Soft ringspun cotton")
    page.fill(f".sku-image-{len(before_images) + 1} input", NEW_IMAGE)
    page.wait_for_function(
        "document.querySelector('.sku-subtitle-count').innerText.startsWith('20/55')")
    page.screenshot(path=str(ARTIFACTS / "sku_records_editor.png"), full_page=True)
    page.click(".sku-save")
    page.wait_for_selector(".aimsi-message-success")
    assert "Saved TSH-LOGO-XL" in page.inner_text(".aimsi-message")
    assert "Traceback" not in page.content()

    saved_view = listings.read_record(db, "TSH-LOGO-XL")
    saved = saved_view.record
    assert saved_view.images == [*before_images, NEW_IMAGE]
    assert saved["start_price"] == Decimal("23.75")
    assert saved["subtitle"] == "Soft ringspun cotton"
    assert saved["version"] == before["version"] + 1 and saved["updated_by"] == "browser-test"
