"""The SKU editor's description template in Chromium: choose one, see the rendered preview,
save, and find the record's template stored; then choose no template (the account has a default)
and find that stored."""

import pytest

from aimsi_ebay.db import Database
from aimsi_ebay.ops.listings import records as listings
from aimsi_ebay.ops.listings import templates
from tests.browser.conftest import ARTIFACTS, open_dashboard

pytestmark = pytest.mark.browser
SKU = "GTR-STRAT-OW"
NONE = "No template: the description as written"


def test_choose_a_template_preview_it_and_save(page, voila_url, voila_db):
    db = Database(voila_db)
    before = listings.read_record(db, SKU).record
    assert templates.record_template(db, SKU) is None
    open_dashboard(page, voila_url, "SKU_eBay_records.ipynb", ".sku-search input")
    page.fill(".sku-search input", SKU)
    page.click(".sku-find")
    option = page.locator(".sku-results option", has_text=f"{SKU} —").first
    option.wait_for(state="attached")
    page.select_option(".sku-results select", value=option.get_attribute("value"))
    page.wait_for_selector(".sku-template select")
    choices = [t.replace("\xa0", " ") for t in page.locator(".sku-template option").all_inner_texts()]
    assert choices == ["Account default (Store layout)", NONE, "Short", "Store layout"]

    page.select_option(".sku-template select", label="Short")
    preview = page.locator(".sku-template-preview")
    preview.wait_for(state="visible")
    expected = templates.preview(db, "demo-store", SKU, name="Short")
    first_line = expected.html.splitlines()[0]  # Short's own opening: brand and model in bold
    assert first_line.startswith("<p><strong>")
    page.wait_for_function("t => document.querySelector('.sku-template-preview').innerHTML"
                           ".includes(t)", arg=first_line)
    assert "Rendered with Short" in page.inner_text(".sku-template-note")
    preview.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "sku_template_preview.png"), full_page=True)

    page.click(".sku-save")
    page.wait_for_selector(".sku-save-result .sku-save-success")
    assert "Template" in page.inner_text(".sku-save-result")
    assert "Traceback" not in page.content()
    assert templates.record_template(db, SKU).name == "Short"
    after = listings.read_record(db, SKU).record
    assert after["version"] > before["version"] and after["update_ebay"] is True

    # No template, although the account has a default: no preview, the choice stored.
    page.select_option(".sku-template select", label=NONE)
    page.wait_for_function("() => document.querySelector('.sku-template-note').innerText"
                           ".includes('own description')")
    assert not preview.is_visible()
    saved = page.inner_text(".sku-save-result")
    page.click(".sku-save")
    page.wait_for_function("t => { const now = document.querySelector('.sku-save-result')"
                           ".innerText; return now !== t && now.includes('Saved'); }", arg=saved)
    assert "Template" in page.inner_text(".sku-save-result")
    assert templates.record_choice(db, SKU) == templates.NO_TEMPLATE
    page.locator(".sku-template-chooser").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "sku_template_none.png"))
