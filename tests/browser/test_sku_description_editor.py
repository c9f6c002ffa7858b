"""The SKU editor's formatted Description in Chromium: right-click, bold, list, Apply, Save.

And a ``<script>`` pasted in the editor's HTML source view is removed by the sanitiser and named
beside the description before anything is saved.
"""

import pytest

from aimsi_ebay.db import Database
from aimsi_ebay.ops.listings import records as listings
from tests.browser.conftest import ARTIFACTS, open_dashboard

pytestmark = pytest.mark.browser
SKU = "AMP-BOSS-K50"
DIALOG = ".sku-rte-dialog"


def _open_record(page, voila_url: str) -> None:
    open_dashboard(page, voila_url, "SKU_eBay_records.ipynb", ".sku-search input")
    page.fill(".sku-search input", SKU)
    page.click(".sku-find")
    option = page.locator(".sku-results option", has_text=f"{SKU} —").first
    option.wait_for(state="attached")
    page.select_option(".sku-results select", value=option.get_attribute("value"))
    page.wait_for_selector(".sku-save")


def _save(page) -> dict:
    page.click(".sku-save")
    page.wait_for_selector(".sku-save-success")
    assert "Traceback" not in page.content()
    return listings.read_record(Database(page.voila_db), SKU).record


@pytest.fixture
def record_page(page, voila_url, voila_db):
    page.voila_db = voila_db
    _open_record(page, voila_url)
    return page


def test_right_click_bold_and_list_then_save_stores_them(record_page):
    page = record_page
    dialog = page.locator(DIALOG)
    page.locator(".sku-description textarea").click(button="right")
    dialog.wait_for(state="visible")
    dialog.locator(".ProseMirror").click()
    page.keyboard.press("Control+a")
    page.keyboard.type("A loud amp")
    page.keyboard.press("Control+Shift+ArrowLeft")  # the word "amp"
    dialog.locator(".rte-btn-bold").click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    dialog.locator(".rte-btn-bullet-list").click()
    page.keyboard.type("Footswitch")
    page.keyboard.press("Enter")
    page.keyboard.type("Cable")
    dialog.locator(".rte-apply").click()
    dialog.wait_for(state="hidden")
    page.wait_for_function(
        "document.querySelector('.sku-description textarea').value.includes('<strong>amp')")
    assert page.locator(".sku-is-html input").is_checked()
    assert page.locator(".sku-preview strong", has_text="amp").count() == 1
    assert page.locator(".sku-preview ul li").count() == 2
    page.screenshot(path=str(ARTIFACTS / "sku_description_editor.png"), full_page=True)

    saved = _save(page)
    assert saved["description_is_html"] is True
    assert "<strong>amp</strong>" in saved["description"]
    assert "<ul><li><p>Footswitch</p></li><li><p>Cable</p></li></ul>" in saved["description"]


def test_a_script_pasted_in_the_source_view_is_removed_and_named(record_page):
    page = record_page
    dialog = page.locator(DIALOG)
    page.locator(".sku-rte .rte-open").click()
    dialog.wait_for(state="visible")
    dialog.locator(".rte-source-toggle").click()
    source = dialog.locator(".rte-source")
    source.fill("<p>Tested</p><script>alert('x')</script>")
    dialog.locator(".rte-apply").click()
    page.wait_for_selector(".sku-rte-removed b")
    note = page.inner_text(".sku-rte-removed")
    assert "<script> element" in note and "scripts are active content" in note
    assert page.locator(".sku-description textarea").input_value() == "<p>Tested</p>"

    saved = _save(page)
    assert saved["description"] == "<p>Tested</p>" and saved["description_is_html"] is True
