"""SKU eBay records in Chromium: find a SKU, edit its record, save, and find it saved."""

from decimal import Decimal

import pytest

from aimsi_ebay import listings
from aimsi_ebay.db import Database
from tests.browser.conftest import open_dashboard

pytestmark = pytest.mark.browser


def test_edit_a_record_in_the_dashboard_and_find_it_saved(page, voila_url, voila_db):
    db = Database(voila_db)
    before = listings.read_record(db, "TSH-LOGO-XL").record
    open_dashboard(page, voila_url, "SKU_eBay_records.ipynb", ".sku-search input")
    page.fill(".sku-search input", "TSH-LOGO")
    page.click(".sku-find")
    option = page.locator(".sku-results option", has_text="TSH-LOGO-XL —").first
    option.wait_for(state="attached")
    page.select_option(".sku-results select", value=option.get_attribute("value"))
    page.wait_for_selector(".sku-save")
    page.fill(".sku-start-price input", "23.75")
    page.fill(".sku-subtitle input", "Soft ringspun cotton")
    page.wait_for_function(
        "document.querySelector('.sku-subtitle-count').innerText.startsWith('20/55')")
    page.click(".sku-save")
    page.wait_for_selector(".aimsi-message-success")
    assert "Saved TSH-LOGO-XL" in page.inner_text(".aimsi-message")
    assert "Traceback" not in page.content()

    saved = listings.read_record(db, "TSH-LOGO-XL").record
    assert saved["start_price"] == Decimal("23.75")
    assert saved["subtitle"] == "Soft ringspun cotton"
    assert saved["version"] == before["version"] + 1 and saved["updated_by"] == "browser-test"
