"""Two people, two Voilà kernels, one database: the second save of the same record is refused."""

import pytest

from aimsi_ebay.db import Database
from aimsi_ebay.ops.listings import records as listings
from tests.browser.conftest import open_dashboard

pytestmark = pytest.mark.browser


def _open_record(page, voila_url, sku):
    open_dashboard(page, voila_url, "SKU_eBay_records.ipynb", ".sku-search input")
    page.fill(".sku-search input", sku)
    page.click(".sku-find")
    option = page.locator(".sku-results option", has_text=f"{sku} —").first
    option.wait_for(state="attached")
    page.select_option(".sku-results select", value=option.get_attribute("value"))
    page.wait_for_selector(".sku-save")


def test_two_kernels_editing_one_record_never_lose_an_edit(browser, voila_url, voila_db):
    sku = "TSH-LOGO-S"
    first = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    second = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    for page in (first, second):
        page.set_default_timeout(60_000)
        _open_record(page, voila_url, sku)

    first.fill(".sku-subtitle input", "Saved by the first")
    first.click(".sku-save")
    first.wait_for_selector(".aimsi-message-success")

    second.fill(".sku-subtitle input", "Saved by the second")
    second.click(".sku-save")
    second.wait_for_selector(".aimsi-message-warning")
    assert "reload" in second.inner_text(".aimsi-message")

    saved = listings.read_record(Database(voila_db), sku).record
    assert saved["subtitle"] == "Saved by the first"
    for page in (first, second):
        assert "Traceback" not in page.content()
        page.context.close()
