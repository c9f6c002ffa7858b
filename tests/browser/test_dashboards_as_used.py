"""Issue 13 in Chromium, where a person notices: hints on hover, the save result beside Save, a
conflict's Reload that keeps the operator's values, copy to variants previewed and confirmed,
thumbnails offline, the analyst notebooks not served, downloads served as files."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from aimsi_ebay.db import Database
from aimsi_ebay.ops.export.batch import ExportCriteria, export_records
from aimsi_ebay.ops.listings import records
from tests.browser.conftest import ARTIFACTS, open_dashboard

pytestmark = pytest.mark.browser


def _open_record(page, voila_url, sku):
    open_dashboard(page, voila_url, "SKU_eBay_records.ipynb", ".sku-search input")
    page.fill(".sku-search input", sku)
    page.click(".sku-find")
    option = page.locator(".sku-results option", has_text=f"{sku} —").first
    option.wait_for(state="attached")
    page.select_option(".sku-results select", value=option.get_attribute("value"))
    page.wait_for_selector(".sku-save")


# The containers (overflow not visible) that cut off part of the element: a hint can be
# "visible" to Playwright and still be drawn nowhere a person can see it.
_CLIPPED = """(selector) => {
  const r = document.querySelector(selector).getBoundingClientRect(), cut = [];
  for (let e = document.querySelector(selector).parentElement; e; e = e.parentElement) {
    const s = getComputedStyle(e), q = e.getBoundingClientRect();
    if (s.overflow !== 'visible' && (r.top < q.top || r.bottom > q.bottom || r.left < q.left
        || r.right > q.right)) cut.push(e.className);
  }
  return cut;
}"""


def _in_viewport(page, selector):
    box = page.locator(selector).first.bounding_box()
    size = page.viewport_size
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= size["height"]


def test_format_and_duration_hints_show_on_hover(page, voila_url):
    _open_record(page, voila_url, "TSH-LOGO-M")
    for css in ("sku-format", "sku-duration"):
        hint = page.locator(f".{css}-hint")
        assert not hint.is_visible()
        page.locator(f".{css}").first.hover()
        hint.wait_for(state="visible", timeout=5_000)
        assert "FixedPrice: GTC" in hint.inner_text() and "Auction: 1, 3, 5, 7, 10" in hint.inner_text()
        box = hint.bounding_box()
        assert box["width"] > 100 and box["height"] > 10
        assert page.evaluate(_CLIPPED, f".{css}-hint") == []  # not cut off by any container
        page.screenshot(path=str(ARTIFACTS / f"hover_{css}.png"))
        page.mouse.move(5, 5)


def test_save_result_appears_beside_save_in_view(page, voila_url, voila_db):
    _open_record(page, voila_url, "TSH-LOGO-L")
    page.fill(".sku-start-price input", "0")
    page.locator(".sku-save").scroll_into_view_if_needed()
    page.click(".sku-save")
    page.wait_for_selector(".sku-save-error")
    assert _in_viewport(page, ".sku-save-error")
    assert "Start price" in page.inner_text(".sku-save-result")
    assert "start_price" not in page.inner_text(".sku-save-result")
    assert page.locator(".sku-start-price.aimsi-field-error").count() == 1
    page.fill(".sku-start-price input", "21.50")
    page.click(".sku-save")
    page.wait_for_selector(".sku-save-success")
    assert _in_viewport(page, ".sku-save-success")
    save, result = (page.locator(s).first.bounding_box() for s in (".sku-save", ".sku-save-result"))
    assert abs(save["y"] - result["y"]) < 40  # on Save's line
    assert page.locator(".aimsi-field-error").count() == 0  # the previous errors are cleared
    page.screenshot(path=str(ARTIFACTS / "save_beside_button.png"))
    assert str(records.read_record(Database(voila_db), "TSH-LOGO-L").record["start_price"]) == "21.50"


def test_conflict_reload_keeps_the_operators_values(page, voila_url, voila_db):
    sku, db = "TSH-LOGO-XXL", Database(voila_db)
    _open_record(page, voila_url, sku)
    page.fill(".sku-subtitle input", "Mine, typed here")
    stored = records.read_record(db, sku).record
    records.save_record(db, sku, {"title": stored["title"][:70] + " (theirs)"},
                        version=stored["version"])
    page.click(".sku-save")
    page.wait_for_selector(".sku-save-warning")
    assert _in_viewport(page, ".sku-save-warning")
    page.click(".sku-reload")
    page.wait_for_selector(".sku-unsaved-values")
    assert "Mine, typed here" in page.inner_text(".sku-unsaved-values")
    assert "(theirs)" in page.input_value(".sku-title input")
    page.click(".sku-reapply")
    page.wait_for_function("document.querySelector('.sku-subtitle input').value === 'Mine, typed here'")
    page.click(".sku-save")
    page.wait_for_selector(".sku-save-success")
    saved = records.read_record(db, sku).record
    assert saved["subtitle"] == "Mine, typed here" and saved["title"].endswith("(theirs)")


def test_copy_to_variants_previews_then_confirms(page, voila_url, voila_db):
    db = Database(voila_db)
    source = records.read_record(db, "GTR-STRAT-SB")
    target = next(s for s in source.siblings if records.read_record(db, s).record is not None)
    before = records.read_record(db, target)
    _open_record(page, voila_url, "GTR-STRAT-SB")
    page.fill(".sku-description textarea", "Every colour of this Strat: set up by our techs.")
    page.click(".sku-save")
    page.wait_for_selector(".sku-save-success")
    page.select_option(".sku-siblings select", [target])
    page.click(".sku-copy")
    page.wait_for_selector(".sku-copy-target")
    preview = page.inner_text(".sku-copy-preview")
    assert target in preview and "Description" in preview and "Title" not in preview
    assert records.read_record(db, target).record["version"] == before.record["version"]
    page.screenshot(path=str(ARTIFACTS / "copy_preview.png"), full_page=True)
    page.click(".sku-copy-confirm")
    page.wait_for_selector(".aimsi-message-success")
    after = records.read_record(db, target)
    assert after.record["description"].startswith("Every colour of this Strat")
    assert after.record["title"] == before.record["title"] and after.images == before.images


def test_demo_thumbnails_draw_offline(page, voila_url):
    seen: list[str] = []
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("http://127.0.0.1")
               or r.request.url.startswith("data:") else (seen.append(r.request.url), r.abort()))
    _open_record(page, voila_url, "TSH-LOGO-M")
    page.wait_for_selector(".sku-thumb-1 img")
    assert page.evaluate("document.querySelector('.sku-thumb-1 img').naturalWidth") > 0
    assert not [u for u in seen if "ebayimg" in u]


def test_analysis_notebooks_are_not_served(voila_url):
    for path in ("analysis/bulk_edit_listings.ipynb", "analysis/sales_review.ipynb"):
        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(f"{voila_url}/voila/render/{path}", timeout=60)
        assert caught.value.code == 404
    with urllib.request.urlopen(f"{voila_url}/voila/render/Home.ipynb", timeout=120) as ok:
        assert ok.status == 200


def test_history_download_opens_on_the_latest_batch_and_serves_the_file(page, voila_url, voila_db):
    db = Database(voila_db)
    with db.write() as con:
        con.execute("UPDATE skus SET qty_on_hand = 3 WHERE sku = 'TSH-LOGO-M'")
        con.execute("UPDATE ebay_records SET update_ebay = TRUE, quantity = 1 WHERE sku = 'TSH-LOGO-M'")
    report = export_records(db, "demo-store", ExportCriteria(sku_pattern="TSH-LOGO-M"))
    assert report.batch_id is not None
    open_dashboard(page, voila_url, "eBay_export.ipynb", ".export-refresh")
    page.get_by_text("History", exact=True).click()
    page.wait_for_selector(".export-history-download")
    page.click(".export-history-download")
    link = page.locator(".export-download-link")
    link.wait_for()
    href = link.get_attribute("href")
    assert not href.startswith("data:") and f"_b{report.batch_id}" in href
    assert href.startswith("../files/exports/")
    response = page.request.get(f"{voila_url}/voila/files/exports/{href.rsplit('/', 1)[1]}")
    assert response.ok and response.text().startswith("Info,") and "C:Brand" in response.text()
    assert len(page.content()) < 2_000_000
